"""Overlays: a user's or a team's own criteria and presets, laid over the base knowledge.

They are found, lowest precedence first, in the user's config directory, in the
nearest ``.fwtui/`` (as git finds ``.git``), in ``$FWTUI_OVERLAY`` and in each
``--overlay``: on the same criterion or preset id, the later one wins. The command
line comes after the environment, as ``--knowledge`` beats ``$FWTUI_KNOWLEDGE``.
A broken overlay never hides the base: its invalid files are skipped, with a
problem each, and the rest of it applies.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .model import WARNING, Knowledge, Overlay, Problem

if TYPE_CHECKING:
    from .loader import OverlayContent
from .paths import ENV_OVERLAY, PROJECT_OVERLAY, user_overlay_dir

USER, PROJECT, ENV, OPTION = "user", "project", "env", "option"
"""Where an overlay came from, as :attr:`Overlay.origin` names it."""


@dataclass(frozen=True)
class Found:
    """An overlay directory to read, and how to name it to the user."""

    path: Path
    shown: str
    origin: str
    foreign_owner: int | None = None
    """For a ``.fwtui/`` found by walking up: the user id that owns it when that is not this user."""


def find_overlays(options: Sequence[str] = (), cwd: Path | None = None,
                  environ: Mapping[str, str] = os.environ) -> list[Found]:
    """The overlays in effect, lowest precedence first; a directory found twice counts once, at its later place.

    The user's and the project's are used only when they exist; one named by
    ``$FWTUI_OVERLAY`` or ``--overlay`` is kept even when missing, so that reading it says so.
    """
    found = []
    user = user_overlay_dir()
    if user.is_dir():
        found.append(Found(user, _home_relative(user), USER))
    cwd = cwd or _current_directory()
    project = nearest_project_overlay(cwd) if cwd is not None else None
    if project is not None:
        shown = os.path.relpath(project, cwd)
        found.append(Found(Path(shown), shown, PROJECT, _foreign_owner(project)))
    named = [(item, ENV) for item in environ.get(ENV_OVERLAY, "").split(os.pathsep) if item.strip()]
    named += [(item, OPTION) for item in options]
    found += [Found(Path(item).expanduser(), item, origin) for item, origin in named]
    last: dict[str, int] = {_identity(item.path): n for n, item in enumerate(found)}
    return [item for n, item in enumerate(found) if last[_identity(item.path)] == n]


def _current_directory() -> Path | None:
    """The working directory, or None when it was removed under us (then there is no project overlay)."""
    try:
        return Path.cwd()
    except OSError:
        return None


def _identity(path: Path) -> str:
    """What makes two names one directory; a relative name stays as it is when the working directory is gone."""
    try:
        return os.path.realpath(path)
    except OSError:
        return str(path)


def nearest_project_overlay(start: Path) -> Path | None:
    """``.fwtui/`` in ``start`` or its nearest parent that has one."""
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_OVERLAY
        if candidate.is_dir():
            return candidate
    return None


def _foreign_owner(folder: Path) -> int | None:
    """The owner of ``folder`` when it is another user (as git refuses a repository it does not own).

    A ``.fwtui/`` is picked up just by working below it: one that someone else made in
    /tmp or a shared folder would otherwise change the verdicts, and add snippets that
    ``r`` runs, without the user having chosen it.
    """
    if not hasattr(os, "getuid"):
        return None
    try:
        owner = folder.stat().st_uid
    except OSError:
        return None
    return owner if owner != os.getuid() else None


def _home_relative(path: Path) -> str:
    """``~/...`` for a path in the home directory: how the user knows it, and no home path in an export."""
    home = Path.home()
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)


def apply_overlays(knowledge: Knowledge, found: Sequence[Found]) -> tuple[Knowledge, list[Problem]]:
    """``knowledge`` with each overlay laid over it in turn, and every overlay's problems."""
    problems: list[Problem] = []
    if not found:
        return knowledge, problems
    from .loader import read_overlay  # the YAML reader: only when there is an overlay to read

    for item in found:
        if item.foreign_owner is not None:
            problems.append(Problem(item.shown, None, f"not used: owned by another user (uid {item.foreign_owner}); "
                                    f"--overlay {item.shown} uses it if you trust it", WARNING))
            continue
        content, read_problems = read_overlay(item.path, knowledge)
        problems += read_problems
        if content is not None:
            overlay = Overlay(content.title or item.shown, item.shown, content.fingerprint, item.origin,
                              content.description)
            knowledge = lay_over(knowledge, overlay, content)
    return knowledge, problems


def lay_over(knowledge: Knowledge, overlay: Overlay, content: OverlayContent) -> Knowledge:
    """A new Knowledge: the overlay's criteria and presets added, or replacing those of the same id."""
    from .loader import tree_order

    categories = (*knowledge.categories, *content.categories)
    rank = {c.id: n for n, c in enumerate(categories)}
    editions = []
    for edition in knowledge.editions:
        added, presets = content.criteria.get(edition.id, []), content.presets.get(edition.id, [])
        if not added and not presets:
            editions.append(edition)
            continue
        criteria = {c.id: c for c in edition.criteria}
        for criterion in added:
            earlier = criteria.get(criterion.id)
            shipped = earlier.replaces if earlier is not None and earlier.overlay else earlier
            criteria[criterion.id] = replace(criterion, overlay=overlay.path, replaces=shipped)
        by_id = {p.id: p for p in edition.presets} | {p.id: replace(p, overlay=overlay.path) for p in presets}
        editions.append(replace(edition, criteria=tuple(tree_order(criteria.values(), rank)),
                                presets=tuple(by_id.values())))
    return replace(knowledge, categories=categories, editions=tuple(editions),
                   overlays=(*knowledge.overlays, overlay))
