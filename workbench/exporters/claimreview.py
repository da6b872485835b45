"""schema.org ClaimReview JSON-LD, with every property Google's fact-check documentation marks required or
recommended.

One object per rated claim (a ClaimReview needs a verdict: claims not rated yet are left out and named by
``warnings``):

- ``claimReviewed``: the claim's text; ``url``: ``Report.claim_url``, base URL + ``#claim-`` + id (relative when
  no base URL is set; the static site's: its claim page, ``claims/<short id>/``);
  ``author``: the project's author setting as an Organization; ``datePublished``: the day the verdict first
  became final (a draft exported on request: its last change); ``dateModified``: the day of the latest correction
  notice, when there is one; ``reviewBody``: the one-line summary, when there is one.
- A claim whose verdict is not final is exported only when asked (``--include-drafts``) and then carries
  ``creativeWorkStatus: "Draft"``; an export without a base URL or with a final claim not rated is refused
  (``ops.reports.readiness``).
- ``reviewRating``: ``alternateName`` and ``name`` are always the rating's label (the text search engines
  show). The numbers come from the project's scale: a label whose ClaimReview value is greater than 0 gets
  ``ratingValue`` = its value, ``bestRating`` = the highest value on the scale and ``worstRating`` = the lowest
  value above 0 (default scale: True 5 … False 1). Labels valued 0 (Unproven, Misleading by default) are not
  points on that truthfulness line, so they carry no numbers at all — Google asks for a number-to-text mapping
  only for fact checks that carry numeric ratings and shows only the text.
- ``itemReviewed``: a ``Claim`` with ``author`` (the claimant: a Person for kind person, or official when the name
  is not a body's — "SDF media wing" is an Organization — else an Organization; with ``jobTitle``, ``sameAs`` and
  ``image`` from the sources registry), ``datePublished`` (the claim date), ``appearance`` (each document the
  claim appears in, as a CreativeWork with url, headline, datePublished, author, publisher) and
  ``firstAppearance`` (the one published first).
"""

from __future__ import annotations

from typing import Any, BinaryIO

from workbench.domain.claimants import is_person
from workbench.domain.model import ClaimStatus, Source
from workbench.exporters import escape
from workbench.exporters.model import ClaimReport, DocumentInfo, Report

CONTEXT = "https://schema.org"


def _agent(name: str, person: bool = False) -> dict[str, str]:
    return {"@type": "Person" if person else "Organization", "name": name}


def source_agent(src: Source) -> dict[str, Any]:
    """A source as schema.org sees it: a Person (kind person, or an official who is not a body) with its job
    title, or an Organization; ``sameAs`` (its identifying URLs) and ``image`` when the registry has them."""
    person = is_person(src.name, src.kind, src.job_title)
    out: dict[str, Any] = _agent(src.name, person)
    if person and src.job_title:
        out["jobTitle"] = src.job_title
    same_as = [u for u in (escape.safe_url(u) for u in src.same_as) if u]
    if same_as:
        out["sameAs"] = same_as[0] if len(same_as) == 1 else same_as
    image = escape.safe_url(src.image)
    if image:
        out["image"] = image
    return out


def creative_work(doc: DocumentInfo) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    url = escape.safe_url(doc.url)
    if url:
        work["url"] = url
    if doc.title:
        work["headline"] = doc.title
    if doc.published:
        work["datePublished"] = doc.published
    if doc.author:
        work["author"] = _agent(doc.author, person=True)
    if doc.publisher:
        work["publisher"] = _agent(doc.publisher)
    return work


def rating(report: Report, cr: ClaimReport) -> dict[str, Any] | None:
    if cr.rating is None:
        return None
    out: dict[str, Any] = {"@type": "Rating", "alternateName": cr.rating.label, "name": cr.rating.label}
    scale = report.numeric_scale
    if scale is not None and cr.rating.value > 0:
        out.update(ratingValue=cr.rating.value, bestRating=scale[1], worstRating=scale[0])
    return out


def claim_review(report: Report, cr: ClaimReport) -> dict[str, Any] | None:
    """The ClaimReview of one claim, or None when it has no rating."""
    review_rating = rating(report, cr)
    if review_rating is None:
        return None
    claim = cr.claim
    obj: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview", "url": report.claim_url(claim.id),
                           "claimReviewed": claim.text, "reviewRating": review_rating}
    if report.author:
        obj["author"] = _agent(report.author)
    date = cr.date_published or report.generated_at[:10]
    if date:
        obj["datePublished"] = date
    if cr.date_modified:
        obj["dateModified"] = cr.date_modified
    if claim.summary:
        obj["reviewBody"] = claim.summary
    if claim.status is not ClaimStatus.FINAL:  # exported only on request (--include-drafts): never publish it
        obj["creativeWorkStatus"] = "Draft"
    item: dict[str, Any] = {"@type": "Claim"}
    if cr.claimant is not None:
        item["author"] = source_agent(cr.claimant)
    if claim.claim_date:
        item["datePublished"] = claim.claim_date
    docs = cr.documents
    if docs:
        item["appearance"] = [creative_work(d) for d in docs]
        first = cr.first_appearance
        if first is not None:
            item["firstAppearance"] = creative_work(first.document)
    obj["itemReviewed"] = item
    return obj


def claim_reviews(report: Report) -> list[dict[str, Any]]:
    return [r for cr in report.claims if (r := claim_review(report, cr)) is not None]


def warnings(report: Report) -> list[str]:
    """What keeps the output from being complete for Google: no base URL, no author, unrated claims."""
    out = []
    unrated = [cr for cr in report.claims if cr.rating is None]
    if unrated:
        out.append(f"{len(unrated)} claim(s) have no rating yet and are left out of the ClaimReview data.")
    if not report.base_url:
        out.append("No base URL is set, so each ClaimReview url is relative (#claim-…): set the address where "
                   "the report is published (workbench settings PROJECT --base-url URL).")
    if not report.author:
        out.append("No author is set: ClaimReview recommends the publisher of the fact check "
                   "(workbench settings PROJECT --author NAME).")
    return out


def write(report: Report, out: BinaryIO) -> None:
    out.write(escape.json_for_script(claim_reviews(report)).encode("utf-8") + b"\n")
