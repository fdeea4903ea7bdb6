"""Where knowledge and per-user state live."""

from __future__ import annotations

import os
from pathlib import Path

ENV_KNOWLEDGE = "FWTUI_KNOWLEDGE"
ENV_OVERLAY = "FWTUI_OVERLAY"
PROJECT_OVERLAY = ".fwtui"


def embedded_knowledge() -> Path:
    """The knowledge shipped with fwtui: inside the wheel, or at the repository root in a checkout."""
    packaged = Path(__file__).resolve().parent / "knowledge"
    if (packaged / "manifest.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "knowledge"


def knowledge_dir(option: str | None) -> Path:
    """``--knowledge`` wins, then ``$FWTUI_KNOWLEDGE``, then the embedded knowledge."""
    chosen = option or os.environ.get(ENV_KNOWLEDGE)
    return Path(chosen).expanduser() if chosen else embedded_knowledge()


def state_file() -> Path:
    """Per-user explorer state, in the XDG state directory."""
    from platformdirs import user_state_path

    return user_state_path("fwtui", appauthor=False) / "state.json"


def knowledge_cache_dir() -> Path:
    """Parsed knowledge kept between runs (see :mod:`fwtui.cache`), in the XDG cache directory."""
    from platformdirs import user_cache_path

    return user_cache_path("fwtui", appauthor=False) / "knowledge"


def user_overlay_dir() -> Path:
    """The user's own overlay, in the XDG config directory."""
    from platformdirs import user_config_path

    return user_config_path("fwtui", appauthor=False) / "overlay"
