"""The baseline for the explorer benchmark: the least a Textual app doing fwtui's job would be.

A Tree of a dozen nodes and two Pygments-highlighted panes whose code changes
with the selected node.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.highlight import highlight
from textual.widgets import Static, Tree

CODE = {
    "left": "import torch\n\nfor _ in range({n}):\n    h = torch.matmul(W, h) + b\n",
    "right": "import tensorflow as tf\n\n@tf.function\ndef step(h):\n    return tf.matmul(W, h) + {n}\n",
}


class BareApp(App[None]):
    CSS = """
    Tree { width: 30; }
    VerticalScroll { width: 1fr; border: round $accent; }
    """

    def compose(self) -> ComposeResult:
        tree: Tree[int] = Tree("criteria")
        for group in range(3):
            branch = tree.root.add(f"group {group}", expand=True)
            for leaf in range(3):
                branch.add_leaf(f"criterion {group * 3 + leaf}", data=group * 3 + leaf)
        tree.root.expand()
        with Horizontal():
            yield tree
            for side in CODE:
                with VerticalScroll():
                    yield Static(id=side)

    def on_mount(self) -> None:
        self.show(0)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[int]) -> None:
        self.show(event.node.data or 0)

    def show(self, number: int) -> None:
        for side, code in CODE.items():
            self.query_one(f"#{side}", Static).update(highlight(code.format(n=number), language="python"))


if __name__ == "__main__":
    BareApp().run()
