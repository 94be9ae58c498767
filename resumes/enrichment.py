"""Ingestion's extension point: what higher apps add to a parsed resume (skills, vectors).

resumes never imports the apps that enrich (matching registers itself in its
AppConfig.ready). The step has two halves, so the slow part never holds a lock:

- ``compute(resume)`` runs after parsing and before the resume's row is locked; it
  may read the database and caches but writes nothing of the resume's own.
- ``apply(resume, computed)`` runs inside the transaction that marks the resume
  processed, with its row locked; it only sets fields and writes rows.

An exception from either fails the ingest with its message, as any processing error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from resumes.models import Resume


class Enricher(Protocol):
    def compute(self, resume: Resume) -> Any: ...

    def apply(self, resume: Resume, computed: Any) -> None: ...


_enrichers: dict[str, Enricher] = {}


def register(name: str, enricher: Enricher) -> None:
    """Add (or replace, by name) an enricher; called from an AppConfig.ready."""
    _enrichers[name] = enricher


def registered() -> dict[str, Enricher]:
    return dict(_enrichers)


def compute(resume: Resume) -> dict[str, Any]:
    """Every enricher's computed result for a parsed, unsaved resume."""
    return {name: enricher.compute(resume) for name, enricher in _enrichers.items()}


def apply(resume: Resume, computed: dict[str, Any]) -> None:
    """Store what compute() produced on the locked resume (the caller saves it)."""
    for name, enricher in _enrichers.items():
        enricher.apply(resume, computed[name])
