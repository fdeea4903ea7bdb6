"""The knowledge as immutable data: what the loader builds and everything else reads.

No Textual import here or in any core module: the core is usable from the CLI,
from scripts and from tests without a terminal.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .safetext import single_line

TIE = "tie"


FIRST_HAND = "first-hand"
SECOND_HAND = "second-hand"
SOURCE_KINDS = (FIRST_HAND, SECOND_HAND)


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    kind: str = ""
    """``first-hand`` (the project itself: its docs, repository, release notes,
    package index page) or ``second-hand``; empty in knowledge older than schema 1.1."""
    checked: _dt.date | None = None
    """When someone last confirmed that the source says what it is cited for."""


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    language: str
    module: str


@dataclass(frozen=True)
class Category:
    id: str
    title: str


@dataclass(frozen=True)
class Snippet:
    framework: str
    title: str
    code: str
    language: str
    runnable: bool


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    category: str
    summary: str
    verdict: str | None
    """A framework id, ``TIE``, or None for a note that is never scored."""
    reasoning: str
    snippets: dict[str, tuple[Snippet, ...]]
    sources: tuple[Source, ...]
    order: int = 0
    changed: str = ""
    previous_ids: tuple[str, ...] = ()
    as_of: _dt.date | None = None
    path: str = ""
    overlay: str = ""
    """The ``path`` of the :class:`Overlay` that added or replaced this criterion; empty when it is the base's."""
    replaces: Criterion | None = None
    """The base knowledge's criterion of the same id that an overlay's replaced, kept to show side by side."""

    @property
    def is_note(self) -> bool:
        return self.verdict is None


@dataclass(frozen=True)
class Overlay:
    """A team's or a user's directory of criteria and presets laid over the base knowledge."""

    title: str
    path: str
    """As the user gave it (or as found), so that exports name it the way the team knows it."""
    fingerprint: str
    """A short hash of the overlay's content, so a decision can tell when the overlay changed."""
    origin: str
    """Where it came from: ``user`` (XDG config), ``project`` (nearest ``.fwtui/``), ``option`` or ``env``."""
    description: str = ""


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    description: str
    priorities: dict[str, int]
    overlay: str = ""
    """The ``path`` of the :class:`Overlay` that added or replaced this preset; empty when it is the base's."""


@dataclass(frozen=True)
class Retired:
    id: str
    reason: str


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    as_of: _dt.date
    summary: str
    conclusion: str
    sources: tuple[Source, ...]
    criteria: tuple[Criterion, ...]
    presets: tuple[Preset, ...] = ()
    previous: str | None = None
    retired: tuple[Retired, ...] = ()
    verified_on: tuple[tuple[str, str], ...] = ()
    """(package, version) pairs the runnable snippets were last verified on."""

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self._by_id.get(criterion_id)

    def preset(self, preset_id: str) -> Preset | None:
        return next((p for p in self.presets if p.id == preset_id), None)

    @property
    def _by_id(self) -> dict[str, Criterion]:
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = {c.id: c for c in self.criteria}
            object.__setattr__(self, "_index", cached)
        return cached


@dataclass(frozen=True)
class Knowledge:
    root: str
    schema_version: str
    content_version: str
    date: _dt.date
    frameworks: tuple[Framework, ...]
    categories: tuple[Category, ...]
    editions: tuple[Edition, ...]
    """Oldest first, as the manifest lists them."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Edition id to a short hash of its resolved content."""
    overlays: tuple[Overlay, ...] = ()
    """The overlays in effect, lowest precedence first; empty for the base knowledge alone."""

    def edition(self, edition_id: str | None = None) -> Edition | None:
        """The named edition, or the newest one when no id is given."""
        if edition_id is None:
            return self.editions[-1] if self.editions else None
        return next((e for e in self.editions if e.id == edition_id), None)

    def framework(self, framework_id: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == framework_id), None)

    def framework_name(self, framework_id: str) -> str:
        framework = self.framework(framework_id)
        return framework.name if framework else framework_id

    def overlay_title(self, path: str) -> str:
        """The title of the overlay in effect at ``path`` (a criterion's or preset's ``overlay``), else the path."""
        return next((o.title for o in self.overlays if o.path == path), path)

    def category_title(self, category_id: str) -> str:
        return next((c.title for c in self.categories if c.id == category_id), category_id)


class KnowledgeError(Exception):
    """The directory cannot be used at all (no usable manifest, not a directory).

    Here, not in the loader, so that code reporting it need not import the YAML reader.
    """


DEFAULT_STATUS = "proposed"


@dataclass(frozen=True)
class Team:
    """What the team adds to a decision: its title, who decides, how far it got, and why it came up."""

    title: str = ""
    deciders: tuple[str, ...] = ()
    status: str = DEFAULT_STATUS
    context: str = ""
    """Free text, paragraphs allowed."""


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge, reported as ``file:line: message``.

    A warning (``file:line: warning: message``) is something a newer minor of the
    format requires that knowledge written for an older minor lacks: it is shown,
    but the knowledge still counts as clean.
    """

    path: str
    line: int | None
    message: str
    severity: str = ERROR
    stands_for: int = 1
    """How many problems the line reports: the "… and 12 more" line of a file past the listing limit, 12."""

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return single_line(f"{where}: warning: {self.message}" if self.is_warning else f"{where}: {self.message}")
