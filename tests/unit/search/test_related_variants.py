"""Related passages across spellings, dates and numbers, with the reasons shown, without any entity."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import search as search_ops
from workbench.store.project import Project

RELATED = Path(__file__).resolve().parents[2] / "fixtures" / "related"


@pytest.fixture
def related(project: Project) -> dict[str, str]:
    outcomes, _ = doc_ops.import_files(project, sorted(RELATED.glob("*.txt")))
    return {Path(o.path).stem: o.document_id for o in outcomes}


def _claim(project: Project, doc: str, quote: str) -> str:
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc, *claim_ops.locate_quote(project, doc, quote))
    return claim_id


def test_other_spellings_of_the_place_are_found_with_the_reason(project: Project, related: dict[str, str]) -> None:
    claim = _claim(project, related["02-khusham-clashes"],
                   "heavy clashes broke out between government troops and units of the SDF’s Deir ez-Zor Military "
                   "Council in Khusham")
    found = search_ops.related_passages(project, claim)
    assert found and all(r.document_id != related["02-khusham-clashes"] for r in found)
    ksham = next(r for r in found if r.document_id == related["03-ksham-commander-denies"])
    assert any(reason.startswith("same place: Khusham≈Ksham") for reason in ksham.reasons)
    text = doc_ops.get_document(project, ksham.document_id).text
    assert text[ksham.start:ksham.end] == ksham.text
    assert related["10-weather-aleppo"] not in {r.document_id for r in found}


def test_numbers_actors_and_dates_count(project: Project, related: dict[str, str]) -> None:
    claim = _claim(project, related["06-hajin-offensive"],
                   "SDF units, backed by US-led coalition airstrikes, captured two oil fields north of Hajin and "
                   "killed 23 ISIL militants")
    top = search_ops.related_passages(project, claim)[:5]
    spokesman = next(r for r in top if r.text.startswith("An SDF spokesman"))
    assert "same number: 23" in spokesman.reasons and any("ISIL≈Daesh" in x for x in spokesman.reasons)


def test_a_shared_date_is_a_reason(project: Project) -> None:
    docs = [doc_ops.import_data(project, text.encode(), name).document_id for name, text in (
        ("a.txt", "Strike Report\n\nOn December 19, shelling hit the bakery in Wadi Shams, residents said.\n"),
        ("b.txt", "Denial\n\nThe ministry said that no shelling took place in Wadi Shams on 19 Dec.\n"))]
    claim = _claim(project, docs[0], "On December 19, shelling hit the bakery in Wadi Shams")
    (found,) = search_ops.related_passages(project, claim)
    assert found.document_id == docs[1] and "same date: Dec 19" in found.reasons


def test_without_variants_only_entities_expand(project: Project, related: dict[str, str]) -> None:
    claim = _claim(project, related["09-russian-strikes-mayadin"],
                   "its aircraft had carried out a series of strikes on ISIS positions south of Mayadin")
    with_variants = search_ops.related_passages(project, claim)
    without = search_ops.related_passages(project, claim, variants=False)
    daesh = related["05-daesh-counterattack-mayadeen"]
    assert daesh in {r.document_id for r in with_variants}
    assert not any("≈" in x for r in without for x in r.reasons)
