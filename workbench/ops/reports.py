"""Building the report that every exporter prints, and exporting it to a file.

``build_report(project, claim_ids)`` reads, in one go, what a newsroom's report shows of each claim: the claim,
its claimant and attribution chain, where it appeared (each passage inside the rest of its sentence, with the
document's title, publisher, date and URL), the evidence with its sources and grades, the rating with the
scale's definition, the rationale as sanitised HTML, independent corroboration, the published correction
notices and the edit log (readable history, printed in review copies only). ``export(project, format,
claim_ids, out)`` builds it and writes it atomically.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from workbench import paths
from workbench.domain import evidence_kinds
from workbench.domain.model import ClaimStatus, Correction, EvidenceView, Passage, Source, utc_now
from workbench.domain.offsets import OffsetMap
from workbench.domain.reasoning import Outlets, corroboration, describe
from workbench.domain.rendering import render_markdown
from workbench.domain.selectors import sentence_around
from workbench.errors import BadArgument
from workbench.exporters import base as exporter_registry
from workbench.exporters import claimreview, escape, hypothesis
from workbench.exporters.model import ClaimReport, DocumentInfo, EvidenceItem, HistoryLine, Quote, Report
from workbench.exporters.pacing import paced
from workbench.ops import quiet_gc
from workbench.ops import settings as settings_ops
from workbench.store import claims as store_claims
from workbench.store import corrections as store_corrections
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
        self.offsets: dict[str, OffsetMap] = {}
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
        offsets = self.offsets.get(passage.document_id)
        if offsets is None:
            offsets = self.offsets[passage.document_id] = OffsetMap(text)
        utf16 = (offsets.to_utf16(passage.start), offsets.to_utf16(passage.end))
        return Quote(link_id, passage, before, after, self.docs[passage.document_id], created_at, utf16)

    def claim(self, claim_id: str, scale: dict[str, Any], notices: Sequence[Correction] = ()) -> ClaimReport:
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
            history=tuple(lines),
            corrections=tuple(notices))


def build_report(project: Project, claim_ids: Sequence[str] | None = None, *, tables: bool = False,
                 include_drafts: bool = True) -> Report:
    """The report of the given claims (in that order), or of every claim (``None``: a project report).

    ``tables``: also read the whole project, row by row, for the bundle format. ``include_drafts=False`` keeps
    only the claims whose verdict is final (what may be published); the others are counted in ``withheld``.
    """
    settings = settings_ops.get_settings(project)
    with project.read() as db:
        scale = reasoning.ratings(db)
        by_label = {r.label: r for r in scale}
        ids = store_reports.claim_ids(db) if claim_ids is None else list(dict.fromkeys(claim_ids))
        reader = _Reader(db)
        notices = store_corrections.for_claims(db, None if claim_ids is None else ids)
        claims = tuple(reader.claim(cid, by_label, notices.get(cid, ())) for cid in paced(ids))
    ready = claims if include_drafts else tuple(cr for cr in claims if cr.claim.status is ClaimStatus.FINAL)
    project_tables = None
    if tables:
        from workbench.ops.bundle import project_tables as read_tables

        project_tables = read_tables(project)
    return Report(title=settings.title or DEFAULT_TITLE, claims=ready, author=settings.author,
                  base_url=settings.base_url, template=settings.template, scale=tuple(scale),
                  generated_at=utc_now(), project_name=project.name, whole_project=claim_ids is None,
                  template_dirs=template_dirs(), tables=project_tables, withheld=len(claims) - len(ready))


def export(project: Project, fmt: str, claim_ids: Sequence[str] | None, out: Path | BinaryIO, *,
           include_drafts: bool = False, group: str = "") -> list[str]:
    """Build the report and write it in format ``fmt`` (a registered exporter's name) to ``out``, a path
    written atomically or a binary file. Returns warnings for the user (e.g. no author for ClaimReview).

    Publishing formats hold the claims whose verdict is final only; ``include_drafts`` adds the others, and
    then every page says DRAFT. The bundle (a copy of the whole project) holds everything. Raises BadArgument,
    writing nothing, when there is nothing ready to publish or a field ClaimReview requires is missing.
    """
    with quiet_gc.paused():  # the window keeps painting while an export runs on a worker thread
        return _export(project, fmt, claim_ids, out, include_drafts=include_drafts, group=group)


def _export(project: Project, fmt: str, claim_ids: Sequence[str] | None, out: Path | BinaryIO, *,
            include_drafts: bool, group: str) -> list[str]:
    exporter = exporter_registry.get(fmt)
    if group:  # Hypothesis: the group the annotations are posted in
        if fmt != "hypothesis":
            raise BadArgument(f"--group is for the hypothesis format only (not {fmt}).")
        exporter = dataclasses.replace(exporter, write=hypothesis.writer(group))
    report = build_report(project, None if exporter.whole_project else claim_ids, tables=exporter.whole_project,
                          include_drafts=include_drafts or exporter.whole_project)
    if not exporter.whole_project:
        problems = readiness(report, fmt)
        if problems:
            raise BadArgument(f"Nothing was exported ({exporter.title}): " + " ".join(problems))
    exporter.export(report, out)
    return warnings(report, fmt)


def readiness(report: Report, fmt: str) -> list[str]:
    """Why ``report`` may not be published in ``fmt`` (empty: it may): no final claim, or a field Google's
    ClaimReview documentation requires is missing (an absolute url needs the base URL; a final verdict needs a
    rating)."""
    if not report.claims and report.withheld:
        return [f"none of the {report.withheld} chosen claim(s) has a final verdict. Make a verdict final "
                "(Verdict tab, or workbench verdict PROJECT --claim ID --status final), or export them "
                "marked DRAFT (Include drafts; --include-drafts)."]
    if fmt not in ("claimreview", "site") or not report.claims:
        return []
    out = []
    if fmt == "site" and not escape.safe_url(report.base_url):
        out.append("The static site needs the address it is published at (its canonical links, sitemap, feed and "
                   "ClaimReview urls are absolute): set the base URL (File ▸ Export… ▸ Base URL, or workbench "
                   "settings PROJECT --base-url URL).")
    elif not escape.safe_url(report.base_url):
        out.append("ClaimReview requires each fact check's address (url): set the base URL where the report is "
                   "published (File ▸ Export… ▸ Base URL, or workbench settings PROJECT --base-url URL).")
    unrated = [cr for cr in report.claims if cr.rating is None and cr.claim.status is ClaimStatus.FINAL]
    if unrated:
        out.append(f"ClaimReview requires a rating (reviewRating): {len(unrated)} final claim(s) have none, e.g. "
                   f"“{unrated[0].claim.text[:80]}” ({unrated[0].id[:8]}): rate them (workbench verdict PROJECT "
                   "--claim ID --rating LABEL).")
    if not any(cr.claim.text.strip() for cr in report.claims):
        out.append("ClaimReview requires the claim's text (claimReviewed).")
    return out


def warnings(report: Report, fmt: str) -> list[str]:
    found: list[str] = []
    if report.withheld and fmt != "bundle":
        found.append(f"{report.withheld} claim(s) without a final verdict were left out (Include drafts; "
                     "--include-drafts adds them, marked DRAFT).")
    if report.draft and fmt != "bundle":
        found.append("The export holds claims that are not final: every page is marked DRAFT (not for "
                     "publication).")
    if fmt == "hypothesis":
        found += hypothesis.warnings(report)
    if fmt in ("claimreview", "html", "site"):
        more = claimreview.warnings(report)
        found += more if fmt == "claimreview" else [w for w in more if "base URL" not in w]
    return found
