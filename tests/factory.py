"""Generated knowledge directories for tests and benchmarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

FRAMEWORKS = [
    {"id": "pytorch", "name": "PyTorch", "language": "python", "module": "torch"},
    {"id": "tensorflow", "name": "TensorFlow", "language": "python", "module": "tensorflow"},
    {"id": "jax", "name": "JAX", "language": "python", "module": "jax"},
]
CATEGORIES = [{"id": f"cat-{n}", "title": f"Category {n}"} for n in range(4)]


def provenance() -> dict:
    """What schema 1.1 asks of every source; generated sources carry it unless told not to.

    A new date object each time: PyYAML writes an object met twice as an alias, which the loader refuses.
    """
    return {"kind": "first-hand", "checked": dt.date(2026, 1, 1)}


def source(url: str, with_provenance: bool = True) -> dict:
    return {"title": "Example", "url": url, **(provenance() if with_provenance else {})}


def make_knowledge(
    root: Path,
    *,
    frameworks: int = 2,
    criteria: int = 6,
    verdicts: list[str | None] | None = None,
    schema_version: str = "1.1",
    presets: list[dict] | None = None,
    provenance: bool = True,
) -> Path:
    """Write a valid knowledge directory with one edition, ``e1``.

    ``verdicts`` gives each criterion's verdict in turn (repeating); by default
    criteria go round the frameworks. ``provenance=False`` leaves out what schema
    1.1 asks of sources (kind, checked), as knowledge written for 1.0 does.
    """
    chosen = FRAMEWORKS[:frameworks]
    ids = [f["id"] for f in chosen]
    verdicts = verdicts or ids
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "manifest.yaml", {
        "schema_version": schema_version,
        "content_version": "test.1",
        "date": "2026-01-02",
        "frameworks": chosen,
        "categories": CATEGORIES,
        "editions": ["e1"],
    })
    edition = root / "editions" / "e1"
    (edition / "criteria").mkdir(parents=True, exist_ok=True)
    _write(edition / "edition.yaml", {
        "id": "e1",
        "title": "Test edition",
        "as_of": "2026-01-01",
        "summary": "Generated for tests.",
        "conclusion": "It depends.",
        "sources": [source("https://example.org/", provenance)],
        "presets": presets or [],
    })
    for n in range(criteria):
        criterion_id = f"c{n:05d}"
        _write(edition / "criteria" / f"{criterion_id}.yaml", {
            "id": criterion_id,
            "title": f"Criterion {n}",
            # Contiguous blocks, so tree (category) order is also id order.
            "category": CATEGORIES[n * len(CATEGORIES) // criteria]["id"],
            "order": n,
            "summary": f"Summary of criterion {n}.",
            "verdict": verdicts[n % len(verdicts)],
            "reasoning": f"Reasoning for criterion {n}.\n\nA second paragraph.",
            "snippets": {
                fid: [{"title": f"{fid} way", "code": f"print('{fid} {n}')\n", "runnable": True}] for fid in ids
            },
            "sources": [source(f"https://example.org/{n}", provenance)],
        })
    return root


def _write(path: Path, data: dict) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    # Dates written as strings above; turn quoted ISO dates back into YAML dates.
    path.write_text(text.replace("'20", "20").replace("-01'", "-01").replace("-02'", "-02"), encoding="utf-8")


def criterion_data(criterion_id: str, verdict: str | None, **extra) -> dict:
    """One two-framework criterion as YAML data, titled ``Title <id>``; ``extra`` adds or overrides fields."""
    return {
        "id": criterion_id,
        "title": f"Title {criterion_id}",
        "category": "all",
        "summary": f"Summary of {criterion_id}.",
        "verdict": verdict,
        "reasoning": f"Reasoning for {criterion_id}.",
        "snippets": {f["id"]: [{"title": "t", "code": "print(1)\n", "runnable": False}] for f in FRAMEWORKS[:2]},
        "sources": [source("https://example.org/")],
        **extra,
    }


def write_editions(root: Path, editions: dict[str, tuple[dict, list[dict]]], content: str = "1") -> Path:
    """A two-framework knowledge directory with one category, ``all``.

    ``editions``: id -> (extra edition fields, criteria in order), oldest first.
    """
    root.mkdir(parents=True)

    def dump(path: Path, data: dict) -> None:
        path.write_text(yaml.safe_dump(data, sort_keys=False).replace("'2026-01-01'", "2026-01-01"), encoding="utf-8")

    dump(root / "manifest.yaml", {
        "schema_version": "1.1", "content_version": content, "date": "2026-01-01",
        "frameworks": FRAMEWORKS[:2], "categories": [{"id": "all", "title": "All"}], "editions": list(editions),
    })
    for edition_id, (extra, criteria) in editions.items():
        folder = root / "editions" / edition_id / "criteria"
        folder.mkdir(parents=True)
        dump(folder.parent / "edition.yaml", {
            "id": edition_id, "title": f"Edition {edition_id}", "as_of": "2026-01-01", "summary": "S.",
            "conclusion": "C.", "sources": [source("https://example.org/")], **extra,
        })
        for order, item in enumerate(criteria):
            dump(folder / f"{item['id']}.yaml", {**item, "order": order})
    return root


def make_overlay(root: Path, criteria: list[dict] = (), *, edition: str = "e1", title: str = "Team overlay",
                 presets: list[dict] | None = None, **fields) -> Path:
    """An overlay directory: ``overlay.yaml`` (``fields`` add to or override it) and, under ``edition``,
    the given criteria (see :func:`criterion_data`) and presets."""
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "overlay.yaml", {"schema_version": "1.1", "title": title, **fields})
    folder = root / "editions" / edition / "criteria"
    folder.mkdir(parents=True, exist_ok=True)
    for item in criteria:
        _write(folder / f"{item['id']}.yaml", item)
    if presets is not None:
        _write(folder.parent / "presets.yaml", {"presets": presets})
    return root
