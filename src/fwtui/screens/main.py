"""The explorer: criteria tree, snippet panes, verdict and scoreboard."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from ..model import Category, Criterion, Edition, Knowledge, Preset, Problem, Snippet, Team
from ..priorities import DEFAULT, LEVELS, MAX
from ..scoring import Scoreboard, default_priorities, score
from ..state import EditionState, State, starting_priorities
from ..widgets.criteria_tree import CriteriaTree
from ..widgets.footer import Footer
from ..widgets.info_bar import InfoBar
from ..widgets.labels import key_for, one_line, plain
from ..widgets.scoreboard import ScoreboardView
from ..widgets.snippet_pane import SnippetPane
from ..widgets.verdict_panel import VerdictPanel


class MainScreen(Screen):
    """Owns the session's choices (edition, priorities, preset, selection) and hands them down."""

    AUTO_FOCUS = "#tree"
    """Focus starts on the tree (Textual's default would give it to the hidden filter box first)."""

    BINDINGS = [
        Binding("plus,equals_sign", "change_level(1)", "Raise", id="priority.raise", tooltip="Raise the selected criterion's priority"),
        Binding("minus", "change_level(-1)", "Lower", id="priority.lower", tooltip="Lower the selected criterion's priority"),
        Binding("m", "note", "Note", id="main.note", tooltip="Write a note on the selected criterion"),
        Binding("x", "set_level(0)", "Switch off", show=False, id="priority.off"),
        *(
            Binding(str(level), f"set_level({level})", f"Priority {name}", show=False, id=f"priority.{name}")
            for level, name in enumerate(LEVELS)
        ),
        # priority: it acts when typed, before the keys typed right after it are routed, so that
        # a quick "/serv" filters instead of running the tree's keys (e would open the export).
        Binding("slash", "filter", "Filter", id="tree.filter", priority=True),
        Binding("escape", "clear_filter", "Clear filter, leave zoom", show=False, id="tree.clear_filter"),
        # Inside the filter box, priority too, for the same reason: "/cov Enter 3" typed in one
        # burst must leave the box at Enter so that the 3 sets a priority rather than being typed.
        # check_action lets these keys through to the widgets everywhere else.
        Binding("enter", "leave_filter", "Keep the filter, back to the tree", show=False, priority=True,
                id="filter.leave"),
        Binding("escape", "escape_filter", "Clear the filter", show=False, priority=True, id="filter.clear"),
        Binding("down", "filter_step(1)", "Next match", show=False, priority=True, id="filter.next"),
        Binding("up", "filter_step(-1)", "Previous match", show=False, priority=True, id="filter.previous"),
        Binding("p", "pick_preset", "Preset", id="main.preset"),
        Binding("v", "pick_edition", "Edition", id="main.edition"),
        Binding("c", "copy_snippet", "Copy", id="snippet.copy"),
        Binding("C", "save_snippet", "Save snippet to a file", show=False, id="snippet.save"),
        Binding("right_square_bracket", "step_snippet(1)", "Next snippet", show=False, id="snippet.next"),
        Binding("left_square_bracket", "step_snippet(-1)", "Previous snippet", show=False, id="snippet.previous"),
        Binding("z", "zoom", "Zoom pane", show=False, id="main.zoom"),
        Binding("g", "go_to_tipping", "Go to tipping point", show=False, id="main.tipping"),
        Binding("e", "export", "Export", id="main.export"),
        Binding("exclamation_mark", "problems", "Problems", show=False, id="main.problems"),
        Binding("o", "other_edition", "Other edition", show=False, id="main.other_edition",
                tooltip="The selected criterion as it stood in the other edition"),
        Binding("s", "shipped", "Shipped version", show=False, id="main.shipped",
                tooltip="The shipped criterion that an overlay's replaced, beside the overlay's"),
        Binding("D", "compare_editions", "Compare editions", show=False, id="main.compare"),
        Binding("r", "run_snippets", "Run snippets", show=False, id="main.run_snippets",
                tooltip="Run the selected criterion's runnable snippets here, CPU only"),
        Binding("n", "environment", "Node environment", show=False, id="main.environment"),
    ]

    # The screen draws none of these itself: repaint=False keeps a change from repainting the
    # whole terminal (bytes over SSH); the widgets bound to them repaint their own regions.
    board: reactive[Scoreboard | None] = reactive(None, always_update=True, repaint=False)
    criterion: reactive[Criterion | None] = reactive(None, repaint=False)
    snippet_index: reactive[int] = reactive(0, repaint=False)
    filter_text: reactive[str] = reactive("", repaint=False)
    notes: reactive[dict[str, str]] = reactive(dict, always_update=True, repaint=False)
    """The user's notes on this edition's criteria (the state's own dict: saved with the priorities)."""
    edition: reactive[Edition] = reactive(None, init=False, repaint=False)  # type: ignore[arg-type]
    preset: reactive[str | None] = reactive(None, repaint=False)
    """The preset the priorities still follow; None once any is changed by hand."""
    edition_label: reactive[str] = reactive("", repaint=False)
    preset_label: reactive[str] = reactive("", repaint=False)
    """What the header says: computed from the above, bound to the InfoBar."""

    class StateChanged(Message):
        """The user's choices changed; the app saves them (only the latest of a burst matters)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, MainScreen.StateChanged)

    def __init__(self, knowledge: Knowledge, problems: list[Problem], state: State,
                 edition: Edition, priorities: dict[str, int], preset: str | None, *,
                 python: str | None = None) -> None:
        """``python`` is ``--python``: listed first on the node screen, so the snippets' until another is picked."""
        super().__init__()
        self.python_option = python
        self.python: str | None = None
        """The interpreter picked on the node screen for this session's snippet runs; None: the first found."""
        self.knowledge = knowledge
        self.problems = problems
        self.state = state
        self.set_reactive(MainScreen.edition, edition)
        self.set_reactive(MainScreen.preset, preset)
        self.set_reactive(MainScreen.board, score(edition, self._framework_ids, priorities))
        self.set_reactive(MainScreen.notes, state.for_edition(edition.id).notes)
        self._last_pane: SnippetPane | None = None
        self._export_team: Team | None = None
        """Title, deciders, status and context of this session's last export: the next starts from them."""

    @property
    def _framework_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.knowledge.frameworks)

    def compose(self) -> ComposeResult:
        # The breakpoint class now, before the widgets below are styled: set in on_mount it restyled
        # every one of them before the first frame.
        self._fit_to_width(self.app.size.width)
        frameworks = self.knowledge.frameworks
        warnings = sum(p.is_warning for p in self.problems)
        overlays = self.knowledge.overlays
        yield InfoBar(self.knowledge.content_version, len(self.problems) - warnings, warnings,
                      [o.title for o in overlays]).data_bind(MainScreen.edition_label, MainScreen.preset_label)
        with Container(id="body"):
            with Vertical(id="sidebar"):
                yield CriteriaTree(frameworks, self.knowledge.categories, id="tree").data_bind(
                    MainScreen.board, MainScreen.filter_text
                )
            with Container(id="snippets"):
                for framework in frameworks:
                    yield SnippetPane(framework, classes="snippet").data_bind(
                        MainScreen.criterion, MainScreen.snippet_index
                    )
            yield ScoreboardView(frameworks, id="scoreboard").data_bind(MainScreen.board)
            yield VerdictPanel(frameworks, self.knowledge.categories, overlays, key_for(self, "main.shipped"),
                               id="verdict").data_bind(
                MainScreen.criterion, MainScreen.board, MainScreen.notes
            )
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(CriteriaTree)
        tree.border_title = "Criteria"
        self._label_scoreboard()
        selected = self.state.for_edition(self.edition.id).selected
        if selected:
            tree.show_criterion(selected)  # otherwise the tree starts on its first criterion
        # Fill the panes now, so the first frame the user sees is complete; the tree's
        # announcement of the same criterion a moment later changes nothing.
        # (The loader keeps criteria in tree order, so the first is the tree's first.)
        first = self.edition.criteria[0] if self.edition.criteria else None
        self.criterion = self.edition.criterion(selected or "") or first
        tree.focus()

    def _fit_to_width(self, width: int) -> None:
        """The breakpoint class for this width, now: Textual sets it on the screen's first Resize,
        which comes after the first frame, so a wide terminal first showed the narrow layout."""
        breakpoints = self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or []
        chosen = max((b for b in breakpoints if width >= b[0]), default=None)
        self.update_classes({name: (at, name) == chosen for at, name in breakpoints}, animate=False)

    def compute_edition_label(self) -> str:
        return self.edition.id

    def compute_preset_label(self) -> str:
        preset = self.edition.preset(self.preset) if self.preset else None
        return preset.title if preset else ("custom" if self._is_custom() else "none")

    def _is_custom(self) -> bool:
        # Any level other than normal (a set of the values is built in C: cheap at any size).
        return self.board is not None and bool(set(self.board.priorities.values()) - {DEFAULT})

    def _choices_changed(self) -> None:
        """Ask the app to save; what is saved is read when it saves (:meth:`record_choices`), so the
        order in which several of these reactives change together does not matter."""
        self.post_message(self.StateChanged())

    watch_board = watch_preset = watch_notes = watch_edition = _choices_changed

    def record_choices(self) -> None:
        """Write this edition's priorities, preset and selection into the state, for saving."""
        if self.board is None:
            return
        saved = self.state.for_edition(self.edition.id)
        if self.preset is not None or not self._still_follows_unshown_preset(saved):
            saved.preset = self.preset
        saved.priorities = self.board.priorities  # never mutated: each change makes a new board, so no copy per key
        saved.selected = self.criterion.id if self.criterion else saved.selected
        self.state.edition = self.edition.id

    def _still_follows_unshown_preset(self, saved: EditionState) -> bool:
        """Whether the saved preset is one this edition lacks (an overlay's, in a run without the overlay)
        and no priority has changed since: the preset is kept then, as the overlay criteria's levels are."""
        if saved.preset is None or self.edition.preset(saved.preset) is not None:
            return False
        assert self.board is not None
        return all(saved.priorities.get(cid, DEFAULT) == level for cid, level in self.board.priorities.items())

    # -- selection ------------------------------------------------------------------------------

    @on(CriteriaTree.CriterionHighlighted)
    def _criterion_highlighted(self, event: CriteriaTree.CriterionHighlighted) -> None:
        criterion = self.edition.criterion(event.criterion_id) if event.criterion_id else None
        if criterion is not None:
            self._show_criterion(criterion)

    def watch_criterion(self) -> None:
        self._choices_changed()  # the selection is saved too
        if self.knowledge.overlays:  # whether the shipped version can be shown follows the criterion
            self.refresh_bindings()

    def _show_criterion(self, criterion: Criterion) -> None:
        if criterion is not self.criterion:
            with self.app.batch_update():  # one frame for panes, verdict and their new sizes
                self.snippet_index = 0
                self.criterion = criterion

    def _criterion_for_keys(self) -> Criterion | None:
        """The criterion a key acts on: the one under the tree's cursor, wherever the keys before left it.

        The tree moves its cursor as each key arrives but announces the move later, so keys typed
        ahead ("j j j 3") would act on the criterion selected before the moves: the panes catch up
        here first. On a group row there is no criterion: None, and the user is told why.
        """
        tree = self.query_one(CriteriaTree)
        if tree.shows_no_criterion:  # the panes show the last criterion, which the filter has hidden
            self.notify("No criterion matches the filter: Esc clears it.", severity="warning")
            return None
        node = tree.cursor_node
        if node is not None and isinstance(node.data, Category):
            self.notify(f"{one_line(node.data.title)} is a group: priorities and notes belong to its criteria. "
                        "Move to one (j or l) first.", severity="warning", markup=False)
            return None
        if node is not None and isinstance(node.data, Criterion):
            self._show_criterion(node.data)
        if self.criterion is None:
            self.notify("Choose a criterion in the tree first.", severity="warning")
        return self.criterion

    def go_to_criterion(self, criterion_id: str) -> None:
        """Select a criterion from anywhere (palette, tipping point), clearing a filter that hides it."""
        tree = self.query_one(CriteriaTree)
        if not tree.show_criterion(criterion_id):
            self.action_clear_filter()
            tree.show_criterion(criterion_id)
        tree.focus()

    # -- priorities -----------------------------------------------------------------------------

    def action_change_level(self, step: int) -> None:
        criterion = self._criterion_for_keys()
        if criterion is None or self.board is None:
            return
        level = self.board.level(criterion.id)
        if not 0 <= level + step <= MAX:  # a key that changes nothing says why, rather than nothing
            self.notify(f"{one_line(criterion.title)} is already at {LEVELS[level]}, the "
                        f"{'highest' if step > 0 else 'lowest'} priority.", markup=False)
            return
        self._set_level(criterion, level + step)

    def action_set_level(self, level: int) -> None:
        criterion = self._criterion_for_keys()
        if criterion is not None:
            self._set_level(criterion, level)

    def _set_level(self, criterion: Criterion, level: int) -> None:
        assert self.board is not None
        if self.board.level(criterion.id) == level:
            return
        self.board = self.board.with_priority(criterion.id, level)
        self.preset = None

    def action_note(self) -> None:
        from .note import NoteScreen

        criterion = self._criterion_for_keys()
        if criterion is None:
            return
        self.app.push_screen(NoteScreen(criterion.title, criterion.id, self.notes.get(criterion.id, "")),
                             lambda text: self._keep_note(criterion, text))

    def _keep_note(self, criterion: Criterion, text: str | None) -> None:
        """Keep (or, empty, remove) the note; it is saved with the priorities."""
        if text is None or text == self.notes.get(criterion.id, ""):
            return
        if text:
            self.notes[criterion.id] = text
        else:
            self.notes.pop(criterion.id, None)
        self.notes = self.notes  # the same dict, announced again: the verdict panel shows it and it is saved

    def action_pick_preset(self) -> None:
        from .picker import PickerScreen

        options = [(p.id, p.title, self._preset_description(p)) for p in self.edition.presets]
        options.append(("", "Every criterion normal", "Start again from equal priorities."))
        self.app.push_screen(PickerScreen("Priority preset", options, self.preset or ""), self._apply_preset)

    def _preset_description(self, preset: Preset) -> str:
        """The preset's description, after the overlay it comes from when it is an overlay's."""
        if not preset.overlay:
            return preset.description
        return f"From overlay «{self.knowledge.overlay_title(preset.overlay)}». {preset.description}".rstrip()

    def _apply_preset(self, preset_id: str | None) -> None:
        if preset_id is None:
            return
        self.preset = preset_id or None
        self.board = score(self.edition, self._framework_ids, default_priorities(self.edition, self.preset))

    # -- editions -------------------------------------------------------------------------------

    def action_pick_edition(self) -> None:
        from .picker import PickerScreen

        options = [(e.id, e.title, one_line(e.summary)) for e in reversed(self.knowledge.editions)]
        self.app.push_screen(PickerScreen("Edition", options, self.edition.id), self._switch_edition)

    def _kept_priorities(self, edition: Edition) -> dict[str, int]:
        """The levels last set on another edition: what its criteria without a counterpart here keep."""
        return starting_priorities(edition, self.state.for_edition(edition.id))[0]

    def _switch_edition(self, edition_id: str | None) -> None:
        """Open another edition with the priorities carried over as the comparison (D) carries them."""
        from ..compare import carry_over

        edition = self.knowledge.edition(edition_id) if edition_id else None
        if edition is None or edition is self.edition or self.board is None:
            return
        self.record_choices()  # what was chosen on the edition being left, before its board is replaced
        source = self.edition
        saved = self.state.for_edition(edition.id)
        carried = carry_over(self.knowledge, source, edition, self.board.priorities, self._kept_priorities(edition),
                             self.criterion.id if self.criterion else None)
        self.preset = None
        self.edition = edition
        self.criterion = None
        self.board = carried.board
        self.notes = saved.notes
        selected = carried.follows or saved.selected
        if selected:
            self.query_one(CriteriaTree).show_criterion(selected)
        where = (f"priorities carried from {one_line(source.id)} by the criteria each continues" if carried.carried
                 else f"your {one_line(edition.id)} priorities (no criterion continues one of {one_line(source.id)})")
        self.notify(f"Edition {one_line(edition.title)}: {where}.", markup=False)

    # -- filter ---------------------------------------------------------------------------------

    @property
    def _filter_box(self) -> Input | None:
        """The filter box, once / has made it: most sessions never filter, and an Input's styles were a
        tenth of the explorer's start-up."""
        return next(iter(self.query("#filter").results(Input)), None)

    async def action_filter(self) -> None:
        box = self._filter_box
        if box is not None and self._in_filter:  # the key is a priority binding: inside the filter it is a character
            box.insert_text_at_cursor("/")
            return
        if box is None:  # awaited: the keys typed after / are routed once it can take them
            box = Input(placeholder="filter criteria", id="filter")
            await self.query_one("#sidebar").mount(box, before=0)
        box.display = True
        # At once, not after a refresh as focus() does: what is typed right after / belongs to the
        # filter, not to the tree's keys (a quick "/serv" would otherwise open the export dialog on e).
        self.set_focus(box)

    def action_clear_filter(self) -> None:
        if self.screen.maximized is not None:
            self.minimize()
            return
        box = self._filter_box
        if box is None or (not box.display and not self.filter_text):
            return
        box.value = ""
        box.display = False
        self.filter_text = ""
        self.set_focus(self.query_one(CriteriaTree))

    @property
    def _in_filter(self) -> bool:
        return isinstance(self.focused, Input) and self.focused.id == "filter"

    FILTER_ACTIONS = frozenset({"leave_filter", "escape_filter", "filter_step"})
    """Actions of the priority keys that belong to the filter box, and act only while it has focus."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.FILTER_ACTIONS:
            return self._in_filter
        if action == "shipped":
            # Hidden without overlays; shown but disabled on a criterion that replaces nothing.
            if not self.knowledge.overlays:
                return False
            return True if self.criterion is not None and self.criterion.replaces is not None else None
        return True

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value

    def action_leave_filter(self) -> None:
        # At once, the filter as typed so far and then the focus: the next key typed is the tree's,
        # and acts on the match the cursor is on.
        self.filter_text = self.query_one("#filter", Input).value
        self.set_focus(self.query_one(CriteriaTree))

    def action_escape_filter(self) -> None:
        self.action_clear_filter()

    def action_filter_step(self, step: int) -> None:
        self.filter_text = self.query_one("#filter", Input).value  # the matches of what is typed so far
        self.query_one(CriteriaTree).step_criterion(step)

    # -- snippets -------------------------------------------------------------------------------

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, SnippetPane):
            self._last_pane = event.widget

    def action_step_snippet(self, step: int) -> None:
        if self.criterion is None:
            return
        most = max((len(s) for s in self.criterion.snippets.values()), default=1)
        self.snippet_index = (self.snippet_index + step) % max(most, 1)

    def _snippet_on_show(self) -> tuple[SnippetPane, Snippet] | None:
        focused = self.focused
        pane = focused if isinstance(focused, SnippetPane) else self._last_pane or self.query(SnippetPane).first()
        if pane is None or pane.snippet is None:
            self.notify("No snippet here.", severity="warning")
            return None
        return pane, pane.snippet

    def action_copy_snippet(self) -> None:
        from ..clipboard import copy

        shown = self._snippet_on_show()
        if shown is not None:
            pane, snippet = shown
            copy(self.app, plain(snippet.code), f"{one_line(pane.framework.name)}: {one_line(snippet.title)}",
                 fallback="C saves it to a file instead.")

    def action_save_snippet(self) -> None:
        from ..clipboard import save_snippet
        from ..safefile import WriteError

        shown = self._snippet_on_show()
        if shown is None or self.criterion is None:
            return
        pane, snippet = shown
        number = pane.snippets.index(snippet) + 1
        try:
            path = save_snippet(self.criterion.id, pane.framework.id, number, snippet)
        except WriteError as error:
            self.notify(f"Could not save the snippet: {error}", severity="error", markup=False)
            return
        self.notify(f"Saved {one_line(pane.framework.name)}: {one_line(snippet.title)} to {path}",
                    title="Saved", markup=False, timeout=10)

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused)

    def watch_maximized(self, previous: Widget | None, maximized: Widget | None) -> None:
        # Back from a zoom (z, or Esc, which Textual handles itself) the pane shows its beginning
        # again, not whatever line the larger view was scrolled to, mid-text in the small one.
        if previous is not None and maximized is None:
            previous.scroll_home(animate=False)
        self._label_scoreboard()

    def _label_scoreboard(self) -> None:
        """Where to find the breakdown, on the scoreboard itself, and the way back from it."""
        zoom = key_for(self, "main.zoom")
        board = self.query_one(ScoreboardView)
        if zoom:
            board.border_subtitle = f"{zoom} or Esc: back" if board.is_maximized else f"{zoom} why"

    def action_go_to_tipping(self) -> None:
        tip = self.board.cheapest_tipping if self.board else None
        if tip is None:
            self.notify("No single priority change alters the leader.")
            return
        self.go_to_criterion(tip.criterion_id)

    # -- dialogs --------------------------------------------------------------------------------

    def action_export(self) -> None:
        from .export import ExportDialog

        assert self.board is not None
        self.app.push_screen(ExportDialog(self.knowledge, self.edition, dict(self.board.priorities), self.preset,
                                          dict(self.notes), self._export_team), self._exported)

    def _exported(self, team: Team | None) -> None:
        if team is not None:  # the next export of this session starts from the same title and deciders
            self._export_team = team

    def action_problems(self) -> None:
        from .problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.problems))

    def action_other_edition(self) -> None:
        from .other_edition import OtherEditionScreen

        if self.criterion is None:
            self.notify("Choose a criterion in the tree first.", severity="warning")
            return
        self.app.push_screen(OtherEditionScreen(self.knowledge, self.edition, self.criterion))

    def action_shipped(self) -> None:
        from .shipped import ShippedScreen

        criterion = self._criterion_for_keys()
        if criterion is not None and criterion.replaces is not None:  # as check_action has made sure
            self.app.push_screen(ShippedScreen(self.knowledge, criterion))

    def action_compare_editions(self) -> None:
        from ..compare import counterpart
        from .compare import CompareScreen

        pair = counterpart(self.knowledge, self.edition)
        if pair is None:
            self.notify("Only one edition here: nothing to compare it with.", severity="warning")
            return
        assert self.board is not None
        preset = self.edition.preset(self.preset) if self.preset else None
        label = f"preset {preset.title}" if preset else ("yours" if self._is_custom() else "every criterion normal")
        other = pair[0] if pair[1] is self.edition else pair[1]
        self.app.push_screen(CompareScreen(self.knowledge, *pair, self.edition, dict(self.board.priorities), label,
                                           self._kept_priorities(other)))

    def action_run_snippets(self) -> None:
        from ..envinfo import default_python
        from ..verify import Options
        from .run_snippets import RunSnippetsScreen

        if self.criterion is None:
            self.notify("Choose a criterion in the tree first.", severity="warning")
            return
        options = Options(python=self.python or default_python(self.python_option))
        self.app.push_screen(RunSnippetsScreen(self.knowledge, self.edition, self.criterion, options))

    def action_environment(self) -> None:
        from .environment import EnvironmentScreen

        self.app.push_screen(EnvironmentScreen(self.knowledge, self.python_option, self.python), self._use_python)

    def _use_python(self, python: str | None) -> None:
        if python:
            self.python = python
