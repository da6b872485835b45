"""A document's metadata is read from a covering index (schema 0008), never from its row: language and
direction were added after the text and the original, so reading them walked a 10 MB document's overflow pages
(about 7 ms per read, several reads per edit)."""

from __future__ import annotations

from workbench.domain.model import DocumentMetadata
from workbench.ops import documents as doc_ops
from workbench.store import documents as store_docs
from workbench.store.project import Project

ARTICLE = "Ferry Resumes\n\nResidents said the ferry at Khusham runs again since Tuesday.\n"


def test_metadata_comes_from_the_covering_index(project: Project) -> None:
    doc = doc_ops.import_data(project, ARTICLE.encode(), "ferry.txt").document_id
    doc_ops.update_metadata(project, doc, DocumentMetadata(title="Ferry Resumes", url="https://example.org/f",
                                                           published="2017-12-05", language="en"))
    plan = " ".join(str(r) for r in project.db.execute(
        "EXPLAIN QUERY PLAN SELECT title, language FROM documents INDEXED BY idx_documents_metadata "
        "WHERE id = ?", [doc]))
    assert "COVERING INDEX idx_documents_metadata" in plan
    meta = store_docs.metadata(project.db, doc)
    assert (meta.title, meta.url, meta.published, meta.language) == ("Ferry Resumes", "https://example.org/f",
                                                                     "2017-12-05", "en")


def test_metadata_of_a_project_without_the_index_is_still_read(project: Project) -> None:
    doc = doc_ops.import_data(project, ARTICLE.encode(), "ferry.txt").document_id
    project.db.execute("DROP INDEX idx_documents_metadata")  # an older project opened read-only, not upgraded
    assert store_docs.metadata(project.db, doc).title == "Ferry Resumes"
