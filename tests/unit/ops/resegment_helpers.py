"""Projects "imported with the old importers", for the re-segmenting tests (ops, command line, window).

- ``badly_segmented``: the Khirbet article whose stored segments say everything is body (an old importer
  that saw no comments or boilerplate), with a claim, a piece of evidence and one segment mark of the user's.
- ``read_differently``: the same article as an old importer read it: a share-buttons line kept in the text,
  so the current importer's text differs and re-segmenting makes a new version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from workbench import importers
from workbench.domain.model import Segment, SegmentKind, Stance
from workbench.importers import sandbox
from workbench.importers.base import ImportedDocument, Limits
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.store import documents as store_docs
from workbench.store.project import Project

from .conftest import KHIRBET

CLAIM_QUOTE = "captured the grain mill and the old pumping station"
EVIDENCE_QUOTE = "Our units repelled an attack by a small group of gunmen"
MARKED = "Karim S."  # a commenter's name the user marked as body
SHARE_LINE = "Share this story: Facebook · Twitter · Telegram · WhatsApp"
SHARE_AFTER = "December 9, 2017\n\n"
Importer = Callable[[bytes, str, Limits], ImportedDocument]


@dataclass(frozen=True)
class Case:
    doc_id: str
    claim_id: str
    evidence_id: str
    mark: tuple[int, int]


def _claim_and_evidence(project: Project, doc_id: str) -> tuple[str, str]:
    start, end = claim_ops.locate_quote(project, doc_id, CLAIM_QUOTE)
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc_id, start, end)
    start, end = claim_ops.locate_quote(project, doc_id, EVIDENCE_QUOTE)
    evidence_id, _ = claim_ops.add_passage_evidence(project, claim_id, doc_id, start, end, Stance.REFUTES)
    return claim_id, evidence_id


def badly_segmented(project: Project) -> Case:
    outcome = doc_ops.import_data(project, KHIRBET.read_bytes(), KHIRBET.name)
    doc_id = outcome.document_id
    text = doc_ops.get_document(project, doc_id).text
    with project.write() as db:  # what the old importer stored: all body
        store_docs.replace_segments(db, doc_id, [Segment(0, len(text), SegmentKind.BODY)])
    claim_id, evidence_id = _claim_and_evidence(project, doc_id)
    start = text.index(MARKED)
    doc_ops.remark_segment(project, doc_id, start, start + len(MARKED), SegmentKind.BODY)
    return Case(doc_id, claim_id, evidence_id, (start, start + len(MARKED)))


def old_reader(real: Importer) -> Importer:
    """An importer as it was: the share line kept in the text, no comments or boilerplate recognised."""

    def read(data: bytes, name: str, limits: Limits) -> ImportedDocument:
        doc = real(data, name, limits)
        text = doc.text.replace(SHARE_AFTER, f"{SHARE_AFTER}{SHARE_LINE}\n\n", 1)
        return replace(doc, text=text, segments=(Segment(0, len(text), SegmentKind.BODY),))

    return read


def read_differently(project: Project, monkeypatch: pytest.MonkeyPatch) -> Case:
    """Imported by the old reader; a claim on the share line too (it cannot be placed in the new text), and a
    second mark on the share line (cannot be carried)."""
    with monkeypatch.context() as m:
        m.setattr(sandbox, "IN_PROCESS", True)  # the old reader replaces the importer in this process
        m.setitem(importers._IMPORTERS, "text", old_reader(importers._IMPORTERS["text"]))
        outcome = doc_ops.import_data(project, KHIRBET.read_bytes(), KHIRBET.name)
    doc_id = outcome.document_id
    text = doc_ops.get_document(project, doc_id).text
    assert SHARE_LINE in text
    claim_id, evidence_id = _claim_and_evidence(project, doc_id)
    start, end = claim_ops.locate_quote(project, doc_id, SHARE_LINE)
    claim_ops.add_appearance(project, claim_id, doc_id, start, end)
    doc_ops.remark_segment(project, doc_id, start, end, SegmentKind.BOILERPLATE)
    comments = text.index("Comments\n")
    doc_ops.remark_segment(project, doc_id, comments, len(text), SegmentKind.COMMENTS)
    return Case(doc_id, claim_id, evidence_id, (comments, len(text)))


def passages_of(project: Project, doc_id: str) -> dict[str, tuple[int, int, str]]:
    """passage id → (start, end, exact) for a document's passages that are not orphans."""
    from workbench.store import passages as store_passages

    with project.read() as db:
        return {p.id: (p.start, p.end, p.quote.exact) for p in store_passages.for_document(db, doc_id)
                if not p.orphan}
