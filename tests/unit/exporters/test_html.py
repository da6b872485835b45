"""The HTML report, parsed with html5lib: everything the project holds is there, nothing in it runs."""

from __future__ import annotations

import json
from dataclasses import replace

from workbench.domain.model import RELIABILITY, Rating, Stance
from workbench.exporters.model import Report

from .conftest import AUTHOR, HOSTILE_CLAIM, HOSTILE_TITLE, Exported
from .helpers import assert_inert, by_class, export, json_ld, parse_html, text


def test_one_section_per_claim_with_verdict_badge_and_definition(demo: Exported) -> None:
    root = parse_html(export(demo.report, "html"))
    articles = root.findall(".//article")
    assert [a.get("id") for a in articles] == [f"claim-{cr.id}" for cr in demo.report.claims]
    for article, cr in zip(articles, demo.report.claims, strict=True):
        assert text(by_class(article, "h2", "claim-text")[0]) == f"“{cr.claim.text}”"
        badge = by_class(article, "span", "badge")[0]
        if cr.rating is None:
            assert text(badge) == "Not rated yet"
            continue
        assert text(badge) == cr.rating.label
        assert f"background-color: {cr.rating.colour}" in (badge.get("style") or "")
        assert text(by_class(article, "span", "definition")[0]) == cr.rating.definition
    rated = [cr for cr in demo.report.claims if cr.rating]
    assert rated, "the demo project rates claims"


def test_claimant_attribution_appearances_and_citations(demo: Exported) -> None:
    root = parse_html(export(demo.report, "html"))
    for cr in demo.report.claims:
        article = root.find(f".//article[@id='claim-{cr.id}']")
        assert article is not None
        meta = {text(tr.find("th")): text(tr.find("td")) for tr in by_class(article, "table", "meta")[0].iter("tr")}
        if cr.claimant:
            assert meta["Claimed by"].startswith(cr.claimant.name)
        if cr.attribution:
            assert meta["As reported by"] == " → ".join(s.name for s in cr.attribution)
        if cr.claim.claim_date:
            assert meta["Claim date"] == cr.claim.claim_date
        if cr.claim.published_at:  # a verdict once final: the day it was first published
            assert meta["Published"].startswith(cr.claim.published_at[:10] + " by " + AUTHOR)
        else:
            assert meta["Reviewed"].startswith(cr.claim.updated_at[:10] + " by " + AUTHOR)
        quotes = by_class(article, "blockquote", "passage")
        marks = [text(q.find("mark")) for q in quotes]
        for q in cr.appearances:
            assert " ".join(q.exact.split()) in marks
            assert q.document.title in text(article)
        first = quotes[0]
        q0 = cr.appearances[0]
        assert text(first) == " ".join(f"{q0.before}{q0.exact}{q0.after}".split())  # the surrounding sentence
    assert AUTHOR in text(root.find(".//header"))


def test_evidence_grouped_by_stance_with_grades_and_sources(demo: Exported) -> None:
    root = parse_html(export(demo.report, "html"))
    for cr in demo.report.claims:
        article = root.find(f".//article[@id='claim-{cr.id}']")
        assert article is not None
        for stance in Stance:
            items = [e for e in cr.evidence if e.stance is stance]
            groups = by_class(article, "div", f"stance-{stance.value}")
            if not items:
                assert not groups
                continue
            lis = groups[0].findall(".//li")
            assert len(lis) == len(items)
            for li, e in zip(lis, items, strict=True):
                if e.quote is not None:
                    assert text(li.find(".//mark")) == " ".join(e.quote.exact.split())
                if e.credibility:
                    assert f"credibility {e.credibility} · {e.credibility_label}" in text(li)
                if e.source is not None:
                    assert e.source.name in text(li)
        sources_table = by_class(article, "table", "list")
        names = {s.name for s in cr.sources}
        if names:
            rows = [text(tr) for tr in sources_table[0].findall(".//tr")[1:]]
            assert len(rows) == len(names)
            for s in cr.sources:
                row = next(r for r in rows if r.startswith(s.name))
                if s.reliability:
                    assert f"{s.reliability} · {RELIABILITY[s.reliability]}" in row


def test_file_url_and_note_evidence_are_cited(demo: Exported) -> None:
    root = parse_html(export(demo.report, "html"))
    page = text(root)
    kinds = {e.kind.value: e for cr in demo.report.claims for e in cr.evidence}
    assert {"passage", "url", "note", "file"} <= set(kinds)
    file = kinds["file"].view.file
    assert file is not None and file.sha256 in page and "image/png" in page
    url = kinds["url"]
    assert any(a.get("href") == url.url for a in root.iter("a"))
    assert " ".join(kinds["note"].note.split()) in page


def test_rationale_history_and_methodology(demo: Exported) -> None:
    root = parse_html(export(demo.report, "html"))
    cr = next(c for c in demo.report.claims if c.claim.rationale)
    article = root.find(f".//article[@id='claim-{cr.id}']")
    assert article is not None
    rationale = by_class(article, "div", "rationale")[0]
    assert rationale.find(".//strong") is not None and rationale.find(".//ul") is not None
    history = [text(tr) for tr in by_class(article, "table", "history")[0].findall(".//tr")]
    assert len(history) == len(cr.history) and any("rating changed" in h for h in history)
    method = root.find(".//section[@id='methodology']")
    assert method is not None
    assert [text(b) for b in by_class(method, "span", "badge")] == [r.label for r in demo.report.scale]
    for r in demo.report.scale:
        assert r.definition in text(method)


def test_json_ld_is_the_claimreview_export(demo: Exported) -> None:
    root = parse_html(export(demo.report, "html"))
    assert json_ld(root) == json.loads(export(demo.report, "claimreview"))


def test_self_contained_printable_and_inert(demo: Exported) -> None:
    data = export(demo.report, "html")
    root = parse_html(data)
    assert_inert(root)
    styles = root.findall(".//style")
    assert len(styles) == 1 and "@media print" in (styles[0].text or "")
    assert "url(" not in data.decode() and "@import" not in data.decode()
    assert root.find(".//meta[@charset]") is not None


def test_hostile_text_stays_text(hostile: Exported) -> None:
    data = export(hostile.report, "html")
    root = parse_html(data)
    assert_inert(root)
    cr = hostile.report.claims[0]
    article = root.find(f".//article[@id='claim-{cr.id}']")
    assert article is not None
    assert text(by_class(article, "h2", "claim-text")[0]) == f"“{' '.join(HOSTILE_CLAIM.split())}”"
    assert text(root.find(".//title")) == HOSTILE_TITLE
    data_text = data.decode()
    assert "<script>alert" not in data_text and "<img" not in data_text and "<iframe" not in data_text
    ld = json_ld(root)
    assert [r["claimReviewed"] for r in ld] == [HOSTILE_CLAIM]
    script = data_text[data_text.index('<script type="application/ld+json">') + 35:]
    assert "</" not in script[: script.index("</script>")]  # nothing closes the script early
    rationale = by_class(article, "div", "rationale")[0]
    assert text(rationale.find(".//strong")) == "Bold stays."
    assert "<script>alert(1)</script>" in text(rationale)  # shown as text, not run
    hrefs = [a.get("href") for a in article.iter("a")]
    assert all(h and h.startswith(("https://", "http://", "#")) for h in hrefs)
    assert 'https://evil.example/"onmouseover="alert(5)' in text(article)  # an unsafe URL is shown, not linked


def test_colours_are_checked_before_they_reach_css(demo: Exported) -> None:
    evil = Rating("False", "d", "red; background-image: url(http://evil.example/x)", 1)
    claims = tuple(replace(cr, rating=evil) for cr in demo.report.claims)
    report: Report = replace(demo.report, claims=claims, scale=(evil,))
    root = parse_html(export(report, "html"))
    styles = [b.get("style") or "" for b in by_class(root, "span", "badge")]
    assert styles and all("#757575" in s and "url(" not in s for s in styles)


def test_a_right_to_left_passage_is_quoted_right_to_left(demo: Exported) -> None:
    cr = next(c for c in demo.report.claims if c.appearances)
    q0 = cr.appearances[0]
    rtl = replace(q0, document=replace(q0.document, direction="rtl", language="ar"))
    report = replace(demo.report, claims=(replace(cr, appearances=(rtl, *cr.appearances[1:])),))
    root = parse_html(export(report, "html"))
    quotes = by_class(root, "blockquote", "passage")
    assert (quotes[0].get("dir"), quotes[0].get("lang")) == ("rtl", "ar")
    plain = parse_html(export(demo.report, "html"))
    for c in demo.report.claims:
        article = plain.find(f".//article[@id='claim-{c.id}']")
        assert article is not None
        wanted = [q.document.direction or "auto" for q in c.appearances]
        assert [q.get("dir") for q in by_class(article, "blockquote", "passage")][: len(wanted)] == wanted
    assert any(q.document.direction == "rtl" for c in demo.report.claims for q in c.appearances)
