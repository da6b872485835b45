"""The CSV table: parsed with the csv module; safe against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io

import pytest

from workbench.exporters.escape import csv_cell
from workbench.exporters.table import COLUMNS

from .conftest import HOSTILE_CLAIM, Exported
from .helpers import export


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for spreadsheets
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_claim(demo: Exported) -> None:
    data = export(demo.report, "csv")
    table = rows(data)
    assert list(table[0]) == list(COLUMNS)
    assert len(table) == len(demo.report.claims)
    for row, cr in zip(table, demo.report.claims, strict=True):
        c = cr.claim
        assert row["id"] == c.id and row["claim"] == c.text and row["status"] == c.status.value
        assert row["claimant"] == (cr.claimant.name if cr.claimant else "")
        assert row["rating"] == (cr.rating.label if cr.rating else "")
        assert (row["claim_date"], row["created"], row["updated"]) == (c.claim_date, c.created_at, c.updated_at)
        assert row["summary"] == c.summary
        for stance in ("supports", "refutes", "context"):
            assert int(row[stance]) == sum(1 for e in cr.evidence if e.stance.value == stance)
        assert row["documents"] == "; ".join(d.title for d in cr.documents)
    assert b"\r\n" in data


def test_formula_injection_is_defused(hostile: Exported) -> None:
    table = rows(export(hostile.report, "csv"))
    for row in table:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    first, second = table
    assert first["claim"] == "'" + HOSTILE_CLAIM
    assert first["claimant"] == "'+cmd|' /C calc'!A0"
    assert first["summary"].startswith("'@SUM(1+1)")
    assert second["claim"] == "'-2+3 and @everyone\ttab"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", '=HYPERLINK("x")'])
def test_csv_cell_prefixes_formula_starts(value: str) -> None:
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["", "a=1", "2017-12-04", "Tal Sarmin", "تل سرمين", "'quoted"])
def test_csv_cell_keeps_other_text(value: str) -> None:
    assert csv_cell(value) == value
