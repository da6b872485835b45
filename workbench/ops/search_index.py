"""Whether a project's search index is ready: the one search question the window asks as a project opens.

Kept apart from ``ops.search`` (ranking, suggestions and their domain modules) so that the window's start
does not import those; ``ops.search`` re-exports ``index_state``.
"""

from __future__ import annotations

from workbench.store import search as store_search
from workbench.store.project import Project


def index_state(project: Project) -> str:
    """"ready" or "stale" (a rebuild is needed: the project predates search, or its folding changed)."""
    with project.read() as db:
        return store_search.state(db)
