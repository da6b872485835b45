"""HTML pages: text, comments, metadata, charsets, hostile markup."""

from __future__ import annotations

import pytest

from tests.unit.importers.importer_builders import fixture_bytes, fixture_text
from workbench.domain.model import SegmentKind
from workbench.errors import ImportRejected
from workbench.importers import import_bytes
from workbench.importers.html import declared_charset, extract_html, lxml_text, page_language
from workbench.importers.segments import segment_text


@pytest.fixture(scope="module")
def levant():
    return import_bytes(fixture_bytes("page-levant-monitor.html"), "tal-sameer.html")


def test_article_text_and_metadata(levant) -> None:
    assert levant.media_type == "text/html"
    assert levant.encoding == "utf-8"
    meta = levant.metadata
    assert meta.title == "Rebels Claim Capture Of Tal Sameer Hill"
    assert meta.author == "Rania Haddad"
    assert meta.publisher == "Levant Monitor"
    assert meta.url == "https://levant-monitor.example/2017/11/tal-sameer"
    assert meta.published == "2017-11-30"
    assert meta.language == "en"
    assert "according to the pro-opposition outlet Orient Echo." in levant.text
    assert "the army “repelled the attack”" in levant.text  # entities decoded to curly quotes


def test_blank_line_between_paragraphs(levant) -> None:
    assert "Orient Echo.\n\nHowever, the government-run agency SNW" in levant.text


def test_comments_become_a_comments_segment(levant) -> None:
    kinds = [s.kind for s in levant.segments]
    assert kinds == [SegmentKind.BODY, SegmentKind.COMMENTS]
    comments = segment_text(levant.text, levant.segments, SegmentKind.COMMENTS)
    assert "Tell Samir and Tal Sameer are the same place, right?" in comments
    body = segment_text(levant.text, levant.segments, SegmentKind.BODY)
    assert "Wait for pictures" not in body
    assert levant.segments[-1].end == len(levant.text)


def test_no_markup_or_script_survives(levant) -> None:
    for forbidden in ("<", "fetch(", "document.cookie", "evil.example", "alert", "Home News Donate"):
        assert forbidden not in levant.text


def test_hostile_page_yields_plain_text_only() -> None:
    doc = import_bytes(fixture_bytes("page-hostile.html"), "hostile.htm")
    assert "came into force at noon on Sunday" in doc.text  # (precision mode keeps only the lead here)
    for forbidden in (
        "<",
        "alert",
        "evil.example",
        "SCRIPT-WRITTEN",
        "STYLE-TEXT",
        "SVG-TEXT",
        "TEMPLATE-TEXT",
        "FORM-VALUE",
        "javascript:",
    ):
        assert forbidden not in doc.text
    assert doc.metadata.title == "Ceasefire Announced Around Jisr al-Qantara"


def test_lxml_fallback_drops_hostile_elements() -> None:
    text, title = lxml_text(fixture_text("page-hostile.html"))
    assert title == "Ceasefire Announced Around Jisr al-Qantara"
    assert "according to a statement read on the pro-government Sham Radio." in text
    for forbidden in ("SCRIPT-WRITTEN", "STYLE-TEXT", "SVG-TEXT", "TEMPLATE-TEXT", "alert", "<"):
        assert forbidden not in text


def test_lxml_fallback_used_when_the_extractors_find_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.importers import html

    monkeypatch.setattr(html, "_with_trafilatura", lambda markup: ("", "", html.DocumentMetadata()))
    monkeypatch.setattr(html, "readability_text", lambda markup: "")
    doc = extract_html(fixture_bytes("page-levant-monitor.html"), "tal-sameer.html")
    assert "Umm Rawaq" in doc.text
    # the site name after the bar is the publisher's, not part of the headline
    assert doc.metadata.title == "Rebels Claim Capture Of Tal Sameer Hill"
    assert "fetch(" not in doc.text
    assert doc.extraction == html.FALLBACK_VISIBLE


def test_readability_reads_the_page_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.importers import html

    monkeypatch.setattr(html, "_with_trafilatura", lambda markup: ("", "", html.DocumentMetadata()))
    doc = extract_html(fixture_bytes("page-levant-monitor.html"), "tal-sameer.html")
    assert "Umm Rawaq" in doc.text
    assert "fetch(" not in doc.text
    assert doc.extraction == ""  # one of the two article extractors read it: not a fallback


def test_every_paragraph_of_a_hostile_page_in_the_visible_text_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.importers import html

    monkeypatch.setattr(html, "_with_trafilatura", lambda markup: ("", "", html.DocumentMetadata()))
    monkeypatch.setattr(html, "readability_text", lambda markup: "")
    doc = import_bytes(fixture_bytes("page-hostile.html"), "hostile.htm")
    assert "shelling on the eastern neighbourhoods" in doc.text
    assert "The terms of the agreement have not been published." in doc.text
    for forbidden in ("<", "alert", "evil.example", "SCRIPT-WRITTEN", "SVG-TEXT", "TEMPLATE-TEXT", "javascript:"):
        assert forbidden not in doc.text


def test_declared_windows_1256_arabic_page() -> None:
    data = fixture_text("page-arabic.html").encode("cp1256")
    doc = import_bytes(data, "tal-hamra-ar.html")
    assert doc.encoding == "cp1256"
    assert doc.metadata.language == "ar"
    assert doc.metadata.title == "انسحاب مزعوم من قرية تل الحمرا"
    assert "بحسب ما نقلته وكالة أنباء معارضة" in doc.text


def test_declared_charset_and_language_helpers() -> None:
    assert declared_charset(b'<meta charset="windows-1256">') == "windows-1256"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">') == "ISO-8859-1"
    assert declared_charset(b"<html><p>no charset</p>") is None
    assert page_language('<html lang="en-GB">') == "en"
    assert page_language("<html>") == ""


def test_latin1_label_decodes_as_cp1252() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Truce</title></head><body>'
        "<p>The elders called the truce \u201cworthless\u201d, according to local sources who spoke to East Wire "
        "on Tuesday about the situation in the village.</p></body></html>"
    )
    doc = import_bytes(html.encode("cp1252"), "truce.html")
    assert doc.encoding == "cp1252"
    assert "\u201cworthless\u201d" in doc.text


def test_utf16_html_with_bom() -> None:
    data = "\ufeff" + fixture_text("page-levant-monitor.html")
    doc = import_bytes(data.encode("utf-16-le"), "page.html")
    assert doc.encoding == "utf-16"
    assert "Umm Rawaq" in doc.text


def test_html_sniffed_by_content_in_txt_file() -> None:
    doc = import_bytes(fixture_bytes("page-levant-monitor.html"), "saved-page.txt")
    assert doc.media_type == "text/html"


def test_page_without_text_is_rejected() -> None:
    with pytest.raises(ImportRejected) as info:
        import_bytes(fixture_bytes("page-scripts-only.html"), "empty-page.html")
    assert str(info.value) == "empty-page.html: has no readable text"


def test_binary_html_is_rejected() -> None:
    with pytest.raises(ImportRejected) as info:
        import_bytes(b"<html>\x00\x01\x02" + bytes(range(256)), "junk.html")
    assert info.value.reason == "is a binary file, not text"


@pytest.mark.parametrize("junk", [b"\x01", b"\x0b\x0c", b"\xef\xbf\xbe"])
def test_control_characters_in_markup_never_crash(junk: bytes) -> None:
    """Found by hypothesis: lxml refuses to store some characters back into a tree."""
    try:
        doc = import_bytes(b"<!DOCTYPE html><html><body><p>" + junk, "file.txt")
    except ImportRejected as error:
        assert error.name == "file.txt"
    else:
        assert "<" not in doc.text
