"""The package API: import_path / import_bytes, sniffing, suffixes, file-system rejections."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import workbench.importers as importers
from tests.unit.importers.importer_builders import FIXTURES, fixture_bytes
from workbench.errors import ImportRejected
from workbench.importers import SUPPORTED_SUFFIXES, Limits, import_bytes, import_path, sniff_format


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("article-tal-hamra.txt", "text/plain"),
        ("article-deir-salman.md", "text/markdown"),
        ("page-levant-monitor.html", "text/html"),
    ],
)
def test_import_path_fixture_files(name: str, media_type: str) -> None:
    doc = import_path(FIXTURES / name)
    assert doc.media_type == media_type
    assert doc.text
    assert doc.segments[-1].end == len(doc.text)


def test_import_path_docx_and_pdf(tmp_path: Path, qasr_docx: bytes, tal_hamra_pdf: bytes) -> None:
    (tmp_path / "qasr.docx").write_bytes(qasr_docx)
    (tmp_path / "tal-hamra.pdf").write_bytes(tal_hamra_pdf)
    assert import_path(tmp_path / "qasr.docx").metadata.author == "Levant Frontline desk"
    assert import_path(tmp_path / "tal-hamra.pdf").metadata.author == "Levant Frontline"


def test_too_large_file_is_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: large on stat(), nothing on disk
        stream.truncate(3 * 1024 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(ImportRejected) as info:
        import_path(path)
    assert str(info.value) == "huge.txt: is too large (3.0 GB; the limit is 50.0 MB)"


def test_small_limits(tmp_path: Path) -> None:
    path = tmp_path / "tal-hamra.txt"
    path.write_bytes(fixture_bytes("article-tal-hamra.txt"))
    with pytest.raises(ImportRejected) as info:
        import_path(path, Limits(max_bytes=1000))
    assert info.value.name == "tal-hamra.txt"
    assert info.value.reason.startswith("is too large (1.7 KB; the limit is 1000 bytes)")


def test_directory_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "articles.txt"
    folder.mkdir()
    with pytest.raises(ImportRejected) as info:
        import_path(folder)
    assert str(info.value) == "articles.txt: is a folder, not a file"


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as info:
        import_path(tmp_path / "gone.txt")
    assert str(info.value) == "gone.txt: does not exist"


def test_fifo_is_rejected_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ImportRejected) as info:
        import_path(fifo)
    assert info.value.reason == "is not a regular file"


def test_unreadable_file_is_rejected_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Text", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ImportRejected) as info:
        import_path(path)
    assert str(info.value) == "secret.txt: cannot be read (permission denied)"


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"%PDF-1.4\n...", "report.txt", "pdf"),
        (b"junk before\n%PDF-1.4\n", "report", "pdf"),
        (b"PK\x03\x04rest", "archive.zip", "docx"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page.txt", "html"),
        (b"\xef\xbb\xbf  <!-- saved --> <html lang='en'>", "page", "html"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "page.xhtml", "html"),
        (b"# Heading\n\nText", "notes.md", "markdown"),
        (b"# Heading\n\nText", "notes.txt", "text"),
        (b"Plain words", "notes.unknown", "text"),
        (b"Plain words typed into a file called .pdf", "notes.pdf", "text"),
        (b"\x00\x01\x02binary", "notes.pdf", "pdf"),
        (b"<p>a fragment</p>", "fragment.html", "html"),
        (b"<p>a fragment</p>", "fragment.txt", "text"),
    ],
)
def test_sniff_format(data: bytes, filename: str, expected: str) -> None:
    assert sniff_format(data, filename) == expected


def test_old_word_file_is_rejected_with_advice() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    with pytest.raises(ImportRejected) as info:
        import_bytes(data, "old.doc")
    assert "old binary Office file" in info.value.reason


def test_plain_zip_named_txt_is_rejected() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(ImportRejected) as info:
        import_bytes(out.getvalue(), "archive.txt")
    assert "without word/document.xml" in info.value.reason


def test_filename_with_folders_is_reported_by_its_name() -> None:
    with pytest.raises(ImportRejected) as info:
        import_bytes(b"", "/home/checker/inbox/empty.txt")
    assert str(info.value) == "empty.txt: is empty"


def test_no_qt_and_no_sqlite_in_importers() -> None:
    package = Path(importers.__file__).parent
    for module in package.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        for forbidden in ("PySide6", "sqlite", "urllib.request", "requests", "http.client"):
            assert forbidden not in source, f"{module.name} mentions {forbidden}"
