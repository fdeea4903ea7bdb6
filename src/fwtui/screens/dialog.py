"""The frame every dialog of the explorer shares: centred, a round border with its title, the surface colour."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class DialogScreen(ModalScreen[ResultType]):
    """A modal screen whose one frame, the container with class ``dialog``, holds everything it shows.

    Each dialog sets only its frame's size (and padding) in its own CSS; the look is here, once.
    """

    DEFAULT_CSS = """
    DialogScreen {
        align: center middle;
        & > .dialog {
            border: round $accent; border-title-color: $text; border-subtitle-color: $text-muted;
            background: $surface;
        }
    }
    """

    def action_close(self) -> None:
        self.dismiss(None)
