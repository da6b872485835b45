"""W3C Web Annotation Data Model (JSON-LD): every passage of the report's claims as an Annotation.

The output is one ``AnnotationCollection`` whose ``first`` ``AnnotationPage`` holds the annotations. Each
annotation has the ``http://www.w3.org/ns/anno.jsonld`` context, a ``urn:uuid:`` id (the link's own id, so a
re-export gives the same ids), type ``Annotation``, ``created`` (when the passage was linked) and a target:
the document (its http(s) URL, else ``urn:sha256:<SHA-256 of the original bytes>``) with two selectors for the
same text — a ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector`` (start/end in code
points of the document's canonical text).

Motivations, from the model's list:

- a passage where the claim is stated → ``highlighting``: the fact-checker marks where the claim appears; the
  bodies describe it (purpose ``describing``: "Claim stated here: …"), tag it (``tagging``:
  ``claim-appearance``) and link to the claim's report (``linking``);
- a passage that is evidence → ``assessing``: it carries the fact-checker's assessment of the passage — its
  stance (supports / refutes / adds context) and credibility grade — in a body with purpose ``assessing``,
  a ``tagging`` body with the stance and the same ``linking`` body.

The link body is a ``SpecificResource`` whose source is the claim's report URL (base URL + ``#claim-`` + id),
or ``urn:uuid:<claim id>`` when no base URL is set.

Which evidence becomes an annotation, and on what target, is its kind's ``annotation`` (``domain.evidence_kinds``):
"quote" (passages: the quoted text in its document, as above), "url" (the evidence's web address itself, a
``SpecificResource`` without selectors) or "" (none: web pages, files and notes by default).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, BinaryIO

from workbench import APP_NAME, __version__
from workbench.domain.model import CREDIBILITY, PassageRole
from workbench.exporters import escape
from workbench.exporters.model import ClaimReport, EvidenceItem, Quote, Report

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_NS = uuid.UUID("6c1f0b4e-8d0e-4d55-9a57-2f5c8f0e7a11")


def urn(value: str) -> str:
    """``urn:uuid:`` of an id that is a UUID, else of a UUID derived from it."""
    try:
        return f"urn:uuid:{uuid.UUID(value)}"
    except ValueError:
        return f"urn:uuid:{uuid.uuid5(_NS, value)}"


def claim_iri(report: Report, cr: ClaimReport) -> str:
    return report.claim_url(cr.id) if escape.safe_url(report.base_url) else urn(cr.id)


def target(q: Quote) -> dict[str, Any]:
    source = escape.safe_url(q.document.url) or f"urn:sha256:{q.document.sha256}"
    p = q.passage
    quote_sel: dict[str, Any] = {"type": "TextQuoteSelector", "exact": p.quote.exact}
    if p.quote.prefix:
        quote_sel["prefix"] = p.quote.prefix
    if p.quote.suffix:
        quote_sel["suffix"] = p.quote.suffix
    return {"type": "SpecificResource", "source": source,
            "selector": [quote_sel, {"type": "TextPositionSelector", "start": p.start, "end": p.end}]}


def url_target(e: EvidenceItem) -> dict[str, Any] | None:
    """The evidence's web address as the target (no selector), or None when it is not an http(s) address."""
    source = escape.safe_url(e.url)
    return {"type": "SpecificResource", "source": source} if source else None


def quote_target(e: EvidenceItem) -> dict[str, Any] | None:
    return target(e.quote) if e.quote is not None else None


TARGETS: dict[str, Callable[[EvidenceItem], dict[str, Any] | None]] = {"quote": quote_target, "url": url_target}
"""What each ``KindSpec.annotation`` annotates."""


def annotation(report: Report, cr: ClaimReport, q: Quote, role: PassageRole, stance: str = "",
               credibility: int | None = None) -> dict[str, Any]:
    """The annotation of a quoted passage (an appearance or passage evidence)."""
    return _annotation(report, cr, target(q), q.link_id, q.created_at, role, stance, credibility)


def _annotation(report: Report, cr: ClaimReport, target_: dict[str, Any], link_id: str, created: str,
                role: PassageRole, stance: str = "", credibility: int | None = None) -> dict[str, Any]:
    claim = cr.claim.text
    link = {"type": "SpecificResource", "source": claim_iri(report, cr), "purpose": "linking"}
    if role is PassageRole.APPEARANCE:
        motivation = "highlighting"
        bodies: list[dict[str, Any]] = [
            {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
             "value": f"Claim stated here: {claim}"},
            {"type": "TextualBody", "purpose": "tagging", "value": "claim-appearance"}]
    else:
        motivation = "assessing"
        verb = {"supports": "Supports", "refutes": "Refutes", "context": "Adds context to"}[stance]
        grade = f" Credibility {credibility}: {CREDIBILITY[credibility]}." if credibility in CREDIBILITY else ""
        bodies = [
            {"type": "TextualBody", "purpose": "assessing", "format": "text/plain",
             "value": f"{verb} the claim: {claim}.{grade}"},
            {"type": "TextualBody", "purpose": "tagging", "value": f"evidence-{stance}"}]
    anno: dict[str, Any] = {"@context": CONTEXT, "id": urn(link_id), "type": "Annotation",
                            "motivation": motivation, "body": [*bodies, link], "target": target_}
    if created:
        anno["created"] = created
    if report.author:
        anno["creator"] = {"type": "Organization", "name": report.author}
    return anno


def evidence_annotation(report: Report, cr: ClaimReport, e: EvidenceItem) -> dict[str, Any] | None:
    """The annotation of a piece of evidence, on the target its kind declares; None when it has none."""
    find = TARGETS.get(e.spec.annotation)
    found = find(e) if find is not None else None
    if found is None:
        return None
    return _annotation(report, cr, found, e.id, e.view.evidence.created_at, PassageRole.EVIDENCE,
                       e.stance.value, e.credibility)


def annotation_list(report: Report) -> list[dict[str, Any]]:
    items = []
    for cr in report.claims:
        for q in cr.appearances:
            items.append(annotation(report, cr, q, PassageRole.APPEARANCE))
        for e in cr.evidence:
            anno = evidence_annotation(report, cr, e)
            if anno is not None:
                items.append(anno)
    return items


def collection(report: Report) -> dict[str, Any]:
    items = annotation_list(report)
    seed = ",".join(cr.id for cr in report.claims)
    coll_id = f"urn:uuid:{uuid.uuid5(_NS, 'collection:' + seed)}"
    page_id = f"urn:uuid:{uuid.uuid5(_NS, 'page:' + seed)}"
    out: dict[str, Any] = {
        "@context": CONTEXT, "id": coll_id, "type": "AnnotationCollection", "label": report.title,
        "total": len(items),
        "generator": {"type": "Software", "name": f"{APP_NAME} {__version__}"},
    }
    if report.generated_at:
        out["generated"] = report.generated_at
    out["first"] = {"id": page_id, "type": "AnnotationPage", "partOf": coll_id, "startIndex": 0, "items": items}
    out["last"] = page_id
    return out


def write(report: Report, out: BinaryIO) -> None:
    out.write(escape.json_for_script(collection(report)).encode("utf-8") + b"\n")
