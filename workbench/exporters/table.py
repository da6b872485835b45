"""The CSV table: one row per claim, for spreadsheets; after the fixed columns, one count column per evidence kind
(``KindSpec.csv_column``: ``passage_evidence``, ``url_evidence``…, then any registered kind's). ``published`` is
the day the verdict first became final, ``corrected`` the latest correction notice's day, ``corrections`` the
notices ("date: what changed why", separated by " | "), ``reviewed_by`` who made a final verdict final (the
desk's sign-off; empty otherwise).

UTF-8 with a byte-order mark (so that Excel reads it as UTF-8), RFC 4180 quoting, CRLF line ends. Every cell
that starts with = + - @ TAB or CR (also after spaces) gets a leading apostrophe, so that no text from an
article can run as a spreadsheet formula (``=HYPERLINK(…)``, ``@SUM(…)``, DDE payloads).
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from workbench.domain import evidence_kinds
from workbench.exporters.escape import csv_cell
from workbench.exporters.model import ClaimReport, Report

FIXED = ("id", "claim", "claimant", "claim_date", "created", "updated", "status", "rating", "summary",
         "supports", "refutes", "context", "documents", "published", "corrected", "corrections", "reviewed_by")


def columns() -> tuple[str, ...]:
    """The header: the fixed columns, then one evidence count per registered kind."""
    return FIXED + tuple(spec.csv_column for spec in evidence_kinds.specs())


COLUMNS = columns()
"""The header with the built-in kinds (``columns()`` also has kinds registered later)."""


def row(cr: ClaimReport) -> list[str]:
    c = cr.claim
    counts = {s.value: sum(1 for e in cr.evidence if e.stance is s) for s in {e.stance for e in cr.evidence}}
    kinds = [sum(1 for e in cr.evidence if e.kind == spec.value) for spec in evidence_kinds.specs()]
    values: list[object] = [
        c.id, c.text, cr.claimant.name if cr.claimant else "", c.claim_date, c.created_at, c.updated_at,
        c.status.value, cr.rating.label if cr.rating else "", c.summary, counts.get("supports", 0),
        counts.get("refutes", 0), counts.get("context", 0), "; ".join(d.title for d in cr.documents),
        c.published_at[:10], cr.date_modified,
        " | ".join(f"{n.date}: {n.change + ' ' if n.change else ''}{n.text}" for n in cr.corrections),
        c.reviewed_by if c.status.value == "final" else "", *kinds]
    return [csv_cell(v) for v in values]


def write(report: Report, out: BinaryIO) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, dialect="excel")
    writer.writerow(columns())
    for cr in report.claims:
        writer.writerow(row(cr))
    out.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
