"""The criteria, grouped by category, each with its verdict marker and priority."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ..model import Category, Criterion, Framework
from ..scoring import Scoreboard
from .labels import PRIORITY_METER, abbreviations, literal, one_line, verdict_mark


class CriteriaTree(Tree[Criterion | Category]):
    """Shows a scoreboard's edition and priorities; posts which criterion is under the cursor."""

    DEFAULT_CSS = """
    CriteriaTree {
        padding: 0;
        & > .criteria-tree--meter { color: $text-accent; }
        & > .criteria-tree--off { color: $text-muted; }
        & > .criteria-tree--mark { text-style: bold; }
        & > .criteria-tree--count { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {"criteria-tree--meter", "criteria-tree--off", "criteria-tree--mark", "criteria-tree--count"}

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("l,right", "open_group", "Open group", show=False, id="tree.open"),
        Binding("h,left", "close_group", "Close group / go to group", show=False, id="tree.close"),
        Binding("home", "scroll_home", "First", show=False, id="tree.first"),
        Binding("end", "scroll_end", "Last", show=False, id="tree.last"),
    ]

    board: reactive[Scoreboard | None] = reactive(None, always_update=True, repaint=False)
    """The edition and priorities to show; a new edition rebuilds the tree, a new priority relabels one line."""
    filter_text: reactive[str] = reactive("", repaint=False)
    """Only criteria whose title, id, summary or category contains this are shown."""

    class CriterionHighlighted(Message):
        """The cursor is on a criterion (or on a group: ``criterion_id`` is None)."""

        def __init__(self, criterion_id: str | None) -> None:
            super().__init__()
            self.criterion_id = criterion_id

        def can_replace(self, message: Message) -> bool:
            # Holding down an arrow key: only the last position matters.
            return isinstance(message, CriteriaTree.CriterionHighlighted)

    def __init__(self, frameworks: Sequence[Framework], categories: Sequence[Category], **kwargs) -> None:
        super().__init__("criteria", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._marks = abbreviations(frameworks)
        self._categories = tuple(categories)
        self._leaves: dict[str, TreeNode[Criterion | Category]] = {}
        self._showing: TreeNode[Criterion | Category] | None = None

    # -- building -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.board is not None:
            self._rebuild()

    def watch_board(self, old: Scoreboard | None, new: Scoreboard | None) -> None:
        if new is None or not self.is_mounted:
            return
        if old is None or old.edition is not new.edition:
            self._rebuild()
            return
        # Only relabel what changed: a set difference of the two priority tables runs in C,
        # so a priority key costs the same with 5,000 criteria as with 15.
        for criterion_id, _ in old.priorities.items() ^ new.priorities.items():
            node = self._leaves.get(criterion_id)
            if node is not None:
                node.set_label(self._leaf_label(node.data))

    def watch_filter_text(self, old: str, new: str) -> None:
        # The screen's data binding announces the empty filter once at start-up: the tree that
        # watch_board has just built already shows it, so only a real change rebuilds.
        if old != new and self.board is not None and self.is_mounted:
            self._rebuild()

    def _rebuild(self) -> None:
        keep = self.cursor_criterion_id
        self.clear()
        self._leaves = {}
        board = self.board
        assert board is not None
        needle = self.filter_text.casefold().strip()
        grouped: dict[str, list[Criterion]] = {c.id: [] for c in self._categories}
        for criterion in board.edition.criteria:
            grouped.setdefault(criterion.category, []).append(criterion)
        titles = {c.id: c.title for c in self._categories}
        for category_id, criteria in grouped.items():
            title = titles.get(category_id, category_id)
            shown = [c for c in criteria if not needle or self._matches(c, title, needle)]
            if not shown:
                continue
            group = self.root.add(self._group_label(title, len(shown)), Category(category_id, title), expand=True)
            for criterion in shown:
                self._leaves[criterion.id] = group.add_leaf(self._leaf_label(criterion), criterion)
        if keep not in self._leaves:
            keep = next(iter(self._leaves), None)
        if keep is not None:
            self.show_criterion(keep)
        else:
            self.call_after_refresh(self._announce)

    @staticmethod
    def _matches(criterion: Criterion, category_title: str, needle: str) -> bool:
        haystack = " ".join((criterion.title, criterion.id, criterion.summary, category_title))
        return needle in haystack.casefold()

    def _group_label(self, title: str, count: int) -> Text:
        label = literal(one_line(title), "bold")
        label.append(f" ({count})", self.get_component_rich_style("criteria-tree--count", partial=True))
        return label

    def _leaf_label(self, criterion: Criterion | Category | None) -> Text:
        assert isinstance(criterion, Criterion)
        level = self.board.level(criterion.id) if self.board else 0
        meter_style = "criteria-tree--meter" if level else "criteria-tree--off"
        label = Text(PRIORITY_METER[level], style=self.get_component_rich_style(meter_style, partial=True))
        mark = verdict_mark(criterion.verdict, self._marks)
        label.append(f" {mark:<{max(map(len, self._marks.values()), default=1)}} ",
                     style=self.get_component_rich_style("criteria-tree--mark", partial=True))
        label.append_text(literal(one_line(criterion.title)))
        return label

    # -- cursor ---------------------------------------------------------------------------------

    @property
    def cursor_criterion_id(self) -> str | None:
        node = self.cursor_node
        return node.data.id if node is not None and isinstance(node.data, Criterion) else None

    def show_criterion(self, criterion_id: str) -> bool:
        """Put the cursor on a criterion, opening its group; False when it is filtered out or unknown."""
        node = self._leaves.get(criterion_id)
        if node is None:
            return False
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()
        # The cursor is drawn there at once, so the first frame shows it beside the panes that show
        # its criterion instead of moving it a frame later; announcing it and scrolling it into view
        # still wait for the layout. (``last_line`` lays out the tree's lines, so the node knows its
        # line.)
        if self.last_line >= 0:
            with self.prevent(Tree.NodeHighlighted):
                self.cursor_line = node.line
        self._showing = node
        self.call_after_refresh(self._move_to, node)
        return True

    def _move_to(self, node: TreeNode[Criterion | Category]) -> None:
        if node is not self._showing:
            return  # a later show_criterion (or a rebuild) has taken over
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)
        self._announce()

    def _announce(self) -> None:
        self.post_message(self.CriterionHighlighted(self.cursor_criterion_id))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        self._announce()

    def action_open_group(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            if node.is_expanded and node.children:
                self.move_cursor(node.children[0])
            else:
                node.expand()

    def action_close_group(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)
