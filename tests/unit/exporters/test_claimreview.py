"""ClaimReview JSON-LD: every property Google's fact-check documentation marks required or recommended, with
the right types, and the numbers mapped from the project's scale."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from workbench.domain.model import Rating
from workbench.exporters import claimreview
from workbench.exporters.model import Report

from .conftest import AUTHOR, BASE_URL, HOSTILE_CLAIM, Exported
from .helpers import export

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
REQUIRED = {"@context", "@type", "claimReviewed", "reviewRating", "url"}
RECOMMENDED = {"author", "datePublished", "itemReviewed"}


def reviews(report: Report) -> list[dict[str, Any]]:
    data = json.loads(export(report, "claimreview"))
    assert isinstance(data, list)
    return data


def check_agent(agent: dict[str, Any]) -> None:
    assert agent["@type"] in ("Person", "Organization") and isinstance(agent["name"], str) and agent["name"]


def check_work(work: dict[str, Any]) -> None:
    assert work["@type"] == "CreativeWork"
    assert isinstance(work["headline"], str) and work["headline"]
    if "url" in work:
        assert work["url"].startswith(("http://", "https://"))
    if "datePublished" in work:
        assert DATE.match(work["datePublished"])
    if "publisher" in work:
        check_agent(work["publisher"])


def test_every_required_and_recommended_property(demo: Exported) -> None:
    out = reviews(demo.report)
    rated = [cr for cr in demo.report.claims if cr.rating is not None]
    assert len(out) == len(rated) >= 3
    for obj, cr in zip(out, rated, strict=True):
        assert set(obj) >= REQUIRED | RECOMMENDED
        assert obj["@context"] == "https://schema.org" and obj["@type"] == "ClaimReview"
        assert obj["claimReviewed"] == cr.claim.text
        assert obj["url"] == f"{BASE_URL}#claim-{cr.id}"
        assert obj["author"] == {"@type": "Organization", "name": AUTHOR}
        assert DATE.match(obj["datePublished"])
        rating = obj["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] == rating["name"] == cr.rating.label
        item = obj["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"] == cr.claimant.name if cr.claimant else "author" not in item
        if cr.claimant:
            check_agent(item["author"])
        assert item["datePublished"] == cr.claim.claim_date
        assert [w["headline"] for w in item["appearance"]] == [d.title for d in cr.documents]
        for work in item["appearance"]:
            check_work(work)
        check_work(item["firstAppearance"])
        first = cr.first_appearance
        assert first is not None and item["firstAppearance"]["headline"] == first.document.title


def test_numbers_come_from_the_scale(demo: Exported) -> None:
    scale = {r.label: r for r in demo.report.scale}
    for obj in reviews(demo.report):
        rating = obj["reviewRating"]
        value = scale[rating["alternateName"]].value
        if value > 0:
            assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (value, 5, 1)
            assert all(isinstance(rating[k], int) for k in ("ratingValue", "bestRating", "worstRating"))
        else:  # Unproven, Misleading: not a point on the true-false line, so no numbers at all
            assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


def test_a_custom_scale_maps_best_and_worst_from_its_values(demo: Exported) -> None:
    scale = (Rating("Accurate", "", "#2e7d32", 10), Rating("Shaky", "", "#f9a825", 6),
             Rating("Wrong", "", "#c62828", 2), Rating("Satire", "", "#6a1b9a", 0))
    claims = tuple(replace(cr, rating=scale[i % 4]) for i, cr in enumerate(demo.report.claims))
    out = reviews(replace(demo.report, scale=scale, claims=claims))
    by_label = {o["reviewRating"]["alternateName"]: o["reviewRating"] for o in out}
    assert by_label["Accurate"]["ratingValue"] == 10 and by_label["Wrong"]["ratingValue"] == 2
    assert {(r.get("bestRating"), r.get("worstRating")) for k, r in by_label.items() if k != "Satire"} == {(10, 2)}
    assert "ratingValue" not in by_label["Satire"]


def test_unrated_claims_and_missing_settings_are_reported(demo: Exported) -> None:
    report = replace(demo.report, base_url="", author="")
    out = reviews(report)
    assert all(o["url"].startswith("#claim-") and "author" not in o for o in out)
    warnings = claimreview.warnings(report)
    unrated = sum(1 for cr in report.claims if cr.rating is None)
    assert any(f"{unrated} claim(s) have no rating" in w for w in warnings) == bool(unrated)
    assert any("base URL" in w for w in warnings) and any("author" in w for w in warnings)


def test_json_breakers_and_script_closers_stay_inside_strings(hostile: Exported) -> None:
    data = export(hostile.report, "claimreview")
    assert b"<" not in data and b">" not in data and b"&" not in data
    out = json.loads(data)
    assert len(out) == 1
    assert out[0]["claimReviewed"] == HOSTILE_CLAIM
    assert out[0]["itemReviewed"]["author"]["name"] == "+cmd|' /C calc'!A0"
    assert "url" not in out[0]["itemReviewed"]["appearance"][0]  # javascript: is not a URL to publish
