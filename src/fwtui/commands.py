"""Every fwtui binding, for the help screen and the command palette, and the palette's providers.

The list is read from the live widgets, so keys remapped through Textual's
keymap are shown as the user has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from textual.actions import parse
from textual.binding import Binding, BindingsMap
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode

from .widgets.labels import one_line
from .widgets.textual_internals import apply_user_keymap


@dataclass(frozen=True)
class Entry:
    """One action the user can take, where it applies, and the keys that do it."""

    context: str
    keys: str
    binding: Binding
    node: DOMNode


def _main_screen(app):
    """The explorer's main screen: the app's default screen, found without importing its module."""
    return app.get_default_screen()


def own_bindings(app, node: DOMNode) -> BindingsMap:
    """The bindings fwtui's own classes declare on ``node``, with the user's keymap applied.

    Textual's widgets bring keys of their own (Page Left, Copy selected text, Focus Next...):
    they are Textual's to document, and the help lists the few that matter in EXTRA instead.
    """
    bindings = [binding for cls in reversed(type(node).__mro__) if cls.__module__.startswith("fwtui.")
                for binding in cls.__dict__.get("BINDINGS", ())]
    return apply_user_keymap(app, BindingsMap(bindings))


def _by_action(app, bindings_map: BindingsMap) -> dict[str, tuple[list[str], Binding]]:
    """Each described action's keys, as shown, and its first binding."""
    by_action: dict[str, tuple[list[str], Binding]] = {}
    for key, bindings in bindings_map.key_to_bindings.items():
        for binding in bindings:
            if binding.description and binding.system is False:
                keys, _ = by_action.setdefault(binding.action, ([], binding))
                shown = app.get_key_display(binding.with_key(key))
                if shown not in keys:
                    keys.append(shown)
    return by_action


def catalogue(app) -> list[Entry]:
    """Every fwtui binding with a description: the main screen's, its widgets', then the app's."""
    from .widgets.criteria_tree import CriteriaTree
    from .widgets.snippet_pane import SnippetPane

    main = _main_screen(app)
    sources: list[tuple[str, DOMNode]] = []
    if main is not None:
        sources.append(("Explorer", main))
        for label, kind in (("Criteria tree", CriteriaTree), ("Snippet pane", SnippetPane)):
            widget = main.query(kind).first() if main.query(kind) else None
            if widget is not None:
                sources.append((label, widget))
    sources.append(("Everywhere", app))
    entries: list[Entry] = []
    for context, node in sources:
        for action, (keys, binding) in _by_action(app, own_bindings(app, node)).items():
            where = "Filter box" if (binding.id or "").startswith("filter.") else context
            entries.append(Entry(where, " ".join(keys), binding, node))
    return entries


def dialog_keys(app) -> list[tuple[str, str, str]]:
    """(dialog, keys, description) for the keys inside the explorer's dialogs, for the help screen.

    These act only while their dialog is open, so they are listed but not offered in the palette.
    """
    from .screens.compare import CompareScreen
    from .screens.environment import EnvironmentScreen
    from .screens.other_edition import OtherEditionScreen
    from .screens.run_snippets import RunSnippetsScreen
    from .screens.shipped import ShippedScreen

    from .screens.note import NoteScreen

    rows = []
    for context, screen in (("Note (m)", NoteScreen), ("Other edition (o)", OtherEditionScreen),
                            ("Shipped version (s)", ShippedScreen),
                            ("Compare editions (D)", CompareScreen), ("Run snippets (r)", RunSnippetsScreen),
                            ("Node environment (n)", EnvironmentScreen)):
        bindings = apply_user_keymap(app, BindingsMap(screen.BINDINGS))
        rows.extend((context, " ".join(keys), binding.description) for keys, binding in _by_action(app, bindings).values())
    return rows


class ActionCommands(Provider):
    """Runs any fwtui binding's action by its description; Textual's own commands (theme, screenshot) after them."""

    def _entries(self) -> Iterator[tuple[str, Entry, Content, str]]:
        """(name, entry, prompt, help) for each action offered; one its node disables now is dimmed and says so."""
        seen: set[str] = set()
        for entry in catalogue(self.app):
            if entry.context == "Filter box":
                continue  # those keys act inside the filter box only
            name = f"{entry.binding.description} ({entry.keys})"
            if name in seen:
                continue
            seen.add(name)
            # As the footer reads check_action: False hides an action, None shows it disabled.
            _, action, parameters = parse(entry.binding.action)
            state = entry.node.check_action(action, parameters)
            if state is False:
                continue
            if state is None:
                yield name, entry, Content.styled(name, "dim"), f"{entry.context}: not available now"
            else:
                yield name, entry, Content(name), entry.context

    def _run(self, entry: Entry) -> None:
        self.app.call_later(self.app.run_action, entry.binding.action, entry.node)

    async def discover(self) -> Hits:
        # One provider for both, so that fwtui's entries come first: the palette lists discovered
        # commands in the order they arrive, and two providers would arrive in either order.
        for name, entry, prompt, help_text in self._entries():
            yield DiscoveryHit(prompt, partial(self._run, entry), text=name, help=help_text)
        for command in self.app.get_system_commands(self.screen):
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, entry, prompt, help_text in self._entries():
            found = matcher.match(name)
            if found:
                yield Hit(found, prompt, partial(self._run, entry), text=name, help=help_text)
        for command in self.app.get_system_commands(self.screen):
            found = matcher.match(command.title)
            if found:
                yield Hit(found, matcher.highlight(command.title), command.callback, help=command.help)


class CriterionCommands(Provider):
    """Jumps to any criterion of the edition on screen, by title or id."""

    def _criteria(self) -> Iterator[tuple[str, str]]:
        main = _main_screen(self.app)
        if main is None:
            return
        for criterion in main.edition.criteria:
            # With the id: what `fwtui export --priority ID=LEVEL` takes.
            yield criterion.id, f"Go to {one_line(criterion.title)} ({one_line(criterion.id)})"

    def _go(self, criterion_id: str) -> None:
        main = _main_screen(self.app)
        if main is not None:
            main.go_to_criterion(criterion_id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for criterion_id, name in self._criteria():
            found = max(matcher.match(name), matcher.match(criterion_id))
            if found:
                # Knowledge text: shown as plain Content, never through the markup-parsing highlighter.
                yield Hit(found, Content(name), partial(self._go, criterion_id), text=name)
