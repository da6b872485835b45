"""PDF: text layer, /Info metadata, damaged, encrypted and image-only files."""

from __future__ import annotations

import pickle
import random

import pytest

from tests.unit.importers.importer_builders import encrypt_pdf, make_pdf
from workbench.domain.model import SegmentKind
from workbench.errors import ImportRejected
from workbench.importers import import_bytes
from workbench.importers.pdf import MEDIA_TYPE, extract_pdf
from workbench.importers.segments import segment_text


def _reject(data: bytes, name: str) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        import_bytes(data, name)
    assert info.value.name == name
    assert str(info.value).startswith(f"{name}: ")
    return info.value


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
    assert meta.published == "2018-03-05"
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
    assert error.reason.startswith("is encrypted")


def test_pdf_with_only_an_owner_password_opens(tal_hamra_pdf: bytes) -> None:
    doc = import_bytes(encrypt_pdf(tal_hamra_pdf, ""), "owner-only.pdf")
    assert "al-Bayan Wire" in doc.text


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
    # ImportRejected does not pickle (its __init__ takes two arguments): a worker sends (name, reason).
    name, reason = pickle.loads(pickle.dumps((info.value.name, info.value.reason)))
    assert str(ImportRejected(name, reason)) == str(info.value)


@pytest.mark.parametrize(
    ("creation_date", "published"),
    [("D:20180305101500+00'00'", "2018-03-05"), ("D:20171130", "2017-11-30"), ("D:2017113O", ""), ("garbage", "")],
)
def test_creation_date_formats(creation_date: str, published: str) -> None:
    data = make_pdf([["Body text of the article."]], info={"CreationDate": creation_date})
    assert extract_pdf(data, "dated.pdf").metadata.published == published
