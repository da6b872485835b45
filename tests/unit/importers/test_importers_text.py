"""Plain text: encodings, canonical text, metadata heuristics, rejections."""

from __future__ import annotations

import codecs

import pytest

from tests.unit.importers.importer_builders import fixture_bytes, fixture_text
from workbench.domain.model import SegmentKind
from workbench.errors import ImportRejected
from workbench.importers import Limits, import_bytes
from workbench.importers.heuristics import (
    guess_author,
    guess_language,
    guess_published,
    guess_title,
    guess_url,
    parse_date,
)
from workbench.importers.text import decode_text, looks_binary

QASR = fixture_text("article-qasr-marwan.txt")
ARABIC = fixture_text("article-arabic.txt")


# ------------------------------------------------------------------ encodings


def test_utf8_article_is_recorded_as_utf8() -> None:
    doc = import_bytes(fixture_bytes("article-qasr-marwan.txt"), "qasr.txt")
    assert doc.encoding == "utf-8"
    assert doc.media_type == "text/plain"
    assert doc.text == QASR
    assert "“Our men did not leave a single position." in doc.text


def test_utf8_bom_is_stripped_and_recorded() -> None:
    doc = import_bytes(codecs.BOM_UTF8 + QASR.encode("utf-8"), "qasr.txt")
    assert doc.encoding == "utf-8-sig"
    assert doc.text == QASR
    assert not doc.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    doc = import_bytes(bom + QASR.encode(codec), "qasr.txt")
    assert doc.encoding == "utf-16"
    assert doc.text == QASR


def test_utf16_without_bom_is_recognised() -> None:
    doc = import_bytes(QASR.encode("utf-16-le"), "qasr.txt")
    assert doc.encoding == "utf-16-le"
    assert doc.text == QASR


def test_cp1252_english_with_curly_quotes() -> None:
    data = QASR.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = import_bytes(data, "qasr-cp1252.txt")
    assert doc.encoding == "cp1252"
    assert doc.text == QASR
    assert "they can’t even agree" in doc.text
    assert doc.metadata.language == "en"


def test_cp1256_arabic() -> None:
    data = ARABIC.encode("cp1256")
    doc = import_bytes(data, "arabic-cp1256.txt")
    assert doc.encoding == "cp1256"
    assert doc.text == ARABIC
    assert doc.metadata.language == "ar"
    assert doc.metadata.title == "انسحاب مزعوم من قرية تل الحمرا شرق دير الزور"


def test_arabic_utf8_is_arabic() -> None:
    doc = import_bytes(ARABIC.encode("utf-8"), "arabic.txt")
    assert doc.encoding == "utf-8"
    assert doc.metadata.language == "ar"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf(newline: str) -> None:
    doc = import_bytes(QASR.replace("\n", newline).encode("utf-8"), "qasr.txt")
    assert "\r" not in doc.text
    assert doc.text == QASR


def test_crlf_in_legacy_encoding() -> None:
    doc = import_bytes(QASR.replace("\n", "\r\n").encode("cp1252"), "qasr.txt")
    assert doc.text == QASR
    assert doc.encoding == "cp1252"


def test_unknown_suffix_with_text_is_plain_text() -> None:
    doc = import_bytes(fixture_bytes("article-tal-hamra.txt"), "notes.log")
    assert doc.media_type == "text/plain"
    assert doc.metadata.title == "ISIS Claims Recapture Of Tal Hamra Near Al-Mayadeen"


# ------------------------------------------------------------------ metadata


def test_title_skips_donation_boilerplate() -> None:
    doc = import_bytes(fixture_bytes("article-tal-hamra.txt"), "tal-hamra.txt")
    assert doc.metadata.title == "ISIS Claims Recapture Of Tal Hamra Near Al-Mayadeen"
    assert doc.metadata.publisher == "Levant Frontline"


def test_date_line_with_donate_gives_published_and_a_derived_title() -> None:
    doc = import_bytes(fixture_bytes("article-wadi-sabkha.txt"), "wadi-sabkha.txt")
    assert doc.metadata.published == "2018-03-14"
    # the first line of text is a paragraph, not a headline: the title is its first words, marked derived
    assert doc.metadata.title.startswith("Clashes are reportedly intensifying") and doc.metadata.title.endswith("…")
    assert doc.derived == ("title",)
    assert doc.metadata.language == "en"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("November 30, 2017", "2017-11-30"),
        ("30 November 2017", "2017-11-30"),
        ("Dec. 13, 2017", "2017-12-13"),
        ("Sept 3rd, 2018", "2018-09-03"),
        ("date 2017-09-25 Donate", "2017-09-25"),
        ("2017-09-25", "2017-09-25"),
        ("Published: 2017-11-30T08:00:00Z", "2017-11-30"),
        ("February 30, 2017", ""),
        ("On December 13, ISIS fighters", ""),
        ("nothing here", ""),
    ],
)
def test_parse_date(value: str, expected: str) -> None:
    assert parse_date(value) == expected


def test_byline_date_and_source_url() -> None:
    text = (
        "0 $\nDonate\n\nTribal Elders Deny Truce In Abu Dhuhur\n\nBy Samir Aoun | Dec. 13, 2017\n\n"
        "Source: https://east-wire.example/news/abu-dhuhur-truce.\n\n"
        "Tribal elders in Abu Dhuhur denied on Wednesday that they had agreed to a truce, "
        "according to the pro-opposition outlet East Wire.\n"
    )
    doc = import_bytes(text.encode("utf-8"), "abu-dhuhur.txt")
    assert doc.metadata.title == "Tribal Elders Deny Truce In Abu Dhuhur"
    assert doc.metadata.author == "Samir Aoun"
    assert doc.metadata.published == "2017-12-13"
    assert doc.metadata.url == "https://east-wire.example/news/abu-dhuhur-truce"
    assert doc.metadata.language == "en"


def test_bare_url_line_near_top() -> None:
    text = "https://east-wire.example/a/1\n\nHeadline Here\n\nThe text of the article is here and it is long.\n"
    assert guess_url(text) == "https://east-wire.example/a/1"
    assert guess_title(text) == "Headline Here"


def test_url_in_a_comment_far_below_is_ignored() -> None:
    body = "Headline\n\n" + "\n\n".join(f"Paragraph {i} of the article says something." for i in range(60))
    assert guess_url(body + "\n\nhttps://liveleak.example/view?i=1\n") == ""


def test_author_and_date_heuristics_only_look_at_the_top() -> None:
    body = "Headline\n\n" + "\n\n".join(f"Paragraph {i} of the article." for i in range(30))
    text = body + "\n\nBy Someone Else\n\nNovember 30, 2017\n"
    assert guess_author(text) == ""
    assert guess_published(text) == ""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The army said that the village was under its control and that the reports were false.", "en"),
        ("قالت مصادر محلية إن الجيش انسحب من القرية", "ar"),
        ("Le village a été repris par l’armée selon des sources locales.", "fr"),
        ("12345 67890", ""),
    ],
)
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


# ------------------------------------------------------------------ segments


def test_plain_text_import_segments_comments() -> None:
    doc = import_bytes(fixture_bytes("article-qasr-marwan.txt"), "qasr.txt")
    kinds = [s.kind for s in doc.segments]
    assert kinds == [SegmentKind.BODY, SegmentKind.COMMENTS]
    comments = doc.text[doc.segments[1].start :]
    assert comments.startswith("Nour Khalil\n")


# ------------------------------------------------------------------ rejections


def _reject(data: bytes, name: str, limits: Limits | None = None) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        if limits is None:
            import_bytes(data, name)
        else:
            import_bytes(data, name, limits)
    assert info.value.name == name
    assert str(info.value).startswith(f"{name}: ")
    return info.value


def test_binary_renamed_txt_is_rejected() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    error = _reject(png, "photo.txt")
    assert error.reason == "is a binary file, not text"


def test_control_characters_are_binary() -> None:
    data = b"".join(bytes([1, 2, 3, 4, 5]) + b"abc" for _ in range(200))
    assert looks_binary(data)
    assert _reject(data, "weird.txt").reason == "is a binary file, not text"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8 + b"\n\n", codecs.BOM_UTF16_LE])
def test_empty_or_whitespace_is_rejected(data: bytes) -> None:
    assert _reject(data, "empty.txt").reason == "is empty"


def test_too_large_is_rejected() -> None:
    error = _reject(QASR.encode("utf-8"), "qasr.txt", Limits(max_bytes=100))
    assert error.reason.startswith("is too large")
    assert "the limit is 100 bytes" in error.reason


def test_too_much_text_is_rejected() -> None:
    error = _reject(QASR.encode("utf-8"), "qasr.txt", Limits(max_text_chars=50))
    assert "characters of text" in error.reason


def test_undecodable_utf16_is_rejected_with_reason() -> None:
    data = codecs.BOM_UTF16_LE + "Headline\n".encode("utf-16-le") + b"\x00\xd8A\x00"  # lone surrogate
    error = _reject(data, "broken.txt")
    assert error.reason.startswith("cannot be decoded as utf-16")


def test_decode_text_returns_encoding() -> None:
    text, encoding = decode_text(b"Khasham, Khusham, Ksham", "a.txt")
    assert (text, encoding) == ("Khasham, Khusham, Ksham", "utf-8")


def test_datelines_give_publisher_and_date() -> None:
    import pickle

    from workbench.errors import ImportRejected
    from workbench.importers.heuristics import dateline_publisher, guess_metadata, parse_date

    assert parse_date("14.03.2018 | Levant Frontline") == "2018-03-14"
    assert parse_date("Rif Press – Homs – 3/11/2017") == "2017-11-03"
    assert parse_date("11/23/2017") == "2017-11-23"  # month first when the day cannot be a month
    assert dateline_publisher("14.03.2018 | Levant Frontline") == "Levant Frontline"
    assert dateline_publisher("Rif Press – Homs – 3/11/2017") == "Rif Press"
    assert dateline_publisher("Source: https://rif.example/a – published 2017-11-03") == ""
    meta = guess_metadata("14.03.2018 | Levant Frontline\n\nVillage Changes Hands Again\n\nLocal sources said…\n\n"
                          "© Levant Frontline 2018. All rights reserved.\n")
    assert (meta.title, meta.publisher, meta.published) == ("Village Changes Hands Again", "Levant Frontline",
                                                            "2018-03-14")
    meta = guess_metadata("قرية\n\nSource: https://rif.example/ar/1 – published 2017-11-03\n\nنص\n")
    assert meta.url == "https://rif.example/ar/1"
    err = pickle.loads(pickle.dumps(ImportRejected("a.pdf", "is damaged")))
    assert (err.name, err.reason, str(err)) == ("a.pdf", "is damaged", "a.pdf: is damaged")
