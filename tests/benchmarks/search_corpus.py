"""A generated project for the search benchmarks: N documents of about 3 KB, inserted in bulk.

The articles come from bench_corpus.short_article (war-news style, spelling variants, attributions,
captions, appeals, a reader comment thread, emoji and Arabic now and then). Importing 100,000 files through
the importers would take minutes (about 1.5 ms each), so the rows are written directly in one transaction,
with segments marked the way the importer marks these articles (captions and appeals as boilerplate, the
thread after "N comments" as comments). The index is not built here: the benchmarks build it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import bench_corpus as corpus

from workbench.domain.model import DocumentMetadata, Segment, SegmentKind, new_id, utc_now
from workbench.ops.project import Project, create_project
from workbench.store import documents as store_docs
from workbench.store import search as store_search

_BOILER = re.compile(r"^(?:Click to enlarge the image|Donate|Support Euphrates Monitor|Euphrates Monitor is "
                     r"independent.*|Smoke rises over.*|Fighters pose near.*|A map of the area around.*)$", re.M)


def segments(text: str) -> list[Segment]:
    comments = text.find("\n3 comments\n")
    end = comments + 1 if comments >= 0 else len(text)
    out: list[Segment] = []
    pos = 0
    for m in _BOILER.finditer(text, 0, end):
        if m.start() > pos:
            out.append(Segment(pos, m.start(), SegmentKind.BODY))
        out.append(Segment(m.start(), m.end(), SegmentKind.BOILERPLATE))
        pos = m.end()
    if end > pos:
        out.append(Segment(pos, end, SegmentKind.BODY))
    if end < len(text):
        out.append(Segment(end, len(text), SegmentKind.COMMENTS))
    return out


def build(path: Path, count: int, batch: int = 5000) -> list[str]:
    """Create ``path`` with ``count`` articles (index left stale); return the document ids. The rows go in
    directly, not through ``Project.write``: they are no undoable action (what the change capture records of them
    is cleared when the next write starts, ``changelog.reset``)."""
    project = create_project(path)
    ids: list[str] = []
    try:
        for first in range(0, count, batch):
            with project.lock, project.db.atomic():
                db = project.db
                for i in range(first, min(count, first + batch)):
                    text = corpus.short_article(10_000 + i, 3000, date=f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}")
                    title = text.split("\n", 1)[0]
                    doc_id = new_id()
                    data = text.encode("utf-8")
                    store_docs.insert(db, doc_id=doc_id, metadata=DocumentMetadata(
                        title=title, publisher="Euphrates Monitor", published=f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        language="en"), filename=f"report-{i}.txt", media_type="text/plain", encoding="utf-8",
                        sha256=hashlib.sha256(data).hexdigest(), original=data, text=text,
                        segments=segments(text), imported_at=utc_now())
                    ids.append(doc_id)
                store_search.set_state(db, "stale")
    finally:
        project.close()
    return ids


def open_for_bench(path: Path) -> Project:
    from workbench.ops.project import open_project

    return open_project(path)
