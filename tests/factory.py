"""Generated knowledge directories for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import yaml

FRAMEWORKS = [
    {"id": "pytorch", "name": "PyTorch", "language": "python", "module": "torch"},
    {"id": "tensorflow", "name": "TensorFlow", "language": "python", "module": "tensorflow"},
    {"id": "jax", "name": "JAX", "language": "python", "module": "jax"},
]
CATEGORIES = [{"id": f"cat-{n}", "title": f"Category {n}"} for n in range(4)]


def make_knowledge(
    root: Path,
    *,
    frameworks: int = 2,
    criteria: int = 6,
    verdicts: list[str | None] | None = None,
    schema_version: str = "1.0",
    presets: list[dict] | None = None,
) -> Path:
    """Write a valid knowledge directory with one edition, ``e1``.

    ``verdicts`` gives each criterion's verdict in turn (repeating); by default
    criteria go round the frameworks.
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
        "sources": [{"title": "Example", "url": "https://example.org/"}],
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
            "sources": [{"title": "Example", "url": f"https://example.org/{n}"}],
        })
    return root


def _write(path: Path, data: dict) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    # Dates written as strings above; turn quoted ISO dates back into YAML dates.
    path.write_text(text.replace("'20", "20").replace("-01'", "-01").replace("-02'", "-02"), encoding="utf-8")
