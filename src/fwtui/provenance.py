"""How fresh the knowledge is, in words: each source's kind and check date, an edition's age,
the versions its snippets were verified on.

The verdict panel and the export say these the same way, from here. The text
is built from knowledge values: callers escape it for where it goes (markdown
or the terminal).
"""

from __future__ import annotations

import datetime as dt
import os

from .model import Edition, Source


def today() -> dt.date:
    """$SOURCE_DATE_EPOCH's date when set (reproducible output, tests), else the local date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def age(as_of: dt.date, on: dt.date, *, since: str = "") -> str:
    """``as of 2026-12-02, 5 days ago`` as seen on ``on``.

    ``since`` names what ``on`` is when it is not today, for text read later
    (an exported decision): ``as of 2026-12-02, 5 days before this decision``.
    """
    days = (on - as_of).days
    if days == 0:
        when = f"the day of {since}" if since else "today"
    elif days > 0:
        when = f"{_days(days)} before {since}" if since else f"{_days(days)} ago"
    else:
        when = f"{_days(-days)} after {since}" if since else f"{_days(-days)} from now"
    return f"as of {as_of.isoformat()}, {when}"


def source_note(source: Source) -> str:
    """``first-hand, checked 2026-12-02``; says so when knowledge older than schema 1.1 does not record it."""
    if not source.kind and source.checked is None:
        return "kind and check date not recorded"
    kind = source.kind or "kind not recorded"
    checked = f"checked {source.checked.isoformat()}" if source.checked else "check date not recorded"
    return f"{kind}, {checked}"


def verified_on(edition: Edition) -> str:
    """``snippets verified on torch 2.13.0+cpu, tensorflow-cpu 2.21.0``, or that the edition does not say."""
    if not edition.verified_on:
        return "the versions its snippets were verified on are not recorded"
    return "snippets verified on " + ", ".join(f"{package} {version}" for package, version in edition.verified_on)
