"""Every export variant passes a real markdownlint (pymarkdownlnt, default rules, line length off).

Issue 11, item 4: the export repeated headings (MD024) once per criterion. Each case here
exports through the CLI and fails with the linter's findings, line by line, in its message.
The explorer's dialog export is linted in tests/ui/test_export_dialog.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corehelp import assert_lint_clean, criterion_path, edit_yaml, markdownlint
from factory import make_knowledge, provenance
from fwtui.export import RECORD_MARK, read_record

DATE = "2026-03-04"

META = "*star* **strong** _under_ __dunder__ [text](url) (paren) #hash >quote |pipe| `tick` ``two`` " \
       "<html> <b>bold</b> &amp; ~~strike~~ !bang \\back $dollar {curly} +plus =equal :colon: 1. 2) - * ---  "
"""One line of markdown metacharacters, two trailing spaces (a hard line break) included."""

META_PROSE = (
    "1. a leading number\n\n2) another\n\n- a list item with *stars* and _unders_  \n- second | piped\n\n"
    "* a star bullet\n\n+ a plus bullet\n\n# a hash line\n\n## two hashes\n\n> a quote\n\n"
    "<div>an html block</div>\n\n<!-- a comment -->\n\n---\n\n===\n\nSetext underline\n---\n\n"
    "    indented four\n\n```\nan unlabelled fence\n```\n\n~~~\ntilde fence\n~~~\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n[ref]: https://example.org/ref\n\n"
    "Trailing spaces   \nand a tab\tin the middle. " + META
)
"""Prose that, read as markdown, would start every block construct there is."""


@pytest.fixture
def metachars(tmp_path) -> Path:
    """Three frameworks whose knowledge text, everywhere it can be, is markdown metacharacters."""
    root = make_knowledge(tmp_path / "meta", frameworks=3, criteria=4, presets=[
        {"id": "p", "title": "Preset " + META, "description": META_PROSE, "priorities": {"c00000": "high"}}])
    edit_yaml(root / "manifest.yaml", lambda d: (
        d["frameworks"][2].update(name="J*A*X_"),
        d["categories"][0].update(title="Category " + META),
    ))
    edit_yaml(root / "editions" / "e1" / "edition.yaml", lambda d: d.update(
        title="Edition " + META, conclusion=META_PROSE, verified_on={"torch": "2.13 " + META}))

    def criterion(d):  # distinct titles: each is a heading, and headings must be unique
        d.update(title=f"Title {d['id']} " + META, summary=META_PROSE, reasoning=META_PROSE + "\n\nJ*A*X_ wins: " + META,
                 changed=META_PROSE)
        d["sources"] = [{"title": "Source " + META, "url": "https://example.org/a_(b)*c*", **provenance()}]
        d["snippets"]["pytorch"][0].update(title="Snippet " + META, code="# " + META + "\nx = `1`\n```\n")

    for n in range(2):
        edit_yaml(criterion_path(root, n), criterion)
    return root


TEAM = ["--title", "Title " + META, "--decider", "Ann *A*", "--decider", "Bob_[b]",
        "--status", "superseded by [1](x) " + META, "--context", META_PROSE]

CASES = {
    # knowledge, arguments
    "2026": ("shipped", ["--edition", "2026"]),
    "2026-snippets": ("shipped", ["--edition", "2026", "--snippets"]),
    "2017": ("shipped", ["--edition", "2017"]),
    "2017-snippets": ("shipped", ["--edition", "2017", "--snippets"]),
    "2026-madr": ("shipped", ["--edition", "2026", "--format", "madr"]),
    "2017-madr": ("shipped", ["--edition", "2017", "--format", "madr"]),
    "2026-preset": ("shipped", ["--edition", "2026", "--preset", "research", "--snippets"]),
    "2017-preset-madr": ("shipped", ["--edition", "2017", "--preset", "deployment", "--format", "madr"]),
    "2026-brief-team": ("shipped", ["--edition", "2026", "--brief", *TEAM]),
    "2026-madr-team": ("shipped", ["--edition", "2026", "--format", "madr", *TEAM]),
    "three-frameworks": ("kdir3", ["--snippets"]),
    "three-frameworks-madr": ("kdir3", ["--format", "madr"]),
    "metachars": ("metachars", ["--snippets", "--preset", "p", *TEAM]),
    "metachars-madr": ("metachars", ["--format", "madr", "--preset", "p", *TEAM]),
    "metachars-tie": ("metachars", ["--snippets"]),
}


def export(cli, knowledge: Path, *argv: str) -> str:
    result = cli("export", "--knowledge", knowledge, "-o", "-", "--date", DATE, *argv)
    assert result.status == 0, result.err
    return result.out


@pytest.mark.parametrize("case", CASES)
def test_every_export_variant_is_lint_clean(cli, request, case):
    fixture, argv = CASES[case]
    text = export(cli, request.getfixturevalue(fixture), *argv)
    structure = assert_lint_clean(text)
    assert read_record(text) is not None
    if "--snippets" in argv and "madr" not in argv:
        assert structure["fences"], "the snippets are in the export"


def test_metacharacters_stay_literal_text(cli, metachars):
    """Lint-clean because escaped, not because dropped: the words survive, no construct is opened."""
    text = export(cli, metachars, "--snippets", "--preset", "p", *TEAM)
    structure = assert_lint_clean(text)
    assert [level for level, _ in structure["headings"]].count(1) == 1
    assert all("a hash line" not in title for _, title in structure["headings"])
    assert "\\*star\\* \\*\\*strong\\*\\* \\_under\\_" in text
    assert "J\\*A\\*X\\_" in text
    assert not any(line.startswith(("<div>", "> a quote", "1. a leading", "[ref]:")) for line in text.splitlines())


def test_notes_carried_from_a_decision_are_lint_clean(cli, metachars, tmp_path):
    """Team notes only come from a saved or exported decision; ones full of metacharacters lint clean too."""
    record = read_record(export(cli, metachars))
    record["notes"] = {"c00000": META, "c00001": "1. " + META}
    source = tmp_path / "decision.md"
    source.write_text(f"<!-- {RECORD_MARK} {json.dumps(record)} -->\n", encoding="utf-8")
    for fmt in ("markdown", "madr"):
        text = export(cli, metachars, "--from", source, "--format", fmt)
        assert_lint_clean(text)
        assert read_record(text)["notes"]["c00000"] == META.strip()


def test_the_linter_is_really_run():
    """A document with a repeated heading, as the export once had, fails with the rule named."""
    findings = markdownlint("# Decision\n\n## Sources\n\ntext\n\n## Sources\n\ntext\n")
    assert len(findings) == 1 and "MD024" in findings[0] and findings[0].startswith("7:1:")


@pytest.mark.parametrize("document", ["README.md", "knowledge/README.md", "examples/team-overlay/README.md"])
def test_the_project_s_own_documents_are_lint_clean(document):
    """What a user reads first is held to the rules the exports are held to."""
    from corehelp import REPO

    findings = markdownlint((REPO / document).read_text(encoding="utf-8"))
    assert not findings, f"{document}:\n" + "\n".join(findings)
