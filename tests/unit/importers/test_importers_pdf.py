"""PDF: text a person would copy, page furniture, metadata judged, damaged/encrypted/Brotli files.

The corpus PDFs (tests/corpus/pdf) are imported through ``import_bytes``, i.e. in the sandboxed child.
"""

from __future__ import annotations

import json
import pickle
import random

import pytest

from tests.corpus.pdf.builders import (
    CORPUS,
    broken_second_page_pdf,
    brotli_content_pdf,
    brotli_object_stream_pdf,
    corpus_pdf,
    encrypt,
)
from tests.unit.importers.importer_builders import encrypt_pdf, make_pdf
from workbench.domain.model import SegmentKind
from workbench.errors import ImportRejected
from workbench.importers import import_bytes
from workbench.importers.base import ImportedDocument
from workbench.importers.pdf import MEDIA_TYPE, extract_pdf
from workbench.importers.segments import segment_text

RAW_MESSAGES = ("pip install", "is required for", "Traceback", "Error:", "PDFium", "pypdf", "cryptography")


def _reject(data: bytes, name: str) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        import_bytes(data, name)
    assert info.value.name == name
    assert str(info.value).startswith(f"{name}: ")
    assert not any(raw in info.value.reason for raw in RAW_MESSAGES), info.value.reason
    return info.value


def _body(doc: ImportedDocument) -> str:
    return segment_text(doc.text, doc.segments, SegmentKind.BODY)


def _boilerplate_lines(doc: ImportedDocument) -> set[str]:
    return {line.strip() for s in doc.segments if s.kind is SegmentKind.BOILERPLATE
            for line in doc.text[s.start:s.end].split("\n") if line.strip()}


@pytest.fixture(scope="module")
def bulletin() -> ImportedDocument:
    return import_bytes(corpus_pdf("bulletin-two-column"), "bulletin.pdf")


def test_pdf_text_and_metadata(tal_hamra_pdf: bytes) -> None:
    doc = import_bytes(tal_hamra_pdf, "tal-hamra.pdf")
    assert doc.media_type == MEDIA_TYPE
    assert doc.encoding == ""
    assert "according to the ISIS-linked news channel al-Bayan Wire." in doc.text
    assert "“repelled a desperate infiltration attempt”" in doc.text  # WinAnsi curly quotes
    assert "\n\n" in doc.text  # the page break
    meta = doc.metadata
    assert meta.title == "ISIS Claims Recapture Of Tal Hamra"
    assert meta.author == "Levant Frontline"
    assert meta.published == ""  # was the CreationDate: a file's creation is not the article's publication
    assert meta.publisher == "Levant Frontline"  # "Support Levant Frontline"
    assert meta.language == "en"


def test_pdf_segments(tal_hamra_pdf: bytes) -> None:
    doc = import_bytes(tal_hamra_pdf, "tal-hamra.pdf")
    assert doc.segments[0].start == 0 and doc.segments[-1].end == len(doc.text)
    comments = segment_text(doc.text, doc.segments, SegmentKind.COMMENTS)
    boiler = segment_text(doc.text, doc.segments, SegmentKind.BOILERPLATE)
    assert "Marek Dvorak" in comments
    assert "Click to see the full-size image" in boiler
    assert "Notify of" in boiler


def test_pages_joined_with_blank_line() -> None:
    doc = extract_pdf(make_pdf([["First page text."], ["Second page text."]]), "two.pdf")
    assert doc.text == "First page text.\n\nSecond page text."


def test_pdf_sniffed_by_content_whatever_the_name(tal_hamra_pdf: bytes) -> None:
    assert import_bytes(tal_hamra_pdf, "download.bin").media_type == MEDIA_TYPE


def test_truncated_pdf_is_damaged(tal_hamra_pdf: bytes) -> None:
    error = _reject(tal_hamra_pdf[: len(tal_hamra_pdf) // 2], "truncated.pdf")
    assert error.reason.startswith("is damaged: ")


def test_pdf_header_only_is_damaged() -> None:
    assert _reject(b"%PDF-1.7\n", "header-only.pdf").reason.startswith("is damaged: ")


def test_random_bytes_named_pdf() -> None:
    data = random.Random(3).randbytes(4096)
    error = _reject(data, "random.pdf")
    assert error.reason == "is not a PDF file (no %PDF- header)"


def test_random_bytes_after_pdf_header() -> None:
    data = b"%PDF-1.4\n" + random.Random(5).randbytes(4096)
    assert _reject(data, "garbage.pdf").reason.startswith("is damaged: ")


def test_encrypted_pdf_is_rejected(tal_hamra_pdf: bytes) -> None:
    error = _reject(encrypt_pdf(tal_hamra_pdf, "secret"), "locked.pdf")
    assert error.reason == "is encrypted (it needs a password to open); ask the sender for an unprotected copy"


def test_pdf_with_only_an_owner_password_opens(tal_hamra_pdf: bytes) -> None:
    doc = import_bytes(encrypt_pdf(tal_hamra_pdf, ""), "owner-only.pdf")
    assert "al-Bayan Wire" in doc.text


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128"])
def test_aes_encrypted_pdf_with_an_empty_password_opens(tal_hamra_pdf: bytes, algorithm: str) -> None:
    doc = import_bytes(encrypt(tal_hamra_pdf, "", algorithm), "aes.pdf")
    assert "al-Bayan Wire" in doc.text


@pytest.mark.parametrize("name", ["r4-aes-user-password", "libreoffice-writer-password", "password-example"])
def test_real_pdfs_with_a_password_are_refused_in_plain_words(name: str) -> None:
    assert _reject(corpus_pdf(name), f"{name}.pdf").reason.startswith("is encrypted (it needs a password")


def test_aes_256_with_a_user_password_is_refused(tal_hamra_pdf: bytes) -> None:
    assert _reject(encrypt(tal_hamra_pdf, "pw", "AES-256"), "aes-pw.pdf").reason.startswith("is encrypted")


def test_real_aes_256_pdf_with_an_empty_password_opens() -> None:
    assert import_bytes(corpus_pdf("r6-empty-password"), "r6.pdf").text == "pdf encryption test password: asdfzxcv"


def test_brotli_compressed_content_opens() -> None:
    assert import_bytes(brotli_content_pdf(["Brotli compressed page text."]), "b.pdf").text == (
        "Brotli compressed page text.")


def test_brotli_object_and_xref_streams_open_through_the_rewrite() -> None:
    doc = import_bytes(brotli_object_stream_pdf(["Object streams packed with Brotli."]), "pdf20.pdf")
    assert doc.text == "Object streams packed with Brotli."


def test_damaged_brotli_stream_is_damaged_in_plain_words() -> None:
    error = _reject(brotli_object_stream_pdf(["x"], corrupt=True), "broken-brotli.pdf")
    assert error.reason.startswith("is damaged: ")


def test_a_missing_library_never_reaches_the_user(monkeypatch: pytest.MonkeyPatch, tal_hamra_pdf: bytes) -> None:
    """pypdf's "cryptography>=3.1 is required for AES algorithm" (no crypto library) stays inside."""
    import pypdf
    from pypdf.errors import DependencyError

    from workbench.importers import pdf_pdfium

    def no_crypto(self: object, password: str) -> int:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm. Install it with: pip install x")

    def refuse(data: bytes) -> object:
        raise pdf_pdfium.PdfProblem(pdf_pdfium._OPEN_ERRORS[4])

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", no_crypto)
    monkeypatch.setattr(pdf_pdfium, "open_pdf", refuse)
    with pytest.raises(ImportRejected) as info:
        extract_pdf(encrypt(tal_hamra_pdf, "", "AES-256"), "aes.pdf")
    assert info.value.reason.startswith("is encrypted")
    assert not any(raw in info.value.reason for raw in RAW_MESSAGES)


def test_a_broken_page_is_left_out_and_said_so() -> None:
    doc = import_bytes(broken_second_page_pdf("The first page is fine."), "half-broken.pdf")
    assert doc.text == "The first page is fine."
    assert doc.extraction == "damaged: 1 of 2 pages could not be read (page 2); they are left out"


def test_scanned_pdf_has_no_text_layer() -> None:
    data = make_pdf([["ignored"]], text_layer=False)
    assert _reject(data, "scan.pdf").reason == "has no text layer (scanned image?)"


def test_extract_pdf_is_subprocess_friendly(tal_hamra_pdf: bytes) -> None:
    """A top-level function with picklable arguments and result (for a worker process)."""
    assert pickle.loads(pickle.dumps(extract_pdf)) is extract_pdf
    doc = extract_pdf(tal_hamra_pdf, "tal-hamra.pdf")
    assert pickle.loads(pickle.dumps(doc)) == doc
    with pytest.raises(ImportRejected) as info:
        extract_pdf(b"%PDF-1.4\n", "x.pdf")
    name, reason = pickle.loads(pickle.dumps((info.value.name, info.value.reason)))
    assert str(ImportRejected(name, reason)) == str(info.value)


@pytest.mark.parametrize("creation_date", ["D:20180305101500+00'00'", "D:20171130", "D:2017113O", "garbage"])
def test_creation_date_is_never_the_publication_date(creation_date: str) -> None:
    data = make_pdf([["Body text of the article."]], info={"CreationDate": creation_date, "ModDate": creation_date})
    assert extract_pdf(data, "dated.pdf").metadata.published == ""


def test_a_date_printed_on_the_first_page_is_the_publication_date() -> None:
    data = make_pdf([["Truce Holds In Abu Dhuhur", "Published 14 March 2018",
                      "Elders from both villages met on Tuesday."]], info={"CreationDate": "D:20210101"})
    assert extract_pdf(data, "printed.pdf").metadata.published == "2018-03-14"


# --------------------------------------------------------------------------- the generated corpus


def test_two_columns_read_column_by_column_and_lines_joined(bulletin: ImportedDocument) -> None:
    reference = (CORPUS / "generated" / "bulletin-two-column.txt").read_text(encoding="utf-8")
    for paragraph in reference.split("\n\n")[3:]:
        assert paragraph in bulletin.text
    # a sentence that crosses the page break, and one that crosses from the left column to the right one
    assert "The militia's own social media page posted condolences for two of its members" in bulletin.text
    assert "\n\nWhat the Satellite Images Show\n\n" in bulletin.text


def test_hyphens_undone_and_compounds_kept(bulletin: ImportedDocument) -> None:
    expect = json.loads((CORPUS / "generated" / "bulletin-two-column.expect.json").read_text(encoding="utf-8"))
    for head, tail, word in expect["hyphenated"]:
        assert f"{head}\n{tail}" not in bulletin.text and f"{head} {tail}" not in bulletin.text
        assert word.strip(".,;:\"”") in bulletin.text
    assert "ISIS-linked" in bulletin.text and "Al-Asharah" in bulletin.text


def test_running_heads_and_page_numbers_are_boilerplate(bulletin: ImportedDocument) -> None:
    boiler = _boilerplate_lines(bulletin)
    assert {"EUPHRATES VALLEY WEEKLY", "Conflict Bulletin No. 14", "Page 1 of 3", "Page 3 of 3"} <= boiler
    assert "Page 2 of 3" not in _body(bulletin)
    assert bulletin.text.startswith("EUPHRATES VALLEY WEEKLY\nConflict Bulletin No. 14\n\nConflicting Accounts")


def test_junk_properties_give_way_to_the_page(bulletin: ImportedDocument) -> None:
    assert bulletin.metadata.title == "Conflicting Accounts of the Fighting Around Al-Ashara"  # not "10811.exe"
    assert bulletin.metadata.author == "Hana Sorensen"  # the byline, not "Supreme"
    assert bulletin.metadata.published == "2019-03-12"  # printed; the CreationDate says 2021-06-17
    assert bulletin.derived == ()


def test_ligatures_become_letters_and_fractions_stay() -> None:
    doc = import_bytes(corpus_pdf("field-notes-single-column"), "notes.pdf")
    assert "an old fight between two opposition factions" in doc.text  # literal U+FB01 in the PDF
    assert "\ufb01" not in doc.text
    assert "roughly 2½ kilometres south" in doc.text
    assert doc.metadata.title == "Field Notes: The Footage From the Bridge at Deir Hafer"  # not "Microsoft Word - …"
    assert doc.metadata.author == ""  # "user"
    assert {"Field Notes", "The Footage From the Bridge", "- 2 -"} <= _boilerplate_lines(doc)
    # a sentence over a page break, with the page's foot and the next head in between in the PDF
    assert "Weather records show no rain in the region for the preceding month" in doc.text


def test_arabic_is_searchable_in_logical_order() -> None:
    doc = import_bytes(corpus_pdf("arabic-dispatch"), "arabic.pdf")
    assert "دمشق" in doc.text and "دير الزور" in doc.text
    assert "قرب الكيلومتر 80، لكنه" in doc.text
    assert "تبنى تنظيم ISIS عددا منها" in doc.text
    assert not any("\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe" for ch in doc.text)
    assert doc.metadata.title == "اشتباكات متقطعة على طريق دمشق دير الزور"
    assert doc.metadata.language == "ar" and doc.metadata.author == ""


def test_real_arabic_presentation_forms_are_searchable() -> None:
    doc = import_bytes(corpus_pdf("ArabicCIDTrueType"), "arabic-fonts.pdf")
    assert doc.text.count("انواع الخطوط العربية") == 4


def test_line_numbers_are_boilerplate_and_good_properties_kept() -> None:
    doc = import_bytes(corpus_pdf("briefing-transcript"), "transcript.pdf")
    assert {"1", "2", "23", "Desk Transcription Services"} <= _boilerplate_lines(doc)
    assert "the third was closed for repairs for about thirty hours." in _body(doc)
    assert doc.metadata.title == "Press Briefing on the Deir Ezzor Crossings"
    assert doc.metadata.author == "Levant Frontline Desk"
    assert doc.metadata.published == "2019-01-09"


def test_twenty_pages_import() -> None:
    """Its time is a budget of make bench (tests/benchmarks/test_bench_parsing.py)."""
    doc = import_bytes(corpus_pdf("digest-twenty-pages"), "digest.pdf")
    assert doc.text.count("Page ") >= 21


def test_a_quote_across_a_line_break_matches(bulletin: ImportedDocument) -> None:
    assert "“" not in bulletin.text  # the bulletin uses straight quotes
    assert '"relatives of the soldiers", at least four members of the government forces were killed' in bulletin.text
