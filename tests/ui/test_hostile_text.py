"""Knowledge text is data: markup and escape sequences in it must show literally and restyle nothing."""

from __future__ import annotations

import yaml
from textual.widgets import Tree

from uihelp import pane_code, pane_title, verdict_text, wait_for

from fwtui.widgets.snippet_pane import SnippetPane

MARKUP = "[bold red]x[/]"
ESCAPE = "\x1b[31m"
SHOWN = r"\x1b[31m"
"""How ESCAPE reads on the screen: written out, never sent."""


def poison(root) -> None:
    path = root / "editions" / "e1" / "criteria" / "c00000.yaml"
    data = yaml.safe_load(path.read_text())
    data["title"] = f"Hostile {MARKUP} {ESCAPE}title"
    data["reasoning"] = f"Reasoning {MARKUP} and {ESCAPE}red"
    data["snippets"]["pytorch"][0]["title"] = f"snippet {MARKUP}{ESCAPE}"
    data["snippets"]["pytorch"][0]["code"] = f"print('{ESCAPE}')  # {MARKUP}\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=False))


async def test_markup_and_escapes_show_literally_everywhere(make_app, knowledge_dir):
    poison(knowledge_dir)
    app = make_app(knowledge_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        label = str(tree.root.children[0].children[0].label)
        assert f"Hostile {MARKUP} {SHOWN}title" in label and "\x1b" not in label

        verdict = verdict_text(app)
        assert f"Reasoning {MARKUP} and {SHOWN}red" in verdict and "\x1b" not in verdict

        pane = app.screen.query(SnippetPane).first()
        assert f"snippet {MARKUP}" in pane_title(pane)
        code = pane_code(pane)
        assert MARKUP in code and SHOWN in code and "\x1b" not in code

        await pilot.press("c")
        assert SHOWN in app.clipboard and "\x1b" not in app.clipboard
        assert any(f"snippet {MARKUP}" in n for n in [n.message for n in app._notifications])

        # What reaches the screen: the literal brackets.
        assert "Hostile&#160;[bold&#160;red]x[/]" in app.export_screenshot()

        await pilot.press("ctrl+p", *"hostile")
        await wait_for(pilot, lambda: "Go&#160;to&#160;Hostile&#160;[bold&#160;red]x[/]" in app.export_screenshot())
