"""The CSV table: one row per claim, for spreadsheets.

UTF-8 with a byte-order mark (so that Excel reads it as UTF-8), RFC 4180 quoting, CRLF line ends. Every cell
that starts with = + - @ TAB or CR (also after spaces) gets a leading apostrophe, so that no text from an
article can run as a spreadsheet formula (``=HYPERLINK(…)``, ``@SUM(…)``, DDE payloads).
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from workbench.exporters.escape import csv_cell
from workbench.exporters.model import ClaimReport, Report

COLUMNS = ("id", "claim", "claimant", "claim_date", "created", "updated", "status", "rating", "summary",
           "supports", "refutes", "context", "documents")


def row(cr: ClaimReport) -> list[str]:
    c = cr.claim
    counts = {s.value: sum(1 for e in cr.evidence if e.stance is s) for s in {e.stance for e in cr.evidence}}
    values: list[object] = [
        c.id, c.text, cr.claimant.name if cr.claimant else "", c.claim_date, c.created_at, c.updated_at,
        c.status.value, cr.rating.label if cr.rating else "", c.summary, counts.get("supports", 0),
        counts.get("refutes", 0), counts.get("context", 0), "; ".join(d.title for d in cr.documents)]
    return [csv_cell(v) for v in values]


def write(report: Report, out: BinaryIO) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, dialect="excel")
    writer.writerow(COLUMNS)
    for cr in report.claims:
        writer.writerow(row(cr))
    out.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
