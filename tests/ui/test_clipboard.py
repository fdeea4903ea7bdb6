"""Copying a snippet (c) says what was sent and how to make it arrive; C saves it to a file instead.

Copying writes OSC 52 to the terminal, which never answers: under tmux with its default
``set-clipboard external`` it is dropped, yet the explorer used to say "Copied".
"""

from __future__ import annotations

import pytest

TMUX_FIX = "'set -g set-clipboard on'"


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def plain_terminal(monkeypatch):
    for name in ("TMUX", "STY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.mark.parametrize("environ, found", [
    ({"TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"}, ("tmux",)),
    ({"TERM": "tmux-256color"}, ("tmux",)),  # tmux on the laptop, fwtui over SSH
    ({"STY": "1234.pts-0.node", "TERM": "screen"}, ("screen",)),
    ({"TERM": "screen-256color"}, ("tmux", "screen")),  # what both set by default: either one
    ({"TERM": "xterm-256color"}, ()),
])
def test_multiplexers_are_read_from_the_environment(environ, found):
    from fwtui.clipboard import multiplexers

    assert multiplexers(environ) == found


async def test_copy_under_tmux_says_it_was_sent_and_how_to_make_it_arrive(make_app, knowledge_dir, plain_terminal,
                                                                         monkeypatch):
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        assert app.clipboard == "print('pytorch 0')\n"
        [notice] = notices(app)
        assert notice.startswith("Sent PyTorch: pytorch way (1 line) to the clipboard by OSC 52;")
        assert "never confirm" in notice and TMUX_FIX in notice and "C saves it to a file" in notice
        assert "Copied" not in notice and all("Copied" not in (n.title or "") for n in app._notifications)


async def test_copy_elsewhere_names_the_terminal_and_screen(make_app, knowledge_dir, plain_terminal, monkeypatch):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        assert "your terminal may not support OSC 52" in notices(app)[-1] and TMUX_FIX not in notices(app)[-1]
        monkeypatch.setenv("STY", "1234.pts-0.node")
        await pilot.press("c")
        assert "GNU screen may not pass it on" in notices(app)[-1]


async def test_save_writes_the_snippet_to_a_new_file_each_time(make_app, knowledge_dir, tmp_path):
    """The UI tests run in tmp_path (conftest): the file lands in the directory fwtui was started in."""
    taken = tmp_path / "c00000-pytorch-1.py"
    taken.write_text("mine\n")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        saved = tmp_path / "c00000-pytorch-1-2.py"
        assert saved.read_text() == "print('pytorch 0')\n"
        assert taken.read_text() == "mine\n", "never overwritten"
        assert notices(app)[-1] == f"Saved PyTorch: pytorch way to {saved}"
        await pilot.press("tab", "tab", "C")  # the TensorFlow pane
        assert (tmp_path / "c00000-tensorflow-1.py").read_text() == "print('tensorflow 0')\n"
        await pilot.press("C")
        assert (tmp_path / "c00000-tensorflow-1-2.py").exists()


async def test_save_where_it_cannot_write_is_one_line(make_app, knowledge_dir, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # the directory fwtui was started in, removed while it runs
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        assert notices(app) == ["Could not save the snippet: the current directory is gone: "
                                "no such file or directory"]
