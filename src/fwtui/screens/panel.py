"""The look shared by the explorer's full-size side screens (compare, other edition, run, node)."""

from __future__ import annotations

from textual.screen import ModalScreen


class PanelScreen(ModalScreen[None]):
    """A dialog filling the terminal up to each screen's own max-width; its frame has class ``panel``."""

    DEFAULT_CSS = """
    PanelScreen {
        align: center middle;
        & > .panel {
            width: 100%; height: 100%;
            border: round $accent; border-title-color: $text; border-subtitle-color: $text-muted;
            background: $surface;
        }
    }
    """

    def action_close(self) -> None:
        self.dismiss(None)
