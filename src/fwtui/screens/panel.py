"""The look shared by the explorer's full-size side screens (compare, other edition, run, node)."""

from __future__ import annotations

from .dialog import DialogScreen


class PanelScreen(DialogScreen[None]):
    """A dialog filling the terminal up to each screen's own max-width."""

    DEFAULT_CSS = """
    PanelScreen > .dialog { width: 100%; height: 100%; }
    """
