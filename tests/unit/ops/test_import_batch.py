"""A failing file never aborts a batch: an importer's bug becomes that file's outcome, with the traceback logged."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import pytest

from workbench import importers, logfile
from workbench.importers import sandbox
from workbench.importers.base import ImportedDocument, Limits
from workbench.ops import documents as doc_ops
from workbench.ops.documents import ImportOutcome, ImportStatus
from workbench.store.project import Project

from .conftest import AIN_JADID, KHIRBET

PAGE = (b"<html><head><title>Bridge Shelled</title></head>"
        b"<body><p>Local sources said the bridge was hit.</p></body></html>")


def _deep_heuristic(parts: list[str]) -> str:
    return parts[len(parts)]  # the kind of slip a heuristic makes: IndexError


@pytest.fixture
def importers_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importers run in this process (where the tests replace them), not in the sandbox's."""
    monkeypatch.setattr(sandbox, "IN_PROCESS", True)


def broken_importer(data: bytes, name: str, limits: Limits) -> ImportedDocument:
    """Stands in for an importer with a bug deep inside it."""
    return ImportedDocument(_deep_heuristic(["headline"]), "utf-8", "text/html", None)  # type: ignore[arg-type]


def log_text() -> str:
    path = logfile.log_path()
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.fixture
def inbox(tmp_path: Path) -> list[Path]:
    """Three files: plain text, an HTML page, Markdown."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-khirbet.txt").write_bytes(KHIRBET.read_bytes())
    (folder / "b-bridge.html").write_bytes(PAGE)
    (folder / "c-ain-jadid.md").write_text("# Shelling Reported in Ain Jadid\n\n"
                                            + AIN_JADID.read_text(encoding="utf-8"), encoding="utf-8")
    return sorted(folder.iterdir())


@pytest.mark.usefixtures("importers_here")
def test_an_importer_bug_rejects_only_its_file(project: Project, inbox: list[Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(importers._IMPORTERS, "html", broken_importer)
    outcomes, _ = doc_ops.import_files(project, inbox)
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED, ImportStatus.REJECTED, ImportStatus.IMPORTED]
    assert outcomes[1].reason == "internal error in the HTML importer — details in the log"
    assert outcomes[1].line() == f"rejected  {inbox[1]}: internal error in the HTML importer — details in the log"
    titles = sorted(d.metadata.title for d in doc_ops.list_documents(project))
    assert titles == ["Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply",
                      "Shelling Reported in Ain Jadid"]
    log = log_text()
    assert "internal error in the HTML importer while importing 'b-bridge.html'" in log
    assert "Traceback (most recent call last)" in log
    assert "in _deep_heuristic" in log and "IndexError: list index out of range" in log


@pytest.mark.parametrize(("fmt", "name", "data", "label"), [
    ("text", "notes.txt", b"Village retaken, local sources say.", "text"),
    ("markdown", "notes.md", b"# Village retaken\n\nLocal sources say.", "Markdown"),
    ("html", "page.html", PAGE, "HTML"),
    ("docx", "report.docx", b"PK\x03\x04 not really a document", "DOCX"),
    ("pdf", "scan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF"),
])
@pytest.mark.usefixtures("importers_here")
def test_the_importer_is_named_by_its_format(project: Project, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str,
                                             data: bytes, label: str) -> None:
    monkeypatch.setitem(importers._IMPORTERS, fmt, broken_importer)
    outcome = doc_ops.import_data(project, data, name)
    assert outcome.status is ImportStatus.REJECTED
    assert outcome.reason == f"internal error in the {label} importer — details in the log"
    assert f"internal error in the {label} importer while importing {name!r}" in log_text()
    assert doc_ops.list_documents(project) == []


@pytest.mark.usefixtures("importers_here")
def test_a_bug_outside_the_importer_does_not_stop_the_batch(project: Project, inbox: list[Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = doc_ops.import_file

    def import_file(project: Project, path: Path, *args: object, **kwargs: object) -> ImportOutcome:
        if path.suffix == ".md":
            raise KeyError("segments")
        return real(project, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(doc_ops, "import_file", import_file)
    monkeypatch.setitem(importers._IMPORTERS, "html", broken_importer)
    outcomes, _ = doc_ops.import_files(project, list(reversed(inbox)))
    assert [o.status for o in outcomes] == [ImportStatus.REJECTED, ImportStatus.REJECTED, ImportStatus.IMPORTED]
    assert outcomes[0].reason == "internal error while importing — details in the log"
    assert "KeyError: 'segments'" in log_text()


@pytest.mark.usefixtures("importers_here")
def test_keyboard_interrupt_is_not_swallowed(project: Project, inbox: list[Path],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(data: bytes, name: str, limits: Limits) -> ImportedDocument:
        raise KeyboardInterrupt

    monkeypatch.setitem(importers._IMPORTERS, "html", interrupted)
    with pytest.raises(KeyboardInterrupt):
        doc_ops.import_files(project, inbox)


@pytest.mark.parametrize(("name", "shown"), [
    ("plain name.txt", "plain name.txt"),
    ("تقرير عن القصف.txt", "تقرير عن القصف.txt"),
    ("evil\nimported  fake.txt", "'evil\\nimported  fake.txt'"),
    ("bell\x07\x1b[2J.txt", "'bell\\x07\\x1b[2J.txt'"),
    ("gnp.\u202etxt", "'gnp.\\u202etxt'"),  # a right-to-left override would reverse the rest of the line
    ("caf" + os.fsdecode(b"\xe9") + ".txt", "'caf\\udce9.txt'"),  # an undecodable byte in a Linux file name
])
def test_names_are_printed_on_one_visible_line(name: str, shown: str) -> None:
    assert doc_ops.printable(name) == shown
    line = ImportOutcome(name, ImportStatus.REJECTED, reason="is empty").line()
    assert line == f"rejected  {shown}: is empty"
    assert line.isprintable() and len(line.splitlines()) == 1
    line.encode("utf-8")  # no lone surrogate left: it can be written to any UTF-8 terminal


def test_titles_are_escaped_too() -> None:
    line = ImportOutcome("a.txt", ImportStatus.IMPORTED, "0123456789", "two\nlines").line()
    assert line == "imported  a.txt → 01234567 “'two\\nlines'”"


def test_the_log_file_rotates_and_follows_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    assert logfile.log_path() == tmp_path / "data" / "workbench.log"
    monkeypatch.setenv("WORKBENCH_LOG_FILE", str(tmp_path / "elsewhere" / "wb.log"))
    path = logfile.install()
    assert path == tmp_path / "elsewhere" / "wb.log"
    ours = [h for h in logging.getLogger("workbench").handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert len(ours) == 1
    assert (ours[0].maxBytes, ours[0].backupCount) == (logfile.MAX_BYTES, logfile.BACKUP_COUNT)
    monkeypatch.setattr(ours[0], "maxBytes", 300)  # each entry rolls over
    for i in range(12):
        try:
            raise ValueError(f"failure number {i}")
        except ValueError as exc:
            logfile.log_exception(f"test entry {i}", exc)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == ["wb.log", "wb.log.1", "wb.log.2", "wb.log.3"]  # at most 3 old copies
    assert "failure number 11" in path.read_text(encoding="utf-8")
    monkeypatch.delenv("WORKBENCH_LOG_FILE")
    assert logfile.install() == tmp_path / "data" / "workbench.log"  # the handler follows: still only one
    assert len([h for h in logging.getLogger("workbench").handlers
                if isinstance(h, logging.handlers.RotatingFileHandler)]) == 1


def test_a_name_with_undecodable_bytes_is_stored_with_a_replacement_character(project: Project) -> None:
    name = "caf" + os.fsdecode(b"\xe9") + ".txt"  # how Python hands over a Linux file name that is not UTF-8
    outcome = doc_ops.import_data(project, KHIRBET.read_bytes(), name)
    assert outcome.status is ImportStatus.IMPORTED  # it used to fail storing the name (surrogates not allowed)
    assert [d.filename for d in doc_ops.list_documents(project)] == ["caf\ufffd.txt"]
