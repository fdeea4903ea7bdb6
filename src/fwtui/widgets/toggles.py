"""Check boxes and radio buttons whose state shows in the glyph, not only in colour.

Textual draws the same glyph on and off and tells them apart by colour alone,
which is lost with NO_COLOR=1 and hard to read on some 16-colour terminals.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class _ShapedToggle:
    """Draws ``ON`` or ``OFF`` inside the button, following the toggle's value."""

    ON = OFF = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = self.ON if self.value else self.OFF

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.ON if self.value else self.OFF
        super().watch_value()


class ShapeCheckbox(_ShapedToggle, Checkbox):
    ON, OFF = "X", " "


class ShapeRadioButton(_ShapedToggle, RadioButton):
    ON, OFF = "●", "○"
