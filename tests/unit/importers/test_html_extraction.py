"""Choosing the article text from two extractors, and the fallbacks that never refuse a page with text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.model import SegmentKind
from workbench.importers import html as html_importer
from workbench.importers import import_bytes, import_here
from workbench.importers.html_ensemble import DIFFERENT_BLOCK, TRUNCATED, choose, overlap

_ARTICLE = (
    "Fighters of the opposition said on Tuesday that they had pushed government forces out of the village of "
    "Tal Ghazal after a night of shelling. Local sources told the Levant Courier that at least four tanks were "
    "seen withdrawing towards the highway. The defence ministry did not comment on the report, and no "
    "independent source has confirmed the withdrawal so far. Residents who fled the area described heavy "
    "artillery fire from the hills to the east of the village."
)
_TEASER = "Subscribe to our newsletter for the latest headlines from the region every morning."


def _paragraphs(count: int, seed: str = "") -> str:
    return "\n\n".join(f"{seed}Paragraph {i} reports that the convoy number {i} reached checkpoint {i * 7} "
                       f"near the river crossing after {i + 2} hours." for i in range(count))


def test_trafilatura_is_kept_when_the_extractors_agree() -> None:
    choice = choose(_ARTICLE, _ARTICLE + "\n\nShare this article")
    assert choice.source == "trafilatura" and choice.rule == "default"


def test_readability_wins_when_trafilatura_read_another_block() -> None:
    choice = choose(_TEASER, _ARTICLE)
    assert choice.inside < DIFFERENT_BLOCK
    assert (choice.source, choice.rule, choice.text) == ("readability", "different blocks", _ARTICLE)


def test_a_shorter_other_block_does_not_replace_trafilatura() -> None:
    assert choose(_ARTICLE, _TEASER).source == "trafilatura"


def test_readability_wins_when_trafilatura_stopped_early() -> None:
    long_text = _paragraphs(12)
    head = _paragraphs(3)
    choice = choose(head, long_text)
    assert choice.covered < TRUNCATED
    assert (choice.source, choice.rule) == ("readability", "truncated")


def test_empty_outputs() -> None:
    assert choose("", _ARTICLE).source == "readability"
    assert choose(_ARTICLE, "").source == "trafilatura"
    assert choose("", "").text == ""


@given(st.text(max_size=400), st.text(max_size=400))
def test_choice_is_always_one_of_the_inputs(a: str, b: str) -> None:
    assert choose(a, b).text in (a, b)
    inside, covered = overlap(a, b)
    assert 0.0 <= inside <= 1.0 and 0.0 <= covered <= 1.0


def _page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html lang='en'><head><title>T</title>{head}</head><body>{body}</body></html>".encode()


def test_json_ld_article_body_when_the_page_body_is_empty() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": "NewsArticle", "headline": "Convoy Reaches Tal Ghazal", "articleBody": _ARTICLE}]}
    page = _page("<div id='app'></div>", f"<script type='application/ld+json'>{json.dumps(data)}</script>")
    doc = import_bytes(page, "app.html")
    assert "four tanks were seen withdrawing" in doc.text
    assert doc.extraction == html_importer.FALLBACK_JSON_LD
    assert all(s.kind is not SegmentKind.COMMENTS for s in doc.segments)


def test_json_ld_that_is_broken_or_deep_is_ignored() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    page = _page("<p>Short visible line about the convoy at the bridge.</p>",
                 f"<script type='application/ld+json'>{{broken</script>"
                 f"<script type='application/ld+json'>{deep}</script>")
    doc = import_bytes(page, "deep.html")
    assert "convoy at the bridge" in doc.text


def test_markup_in_article_body_is_read_as_text() -> None:
    data = {"@type": "Article", "articleBody": "<p>First line of the report.</p><script>alert(1)</script>"
                                               "<p>Second line of the report.</p>"}
    page = _page("", "<script type='application/ld+json'>" + json.dumps(data).replace("</", "<\\/") + "</script>")
    doc = import_bytes(page, "markup.html")
    assert "First line of the report." in doc.text and "Second line of the report." in doc.text
    assert "alert" not in doc.text and "<" not in doc.text


def test_visible_text_when_no_extractor_and_no_structured_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_importer, "_with_trafilatura", lambda markup: ("", "", html_importer.DocumentMetadata()))
    monkeypatch.setattr(html_importer, "readability_text", lambda markup: "")
    doc = import_here(_page("<table><tr><td>Casualty figures by district</td><td>12</td></tr></table>"), "t.html")
    assert "Casualty figures by district" in doc.text
    assert doc.extraction == html_importer.FALLBACK_VISIBLE


def test_a_page_with_no_text_at_all_is_still_refused() -> None:
    from workbench.errors import ImportRejected

    with pytest.raises(ImportRejected, match="no readable text"):
        import_bytes(_page("<div><img src='x.png'></div>"), "empty.html")


def test_a_failing_second_extractor_leaves_the_choice_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import readability.readability

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("parser exploded")

    monkeypatch.setattr(readability.readability, "Document", broken)
    assert html_importer.readability_text("<html><body><p>x</p></body></html>") == ""
    doc = import_bytes(_page(f"<article><h1>Convoy</h1><p>{_ARTICLE}</p></article>"), "a.html")
    assert "four tanks were seen withdrawing" in doc.text


def test_direction_from_the_html_element() -> None:
    page = ("<html dir='rtl' lang='ar'><head><title>ت</title></head><body><p>" + "قال مصدر محلي إن القصف استمر. " * 20
            + "</p></body></html>").encode()
    doc = import_bytes(page, "rtl.html")
    assert doc.metadata.direction == "rtl"
    assert html_importer.page_direction("<html lang='en' dir=\"ltr\">") == "ltr"
    assert html_importer.page_direction("<html>") == ""


def test_without_blocks_of_removes_a_comment_thread_readability_kept() -> None:
    body = "First paragraph of the article.\n\nSecond paragraph.\n\nGreat article, thanks!"
    assert html_importer.without_blocks_of(body, "Great article, thanks!\nAnother reader") == (
        "First paragraph of the article.\n\nSecond paragraph.")


def test_readability_keeps_its_cleaner_but_no_link_rewriting() -> None:
    import readability.readability as engine

    page = "<html><body><article><p>" + "Shelling was reported near the bridge overnight. " * 30 + \
        "<a href='javascript:alert(1)'>statement</a></p></article></body></html>"
    text = html_importer.readability_text(page)
    assert "Shelling was reported near the bridge" in text and "alert" not in text and "javascript" not in text
    assert engine.html_cleaner.javascript is False
    assert engine.html_cleaner.scripts is True and engine.html_cleaner.style is True
