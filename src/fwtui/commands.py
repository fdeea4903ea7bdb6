"""Every binding, for the help screen and the command palette, and the palette's providers.

The list is read from the live widgets, so keys remapped through Textual's
keymap are shown as the user has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode

from .widgets.labels import one_line


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


def catalogue(app) -> list[Entry]:
    """Every binding with a description: the main screen's, its widgets', then the app's."""
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
        by_action: dict[str, list[str]] = {}
        first: dict[str, Binding] = {}
        bindings_map = node._bindings.copy()
        bindings_map.apply_keymap(app._keymap)  # as Screen._binding_chain does: show the user's keys
        for key, bindings in bindings_map.key_to_bindings.items():
            for binding in bindings:
                if binding.description and binding.system is False:
                    keys = by_action.setdefault(binding.action, [])
                    shown = app.get_key_display(binding.with_key(key))
                    if shown not in keys:
                        keys.append(shown)
                    first.setdefault(binding.action, binding)
        entries.extend(Entry(context, " ".join(keys), first[action], node) for action, keys in by_action.items())
    return entries


def dialog_keys(app) -> list[tuple[str, str, str]]:
    """(dialog, keys, description) for the keys inside the explorer's dialogs, for the help screen.

    These act only while their dialog is open, so they are listed but not offered in the palette.
    """
    from textual.binding import BindingsMap

    from .screens.compare import CompareScreen
    from .screens.environment import EnvironmentScreen
    from .screens.other_edition import OtherEditionScreen
    from .screens.run_snippets import RunSnippetsScreen

    rows = []
    for context, screen in (("Other edition (o)", OtherEditionScreen), ("Compare editions (D)", CompareScreen),
                            ("Run snippets (r)", RunSnippetsScreen), ("Node environment (n)", EnvironmentScreen)):
        bindings = BindingsMap(screen.BINDINGS)
        bindings.apply_keymap(app._keymap)
        by_action: dict[str, tuple[list[str], str]] = {}
        for key, found in bindings.key_to_bindings.items():
            for binding in found:
                if binding.description:
                    keys, _ = by_action.setdefault(binding.action, ([], binding.description))
                    shown = app.get_key_display(binding.with_key(key))
                    if shown not in keys:
                        keys.append(shown)
        rows.extend((context, " ".join(keys), description) for keys, description in by_action.values())
    return rows


class ActionCommands(Provider):
    """Runs any binding's action by its description."""

    def _entries(self) -> Iterator[tuple[str, Entry]]:
        seen: set[str] = set()
        for entry in catalogue(self.app):
            name = f"{entry.binding.description} ({entry.keys})"
            if name not in seen:
                seen.add(name)
                yield name, entry

    def _run(self, entry: Entry) -> None:
        self.app.call_later(self.app.run_action, entry.binding.action, entry.node)

    async def discover(self) -> Hits:
        for name, entry in self._entries():
            yield DiscoveryHit(Content(name), partial(self._run, entry), text=name, help=entry.context)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, entry in self._entries():
            found = matcher.match(name)
            if found:
                yield Hit(found, Content(name), partial(self._run, entry), text=name, help=entry.context)


class CriterionCommands(Provider):
    """Jumps to any criterion of the edition on screen, by title or id."""

    def _criteria(self) -> Iterator[tuple[str, str]]:
        main = _main_screen(self.app)
        if main is None:
            return
        for criterion in main.edition.criteria:
            yield criterion.id, f"Go to {one_line(criterion.title)}"

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
