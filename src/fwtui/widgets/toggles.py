"""Check boxes and radio buttons whose state shows in the glyph, not only in colour.

Textual draws the same glyph on and off and tells them apart by colour alone,
which is lost with NO_COLOR=1 and hard to read on some 16-colour terminals.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class ShapeCheckbox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


class ShapeRadioButton(RadioButton):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else "○"
        return super()._button
