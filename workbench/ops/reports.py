"""Building the report that every exporter prints, and exporting it to a file.

``build_report(project, claim_ids)`` reads, in one go, what a newsroom's report shows of each claim: the claim,
its claimant and attribution chain, where it appeared (each passage inside the rest of its sentence, with the
document's title, publisher, date and URL), the evidence with its sources and grades, the rating with the
scale's definition, the rationale as sanitised HTML, independent corroboration and the corrections log
(readable history). ``export(project, format, claim_ids, out)`` builds it and writes it atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from workbench import paths
from workbench.domain import evidence_kinds
from workbench.domain.model import EvidenceView, Passage, Source, utc_now
from workbench.domain.reasoning import Outlets, corroboration, describe
from workbench.domain.rendering import render_markdown
from workbench.domain.selectors import sentence_around
from workbench.exporters import base as exporter_registry
from workbench.exporters import claimreview
from workbench.exporters.model import ClaimReport, DocumentInfo, EvidenceItem, HistoryLine, Quote, Report
from workbench.ops import settings as settings_ops
from workbench.store import claims as store_claims
from workbench.store import documents as store_docs
from workbench.store import history, reasoning, sources
from workbench.store import reports as store_reports
from workbench.store.project import Project

DEFAULT_TITLE = "Fact-check report"


def template_dirs() -> tuple[str, ...]:
    """Where report templates are looked up before the bundled ones: ``<config dir>/templates``."""
    return (str(paths.templates_dir()),)


class _Reader:
    """Caches documents, texts and sources while one report is built."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.docs = {d.id: DocumentInfo(d.id, d.metadata.title, d.metadata.publisher, d.metadata.author,
                                        d.metadata.url, d.metadata.published, d.metadata.language, d.sha256,
                                        d.filename, d.metadata.direction) for d in store_docs.list_summaries(db)}
        self.texts: dict[str, str] = {}
        self.registry: tuple[Source, ...] | None = None

    def outlets(self, views: Sequence[EvidenceView]) -> Outlets:
        """Publisher and address of each passage's document, and the registry (read once per report)."""
        if self.registry is None:
            self.registry = tuple(sources.list_all(self.db))
        docs = {v.passage.document_id: self.docs[v.passage.document_id] for v in views if v.passage is not None}
        return Outlets({d: (info.publisher, info.url) for d, info in docs.items()}, self.registry)

    def quote(self, link_id: str, passage: Passage, created_at: str) -> Quote:
        text = self.texts.get(passage.document_id)
        if text is None:
            text = self.texts[passage.document_id] = store_docs.text(self.db, passage.document_id)
        if passage.orphan or text[passage.start : passage.end] != passage.quote.exact:
            before, after = passage.quote.prefix, passage.quote.suffix
        else:
            before, after = sentence_around(text, passage.start, passage.end)
        return Quote(link_id, passage, before, after, self.docs[passage.document_id], created_at)

    def claim(self, claim_id: str, scale: dict[str, Any]) -> ClaimReport:
        db = self.db
        claim = store_claims.get_claim(db, claim_id)
        views = store_claims.evidence_views(db, claim_id)
        evidence = []
        for v in views:
            ev = v.evidence
            quote = self.quote(ev.id, v.passage, ev.created_at) if v.passage is not None else None
            archived = self.docs.get(ev.archived_document_id or "") if evidence_kinds.get(ev.kind).archive else None
            evidence.append(EvidenceItem(v, quote, archived))
        lines = [HistoryLine(e.at, e.who, text) for e in history.for_claim(db, claim_id) for text in describe(e)]
        return ClaimReport(
            claim=claim,
            claimant=sources.get(db, claim.claimant_id) if claim.claimant_id else None,
            attribution=tuple(sources.get(db, s) for s in reasoning.attribution(db, claim_id)),
            tags=reasoning.tags(db, claim_id),
            rating=scale.get(claim.rating),
            appearances=tuple(self.quote(link_id, p, at) for link_id, p, at in
                              store_reports.appearances(db, claim_id)),
            evidence=tuple(evidence),
            rationale_html=render_markdown(claim.rationale) if claim.rationale.strip() else "",
            corroboration=corroboration(views, self.outlets(views)),
            history=tuple(lines))


def build_report(project: Project, claim_ids: Sequence[str] | None = None, *, tables: bool = False) -> Report:
    """The report of the given claims (in that order), or of every claim (``None``: a project report).

    ``tables``: also read the whole project, row by row, for the bundle format.
    """
    settings = settings_ops.get_settings(project)
    with project.read() as db:
        scale = reasoning.ratings(db)
        by_label = {r.label: r for r in scale}
        ids = store_reports.claim_ids(db) if claim_ids is None else list(dict.fromkeys(claim_ids))
        reader = _Reader(db)
        claims = tuple(reader.claim(cid, by_label) for cid in ids)
    project_tables = None
    if tables:
        from workbench.ops.bundle import project_tables as read_tables

        project_tables = read_tables(project)
    return Report(title=settings.title or DEFAULT_TITLE, claims=claims, author=settings.author,
                  base_url=settings.base_url, template=settings.template, scale=tuple(scale),
                  generated_at=utc_now(), project_name=project.name, whole_project=claim_ids is None,
                  template_dirs=template_dirs(), tables=project_tables)


def export(project: Project, fmt: str, claim_ids: Sequence[str] | None, out: Path | BinaryIO) -> list[str]:
    """Build the report and write it in format ``fmt`` (a registered exporter's name) to ``out``, a path
    written atomically or a binary file. Returns warnings for the user (e.g. no base URL for ClaimReview)."""
    exporter = exporter_registry.get(fmt)
    report = build_report(project, None if exporter.whole_project else claim_ids, tables=exporter.whole_project)
    exporter.export(report, out)
    return warnings(report, fmt)


def warnings(report: Report, fmt: str) -> list[str]:
    if fmt in ("claimreview", "html"):
        found = claimreview.warnings(report)
        return found if fmt == "claimreview" else [w for w in found if "base URL" not in w]
    return []
