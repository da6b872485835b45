"""Independent corroboration (issue 16, item 3): unsourced evidence is "source unknown" and never counts as
independent; sources of one outlet or affiliation count once; a passage's outlet is its document's publisher
and web site, a URL's outlet its web site."""

from __future__ import annotations

import dataclasses
import io

import pytest

from workbench.domain.independence import Outlets, normalise_name, site_of
from workbench.domain.model import Evidence, EvidenceKind, EvidenceView, Passage, Source, Stance, TextQuote
from workbench.domain.reasoning import RULE, RULE_DETAIL, corroboration
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import reports as report_ops
from workbench.ops import verdicts
from workbench.store.project import Project

SOUTHFRONT_ARTICLE = (
    "Government troops took the village of Khusham east of Deir Ezzor, according to local sources.\n\n"
    "The Amaq agency claimed on Friday that ISIS fighters had retaken the village overnight.\n\n"
    "Field commanders told the correspondent the village remains under army control.\n"
)
CLAIM_QUOTE = "ISIS fighters had retaken the village overnight"
DENIAL_QUOTE = "the village remains under army control"


def _southfront_claim(project: Project) -> str:
    outcome = doc_ops.import_data(project, SOUTHFRONT_ARTICLE.encode(), "khusham.txt")
    doc_id = outcome.document_id
    meta = doc_ops.get_document(project, doc_id).metadata
    doc_ops.update_metadata(project, doc_id, dataclasses.replace(
        meta, publisher="SouthFront", url="https://southfront.org/khusham-remains-under-army-control/"))
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc_id, *claim_ops.locate_quote(
        project, doc_id, CLAIM_QUOTE), claimant="Amaq")
    claim_ops.add_passage_evidence(project, claim_id, doc_id, *claim_ops.locate_quote(project, doc_id, DENIAL_QUOTE),
                                   Stance.REFUTES)
    return claim_id


def test_tester_case_a_passage_a_url_of_the_same_outlet_and_an_unsourced_note(project: Project) -> None:
    """Issue 16 item 3 as reported: "Refutes: 3 (3 independent)"; it is one outlet and one unknown source."""
    claim_id = _southfront_claim(project)
    ev_ops.add_url_evidence(project, claim_id, "https://www.southfront.org/army-repels-attack-near-khusham/",
                            Stance.REFUTES, title="Army repels attack near Khusham")
    ev_ops.add_note_evidence(project, claim_id, "A resident reached by phone said the army is still there.",
                             Stance.REFUTES)
    c = verdicts.corroboration(project, claim_id)
    assert (c.refutes, c.independent_refutes) == (3, 1)
    assert c.unknown_refutes == 1


# --- the rule, on evidence built by hand -------------------------------------------------------------------------

SF = Source("s-sf", "SouthFront", affiliation="pro-government", aliases=("South Front",))
SANA = Source("s-sana", "SANA", affiliation="Pro-Government ")
AMAQ = Source("s-amaq", "Amaq", affiliation="ISIS-linked")
RESIDENTS = Source("s-res", "Residents")


def url(n: int, address: str, stance: Stance = Stance.REFUTES, source: Source | None = None) -> EvidenceView:
    return EvidenceView(Evidence(f"u{n}", "c", EvidenceKind.URL, stance, url=address,
                                 source_id=source.id if source else None), source=source)


def note(n: int, stance: Stance = Stance.REFUTES, source: Source | None = None) -> EvidenceView:
    return EvidenceView(Evidence(f"n{n}", "c", EvidenceKind.NOTE, stance, note="said so",
                                 source_id=source.id if source else None), source=source)


def passage(n: int, doc: str, stance: Stance = Stance.REFUTES, source: Source | None = None) -> EvidenceView:
    p = Passage(f"p{n}", doc, 0, 5, TextQuote("quote"))
    return EvidenceView(Evidence(f"e{n}", "c", EvidenceKind.PASSAGE, stance, passage_id=p.id,
                                 source_id=source.id if source else None), passage=p, source=source)


DOCS = Outlets({"sf-article": ("SouthFront", "https://southfront.org/a"), "no-meta": ("", ""),
                "sana-article": ("Syrian Arab News Agency", "https://www.sana.sy/en/?p=1"),
                "blog": ("", "https://deirezzor24.blogspot.com/2017/12/x.html")}, registry=(SF, SANA, AMAQ))


@pytest.mark.parametrize(("address", "label"), [
    ("https://southfront.org/x", "southfront.org"),
    ("https://www.southfront.org/x", "southfront.org"),
    ("http://news.southfront.org:8080/x?y=1", "southfront.org"),
    ("https://www.bbc.co.uk/news/world", "bbc.co.uk"),
    ("https://sana.gov.sy/?p=1", "sana.gov.sy"),
    ("https://t.me/southfront/12345", "t.me/southfront"),
    ("https://t.me/s/southfront", "t.me/southfront"),
    ("https://telegram.me/SouthFront", "t.me/SouthFront"),
    ("https://x.com/AmaqNews/status/1", "x.com/AmaqNews"),
    ("https://mobile.twitter.com/amaqnews/status/2", "x.com/amaqnews"),
    ("https://www.youtube.com/@SouthFront/videos", "youtube.com/SouthFront"),
    ("https://www.youtube.com/channel/UC123/videos", "youtube.com/UC123"),
    ("https://www.facebook.com/smartnews.agency/posts/1", "facebook.com/smartnews.agency"),
    ("https://deirezzor24.blogspot.com/2017/12/x.html", "deirezzor24.blogspot.com"),
    ("https://web.archive.org/web/20171209000000/https://southfront.org/x", "southfront.org"),
    ("https://web.archive.org/web/2017/southfront.org/x", "southfront.org"),
    ("http://192.0.2.7/report", "192.0.2.7"),
])
def test_the_outlet_of_an_address(address: str, label: str) -> None:
    site = site_of(address)
    assert site is not None and site.label == label


@pytest.mark.parametrize("address", ["https://archive.ph/AbC12", "https://bit.ly/3xyz", "https://t.co/xyz",
                                     "https://www.youtube.com/watch?v=abc", "https://youtu.be/abc",
                                     "https://x.com/i/status/1", "https://www.facebook.com/watch/?v=1",
                                     "not an address", "http://", "https://[::1"])
def test_addresses_that_tell_no_outlet(address: str) -> None:
    assert site_of(address) is None


def test_names_compare_by_letters_and_digits() -> None:
    assert normalise_name("South  Front") == normalise_name("SOUTHFRONT") == normalise_name("south-front") == (
        "southfront")
    assert normalise_name("Deir Ezzor 24") == "deirezzor24"
    assert normalise_name("دير الزور ٢٤") == "ديرالزور٢٤"


def test_unsourced_evidence_is_unknown_and_never_independent() -> None:
    c = corroboration([note(1), note(2), passage(3, "no-meta"), url(4, "https://archive.ph/AbC12")], DOCS)
    assert (c.refutes, c.independent_refutes, c.unknown_refutes) == (4, 0, 4)
    assert all(o.group == 0 and o.label == "" for o in c.origins)


def test_one_outlet_counts_once_however_it_is_named() -> None:
    views = [passage(1, "sf-article"), url(2, "https://www.southfront.org/b"), url(3, "https://t.me/southfront/9"),
             note(4, source=Source("s-x", "South Front TV", aliases=("southfront",)))]
    c = corroboration(views, DOCS)
    assert (c.refutes, c.independent_refutes, c.unknown_refutes) == (4, 1, 0)
    assert [o.label for o in c.origins] == ["SouthFront", "southfront.org", "t.me/southfront", "South Front TV"]
    assert c.shared_with("e1") == 3


def test_a_publisher_named_like_a_source_brings_its_affiliation() -> None:
    sana = Source("s-sana", "SANA", affiliation="pro-government", aliases=("Syrian Arab News Agency",))
    outlets = Outlets(DOCS.documents, registry=(sana, SF))
    c = corroboration([passage(1, "sana-article"), note(2, source=SF)], outlets)
    assert c.independent_refutes == 1  # SANA's article and SouthFront: one affiliation
    assert c.origin("e1") is not None and c.origin("e1").label == "SANA"  # type: ignore[union-attr]


def test_affiliations_count_once_and_unaffiliated_sources_each() -> None:
    views = [note(1, source=SF), note(2, source=SANA), note(3, source=RESIDENTS), note(4, source=AMAQ),
             note(5, source=RESIDENTS), note(6)]
    c = corroboration(views, Outlets())
    assert (c.refutes, c.independent_refutes, c.unknown_refutes) == (6, 3, 1)


def test_an_affiliation_that_names_no_camp_joins_nobody() -> None:
    watch = Source("s-w", "Euphrates Watch", affiliation="independent")
    monitor = Source("s-m", "Deir Ezzor Monitor", affiliation="Independent")
    none = Source("s-n", "Nurse", affiliation="n/a")
    c = corroboration([note(1, source=watch), note(2, source=monitor), note(3, source=none)], Outlets())
    assert c.independent_refutes == 3


def test_a_sourced_passage_also_counts_as_its_outlet() -> None:
    """Residents quoted by SouthFront and a SouthFront page: one voice reached us, through SouthFront."""
    c = corroboration([passage(1, "sf-article", source=RESIDENTS), url(2, "https://southfront.org/c")], DOCS)
    assert c.independent_refutes == 1
    assert [o.label for o in c.origins] == ["Residents via SouthFront", "southfront.org"]
    alone = corroboration([passage(1, "sf-article", source=RESIDENTS), note(2, source=RESIDENTS)], DOCS)
    assert alone.independent_refutes == 1


def test_stances_are_counted_apart_and_groups_numbered_across_them() -> None:
    views = [url(1, "https://southfront.org/a", Stance.SUPPORTS), url(2, "https://sana.sy/b", Stance.SUPPORTS),
             url(3, "https://southfront.org/c", Stance.REFUTES), note(4, Stance.CONTEXT),
             url(5, "https://southfront.org/d", Stance.CONTEXT)]
    c = corroboration(views, Outlets())
    assert (c.supports, c.independent_supports, c.refutes, c.independent_refutes) == (2, 2, 1, 1)
    assert (c.context, c.unknown_context) == (2, 1)
    groups = {o.evidence_id: o.group for o in c.origins}
    assert groups["u1"] != groups["u2"] != groups["u3"] and groups["n4"] == 0
    assert len({groups["u1"], groups["u2"], groups["u3"], groups["u5"]}) == 4


def test_without_outlets_a_passage_counts_by_its_own_source_only() -> None:
    c = corroboration([passage(1, "sf-article"), passage(2, "sf-article", source=AMAQ)])
    assert (c.independent_refutes, c.unknown_refutes) == (1, 1)


def test_the_rule_is_stated_in_a_line_and_in_detail() -> None:
    assert "counts once" in RULE and "unknown source is not counted" in RULE and len(RULE) < 130
    assert "source unknown" in RULE_DETAIL and "affiliation" in RULE_DETAIL


# --- reports print the rule and the unknown ones --------------------------------------------------------------


def test_reports_state_the_rule_and_the_unknown_source(project: Project, qapp: object) -> None:
    from pypdf import PdfReader

    from workbench import exporters, render_pdf

    claim_id = _southfront_claim(project)
    ev_ops.add_url_evidence(project, claim_id, "https://southfront.org/b", Stance.REFUTES, title="Army repels attack")
    ev_ops.add_note_evidence(project, claim_id, "A resident said so.", Stance.REFUTES)
    report = report_ops.build_report(project, [claim_id])
    assert report.claims[0].corroboration.independent_refutes == 1

    def export(fmt: str) -> str:
        out = io.BytesIO()
        exporters.get(fmt).export(report, out)
        if fmt == "pdf":
            return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
        return " ".join(out.getvalue().decode("utf-8").split())

    html = export("html")
    assert "3 piece(s) refute the claim (from 1 independent source group(s); 1 of unknown source, not counted)" in html
    assert "Source not recorded; counted as its outlet, SouthFront" in html
    assert "Source unknown (not counted as independent)" in html
    assert "How we count independent sources" in html and "never counted as independent" in html
    md = export("md")
    assert "(from 1 independent source group(s); 1 of unknown source, not counted)" in md
    assert "Source: unknown (not counted as independent)" in md and "### How we count independent sources" in md
    render_pdf.register()
    pdf = export("pdf").replace("ﬁ", "fi").replace("ﬀ", "ff")
    assert "How we count independent sources" in pdf and "never counted as independent" in pdf.replace("- ", "")
