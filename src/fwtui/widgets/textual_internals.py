"""The one place fwtui reaches into Textual's private API.

Each use here has no public equivalent in Textual 8 and buys something a user
sees (a complete first frame, a redraw key, keys listed as remapped).
``tests/test_textual_internals.py`` checks every name and signature used here
against the installed Textual, so an upgrade that moves one fails one clear
test instead of degrading quietly. Everything else in fwtui uses public API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.driver import Driver
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Tree

PRIVATE_NAMES = (
    (ScrollView, "_size_updated", ("self", "size", "virtual_size", "container_size", "layout")),
    (App, "_driver", None),
    (App, "_keymap", None),
    (DOMNode, "_bindings", None),
    (Tree, "_invalidate", ("self",)),
    (Tree, "_line_cache", None),
    (Widget, "_scroll_update", ("self", "virtual_size")),
)
"""(class, private name, its parameters or None for an attribute): what this module relies on."""


class LayoutSizedScrollView(ScrollView):
    """A ScrollView told its new size inside the layout pass that gives it, through :meth:`layout_resized`.

    The public Resize event comes frames later; a view whose scrollable size depends
    on its width (wrapped text) would otherwise draw one frame with stale scrollbars.
    """

    def layout_resized(self, size: Size) -> None:
        """Called with the widget's new outer size before the scrollbars are sized from ``virtual_size``."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        self.layout_resized(size)
        return super()._size_updated(size, virtual_size, container_size, layout)


def app_driver(app: App) -> Driver | None:
    """The driver the app writes to the terminal through (None before it starts or in tests)."""
    return app._driver


def bindings_as_keyed(node: DOMNode) -> BindingsMap:
    """The bindings ``node`` declares, with the user's keymap applied, as Textual applies it in its binding chain.

    For listing keys as the user has them (help, palette, hints); Textual has no public reader.
    """
    bindings = node._bindings.copy()
    bindings.apply_keymap(node.app._keymap)
    return bindings


def apply_user_keymap(app: App, bindings: BindingsMap) -> BindingsMap:
    """``bindings`` (a copy) with the user's keymap applied: for the keys of a dialog not open yet."""
    keyed = bindings.copy()
    keyed.apply_keymap(app._keymap)
    return keyed


@contextmanager
def invalidated_once(tree: Tree) -> Iterator[None]:
    """Nodes added to ``tree`` inside this block invalidate its caches once, at the end.

    ``TreeNode.add`` invalidates the whole tree (line cache, a layout refresh) for each node:
    building 5,000 criteria did it 5,000 times. Textual has no public way to add many at once.
    """
    tree._invalidate = lambda: None  # the instance attribute hides the method while nodes are added
    try:
        yield
    finally:
        del tree._invalidate
        tree._invalidate()


def restyle_tree(tree: Tree) -> None:
    """What ``Tree.notify_style_update`` does, less laying out every line again.

    A style changes how the lines are drawn, not which lines there are or how wide
    their labels are; Tree's own handler throws the lines away too, and a tree of
    5,000 criteria got restyled (focus, theme, start-up) often enough for that to
    cost a tenth of a second before the first frame.
    """
    super(Tree, tree).notify_style_update()
    tree._line_cache.clear()
    tree.refresh()


def resize_scrollable(view: ScrollView, size: Size) -> None:
    """Give ``view`` a new scrollable size and repaint it, without a layout pass.

    ``virtual_size`` is a layout reactive: setting it lays out the whole screen and
    then repaints the scrollbars in a frame of their own, three frames and a layout
    for each criterion shown. The view's own size does not change with its text, so
    only its scrollbars need telling; should one appear or go, Textual lays out then.
    """
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)
    view.refresh()
