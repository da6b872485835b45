"""The metadata dialog (language, direction, derived fields, extraction note) and the library's Language
column."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import import_and_wait
from workbench.domain.model import DocumentMetadata
from workbench.ops import documents as doc_ops
from workbench.ui.dialogs import MetadataDialog
from workbench.ui.library import LANGUAGE_COLUMN, language_label
from workbench.ui.main_window import MainWindow

META = DocumentMetadata(title="قالت مصادر محلية في ريف دير الزور إن طائرات مجهولة قصفت…", publisher="Levant Watch",
                        author="أحمد الخطيب", published="2017-12-20", language="ar", direction="rtl")
ARABIC_NO_HEADLINE = ("قالت مصادر محلية في ريف دير الزور إن طائرات مجهولة قصفت صباح اليوم مستودعاً للذخيرة قرب "
                      "بلدة الميادين.\n\nونقل ناشطون صوراً للحريق.\n")


def test_dialog_shows_derived_title_extraction_and_direction(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = MetadataDialog(META, "File: deir.txt · text/plain", derived=("title",),
                            extraction="fallback: visible text", filename="deir.txt")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.notes["title"].text().startswith("Derived from the first sentence")
    assert dialog.notes["title"].isVisible()
    assert "author" not in dialog.notes
    extraction = dialog.findChild(type(dialog.notes["title"]), "meta_extraction")
    assert extraction is not None and extraction.text().startswith("Text extracted by fallback: visible text.")
    assert dialog.direction.currentData() == "rtl"
    assert dialog.metadata() == META  # opened and saved unchanged: nothing changes
    dialog.grab().save(str(tmp_path / "meta.png"))
    dialog.grab().save("/tmp/meta.png")  # to look at while developing; harmless elsewhere

    title = dialog.edits["title"]
    title.selectAll()
    qtbot.keyClicks(title, "Drones strike an ammunition depot near Mayadin")
    assert not dialog.notes["title"].isVisible()  # edited: confirmed
    dialog.direction.setCurrentIndex(dialog.direction.findData(""))
    dialog.edits["language"].setText(" AR ")
    edited = dialog.metadata()
    assert (edited.title, edited.direction, edited.language) == (
        "Drones strike an ammunition depot near Mayadin", "", "ar")


def test_dialog_says_when_the_title_is_the_file_name(qtbot: QtBot) -> None:
    dialog = MetadataDialog(DocumentMetadata(title="notes-0412"), derived=("title",), filename="notes-0412.txt")
    qtbot.addWidget(dialog)
    assert dialog.notes["title"].text().startswith("Taken from the file name")
    assert dialog.direction.currentData() == ""
    plain = MetadataDialog(DocumentMetadata(title="A Headline", direction="ltr"))
    qtbot.addWidget(plain)
    assert plain.notes == {} and plain.findChild(type(dialog.notes["title"]), "meta_extraction") is None
    assert plain.metadata().direction == "ltr"


def test_language_label() -> None:
    assert [language_label(*v) for v in (("ar", "rtl"), ("en", "ltr"), ("", "rtl"), ("", ""))] == [
        "ar · RTL", "en", "RTL", ""]


def test_library_language_column_and_derived_titles(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    arabic = tmp_path / "deir.txt"
    arabic.write_text(ARABIC_NO_HEADLINE, encoding="utf-8")
    english = tmp_path / "convoy.txt"
    english.write_text("Convoy Crosses At Dawn\n\nBy Jane Roe\n\nA convoy crossed the river at dawn.\n",
                       encoding="utf-8")
    import_and_wait(qtbot, window, [arabic, english])
    model = window.library.model
    assert model.headerData(LANGUAGE_COLUMN, Qt.Orientation.Horizontal) == "Lang."
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    ar_row = next(r for t, r in rows.items() if t.startswith("قالت مصادر محلية"))
    en_row = rows["Convoy Crosses At Dawn"]
    assert model.index(ar_row, LANGUAGE_COLUMN).data() == "ar · RTL"
    assert model.index(en_row, LANGUAGE_COLUMN).data() == "en"
    assert model.index(ar_row, 0).data(Qt.ItemDataRole.FontRole).italic()  # a derived title
    assert model.index(en_row, 0).data(Qt.ItemDataRole.FontRole) is None
    right = int(Qt.AlignmentFlag.AlignRight)
    assert model.index(ar_row, 0).data(Qt.ItemDataRole.TextAlignmentRole) & right  # an RTL title reads from the right
    assert model.index(en_row, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert "title derived" in model.index(ar_row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "ar, right to left" in model.index(ar_row, 0).data(Qt.ItemDataRole.ToolTipRole)
    window.library.filter.setText("RTL")  # the filter reads every column
    assert window.library.proxy.rowCount() == 1

    project = window.project
    assert project is not None
    doc = doc_ops.get_document(project, model.docs[ar_row].id)
    dialog = MetadataDialog(doc.metadata, derived=doc.derived, filename=doc.filename)
    qtbot.addWidget(dialog)
    dialog.edits["title"].setText("Drones strike an ammunition depot near Mayadin")
    window.session.apply(doc_ops.update_metadata, doc.id, dialog.metadata(), undo="Edit metadata")
    assert doc_ops.get_document(project, doc.id).derived == ()  # the title is confirmed
    row = window.library.model.row_of(doc.id)
    assert window.library.model.index(row, 0).data(Qt.ItemDataRole.FontRole) is None
    assert window.library.model.index(row, LANGUAGE_COLUMN).data() == "ar · RTL"


def test_library_keeps_the_title_readable_beside_a_long_publisher(qtbot: QtBot) -> None:
    from workbench.domain.model import DocumentSummary
    from workbench.ui.library import TITLE_SHARE, LibraryPanel

    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 300)
    panel.show()
    qtbot.waitExposed(panel)
    publisher = "The Euphrates Valley Regional Weekly Bulletin of Conflict Monitoring and Humanitarian Affairs"
    docs = [DocumentSummary(id=f"d{i}", metadata=DocumentMetadata(
        title=f"Conflicting accounts of the fighting around the river crossing, part {i}",
        publisher=publisher, published=f"2024-03-0{i + 1}", language="en"),
        filename=f"d{i}.html", media_type="text/html", encoding="utf-8", sha256="0" * 64, size=10,
        imported_at="2024-03-01T00:00:00Z") for i in range(3)]
    panel.set_documents(docs)
    header = panel.table.horizontalHeader()
    width = panel.table.viewport().width()
    assert header.sectionSize(0) >= TITLE_SHARE * width - 2  # the title is not squeezed by the publisher
    assert header.sectionSize(1) < panel.table.sizeHintForColumn(1)  # the publisher is elided instead
    panel.resize(260, 300)  # a narrow library panel: the publisher gives way, the date stays whole
    qtbot.waitUntil(lambda: panel.table.isColumnHidden(1))
    assert header.sectionSize(0) >= TITLE_SHARE * panel.table.viewport().width() - 2
    assert header.sectionSize(2) >= panel.table.sizeHintForColumn(2)
    panel.filter.setText("Euphrates Valley")  # the filter still reads the hidden publisher
    assert panel.proxy.rowCount() == 3
    assert panel.table.textElideMode() == Qt.TextElideMode.ElideRight
    panel.filter.clear()
    panel.resize(1400, 300)  # a wider window: the publisher gets its whole name
    qtbot.waitUntil(lambda: not panel.table.isColumnHidden(1))
    qtbot.waitUntil(lambda: header.sectionSize(1) >= panel.table.sizeHintForColumn(1))
