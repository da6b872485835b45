"""Reading pane: segments de-emphasised, re-marking, RTL, long articles, overlaps, zoom."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from workbench.domain.model import SegmentKind, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, import_and_wait


def _kinds_painted(window: MainWindow) -> dict[int, set[str]]:
    """For each extra selection: its range start → foreground colour names."""
    out: dict[int, set[str]] = {}
    for sel in window.reading.view.extraSelections():
        out.setdefault(sel.cursor.selectionStart(), set()).add(sel.format.foreground().color().name())
    return out


def test_comments_and_boilerplate_are_de_emphasised(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    doc = window.reading.document
    kinds = {s.kind for s in doc.segments}
    assert SegmentKind.COMMENTS in kinds and SegmentKind.BOILERPLATE in kinds
    comment_seg = next(s for s in doc.segments if s.kind is SegmentKind.COMMENTS)
    assert "Karim T." in doc.text[comment_seg.start:comment_seg.end]
    window.reading.view.select_range(comment_seg.start, comment_seg.start + 1)
    painted = window.reading.view.extraSelections()
    assert any(sel.cursor.selectionStart() <= window.reading.view.offsets.to_utf16(comment_seg.start)
               < sel.cursor.selectionEnd() and sel.format.foreground().style() != 0 for sel in painted)


def test_remark_a_region_as_comments_and_back(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    text = window.reading.document.text
    quote = "No photos or videos of the alleged attack have been released so far."
    start = text.index(quote)
    window.reading.view.select_range(start, start + len(quote))
    window.act_mark_comments.trigger()
    segs = doc_ops.segments(window.project, window.current_document_id)
    assert any(s.kind is SegmentKind.COMMENTS and s.start <= start and s.end >= start + len(quote) for s in segs)
    window.reading.view.select_range(start, start + len(quote))
    window.act_mark_body.trigger()
    segs = doc_ops.segments(window.project, window.current_document_id)
    assert any(s.kind is SegmentKind.BODY and s.start <= start < s.end for s in segs)


def test_right_to_left_paragraphs(qtbot: QtBot, window: MainWindow, samples: Path) -> None:
    import_and_wait(qtbot, window, [samples / "05-arabic-brief.txt"])
    view = window.reading.view
    text = window.reading.document.text
    arabic_line = next(line for line in text.splitlines() if "تل سرمين" in line and len(line) > 40)
    start = text.index(arabic_line)
    block = view.document().findBlock(view.offsets.to_utf16(start))
    assert block.blockFormat().layoutDirection().name == "RightToLeft"
    # right-aligned: the line's right edge is at the right of the page
    line = block.layout().lineAt(0)
    assert line.x() + line.naturalTextWidth() > view.viewport().width() * 0.6
    # selecting Arabic words gives exactly those words
    word = "تل سرمين"
    s = text.index(word)
    view.select_range(s, s + len(word))
    assert view.textCursor().selectedText() == word
    assert view.selection_range() == (s, s + len(word))


def test_highlights_stay_right_while_scrolling_a_long_article(qtbot: QtBot, window: MainWindow,
                                                              tmp_path: Path) -> None:
    para = ("Local sources 😀 said the convoy reached the town at noon, according to the agency. "
            "Residents denied it. ")
    text = "Convoy Report\n\n" + "\n\n".join(f"{i}: {para * 3}" for i in range(3000))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    import_and_wait(qtbot, window, [path])
    doc_text = window.reading.document.text
    targets = [doc_text.index(f"{i}: ") for i in (5, 1500, 2990)]
    for t in targets:
        claim_ops.create_claim_from_passage(window.project, window.current_document_id, t, t + 30)
    window._paint_highlights()
    view = window.reading.view
    assert view.highlight_count == 3
    for t in targets:
        view.select_range(t, t)  # scrolls there
        QApplication.processEvents()
        want = (view.offsets.to_utf16(t), view.offsets.to_utf16(t + 30))
        ranges = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
        assert want in ranges
        # only what is on screen is painted
        assert len(ranges) <= 3
    assert view.paint_count >= 3


def test_overlapping_highlights_both_painted(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    text = window.reading.document.text
    a = text.index("the bridge was hit by an improvised explosive device")
    claim_id, _ = claim_ops.create_claim_from_passage(window.project, window.current_document_id, a, a + 40)
    claim_ops.add_passage_evidence(window.project, claim_id, window.current_document_id, a + 20, a + 60,
                                   Stance.CONTEXT)
    window._paint_highlights()
    view = window.reading.view
    ranges = sorted((s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()
                    if s.format.background().color().alpha() > 60)
    assert (a, a + 40) in ranges and (a + 20, a + 60) in ranges
    assert {h.claim_id for h in view.highlights_at(a + 30)} == {claim_id}
    assert len(view.highlights_at(a + 30)) == 2


def test_zoom_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    size = window.reading.view.font().pointSizeF()
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    assert window.reading.view.font().pointSizeF() > size
    assert int(window.settings.value("zoom")) == 2
    window.act_zoom_reset.trigger()
    assert window.reading.view.font().pointSizeF() == size
    assert int(window.settings.value("zoom")) == 0


def test_metadata_dialog_edits_are_saved(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])

    def fill() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        dialog.edits["publisher"].setText("Levant Dispatch")
        dialog.edits["published"].setText("2017-10-14")
        dialog.accept()

    QTimer.singleShot(50, fill)
    window.act_metadata.trigger()
    meta = doc_ops.get_document(window.project, window.current_document_id).metadata
    assert (meta.publisher, meta.published) == ("Levant Dispatch", "2017-10-14")
    assert "Levant Dispatch" in window.reading.byline.text()
    assert window.library.model.docs[0].metadata.publisher == "Levant Dispatch"


def test_bad_metadata_date_is_refused_with_a_message(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])

    def fill() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        dialog.edits["published"].setText("last Tuesday")
        dialog.accept()

    before = doc_ops.get_document(window.project, window.current_document_id).metadata
    QTimer.singleShot(50, fill)
    window.act_metadata.trigger()
    assert "last Tuesday" in window.last_error and "YYYY-MM-DD" in window.last_error
    assert doc_ops.get_document(window.project, window.current_document_id).metadata == before


def test_every_right_to_left_paragraph_of_a_mixed_text_and_only_those(qtbot: QtBot) -> None:
    """One visit per paragraph (issue 15): every Arabic or Hebrew paragraph is laid out right to left, English
    ones (even those quoting an Arabic name) keep left to right, an emoji before them shifts nothing."""
    from workbench.ui.reading_pane import DocumentView

    paras = ["😀 The ministry said on Tuesday that the figures were final.",
             "قال المتحدث باسم الوزارة إن الأرقام نهائية.",
             "Residents of تل سرمين disputed the account.",
             "הדובר אמר כי הנתונים סופיים.",
             "",
             "وأضاف أن التقرير سيصدر الأسبوع المقبل.\u2029A second block after a paragraph separator."]
    view = DocumentView()
    qtbot.addWidget(view)
    view.set_text("\n".join(paras))
    directions = [view.document().findBlockByNumber(i).blockFormat().layoutDirection().name
                  for i in range(view.document().blockCount())]
    assert directions[1] == directions[3] == directions[5] == "RightToLeft"
    assert directions[0] != "RightToLeft" and directions[2] != "RightToLeft" and directions[-1] != "RightToLeft"
