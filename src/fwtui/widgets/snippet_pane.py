"""One framework's code for the selected criterion, highlighted, scrolling both ways."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import textual
from textual.content import Content, Span
from textual.reactive import reactive

from .. import __version__
from ..cache import Memo
from ..model import Criterion, Framework, Snippet
from .labels import key_for, one_line, plain
from .text_view import CodeView

_kept = Memo(None, "")
"""Highlighted snippets, as (language, code) -> the highlight's spans; see keep_highlights_in."""


def keep_highlights_in(path: Path | None) -> None:
    """Keep highlighted snippets in ``path`` between runs (None: for this process only).

    Pygments takes about a millisecond to lex a snippet, and about 40 ms to compile its Python
    lexer at each start. What it finds is kept as spans of theme variables ($text-accent, not
    colours), so a snippet shown before is drawn in any theme without Pygments. The key holds
    what could change them: the versions of fwtui and Pygments, and Textual's highlight module.
    """
    global _kept
    if path == _kept.path:
        return
    import pygments  # only its version: the lexers are not loaded here

    try:
        module = os.stat(Path(textual.__file__).parent / "highlight.py")
    except OSError:  # Textual read from an archive: nothing to tell its versions apart by, so nothing kept
        path, key = None, ""
    else:
        key = (f"highlights 1 {__version__} pygments {pygments.__version__} "
               f"textual.highlight {module.st_ino}:{module.st_size}:{module.st_mtime_ns}")
    _kept = Memo(path, key)
    highlighted.cache_clear()


def save_highlights() -> None:
    _kept.save()


@lru_cache(maxsize=256)
def highlighted(code: str, language: str) -> Content:
    """Pygments highlighting that follows the app theme, kept for the next run; one Content per snippet
    while the process lasts, because panes repaint on every move."""
    code = "\n".join(plain(code).rstrip("\n").expandtabs().splitlines())  # as highlight() takes it
    spans = _kept.get((language, code))
    if _are_spans(spans, len(code)):
        return Content(code, [Span(*span) for span in spans])
    from textual.highlight import highlight  # Pygments is heavy: load it when first needed only

    content = highlight(code, language=language)
    if all(isinstance(span.style, str) for span in content.spans):
        _kept.put((language, code), tuple((span.start, span.end, span.style) for span in content.spans))
    return content


def _are_spans(spans: object, length: int) -> bool:
    """Whether a kept value is spans of a text ``length`` long, as highlighted() keeps them."""
    return isinstance(spans, tuple) and all(
        type(span) is tuple and len(span) == 3 and type(span[0]) is int and type(span[1]) is int
        and type(span[2]) is str and 0 <= span[0] <= span[1] <= length
        for span in spans
    )


class SnippetPane(CodeView):
    """Shows ``criterion``'s snippet number ``snippet_index`` for one framework (the last one if it has fewer)."""

    DEFAULT_CSS = """
    SnippetPane {
        border: round $foreground 40%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        &:focus { border: round $accent; border-title-style: bold; }
    }
    """

    # repaint=False: setting the code repaints what changed, not the pane twice.
    criterion: reactive[Criterion | None] = reactive(None, repaint=False)
    snippet_index: reactive[int] = reactive(0, repaint=False)

    def __init__(self, framework: Framework, **kwargs) -> None:
        super().__init__(**kwargs)
        self.framework = framework

    @property
    def snippets(self) -> tuple[Snippet, ...]:
        return self.criterion.snippets.get(self.framework.id, ()) if self.criterion else ()

    @property
    def snippet(self) -> Snippet | None:
        """The snippet on show, if any."""
        snippets = self.snippets
        return snippets[min(self.snippet_index, len(snippets) - 1)] if snippets else None

    def watch_criterion(self) -> None:
        self._show()

    def watch_snippet_index(self) -> None:
        self._show()

    def _show(self) -> None:
        snippet, count = self.snippet, len(self.snippets)
        name = one_line(self.framework.name)
        if snippet is None:
            self.border_title = Content(name)
            self.border_subtitle = None
            self.text = (Content.styled(f"No {name} snippet for this criterion.", "italic $text-muted"),)
        else:
            # The count goes before the snippet's title, which the border may cut: "(1/3)" stays in
            # sight at any width, and the subtitle names the key that shows the next one.
            position = f" ({min(self.snippet_index, count - 1) + 1}/{count})" if count > 1 else ""
            self.border_title = Content(f"{name}{position}: {one_line(snippet.title)}")
            kind = "runs as is" if snippet.runnable else "illustration, not run"
            step = key_for(self.screen, "snippet.next") if count > 1 and self.is_attached else None
            self.border_subtitle = Content(f"{step} next · {kind}" if step else kind)
            self.text = (highlighted(snippet.code, snippet.language),)
        self.scroll_home(animate=False)
