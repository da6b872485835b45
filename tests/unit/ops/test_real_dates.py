"""Dates a person types are checked as days that exist, not only by their shape (2017-02-30 was accepted by
the claim editor and the metadata dialog; the command line already refused it)."""

from __future__ import annotations

import pytest

from workbench.domain.model import DocumentMetadata
from workbench.errors import BadArgument
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.store.dump import dump
from workbench.store.project import Project

ARTICLE = b"Ferry Resumes\n\nResidents said the ferry at Khusham runs again since Tuesday.\n"


@pytest.mark.parametrize("value", ["2017-02-30", "2017-13-01", "2017-00", "0000-01-01x"])
def test_an_impossible_day_is_refused_everywhere(project: Project, value: str) -> None:
    doc = doc_ops.import_data(project, ARTICLE, "ferry.txt").document_id
    text = doc_ops.get_document(project, doc).text
    start = text.index("the ferry")
    claim, _ = claim_ops.create_claim_from_passage(project, doc, start, start + 9)
    before = dump(project.db)
    with pytest.raises(BadArgument, match="is not a date"):
        claim_ops.create_claim_from_passage(project, doc, start, start + 9, claim_date=value)
    with pytest.raises(BadArgument, match="is not a date"):
        claim_ops.update_claim(project, claim, claim_date=value)
    with pytest.raises(BadArgument, match="is not a date"):
        doc_ops.update_metadata(project, doc, DocumentMetadata(title="Ferry Resumes", published=value))
    assert dump(project.db) == before


@pytest.mark.parametrize("value", ["2016", "2016-02", "2016-02-29"])
def test_real_dates_of_each_precision_are_kept(project: Project, value: str) -> None:
    doc = doc_ops.import_data(project, ARTICLE, "ferry.txt").document_id
    doc_ops.update_metadata(project, doc, DocumentMetadata(title="Ferry Resumes", published=value))
    assert doc_ops.get_document(project, doc).metadata.published == value
