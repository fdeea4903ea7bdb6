"""Where knowledge and per-user state live."""

from __future__ import annotations

import os
import zipimport
from pathlib import Path

ENV_KNOWLEDGE = "FWTUI_KNOWLEDGE"
ENV_OVERLAY = "FWTUI_OVERLAY"
PROJECT_OVERLAY = ".fwtui"


def bundle() -> Path | None:
    """The one-file bundle (``fwtui.pyz``, see tools/make_bundle.py) fwtui runs from; None when installed."""
    loader = __spec__.loader
    return Path(loader.archive) if isinstance(loader, zipimport.zipimporter) else None


def shipped_bytes(name: str) -> bytes:
    """A file shipped beside fwtui's modules (the stylesheet, a bundle's snapshot), from disk or from the bundle's zip.

    Through the package's own loader, which reads both; importlib.resources would do the
    same but loads zipfile and half a dozen modules on every start.
    """
    return __spec__.loader.get_data(os.path.join(os.path.dirname(__file__), name))


def embedded_knowledge() -> Path:
    """The knowledge shipped with fwtui: inside the wheel or the bundle, or at the repository root in a checkout.

    Inside a bundle the path names where the knowledge lies in the zip; it is
    read from the bundle's snapshot (:func:`fwtui.cache.load_cached`), not as files.
    """
    archive = bundle()
    if archive is not None:
        return archive / __package__ / "knowledge"
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


def knowledge_cache_dir() -> Path | None:
    """Parsed knowledge kept between runs (see :mod:`fwtui.cache`); None in a bundle."""
    root = _cache_root()
    return None if root is None else root / "knowledge"


def highlight_cache_file() -> Path | None:
    """Highlighted snippets kept between runs (see :class:`fwtui.cache.Memo`); None in a bundle."""
    root = _cache_root()
    return None if root is None else root / "highlights.pickle"


def _cache_root() -> Path | None:
    """fwtui's folder in the XDG cache directory; None (no cache) in a bundle, which writes nothing
    outside the XDG state folder."""
    if bundle() is not None:
        return None
    from platformdirs import user_cache_path

    return user_cache_path("fwtui", appauthor=False)


def user_overlay_dir() -> Path:
    """The user's own overlay, in the XDG config directory."""
    from platformdirs import user_config_path

    return user_config_path("fwtui", appauthor=False) / "overlay"
