"""The criteria, grouped by category, each with its priority, verdict marker and, if an overlay's, its overlay mark."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Span, Text
from textual.binding import Binding
from textual.fuzzy import Matcher
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ..model import Category, Criterion, Framework
from ..scoring import Scoreboard
from .frame_style import FollowsItsPartStyles, StyledOncePerFrame
from .labels import PRIORITY_METER, abbreviations, literal, one_line, overlay_mark, verdict_mark
from .textual_internals import invalidated_once, restyle_tree


SUMMARY_MATCH = 1.0
"""The score of a match in a criterion's summary or category; a title or id match scores above it."""


class CriteriaTree(Tree[Criterion | Category], StyledOncePerFrame, FollowsItsPartStyles):
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
        Binding("j,down", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("l,right", "open_group", "Open group", show=False, id="tree.open"),
        Binding("h,left", "close_group", "Close group / go to group", show=False, id="tree.close"),
        Binding("home", "scroll_home", "First", show=False, id="tree.first"),
        Binding("end", "scroll_end", "Last", show=False, id="tree.last"),
    ]

    board: reactive[Scoreboard | None] = reactive(None, always_update=True, repaint=False)
    """The edition and priorities to show; a new edition rebuilds the tree, a new priority relabels one line."""
    filter_text: reactive[str] = reactive("", repaint=False)
    """Only criteria that match this are shown: fuzzily by title or id (as the command palette
    matches), or word for word in their summary or category. The cursor goes to the best match."""

    class CriterionHighlighted(Message):
        """The cursor is on a criterion (or on a group: ``criterion_id`` is None)."""

        def __init__(self, tree: CriteriaTree, criterion_id: str | None) -> None:
            super().__init__()
            self.tree = tree
            self.criterion_id = criterion_id

        @property
        def control(self) -> CriteriaTree:
            """The tree that posted it, so ``@on(..., "#id")`` selectors work as for Textual's own messages."""
            return self.tree

        def can_replace(self, message: Message) -> bool:
            # Holding down an arrow key: only the last position matters.
            return isinstance(message, CriteriaTree.CriterionHighlighted)

    def __init__(self, frameworks: Sequence[Framework], categories: Sequence[Category], **kwargs) -> None:
        self._label_widths: dict[int, tuple[object, bool, int]] = {}
        """Node id to (label, expandable, width); set first, as Tree's own __init__ measures its root."""
        super().__init__("criteria", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._marks = abbreviations(frameworks)
        self._categories = tuple(categories)
        self._leaves: dict[str, TreeNode[Criterion | Category]] = {}
        self._showing: TreeNode[Criterion | Category] | None = None
        self._last_announced: str | None = None
        """The last criterion the cursor was on, where a filter that matched nothing leaves the panes."""
        self._overlay_column = False
        """Whether the lines have a column for the overlay marks: only when the edition has an overlay's criteria."""
        self._mark_width = max(map(len, self._marks.values()), default=1)
        self._styles: dict[tuple[str, bool], tuple[object, Style]] = {}
        """(component, partial) to (the node holding the component's styles, their Rich style)."""
        self._label_styles: dict[str, Style] = {}
        """The label parts' styles by name, looked up once per theme: a tree of 5,000 criteria asked
        for them 10,000 times on every rebuild."""

    def notify_style_update(self) -> None:
        restyle_tree(self)  # Tree's own handler, less its relayout; the mixins' handlers run in it

    def parts_restyled(self) -> None:
        """The labels carry their parts' colours (meter, marks, counts): all of them again, in place,
        so that the lines and the cursor stay as they are."""
        self._label_styles = {}
        for group in self.root.children:
            assert isinstance(group.data, Category)
            group.set_label(self._group_label(group.data.title, len(group.children)))
            for leaf in group.children:
                leaf.set_label(self._leaf_label(leaf.data))

    def get_component_rich_style(self, *names: str, partial: bool = False, default: Style | None = None) -> Style:
        """Textual's answer, kept for as long as the component's styles are the same.

        Textual forgets these at every refresh, and a cursor move refreshes two lines: each move
        worked the guides' styles out again from every ancestor, before the first byte of its frame.
        Restyling gives each component a new node to hold its styles, and so a new answer here.
        """
        if len(names) != 1 or default is not None:
            return super().get_component_rich_style(*names, partial=partial, default=default)
        holder = self.get_component_styles(names[0]).node
        kept = self._styles.get((names[0], partial))
        if kept is not None and kept[0] is holder:
            return kept[1]
        style = super().get_component_rich_style(*names, partial=partial)
        self._styles[(names[0], partial)] = (holder, style)
        return style

    def get_label_width(self, node: TreeNode[Criterion | Category]) -> int:
        """The label's width, measured once per label: Textual measures every line again whenever the
        tree's lines are rebuilt (each style update does it), which with 5,000 criteria cost seconds."""
        cached = self._label_widths.get(node.id)
        if cached is not None and cached[0] is node.label and cached[1] == node.allow_expand:
            return cached[2]
        # A leaf's line is its label alone (Tree.render_label adds an icon only where the node
        # expands): its width is the label's, without the styled copy that render_label makes.
        width = super().get_label_width(node) if node.allow_expand else node.label.cell_len
        self._label_widths[node.id] = (node.label, node.allow_expand, width)
        return width

    def process_label(self, label: str | Text) -> Text:
        """A label as it is: ours are built on one line (``one_line``), and Textual's own processing
        splits each into lines, a copy of every label twice per node (20,000 for 5,000 criteria)."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def render_label(self, node: TreeNode[Criterion | Category], base_style: Style, style: Style) -> Text:
        """Textual's label, ended with an ellipsis where the tree is too narrow for it: cut off
        without one, "Graph creation and de" read as a whole (and wrong) title."""
        label = super().render_label(node, base_style, style)
        guides = 0 if node.parent is self.root else self.guide_depth  # groups have none; their criteria one
        room = self.scrollable_content_region.width - guides
        if 1 < room < label.cell_len:
            label.truncate(room, overflow="ellipsis")
        return label

    def _style(self, component: str) -> Style:
        style = self._label_styles.get(component)
        if style is None:
            style = self._label_styles[component] = self.get_component_rich_style(component, partial=True)
        return style

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
            self._rebuild(to_best_match=True)

    def _rebuild(self, to_best_match: bool = False) -> None:
        """Build the tree for the board and filter; the cursor stays on its criterion, or goes to the best match."""
        keep = self.cursor_criterion_id or self._last_announced  # a filter that matched nothing keeps the place
        self.clear()
        self._leaves = {}
        self._label_widths = {}
        board = self.board
        assert board is not None
        self._overlay_column = any(c.overlay for c in board.edition.criteria)
        needle = self.filter_text.strip()
        matcher = Matcher(needle) if needle else None
        grouped: dict[str, list[Criterion]] = {c.id: [] for c in self._categories}
        for criterion in board.edition.criteria:
            grouped.setdefault(criterion.category, []).append(criterion)
        titles = {c.id: c.title for c in self._categories}
        best: tuple[float, str] | None = None
        with invalidated_once(self):  # one rebuild of the tree's lines, not one per node
            for category_id, criteria in grouped.items():
                title = titles.get(category_id, category_id)
                shown = []
                for criterion in criteria:
                    score = self._match_score(matcher, criterion, title) if matcher else 1.0
                    if score:
                        shown.append(criterion)
                        if best is None or score > best[0]:
                            best = (score, criterion.id)
                if not shown:
                    continue
                group = self.root.add(self._group_label(title, len(shown)), Category(category_id, title), expand=True)
                for criterion in shown:
                    self._leaves[criterion.id] = group.add_leaf(self._leaf_label(criterion), criterion)
        self.border_subtitle = "no criterion matches" if matcher and not self._leaves else ""
        if (to_best_match and matcher and best) or keep not in self._leaves:
            keep = best[1] if matcher and best else next(iter(self._leaves), None)
        if keep is not None:
            self.show_criterion(keep)
        else:
            self.call_after_refresh(self._announce)

    @staticmethod
    def _match_score(matcher: Matcher, criterion: Criterion, category_title: str) -> float:
        """How well a criterion matches: a title or id match ranks above any match in its summary or category.

        Titles and ids are short and matched fuzzily, as the palette does; the longer summary
        and the category only by the words as typed (a fuzzy match there matches nearly anything).
        """
        named = max(matcher.match(one_line(criterion.title)), matcher.match(criterion.id))
        if named:
            return SUMMARY_MATCH + named
        needle = matcher.query.casefold()
        return SUMMARY_MATCH if needle in f"{criterion.summary} {category_title}".casefold() else 0.0

    def step_criterion(self, step: int) -> None:
        """Move the cursor to the next (1) or previous (-1) criterion shown, past group rows."""
        ids = list(self._leaves)
        if not ids:
            return
        current = self.cursor_criterion_id
        if current is None:  # on a group row, which sits between two criteria
            node = self.cursor_node
            line = node.line if node is not None else -1
            after = next((n for n, i in enumerate(ids) if self._leaves[i].line > line), len(ids))
            index = after if step > 0 else after - 1
        else:
            index = ids.index(current) + step
        self.show_criterion(ids[min(max(index, 0), len(ids) - 1)])

    def _group_label(self, title: str, count: int) -> Text:
        label = literal(one_line(title), "bold")
        label.append(f" ({count})", self._style("criteria-tree--count"))
        return label

    def _leaf_label(self, criterion: Criterion | Category | None) -> Text:
        assert isinstance(criterion, Criterion)
        board = self.board
        level = board.level(criterion.id) if board else 0
        meter = PRIORITY_METER[level]
        mark = f" {verdict_mark(criterion.verdict, self._marks):<{self._mark_width}} "
        if self._overlay_column:  # every line has it, so that the titles stay in one column
            mark += f"{overlay_mark(criterion) or ' '} "
        # One Text from its parts, each part's style on its own span (as the Text's style it would
        # colour the title too): built whole, as 5,000 criteria are built at every start and filter.
        title_at = len(meter) + len(mark)
        return Text(f"{meter}{mark}{one_line(criterion.title)}", spans=[
            Span(0, len(meter), self._style("criteria-tree--meter" if level else "criteria-tree--off")),
            Span(len(meter), title_at, self._style("criteria-tree--mark")),
        ])

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
        placed_at = None
        if self.last_line >= 0:
            with self.prevent(Tree.NodeHighlighted):
                self.cursor_line = placed_at = node.line
        self._showing = node
        self.call_after_refresh(self._move_to, node, placed_at)
        return True

    def _move_to(self, node: TreeNode[Criterion | Category], placed_at: int | None) -> None:
        if node is not self._showing:
            return  # a later show_criterion (or a rebuild) has taken over
        if placed_at is not None and self.cursor_line != placed_at:
            return  # keys typed since have moved the cursor on: they win
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)
        self._announce()

    @property
    def shows_no_criterion(self) -> bool:
        """A filter has left no criterion in the tree (the panes still show the last one)."""
        return not self._leaves

    def _announce(self) -> None:
        criterion_id = self.cursor_criterion_id
        if criterion_id is not None:
            self._last_announced = criterion_id
        self.post_message(self.CriterionHighlighted(self, criterion_id))

    def on_resize(self) -> None:
        # A smaller window must not hide the cursor's line: the priority keys act on its criterion.
        self.call_after_refresh(self._keep_cursor_in_view)

    def _keep_cursor_in_view(self) -> None:
        if self.cursor_line >= 0:
            self.scroll_to_line(self.cursor_line, animate=False)

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
