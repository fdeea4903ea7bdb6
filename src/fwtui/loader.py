"""Loading and validating a knowledge directory.

Every problem is collected, not just the first, so that ``fwtui check`` lists
them all and the explorer can open with whatever is valid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .model import (
    ERROR,
    FIRST_HAND,
    SOURCE_KINDS,
    TIE,
    WARNING,
    Category,
    Criterion,
    Edition,
    Framework,
    Knowledge,
    KnowledgeError,
    Preset,
    Problem,
    Retired,
    Snippet,
    Source,
)
from .priorities import LEVELS
from .yamlsafe import LList, LMap, YamlFileError, line_of, load_yaml

SCHEMA_VERSION = (1, 1)
"""The newest knowledge format this fwtui reads: any minor of major 1."""
PROVENANCE_SINCE = (1, 1)
"""The minor from which sources must say their kind and check date, and a verdict must rest on a
first-hand source; knowledge declaring an older minor gets these as warnings."""

MANIFEST = "manifest.yaml"
MAX_PROBLEMS_PER_FILE = 20
"""Listed per file; the rest are counted in one line, so a hostile file cannot flood the terminal."""
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_SCHEMA_VERSION = re.compile(r"^(\d+)\.(\d+)$")


@dataclass
class LoadResult:
    knowledge: Knowledge | None
    problems: list[Problem] = field(default_factory=list)
    """Errors and warnings, in the order they were found."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.is_warning]

    @property
    def error_count(self) -> int:
        """Every error found, those past a file's listing limit included."""
        return sum(p.stands_for for p in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(p.stands_for for p in self.warnings)

    @property
    def ok(self) -> bool:
        """Usable and without errors; warnings do not count."""
        return self.knowledge is not None and not self.errors


def load_knowledge(root: str | os.PathLike[str]) -> LoadResult:
    """Load ``root``, skipping what is invalid and reporting why."""
    return _Loader(Path(root)).load()


class _Fields:
    """Typed access to one mapping, recording a problem for each bad field."""

    def __init__(self, loader: _Loader, path: str, data: LMap, allowed: set[str]) -> None:
        self.loader, self.path, self.data = loader, path, data
        self.ok = True
        for key in data:
            if key not in allowed:
                self.problem(f"unknown field {key!r}", key)

    def problem(self, message: str, key: object = None) -> None:
        self.ok = False
        self.loader.problem(self.path, line_of(self.data, key), message)

    def absent(self, key: str) -> None:
        """A required field with no value: left out, or there with nothing after its colon (null)."""
        if key in self.data:
            self.problem(f"field {key!r} is empty (null)", key)
        else:
            self.problem(f"missing field {key!r}")

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if type(value) is str and value.strip():
            return value
        if value is None:
            if required:
                self.absent(key)
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(f"field {key!r} must be text, not {_kind(value)}", key)
            return default
        value = str(value)
        if required and not value.strip():
            self.problem(f"field {key!r} is empty", key)
        return value

    def ident(self, key: str) -> str:
        value = self.text(key)
        if value and not _ID.match(value):
            self.problem(f"{key} {value!r} must be lower-case letters, digits, '-', '_' or '.'", key)
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.absent(key)
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self.problem(f"field {key!r} must be a date (YYYY-MM-DD)", key)
        return None

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problem(f"field {key!r} must be true or false", key)
            return False
        return value

    def integer(self, key: str, default: int = 0) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"field {key!r} must be a whole number", key)
            return default
        return value

    def items(self, key: str, required: bool = True) -> list[tuple[int | None, object]]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.absent(key)
            return []
        if not isinstance(value, LList):
            self.problem(f"field {key!r} must be a list", key)
            return []
        if required and not value:
            self.problem(f"field {key!r} must not be empty", key)
        return list(zip(value.lines, value))

    def mapping(self, key: str, required: bool = True) -> LMap:
        value = self.data.get(key)
        if value is None:
            if required:
                self.absent(key)
            return _empty_map(self.data)
        if not isinstance(value, LMap):
            self.problem(f"field {key!r} must be a mapping", key)
            return _empty_map(self.data)
        return value

    def sub(self, value: object, line: int | None, what: str, allowed: set[str]) -> _Fields | None:
        if not isinstance(value, LMap):
            self.loader.problem(self.path, line, f"each {what} must be a mapping, not {_kind(value)}")
            self.ok = False
            return None
        return _Fields(self.loader, self.path, value, allowed)


class _Loader:
    def __init__(self, root: Path, what: str = "knowledge") -> None:
        self.root = root
        self.what = what
        """``knowledge`` or ``overlay``: the kind of directory, as problems name it."""
        self.real_root = os.path.realpath(root)
        self.problems: list[Problem] = []
        self.languages: dict[str, str] = {}
        self.category_rank: dict[str, int] = {}
        self.cross_lines: dict[tuple[str, str, str], int | None] = {}
        """(file, field, value) -> line, for the checks across editions that run after parsing."""
        self.problem_counts: dict[str, int] = {}
        self.unlisted: dict[str, dict[str, int]] = {}
        """Per file, the problems past MAX_PROBLEMS_PER_FILE, by severity."""
        self.provenance_severity = ERROR
        """How a missing provenance field is reported: a warning for knowledge older than PROVENANCE_SINCE."""

    def problem(self, path: str, line: int | None, message: str, severity: str = ERROR) -> None:
        count = self.problem_counts[path] = self.problem_counts.get(path, 0) + 1
        if count <= MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem(path, line, message, severity))
        else:
            unlisted = self.unlisted.setdefault(path, {ERROR: 0, WARNING: 0})
            unlisted[severity] += 1

    def count_unlisted(self) -> None:
        """After each file's last listed problem, a line counting those not listed, warnings apart:
        a file with only warnings beyond the limit must not turn into one with problems."""
        for path, unlisted in self.unlisted.items():
            last = max(n for n, p in enumerate(self.problems) if p.path == path)
            self.problems[last + 1:last + 1] = [
                Problem(path, None, f"… and {count:,} more {word} in this file", severity, stands_for=count)
                for severity, word in ((ERROR, "problems"), (WARNING, "warnings")) if (count := unlisted[severity])
            ]

    def outside(self, path: str | Path) -> bool:
        """True, with a problem recorded, when ``path`` resolves outside the knowledge directory."""
        real = os.path.realpath(path)
        if real == self.real_root or real.startswith(os.path.join(self.real_root, "")):
            return False
        self.problem(str(path), None, f"leads outside the {self.what} directory (to {real}); not followed")
        return True

    def read(self, path: str | Path, digest: hashlib._Hash | None = None, *, inside: bool = False) -> LMap | None:
        """One file as a mapping, or None with a problem recorded.

        ``inside``: the path is known not to lead outside (an entry that is not a link, listed in a
        folder that does not): resolving it again costs a system call per folder on its way.
        """
        shown = str(path)
        if not inside and self.outside(path):
            return None
        try:
            data, raw = load_yaml(path)
        except YamlFileError as error:
            self.problem(shown, error.line, error.message)
            return None
        except RecursionError:
            self.problem(shown, None, "nesting too deep")
            return None
        if not isinstance(data, LMap):
            self.problem(shown, line_of(data), f"expected a mapping at the top, found {_kind(data)}")
            return None
        if digest is not None:
            digest.update(shown[len(str(self.root)):].encode() + b"\0")
            digest.update(raw)
        return data

    def load(self) -> LoadResult:
        if not self.root.exists():
            try:
                os.stat(self.root)
            except FileNotFoundError:
                pass
            except OSError as error:  # a loop of links, say, is not a missing folder
                raise KnowledgeError(f"{self.root}: {(error.strerror or str(error)).lower()}") from None
            raise KnowledgeError(f"{self.root}: no such directory")
        if not self.root.is_dir():
            raise KnowledgeError(f"{self.root}: not a directory")
        manifest_path = self.root / MANIFEST
        base = hashlib.sha256()
        data = self.read(manifest_path, base)
        if data is None:
            first = self.problems[0] if self.problems else Problem(str(manifest_path), None, "unreadable")
            raise KnowledgeError(str(first))
        shown = str(manifest_path)
        fields = _Fields(
            self,
            shown,
            data,
            {"schema_version", "content_version", "date", "frameworks", "categories", "editions"},
        )
        schema_version = self.check_schema_version(fields)
        content_version = fields.text("content_version")
        date = fields.date("date") or dt.date.min
        frameworks = self.frameworks(fields)
        categories = self.categories(fields)
        if not frameworks:
            raise KnowledgeError(str(self.problems[-1]) if self.problems else f"{shown}: no frameworks")

        self.languages = {f.id: f.language for f in frameworks}
        self.category_rank = {c.id: rank for rank, c in enumerate(categories)}
        framework_ids = set(self.languages)
        category_ids = {c.id for c in categories}
        editions: list[Edition] = []
        fingerprints: dict[str, str] = {}
        for line, value in fields.items("editions"):
            edition_id = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
            if not edition_id:
                self.problem(shown, line, "each edition must be an id")
                continue
            if not _ID.match(edition_id):  # it names a folder: no "..", no "/"
                self.problem(shown, line, f"edition id {edition_id!r} must be lower-case letters, digits, '-', '_' or '.'")
                continue
            if any(e.id == edition_id for e in editions):
                self.problem(shown, line, f"duplicate edition {edition_id!r}")
                continue
            digest = base.copy()
            edition = self.edition(edition_id, line, framework_ids, category_ids, digest)
            if edition is not None:
                editions.append(edition)
                fingerprints[edition.id] = digest.hexdigest()[:16]
        self.check_cross_edition(editions)
        if not editions:
            self.problem(shown, line_of(data, "editions"), "no usable edition")
        self.count_unlisted()
        knowledge = Knowledge(
            root=str(self.root),
            schema_version=schema_version,
            content_version=content_version,
            date=date,
            frameworks=tuple(frameworks),
            categories=tuple(categories),
            editions=tuple(editions),
            fingerprints=fingerprints,
        )
        return LoadResult(knowledge if editions else None, self.problems)

    def check_schema_version(self, fields: _Fields) -> str:
        """The declared MAJOR.MINOR; KnowledgeError when this fwtui cannot read the knowledge at all."""
        version, problem = self.schema_version(fields)
        if problem is not None:
            raise KnowledgeError(str(problem))
        return version

    def schema_version(self, fields: _Fields) -> tuple[str, Problem | None]:
        """The declared MAJOR.MINOR, or the problem that makes it unreadable (missing, malformed, another major)."""
        value = fields.data.get("schema_version")
        version = str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
        line = line_of(fields.data, "schema_version")
        match = _SCHEMA_VERSION.match(version)
        supported = f"{SCHEMA_VERSION[0]}.{SCHEMA_VERSION[1]}"
        if not version:
            return "", Problem(fields.path, line, "missing field 'schema_version'")
        if not match:
            return "", Problem(fields.path, line, f"schema_version {version!r} is not MAJOR.MINOR")
        if int(match.group(1)) != SCHEMA_VERSION[0]:
            newer = int(match.group(1)) > SCHEMA_VERSION[0]
            return "", Problem(fields.path, line, f"{self.what} schema {version} is " + (
                f"newer than this fwtui reads ({supported}); upgrade fwtui" if newer
                else f"older than this fwtui reads ({supported})"))
        if (int(match.group(1)), int(match.group(2))) < PROVENANCE_SINCE:
            self.provenance_severity = WARNING
        return version, None

    def frameworks(self, fields: _Fields) -> list[Framework]:
        found: list[Framework] = []
        for line, value in fields.items("frameworks"):
            item = fields.sub(value, line, "framework", {"id", "name", "language", "module"})
            if item is None:
                continue
            framework = Framework(
                item.ident("id"), item.text("name"), item.text("language"), item.text("module")
            )
            if any(f.id == framework.id for f in found):
                item.problem(f"duplicate framework id {framework.id!r}", "id")
            elif framework.id == TIE:
                item.problem(f"{TIE!r} is reserved for ties and cannot be a framework id", "id")
            elif item.ok:
                found.append(framework)
        return found

    def categories(self, fields: _Fields) -> list[Category]:
        found: list[Category] = []
        for line, value in fields.items("categories"):
            item = fields.sub(value, line, "category", {"id", "title"})
            if item is None:
                continue
            category = Category(item.ident("id"), item.text("title"))
            if any(c.id == category.id for c in found):
                item.problem(f"duplicate category id {category.id!r}", "id")
            elif item.ok:
                found.append(category)
        return found

    def edition(
        self,
        edition_id: str,
        manifest_line: int | None,
        framework_ids: set[str],
        category_ids: set[str],
        digest: hashlib._Hash,
    ) -> Edition | None:
        folder = self.root / "editions" / edition_id
        path = folder / "edition.yaml"
        if not path.exists() and not path.is_symlink():
            self.problem(str(self.root / MANIFEST), manifest_line, f"edition {edition_id!r}: {path} not found")
            return None
        data = self.read(path, digest)
        if data is None:
            return None
        shown = str(path)
        fields = _Fields(
            self,
            shown,
            data,
            {"id", "title", "as_of", "summary", "conclusion", "sources", "presets", "previous", "retired",
             "verified_on"},
        )
        if fields.text("id") != edition_id:
            fields.problem(f"id must be {edition_id!r}, the edition's directory name", "id")
        criteria = self.criteria(folder / "criteria", framework_ids, category_ids, digest)
        criterion_ids = {c.id for c in criteria}
        presets = self.presets(fields, criterion_ids)
        previous = fields.data.get("previous")
        self.cross_lines[(fields.path, "previous", str(previous))] = line_of(fields.data, "previous")
        retired = []
        for line, value in fields.items("retired", required=False):
            item = fields.sub(value, line, "retired criterion", {"id", "reason"})
            if item is not None:
                retired.append(Retired(item.ident("id"), item.text("reason")))
                self.cross_lines[(fields.path, "retired", retired[-1].id)] = line
        return Edition(
            id=edition_id,
            title=fields.text("title"),
            as_of=fields.date("as_of") or dt.date.min,
            summary=fields.text("summary"),
            conclusion=fields.text("conclusion"),
            sources=self.sources(fields),
            criteria=tuple(criteria),
            presets=tuple(presets),
            previous=str(previous) if previous is not None else None,
            retired=tuple(retired),
            verified_on=self.verified_on(fields),
        )

    def verified_on(self, fields: _Fields) -> tuple[tuple[str, str], ...]:
        table = fields.mapping("verified_on", required=False)
        found = []
        for package, version in table.items():
            if not isinstance(package, str) or not isinstance(version, str) or not version.strip():
                self.problem(fields.path, line_of(table, package),
                             "verified_on maps a package name to its version, as text (quote it)")
                continue
            found.append((package, version))
        return tuple(found)

    def sources(self, fields: _Fields) -> tuple[Source, ...]:
        found = []
        for line, value in fields.items("sources"):
            item = fields.sub(value, line, "source", {"title", "url", "kind", "checked"})
            if item is None:
                continue
            kind = item.text("kind", required=False)
            if kind and kind not in SOURCE_KINDS:
                item.problem(f"source kind {kind!r} must be one of {', '.join(SOURCE_KINDS)}", "kind")
            source = Source(item.text("title"), item.text("url"), kind, item.date("checked", required=False))
            if source.url and not source.url.startswith(("https://", "http://")):
                item.problem(f"source url {source.url!r} must start with https:// or http://", "url")
            lacking = ["no 'kind' (first-hand or second-hand)"] if not kind.strip() else []
            lacking += ["no 'checked' date"] if item.data.get("checked") is None else []
            if lacking:
                self.problem(fields.path, line, f"source has {' and '.join(lacking)}", self.provenance_severity)
            found.append(source)
        return tuple(found)

    def check_first_hand(self, fields: _Fields, verdict: str | None, sources: tuple[Source, ...]) -> None:
        """A verdict (a framework or a tie) must rest on at least one first-hand source."""
        if verdict is not None and sources and not any(s.kind == FIRST_HAND for s in sources):
            self.problem(fields.path, line_of(fields.data, "sources"),
                         f"verdict {verdict!r} has no first-hand source to rest on (no source has kind: {FIRST_HAND})",
                         self.provenance_severity)

    def presets(self, fields: _Fields, criterion_ids: set[str]) -> list[Preset]:
        found: list[Preset] = []
        for line, value in fields.items("presets", required=False):
            item = fields.sub(value, line, "preset", {"id", "title", "description", "priorities"})
            if item is None:
                continue
            preset_id = item.ident("id")
            priorities: dict[str, int] = {}
            table = item.mapping("priorities")
            for criterion_id, level in table.items():
                key_line = line_of(table, criterion_id)
                if criterion_id not in criterion_ids:
                    self.problem(fields.path, key_line, f"preset {preset_id!r} names unknown criterion {criterion_id!r}")
                elif level not in LEVELS:
                    self.problem(
                        fields.path,
                        key_line,
                        f"preset {preset_id!r}: priority {level!r} is not one of {', '.join(LEVELS)}",
                    )
                else:
                    priorities[criterion_id] = LEVELS.index(level)
            if any(p.id == preset_id for p in found):
                item.problem(f"duplicate preset id {preset_id!r}", "id")
                continue
            found.append(Preset(preset_id, item.text("title"), item.text("description", required=False), priorities))
        return found

    def listed(self, folder: Path, what: str) -> list[os.DirEntry[str]]:
        """``folder``'s entries by name; none, with a problem recorded, when it leads outside or cannot be listed."""
        if self.outside(folder):
            return []
        try:
            return sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            self.problem(str(folder), None, f"cannot list {what}: {error.strerror or error}")
            return []

    def criteria(
        self, folder: Path, framework_ids: set[str], category_ids: set[str], digest: hashlib._Hash
    ) -> list[Criterion]:
        entries = self.listed(folder, "criteria")
        found: dict[str, Criterion] = {}
        for entry in entries:
            if not entry.name.endswith((".yaml", ".yml")):
                continue
            data = self.read(entry.path, digest, inside=not entry.is_symlink())
            if data is None:
                continue
            criterion = self.criterion(entry.path, entry.name, data, framework_ids, category_ids)
            if criterion is None:
                continue
            if criterion.id in found:
                self.problem(
                    entry.path, line_of(data, "id"), f"duplicate criterion id {criterion.id!r} (also in {found[criterion.id].path})"
                )
                continue
            found[criterion.id] = criterion
        return tree_order(found.values(), self.category_rank)

    def criterion(
        self, shown: str, name: str, data: LMap, framework_ids: set[str], category_ids: set[str]
    ) -> Criterion | None:
        fields = _Fields(
            self,
            shown,
            data,
            {
                "id", "title", "category", "order", "summary", "verdict", "reasoning",
                "changed", "previous_ids", "as_of", "snippets", "sources",
            },
        )
        criterion_id = fields.ident("id")
        if criterion_id and name.rsplit(".", 1)[0] != criterion_id:
            fields.problem(f"id {criterion_id!r} must match the file name {name!r}", "id")
        category = fields.text("category")
        if category and category not in category_ids:
            fields.problem(f"unknown category {category!r}", "category")
        if "verdict" not in data:
            fields.problem("missing field 'verdict' (a framework id, 'tie', or null for a note)")
        verdict = data.get("verdict")
        if verdict is not None and (not isinstance(verdict, str) or (verdict != TIE and verdict not in framework_ids)):
            fields.problem(
                f"verdict {verdict!r} is not a framework ({', '.join(sorted(framework_ids))}), 'tie' or null",
                "verdict",
            )
        previous_ids = []
        for line, value in fields.items("previous_ids", required=False):
            if not isinstance(value, str):
                self.problem(shown, line, "previous_ids must list criterion ids")
            else:
                previous_ids.append(value)
                self.cross_lines[(shown, "previous_ids", value)] = line
        verdict = verdict if isinstance(verdict, str) else None
        criterion = Criterion(
            id=criterion_id,
            title=fields.text("title"),
            category=category,
            summary=fields.text("summary"),
            verdict=verdict,
            reasoning=fields.text("reasoning"),
            snippets=self.snippets(fields, framework_ids),
            sources=self.sources(fields),
            order=fields.integer("order"),
            changed=fields.text("changed", required=False),
            previous_ids=tuple(previous_ids),
            as_of=fields.date("as_of", required=False),
            path=shown,
        )
        self.check_first_hand(fields, verdict, criterion.sources)
        return criterion if fields.ok else None

    def snippets(self, fields: _Fields, framework_ids: set[str]) -> dict[str, tuple[Snippet, ...]]:
        table = fields.mapping("snippets")
        found: dict[str, tuple[Snippet, ...]] = {}
        for framework_id in table:
            if framework_id not in framework_ids:
                self.problem(fields.path, line_of(table, framework_id), f"snippets for unknown framework {framework_id!r}")
                fields.ok = False
        for framework_id in self.languages:
            entries = table.get(framework_id)
            if not isinstance(entries, LList) or not entries:
                fields.problem(f"no snippet for framework {framework_id!r}", "snippets" if table is not fields.data else None)
                continue
            snippets = []
            for line, value in zip(entries.lines, entries):
                item = fields.sub(value, line, "snippet", {"title", "code", "language", "runnable"})
                if item is None:
                    continue
                code = item.text("code", required=False)
                if not code.strip():
                    item.problem("snippet code is empty", "code" if "code" in item.data else None)
                snippets.append(
                    Snippet(
                        framework=framework_id,
                        title=item.text("title"),
                        code=code,
                        language=item.text("language", required=False, default=self.languages[framework_id]),
                        runnable=item.boolean("runnable"),
                    )
                )
                fields.ok = fields.ok and item.ok
            found[framework_id] = tuple(snippets)
        return found

    def check_cross_edition(self, editions: list[Edition]) -> None:
        by_id = {e.id: e for e in editions}
        for edition in editions:
            if edition.previous is None:
                continue
            path = str(self.root / "editions" / edition.id / "edition.yaml")
            previous = by_id.get(edition.previous)
            lines = self.cross_lines.get
            if previous is None:
                self.problem(path, lines((path, "previous", edition.previous)),
                             f"previous edition {edition.previous!r} is unknown")
                continue
            chain = self.chain_back(edition, by_id)
            if edition.id in chain:  # each edition revises an earlier one: a loop has no first edition
                self.problem(path, lines((path, "previous", edition.previous)),
                             f"previous editions loop back to {edition.id!r}: {' -> '.join([edition.id, *chain])}")
                continue
            for retired in edition.retired:
                if previous.criterion(retired.id) is None:
                    self.problem(path, lines((path, "retired", retired.id)),
                                 f"retired criterion {retired.id!r} is not in edition {previous.id!r}")
            self.check_previous_ids(edition.criteria, previous)

    @staticmethod
    def chain_back(edition: Edition, by_id: dict[str, Edition]) -> list[str]:
        """The ids ``previous`` leads through from ``edition``, up to where it ends, is unknown or comes round again."""
        chain: list[str] = []
        current = edition
        while current.previous is not None and current.previous not in chain:
            chain.append(current.previous)
            if current.previous == edition.id or current.previous not in by_id:
                break
            current = by_id[current.previous]
        return chain

    def check_previous_ids(self, criteria: Iterable[Criterion], previous: Edition) -> None:
        """Each id a criterion says it continues must be a criterion of the edition it revises."""
        for criterion in criteria:
            for old_id in criterion.previous_ids:
                if previous.criterion(old_id) is None:
                    self.problem(criterion.path, self.cross_lines.get((criterion.path, "previous_ids", old_id)),
                                 f"previous_ids names {old_id!r}, not a criterion of edition {previous.id!r}")


OVERLAY = "overlay.yaml"
OVERLAY_PRESETS = "presets.yaml"
_OVERLAY_MAY_NOT = {
    "frameworks": "an overlay cannot change the frameworks",
    "editions": "an overlay cannot add or remove editions; it extends one under editions/<edition id>/",
    "content_version": "an overlay cannot change the knowledge's content version",
}


@dataclass
class OverlayContent:
    """What one overlay directory holds, validated against the knowledge it is laid over."""

    title: str
    description: str
    categories: list[Category]
    """Categories the overlay adds, after the knowledge's own."""
    criteria: dict[str, list[Criterion]]
    """Edition id to the criteria the overlay adds or replaces there."""
    presets: dict[str, list[Preset]]
    fingerprint: str


def read_overlay(root: Path, over: Knowledge) -> tuple[OverlayContent | None, list[Problem]]:
    """Read the overlay at ``root`` as the loader reads knowledge, checking it against ``over``.

    Invalid files are skipped with their problems; None when the overlay cannot be used at all
    (not a directory, no readable ``overlay.yaml``, a schema major this fwtui does not read).
    """
    return _OverlayLoader(root).load(over)


class _OverlayLoader(_Loader):
    def __init__(self, root: Path) -> None:
        super().__init__(root, "overlay")

    def load(self, over: Knowledge) -> tuple[OverlayContent | None, list[Problem]]:
        if not self.root.is_dir():
            self.problem(str(self.root), None, "overlay directory not found" if not self.root.exists()
                         else "an overlay must be a directory")
            return None, self.problems
        digest = hashlib.sha256()
        if not (self.root / OVERLAY).exists() and not (self.root / OVERLAY).is_symlink():
            self.problem(str(self.root / OVERLAY), None, "not found: an overlay needs one, with its schema_version and title")
            return None, self.problems
        data = self.read(self.root / OVERLAY, digest)
        if data is None:
            return None, self.problems
        fields = _Fields(self, str(self.root / OVERLAY), data,
                         {"schema_version", "title", "description", "categories", *_OVERLAY_MAY_NOT})
        for key, message in _OVERLAY_MAY_NOT.items():
            if key in data:
                fields.problem(message, key)
        _, problem = self.schema_version(fields)
        if problem is not None:
            self.problem(problem.path, problem.line, problem.message)
            return None, self.problems
        categories = self.new_categories(fields, over) if "categories" in data else []
        self.languages = {f.id: f.language for f in over.frameworks}
        self.category_rank = {c.id: rank for rank, c in enumerate((*over.categories, *categories))}
        criteria: dict[str, list[Criterion]] = {}
        presets: dict[str, list[Preset]] = {}
        for edition in self.edition_folders(over):
            folder = self.root / "editions" / edition.id
            if (folder / "edition.yaml").exists():
                self.problem(str(folder / "edition.yaml"), None,
                             "an overlay cannot change an edition itself, only add criteria/ and presets.yaml")
            found = self.criteria(folder / "criteria", set(self.languages), set(self.category_rank), digest) \
                if _present(folder / "criteria") else []  # a file or a loop there is listed, and reported
            previous = over.edition(edition.previous) if edition.previous else None
            if previous is not None:
                self.check_previous_ids(found, previous)
            criteria[edition.id] = found
            presets_path = folder / OVERLAY_PRESETS
            table = self.read(presets_path, digest) if presets_path.exists() else None
            if table is not None:
                known = {c.id for c in edition.criteria} | {c.id for c in found}
                presets[edition.id] = self.presets(_Fields(self, str(presets_path), table, {"presets"}), known)
        self.count_unlisted()
        content = OverlayContent(fields.text("title"), fields.text("description", required=False), categories,
                                 criteria, presets, digest.hexdigest()[:16])
        return content, self.problems

    def new_categories(self, fields: _Fields, over: Knowledge) -> list[Category]:
        """The overlay's own categories; one the knowledge already has is a problem, not a change."""
        found = []
        for category in self.categories(fields):
            if any(c.id == category.id for c in over.categories):
                self.problem(fields.path, line_of(fields.data, "categories"),
                             f"category {category.id!r} already exists; an overlay can only add categories")
            else:
                found.append(category)
        return found

    def edition_folders(self, over: Knowledge) -> list[Edition]:
        """The knowledge's editions that the overlay has a folder for; a folder for any other is a problem."""
        folder = self.root / "editions"
        if not _present(folder):
            return []
        entries = self.listed(folder, "editions")  # a file or a loop in its place is a problem, not nothing
        editions = []
        for entry in entries:
            edition = over.edition(entry.name)
            if edition is None:
                known = ", ".join(e.id for e in over.editions)
                self.problem(entry.path, None, f"edition {entry.name!r} does not exist in the knowledge ({known})")
            elif self.outside(entry.path):
                continue
            elif not entry.is_dir():
                self.problem(entry.path, None, "not a folder: an overlay's edition is a folder holding "
                             f"criteria/ and {OVERLAY_PRESETS}")
            else:
                editions.append(edition)
        return editions


def _present(path: Path) -> bool:
    """Whether anything is at ``path``: a file, a folder, or a link, even a broken or looping one."""
    return os.path.lexists(path)


def tree_order(criteria: Iterable[Criterion], category_rank: Mapping[str, int]) -> list[Criterion]:
    """Category order from the manifest, then each criterion's own order within its category."""
    return sorted(criteria, key=lambda c: (category_rank.get(c.category, len(category_rank)), c.order, c.id))


def _empty_map(parent: object) -> LMap:
    empty = LMap()
    empty.line = getattr(parent, "line", None)
    empty.lines = {}
    return empty


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, LMap):
        return "a mapping"
    if isinstance(value, LList):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "text" if isinstance(value, str) else type(value).__name__
