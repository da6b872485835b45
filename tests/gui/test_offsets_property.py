"""Property: a highlight made in the widget is stored as exactly the selected text
and comes back to the same place after reopening the project.

Texts mix emoji (ZWJ sequences, flags, skin tones), Arabic, combining marks and
plain words; selections are made in Qt's UTF-16 positions like a user's.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ui.main_window import MainWindow

PIECES = ["Khasham", "Ksham", "local sources said", "👨‍👩‍👧", "🇸🇾", "👍🏽", "😀", "تل سرمين",
          "قوات", "e\u0301", "n\u0303o", "“quoted”", " ", " ", "\n", "\n\n", "Deir Ezzor", "ISIS", "Daesh", "."]

_counter = itertools.count()


@st.composite
def text_and_selection(draw: st.DrawFn) -> tuple[str, int, int]:
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=3, max_size=60))
    text = "Report " + "".join(pieces) + " end"
    a = draw(st.integers(0, len(text) - 1))
    b = draw(st.integers(a + 1, len(text)))
    return text, a, b


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=text_and_selection())
def test_widget_selection_round_trip(window: MainWindow, tmp_path: Path, case: tuple[str, int, int]) -> None:
    text, a, b = case
    n = next(_counter)
    outcome = doc_ops.import_data(window.project, text.encode("utf-8"), f"case{n}.txt")
    doc_id = outcome.document_id
    window.refresh_all()
    window.open_document(doc_id)
    view = window.reading.view
    canonical = window.reading.document.text
    a, b = min(a, len(canonical) - 1), min(b, len(canonical))
    # the user's selection, in Qt positions
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(a))
    cursor.setPosition(view.offsets.to_utf16(b), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    selected = view.textCursor().selectedText().replace("\u2029", "\n")
    claim_id = window.new_claim_from_selection()
    if not canonical[a:b].strip():
        assert claim_id == "" and "white space" in window.last_error
        return
    assert claim_id
    link = claim_ops.claim_links(window.project, claim_id)[0]
    assert link.passage.quote.exact == selected == canonical[a:b]

    # reopen the project: the highlight comes back at the same place
    path = window.project.path
    window.close_project()
    project = project_ops.open_project(path)
    try:
        (h,) = [h for h in claim_ops.highlights(project, doc_id) if h.claim_id == claim_id]
        assert (h.start, h.end) == (a, b)
        assert doc_ops.get_document(project, doc_id).text[h.start:h.end] == selected
    finally:
        project.close()
    assert window.open_project_path(path)
    window.open_document(doc_id)
    spans = {(s.start, s.end) for s in window.reading.view._highlights.spans}
    assert (window.reading.view.offsets.to_utf16(a), window.reading.view.offsets.to_utf16(b)) in spans
