"""Helpers for the core test suite: running the CLI, editing generated knowledge, linting markdown."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    status: int
    out: str
    err: str


def run_fwtui(*argv: str, timeout: float = 30, env: dict | None = None, cwd: str | None = None) -> Result:
    """Run ``python -m fwtui.cli`` as a real process, with a time limit."""
    full_env = {k: v for k, v in os.environ.items() if k != "FWTUI_KNOWLEDGE"}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "fwtui.cli", *[str(a) for a in argv]],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=cwd,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)



def yaml_as_json(value):
    """YAML data as JSON data, as the JSON Schemas see it: dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): yaml_as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [yaml_as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# --- editing generated knowledge -------------------------------------------------------------


def criterion_path(root: Path, n: int = 0) -> Path:
    return root / "editions" / "e1" / "criteria" / f"c{n:05d}.yaml"


def edit_yaml(path: Path, change) -> None:
    """Load a YAML file, let ``change`` mutate the data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False), encoding="utf-8")


def append_line(path: Path, line: str) -> int:
    """Append one line to a YAML file and return its (1-based) line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    number = text.count("\n") + 1
    path.write_text(text + line + "\n", encoding="utf-8")
    return number


def assert_one_line_error(result: Result, status: int | None = None) -> str:
    """No traceback, exactly one line on stderr starting with 'fwtui:'."""
    assert "Traceback" not in result.err, result.err
    assert "Traceback" not in result.out, result.out
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("fwtui: "), lines[0]
    if status is not None:
        assert result.status == status, (result.status, result.err)
    return lines[0]


# --- markdown lint ---------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})(.*)$")


def _split_cells(row: str) -> list[str]:
    """Cells of a GitHub table row, honouring backslash-escaped pipes."""
    body = row.strip()
    assert body.startswith("|") and body.endswith("|") and not body.endswith("\\|"), row
    cells, current, escaped = [], "", False
    for ch in body[1:-1]:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            current += ch
            escaped = True
        elif ch == "|":
            cells.append(current)
            current = ""
        else:
            current += ch
    cells.append(current)
    return cells


def markdown_structure(text: str) -> dict:
    """Lint a document and return what it found: headings, tables, fences.

    Fails (AssertionError) on: not exactly one final newline, trailing spaces,
    a heading level jump, a repeated heading, a table row whose cell count differs from its header,
    a fence without a language tag, an unclosed fence.
    """
    assert text.endswith("\n") and not text.endswith("\n\n"), "must end in exactly one newline"
    assert "\x1b" not in text, "escape character in output"
    assert "\r" not in text
    lines = text.split("\n")[:-1]
    for number, line in enumerate(lines, 1):
        assert line == line.rstrip(), f"trailing whitespace on line {number}: {line!r}"
    start = 0
    if lines and lines[0] == "---":  # front matter
        end = lines.index("---", 1)
        start = end + 1
    headings: list[tuple[int, str]] = []
    tables: list[list[list[str]]] = []
    fences: list[tuple[str, str]] = []
    fence: tuple[str, int, str, list[str]] | None = None
    table: list[list[str]] | None = None
    for number, line in enumerate(lines[start:], start + 1):
        if fence is not None:
            marks, _, tag, body = fence
            stripped = line.strip()
            if stripped and set(stripped) == {marks[0]} and len(stripped) >= len(marks):
                fences.append((tag, "\n".join(body)))
                fence = None
            else:
                body.append(line)
            continue
        opened = _FENCE_OPEN.match(line)
        if opened:
            tag = opened.group(2).strip()
            assert tag, f"fence without a language tag on line {number}"
            assert "`" not in tag
            fence = (opened.group(1), number, tag, [])
            table = None
            continue
        if line.startswith("|"):
            cells = _split_cells(line)
            if table is None:
                table = [cells]
                tables.append(table)
            else:
                assert len(cells) == len(table[0]), f"line {number}: {len(cells)} cells, header has {len(table[0])}"
                table.append(cells)
            if len(table) == 2:
                assert all(re.fullmatch(r"\s*:?-{3,}:?\s*", c) for c in cells), f"line {number}: bad delimiter row"
            continue
        table = None
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if heading:
            level = len(heading.group(1))
            if headings:
                assert level <= headings[-1][0] + 1, f"line {number}: heading jumps to level {level}"
            else:
                assert level == 1, "first heading must be an H1"
            headings.append((level, heading.group(2)))
    assert fence is None, f"fence opened on line {fence[1]} is never closed"
    h1 = [h for h in headings if h[0] == 1]
    assert len(h1) == 1, f"expected exactly one H1, found {h1}"
    titles = [title for _, title in headings]
    repeated = sorted({title for title in titles if titles.count(title) > 1})
    assert not repeated, f"headings must be unique (markdownlint MD024): {repeated}"
    return {"headings": headings, "tables": tables, "fences": fences}


def markdownlint(text: str) -> list[str]:
    """What a real markdownlint (pymarkdownlnt) finds in a document, one ``line:column: rule: why`` each.

    Default rules with line length (MD013) off, as the issue asks; the front-matter
    extension on, so an MADR record's YAML front matter reads as front matter.
    """
    from pymarkdown.api import PyMarkdownApi

    linter = PyMarkdownApi().disable_rule_by_identifier("md013").enable_extension_by_identifier("front-matter")
    result = linter.scan_string(text)
    found = [f"{f.line_number}:{f.column_number}: {f.rule_id}: {f.rule_description}"
             + (f" {f.extra_error_information}" if f.extra_error_information else "") for f in result.scan_failures]
    return found + [str(e) for e in result.pragma_errors]


def assert_lint_clean(text: str) -> dict:
    """The document passes both the structure checks above and markdownlint; returns the structure."""
    structure = markdown_structure(text)
    lines = text.split("\n")
    findings = [f"{finding}\n    {lines[int(finding.split(':')[0]) - 1]!r}" for finding in markdownlint(text)]
    assert not findings, "markdownlint findings (line:column: rule: why, then the line):\n" + "\n".join(findings)
    return structure


ARTICLE_VERDICTS_2017 = {
    "ramp-up-time": "pytorch",
    "graph-creation-debugging": "pytorch",
    "coverage": "tensorflow",
    "serialization": "tensorflow",
    "deployment": "tensorflow",
    "documentation": "tie",
    "data-loading": "pytorch",
    "device-management": "tensorflow",
    "custom-extensions": "pytorch",
    "tensorboard": None,
    "keras": None,
    "tensorflow-fold": None,
}
"""Hannun's 2017 verdicts as the article gives them; None marks the three sections without one."""


def seen_cells(screen) -> list[list[tuple]]:
    """A pyte screen's cells as the eye sees them. On a space only the background, the lines under or
    through it and reverse show (with the foreground, and bold that may brighten it, when reversed), so a
    space is compared by those alone: the screen diff does not resend a space whose foreground alone changed."""
    rows = []
    for y in range(screen.lines):
        row = []
        for x in range(screen.columns):
            c = screen.buffer[y][x]
            if c.data == " ":
                row.append((c.data, c.fg if c.reverse else None, c.bold if c.reverse else None, c.bg, c.reverse,
                            c.underscore, c.strikethrough))
            else:
                row.append((c.data, c.fg, c.bg, c.bold, c.italics, c.reverse, c.underscore, c.strikethrough))
        rows.append(row)
    return rows
