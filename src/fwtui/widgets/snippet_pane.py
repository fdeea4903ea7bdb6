"""One framework's code for the selected criterion, highlighted, scrolling both ways."""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content
from textual.reactive import reactive

from ..model import Criterion, Framework, Snippet
from .labels import key_for, one_line, plain
from .text_view import CodeView


@lru_cache(maxsize=256)
def highlighted(code: str, language: str) -> Content:
    """Pygments highlighting that follows the app theme; cached because panes repaint on every move."""
    from textual.highlight import highlight  # Pygments is heavy: load it on first use only

    return highlight(plain(code).rstrip("\n").expandtabs(), language=language)


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
