"""Priority levels: how much a criterion matters to the user."""

from __future__ import annotations

LEVELS = ("off", "low", "normal", "high")
"""Index is the level and also the weight a verdict earns at that level."""
OFF, LOW, NORMAL, HIGH = range(len(LEVELS))
DEFAULT = NORMAL
MAX = HIGH


def parse_level(text: str) -> int:
    """A level from its name or its number; ValueError names the valid choices."""
    value = text.strip().lower()
    if value in LEVELS:
        return LEVELS.index(value)
    if value.isdigit() and int(value) < len(LEVELS):
        return int(value)
    choices = ", ".join(f"{name} ({index})" for index, name in enumerate(LEVELS))
    raise ValueError(f"unknown priority {text!r}; choose one of {choices}")


def level_name(level: int) -> str:
    return LEVELS[level]
