"""The Evidence tab's corroboration (issue 16, item 3): unsourced evidence shows as "source unknown" and is not
counted as independent; the counting rule is stated under the counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from workbench.domain.model import Stance
from workbench.domain.reasoning import RULE, RULE_DETAIL
from workbench.ops import evidence as ev_ops
from workbench.ui.claim_editor import ClaimEditor

from .reasoning_helpers import Case, open_case


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    yield from open_case(tmp_path)


def test_unsourced_note_is_source_unknown_and_not_independent(qtbot: QtBot, case: Case) -> None:
    project = case.session.project
    assert project is not None
    ev_ops.add_note_evidence(project, case.claim_id, "A resident said the bridge is gone.", Stance.SUPPORTS)
    editor = ClaimEditor(case.session)
    qtbot.addWidget(editor)
    editor.load(case.claim_id)
    summary = editor.evidence.summary.text()
    assert "Supports: 2 (1 independent" in summary and "1 source unknown" in summary
    [note] = [v for v in editor.evidence.items_of(Stance.SUPPORTS) if v.evidence.note]
    item = editor.evidence._children(Stance.SUPPORTS)[1]
    assert item.data(0, 256) == note
    assert item.text(0).endswith("source unknown (not counted) · Note")


def test_the_rule_is_stated_under_the_counts(qtbot: QtBot, case: Case) -> None:
    editor = ClaimEditor(case.session)
    qtbot.addWidget(editor)
    editor.load(case.claim_id)
    rule = editor.evidence.findChild(QLabel, "corroborationRule")
    assert rule is editor.evidence.rule and rule.text() == RULE and rule.toolTip() == RULE_DETAIL
    layout = editor.evidence.layout()
    assert layout is not None and layout.indexOf(rule) == layout.indexOf(editor.evidence.summary) + 1
    assert editor.evidence.summary.toolTip() == RULE_DETAIL


def test_web_pages_of_one_site_count_once_and_say_why(qtbot: QtBot, case: Case, tmp_path: Path) -> None:
    project = case.session.project
    assert project is not None
    for n in (1, 2):
        ev_ops.add_url_evidence(project, case.claim_id, f"https://www.shaamvoice.example/bridge-{n}", Stance.REFUTES,
                                title=f"Bridge report {n}")
    ev_ops.add_note_evidence(project, case.claim_id, "Phone call with a driver", Stance.REFUTES)
    editor = ClaimEditor(case.session)
    qtbot.addWidget(editor)
    editor.resize(520, 640)
    editor.show()
    qtbot.waitExposed(editor)
    editor.load(case.claim_id)
    editor.show_evidence()
    assert editor.evidence.summary.text() == (
        "Supports: 1 (1 independent) · Refutes: 3 (1 independent, 1 source unknown) · Context: 0")
    items = editor.evidence._children(Stance.REFUTES)
    assert [i.text(0).splitlines()[-1] for i in items] == [
        "counts as shaamvoice.example (no source set) · Web: www.shaamvoice.example",
        "counts as shaamvoice.example (no source set) · Web: www.shaamvoice.example",
        "source unknown (not counted) · Note"]
    assert "Counts as one with 1 other piece(s) of the same stance" in items[0].toolTip(0)
    assert "never counted as independent" in items[2].toolTip(0)
    editor.grab().save(str(tmp_path / "evidence-tab.png"))
