"""Hypothesis annotations: a JSON array of bodies for Hypothesis' ``POST /api/annotations``.

Hypothesis (``h``) refuses W3C Web Annotations as they are: its API takes its own shape
(``h/schemas/annotation.py``, ``AnnotationSchema``). Each passage of the report's claims becomes one object:

- ``uri``: the document's http(s) URL (documents without one are left out; ``warnings`` names them);
- ``document``: ``{"title": [title]}``;
- ``text`` (Markdown): where the claim is stated, "**Claim:** … — **Verdict:** False" with a link to the claim's
  report; for evidence, its stance, credibility grade and the claim, with the same link;
- ``tags``: ``claim-appearance`` or ``evidence-supports`` / ``-refutes`` / ``-context``, and ``fact-check``;
- ``target``: ``[{"source": uri, "selector": [TextQuoteSelector{exact, prefix, suffix},
  TextPositionSelector{start, end}]}]`` — positions in **UTF-16 code units** of the document's canonical text,
  as JavaScript (and so the Hypothesis client) counts them; the project stores code points, and every character
  above U+FFFF (emoji…) counts twice. No RangeSelector (it needs the page's DOM);
- ``group``: ``__world__`` (Public) unless another group id is given (``workbench export --group ID``);
- ``permissions``: ``{"read": ["group:<group>"]}`` — what makes the annotation shared in the group (without it
  the API keeps it private to the poster);
- no ``user``, ``id``, ``created``: the API sets them from the token.

The shape is checked in the tests against a JSON Schema written from ``h``'s schema, not against a live server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from workbench.domain.model import CREDIBILITY
from workbench.exporters import escape
from workbench.exporters.base import WriteFn
from workbench.exporters.model import ClaimReport, Quote, Report
from workbench.exporters.web_annotations import claim_iri

WORLD = "__world__"
_STANCE = {"supports": "Supports", "refutes": "Refutes", "context": "Adds context to"}


def _md(text: str) -> str:
    """Text for Markdown: the characters that would format or link escaped."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_{}[]()<>#+!|~" else ch)
    return "".join(out)


def _link(report: Report, cr: ClaimReport) -> str:
    url = claim_iri(report, cr)
    return f"[The fact check]({url})" if url.startswith("http") else ""


def _verdict(cr: ClaimReport) -> str:
    return cr.rating.label if cr.rating is not None else "not rated yet"


def _target(q: Quote, uri: str) -> list[dict[str, Any]]:
    p = q.passage
    quote_sel: dict[str, Any] = {"type": "TextQuoteSelector", "exact": p.quote.exact,
                                 "prefix": p.quote.prefix, "suffix": p.quote.suffix}
    start, end = q.utf16 if q.utf16 is not None else (p.start, p.end)
    return [{"source": uri, "selector": [quote_sel, {"type": "TextPositionSelector", "start": start,
                                                     "end": end}]}]


def _annotation(q: Quote, uri: str, text: str, tags: list[str], group: str) -> dict[str, Any]:
    return {"uri": uri, "document": {"title": [q.document.title or q.document.filename or uri]},
            "text": text, "tags": tags, "group": group, "permissions": {"read": [f"group:{group}"]},
            "target": _target(q, uri)}


def _items(report: Report) -> Iterator[tuple[ClaimReport, Quote, str, str, int | None]]:
    """(claim, quote, role, stance, credibility) of every passage of the report."""
    for cr in report.claims:
        for q in cr.appearances:
            yield cr, q, "appearance", "", None
        for e in cr.evidence:
            if e.quote is not None:
                yield cr, e.quote, "evidence", e.stance.value, e.credibility


def bodies(report: Report, group: str = WORLD) -> list[dict[str, Any]]:
    """The request bodies, one per passage whose document has an http(s) URL."""
    out = []
    for cr, q, role, stance, credibility in _items(report):
        uri = escape.safe_url(q.document.url)
        if not uri or q.orphan:
            continue
        claim = _md(cr.claim.text)
        link = _link(report, cr)
        if role == "appearance":
            text = f"**Claim:** {claim} — **Verdict:** {_md(_verdict(cr))}"
            tags = ["fact-check", "claim-appearance"]
        else:
            grade = f" Credibility {credibility}: {CREDIBILITY[credibility]}." if credibility in CREDIBILITY else ""
            text = f"**{_STANCE[stance]} the claim:** {claim} — **Verdict:** {_md(_verdict(cr))}.{grade}"
            tags = ["fact-check", f"evidence-{stance}"]
        if link:
            text += f"\n\n{link}"
        out.append(_annotation(q, uri, text, tags, group))
    return out


def warnings(report: Report) -> list[str]:
    """The documents left out: no http(s) URL (Hypothesis annotates web pages by address)."""
    missing: dict[str, str] = {}
    for _cr, q, _role, _stance, _cred in _items(report):
        if not escape.safe_url(q.document.url):
            missing[q.document.id] = q.document.title or q.document.filename
    if not missing:
        return []
    names = ", ".join(f"“{t}”" for t in missing.values())
    return [f"{len(missing)} document(s) have no http(s) URL, so their passages were left out of the Hypothesis "
            f"annotations: {names} (set one: Document ▸ Edit Metadata, or workbench document set PROJECT ID "
            "--url URL)."]


def writer(group: str = WORLD) -> WriteFn:
    """The write function for annotations in ``group`` (a Hypothesis group id; ``__world__`` is Public)."""
    group = group.strip() or WORLD

    def write(report: Report, out: BinaryIO) -> None:
        out.write(escape.dumps(bodies(report, group), 2).encode("utf-8") + b"\n")

    return write


write = writer()
