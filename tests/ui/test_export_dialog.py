"""The export dialog, by keyboard at 80x24: what it offers, what lands on disk, and the explorer opened on a decision."""

from __future__ import annotations

import datetime as dt

import pytest
from corehelp import assert_lint_clean
from factory import criterion_data, write_editions
from textual.widgets import Button, Checkbox, Input
from uihelp import screen_lines, wait_for

from fwtui.export import read_record
from fwtui.screens.export import ExportDialog, suggested_name
from fwtui.screens.main import MainScreen

EXPORT_NAME = "fwtui-decision-e1-2025-11-26.md"
"""The fixtures' date is 2025-11-26 (SOURCE_DATE_EPOCH); the edition, e1, is not that year, so it is named."""


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def message(app) -> str:
    return str(app.screen.query_one("#message").render())


async def dialog_ready(pilot, app) -> ExportDialog:
    """The dialog once it is up, with the file name focused."""
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog) and getattr(app.focused, "id", None) == "path")
    return app.screen


async def open_dialog(pilot, app, *keys: str) -> ExportDialog:
    await pilot.press(*keys, "e")
    return await dialog_ready(pilot, app)


async def test_export_writes_the_decision(make_app, knowledge_dir, tmp_path):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "plus")
        assert dialog.query_one("#path", Input).value == EXPORT_NAME
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    written = tmp_path / EXPORT_NAME
    text = written.read_text()
    assert "Use **PyTorch**: it leads TensorFlow by 1 point" in text
    assert "## Criteria" in text and "```python" not in text
    assert any(str(written) in n for n in notifications(app))


async def test_export_asks_before_overwriting(make_app, knowledge_dir, tmp_path):
    existing = tmp_path / EXPORT_NAME
    existing.write_text("mine\n")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "already exists" in message(app))
        assert existing.read_text() == "mine\n"
        await pilot.press("escape")  # refused: the file stays as it was
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert existing.read_text() == "mine\n"
        await open_dialog(pilot, app)
        await pilot.press("enter", "enter")  # asked, then confirmed
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    assert existing.read_text().startswith("# Framework decision")


async def test_export_failure_is_shown_and_the_dialog_stays(make_app, knowledge_dir, tmp_path):
    (tmp_path / "plain-file").write_text("x")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        box = dialog.query_one("#path", Input)
        for target in ("no-such-folder/out.md", "plain-file/out.md"):
            box.value = target
            await pilot.press("enter")
            await wait_for(pilot, lambda: "Not written" in message(app))
            assert isinstance(app.screen, ExportDialog) and app.screen.query_one("#message").has_class("-error")
            dialog.query_one("#message").update("")
    assert not (tmp_path / "no-such-folder").exists()


# --- defects of issue 9, item 5 --------------------------------------------------------------


async def test_enter_on_the_format_choice_exports_the_highlighted_format(make_app, knowledge_dir, tmp_path):
    """The hint says "Enter export"; on the format radio Enter only ticked the button."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one("#format").focus()
        await pilot.press("right", "enter")  # highlight MADR, Enter
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    assert (tmp_path / EXPORT_NAME).read_text().startswith("---\nstatus: proposed")


async def test_the_already_exists_warning_goes_when_the_name_changes(make_app, knowledge_dir, tmp_path):
    (tmp_path / EXPORT_NAME).write_text("mine\n")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "already exists" in message(app))
        await pilot.press("end", "backspace", "backspace", "t", "x", "t")
        await wait_for(pilot, lambda: dialog.query_one("#path", Input).value.endswith(".txt"))
        assert "already exists" not in message(app)
        assert str(dialog.query_one("#export", Button).label) == "Export"


def test_the_default_name_does_not_repeat_the_year():
    def edition(edition_id):
        from fwtui.model import Edition

        return Edition(edition_id, "T", dt.date(2026, 1, 1), "s", "c", (), (), ())

    assert suggested_name(edition("2026"), dt.date(2026, 12, 2)) == "fwtui-decision-2026-12-02.md"
    assert suggested_name(edition("2017"), dt.date(2026, 12, 2)) == "fwtui-decision-2017-2026-12-02.md"
    assert suggested_name(edition("e1"), dt.date(2025, 11, 26)) == EXPORT_NAME


async def test_the_default_name_of_this_years_edition(make_app, tmp_path):
    root = write_editions(tmp_path / "k2025", {"2025": ({}, [criterion_data("a", "pytorch")])})
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        assert dialog.query_one("#path", Input).value == "fwtui-decision-2025-11-26.md"


async def test_the_overwrite_button_reads_in_full_at_80x24(make_app, knowledge_dir, tmp_path):
    (tmp_path / EXPORT_NAME).write_text("mine\n")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        await pilot.press("enter")
        button = dialog.query_one("#export", Button)
        await wait_for(pilot, lambda: str(button.label) == "Overwrite")

        def drawn() -> str:  # the button's own cells (the message above also says "Overwrite")
            return screen_lines(app)[button.region.y][button.region.x:button.region.right]

        await wait_for(pilot, lambda: "Overwrite" in drawn())


# --- the team's context, notes and the brief form ----------------------------------------------


async def test_team_context_brief_and_madr_by_keyboard(make_app, knowledge_dir, tmp_path):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app)
        await pilot.press("ctrl+u", *"adr.md", "tab", *"Pick a framework", "tab", *"Ana, Bo", "tab",
                          "ctrl+u", *"accepted", "tab", *"We ship to phones.",
                          "tab", "tab", "space",  # snippets left off, brief ticked
                          "tab", "right")  # MADR
        await wait_for(pilot, lambda: app.screen.query_one("#format").chosen == "madr")
        await pilot.press("tab", "enter")  # the Export button
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        # The next export of the session starts from the same title, deciders, status and context.
        again = await open_dialog(pilot, app)
        assert [again.query_one(f"#{field}", Input).value for field in ("title", "deciders", "status", "context")] == [
            "Pick a framework", "Ana, Bo", "accepted", "We ship to phones."]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        cancelled = await open_dialog(pilot, app)  # a cancelled dialog changes nothing it remembers
        assert cancelled.query_one("#title", Input).value == "Pick a framework"
    text = (tmp_path / "adr.md").read_text()
    assert text.startswith("---\nstatus: accepted\ndate: 2025-11-26\ndecision-makers: Ana, Bo\n---\n\n# Pick a framework\n")
    assert "We ship to phones." in text
    record = read_record(text)
    assert (record["title"], record["deciders"], record["status"], record["context"]) == (
        "Pick a framework", ["Ana", "Bo"], "accepted", "We ship to phones.")


async def test_brief_markdown_leaves_out_the_appendix(make_app, knowledge_dir, tmp_path):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one("#brief").focus()
        await pilot.press("space", "enter")  # tick it; Enter on a check box exports too
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    text = (tmp_path / EXPORT_NAME).read_text()
    assert "## Decision" in text and "## Criteria" not in text


async def test_the_users_notes_go_with_the_decision(make_app, knowledge_dir, tmp_path):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        notes = {"c00000": "We need this on Android.", "gone": "not in this edition", "c00001": "  "}
        app.push_screen(ExportDialog(screen.knowledge, screen.edition, dict(screen.board.priorities), None, notes))
        await dialog_ready(pilot, app)
        assert message(app).startswith("Your notes on 1 criterion go with it.")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    text = (tmp_path / EXPORT_NAME).read_text()
    assert "- **Our note:** We need this on Android." in text
    assert read_record(text)["notes"] == {"c00000": "We need this on Android."}


# --- fwtui --from DECISION.md ----------------------------------------------------------------


async def test_the_explorer_opens_on_a_decisions_priorities_and_notes(make_app, knowledge_dir, tmp_path, capsys):
    from corehelp import run_fwtui

    decision = tmp_path / "decision.md"
    made = run_fwtui("export", "--knowledge", knowledge_dir, "-o", decision, "--priority", "c00001=high",
                     "--priority", "c00002=off")
    assert made.status == 0, made.err
    text = decision.read_text()
    edited = text.replace('"notes": {}', '"notes": {"c00001": "Phones.", "c99999": "gone"}').replace(
        '"c00005": "normal"', '"c00005": "normal", "c99998": "high"')
    decision.write_text(edited)
    app = make_app(knowledge_dir, from_decision=str(decision))
    assert "ignored 2 criteria not in edition e1: c99998, c99999" in capsys.readouterr().err
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = app.screen.board
        assert (board.level("c00001"), board.level("c00002"), board.level("c00000")) == (3, 0, 2)
        assert app.screen.state.for_edition("e1").notes == {"c00001": "Phones."}
    # --python is kept alongside a decision too (that path of build_explorer once dropped it).
    import sys

    with_python = make_app(knowledge_dir, from_decision=str(decision), python=sys.executable)
    assert with_python.get_default_screen().python_option == sys.executable


# --- issue 11, item 4: the dialog's export passes markdownlint ----------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "madr"])
@pytest.mark.parametrize("snippets", [False, True], ids=["plain", "snippets"])
async def test_the_dialogs_export_of_the_shipped_knowledge_is_lint_clean(make_app, tmp_path, fmt, snippets):
    """The shipped knowledge, a team context with markdown in it, each format, with and without snippets."""
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one("#title", Input).value = "Pick *one* | [fast](x)"
        dialog.query_one("#deciders", Input).value = "Ann_b, #Bob"
        dialog.query_one("#context", Input).value = "1. see https://example.org/a_(b). <b>now</b>"
        if snippets:
            dialog.query_one("#snippets").focus()
            await pilot.press("space")
            await wait_for(pilot, lambda: dialog.query_one("#snippets", Checkbox).value)
        dialog.query_one("#format").focus()
        await pilot.press(*(["right"] if fmt == "madr" else []), "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    [written] = tmp_path.glob("fwtui-decision-*.md")
    text = written.read_text()
    structure = assert_lint_clean(text)
    assert text.startswith("---\nstatus: proposed" if fmt == "madr" else "# Pick \\*one\\*")
    assert bool(structure["fences"]) == (snippets and fmt == "markdown")
