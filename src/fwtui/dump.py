"""The resolved knowledge as plain JSON-ready data, for scripts and tooling."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Criterion, Edition, Knowledge, Source
from .priorities import LEVELS


def knowledge_as_json(knowledge: Knowledge, editions: Iterable[Edition]) -> dict:
    return {
        "schema_version": knowledge.schema_version,
        "content_version": knowledge.content_version,
        "date": knowledge.date.isoformat(),
        "frameworks": [
            {"id": f.id, "name": f.name, "language": f.language, "module": f.module} for f in knowledge.frameworks
        ],
        "categories": [{"id": c.id, "title": c.title} for c in knowledge.categories],
        "overlays": [
            {"title": o.title, "path": o.path, "fingerprint": o.fingerprint, "origin": o.origin,
             "description": o.description}
            for o in knowledge.overlays
        ],
        "editions": [_edition(knowledge, e) for e in editions],
    }


def _edition(knowledge: Knowledge, edition: Edition) -> dict:
    return {
        "id": edition.id,
        "title": edition.title,
        "as_of": edition.as_of.isoformat(),
        "fingerprint": knowledge.fingerprints.get(edition.id, ""),
        "previous": edition.previous,
        "summary": edition.summary,
        "conclusion": edition.conclusion,
        "verified_on": dict(edition.verified_on),
        "sources": _sources(edition.sources),
        "presets": [
            {
                "id": p.id,
                "title": p.title,
                "description": p.description,
                "priorities": {cid: LEVELS[level] for cid, level in p.priorities.items()},
                "overlay": p.overlay or None,
            }
            for p in edition.presets
        ],
        "retired": [{"id": r.id, "reason": r.reason} for r in edition.retired],
        "criteria": [_criterion(c) for c in edition.criteria],
    }


def _criterion(criterion: Criterion) -> dict:
    return {
        "id": criterion.id,
        "title": criterion.title,
        "category": criterion.category,
        "summary": criterion.summary,
        "verdict": criterion.verdict,
        "reasoning": criterion.reasoning,
        "changed": criterion.changed or None,
        "previous_ids": list(criterion.previous_ids),
        "as_of": criterion.as_of.isoformat() if criterion.as_of else None,
        "sources": _sources(criterion.sources),
        "overlay": criterion.overlay or None,
        "replaces": None if criterion.replaces is None else {
            "id": criterion.replaces.id, "title": criterion.replaces.title, "verdict": criterion.replaces.verdict,
        },
        "snippets": [
            {
                "framework": s.framework,
                "title": s.title,
                "language": s.language,
                "runnable": s.runnable,
                "code": s.code,
            }
            for snippets in criterion.snippets.values()
            for s in snippets
        ],
    }


def _sources(sources: Iterable[Source]) -> list[dict]:
    """Each source with its provenance; ``kind`` and ``checked`` are null where the knowledge (schema 1.0) lacks them."""
    return [
        {"title": s.title, "url": s.url, "kind": s.kind or None, "checked": s.checked.isoformat() if s.checked else None}
        for s in sources
    ]
