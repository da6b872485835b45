"""The core Workspace (issue 11): one open project, its worker thread and its operation log.

Regression tests for the two failures the review reproduced: a failed undo that still moved the undo stack
(the next Redo crashed with ``UNIQUE constraint failed: passages.id``), and an edit made outside the undo
history followed by Undo, which left an entity pointing at a deleted source.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.workspace import Workspace
from workbench.domain.changes import Changes
from workbench.domain.model import Stance
from workbench.errors import BadArgument, NothingToReplay, ReplayRefused
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import entities as entity_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import sources as src_ops
from workbench.store import oplog
from workbench.store.dump import dump

ARTICLE = ("Bridge Reported Destroyed\n\nResidents said the bridge at Khirbet Salma was blown up overnight, "
           "according to the Salma Observer. The district office denied any damage.\n")


def content(ws: Workspace) -> dict[str, Any]:
    return ws.query(lambda project: dump(project.db))


@pytest.fixture
def ws(tmp_path: Path) -> Any:
    workspace = Workspace.create(tmp_path / "desk.fcw")
    yield workspace
    workspace.close()


def _doc(ws: Workspace) -> str:
    return ws.apply(lambda p: (doc_ops.import_data(p, ARTICLE.encode(), "bridge.txt").document_id,
                               Changes.DOCUMENTS)).result


def test_ops_run_on_the_worker_thread_and_return_typed_changes(ws: Workspace) -> None:
    seen: list[int] = []

    def op(project: Any) -> Any:
        seen.append(threading.get_ident())
        return src_ops.create_source(project, "Salma Observer", reliability="C")

    out = ws.apply(op, label="Add source")
    assert seen and seen[0] != threading.get_ident()
    assert out.changes & Changes.SOURCES
    assert out.changes.sources == {out.result}
    assert [c.table for c in out.changes.rows.changes][:1] == ["sources"]


def test_undo_and_redo_survive_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "desk.fcw"
    ws = Workspace.create(path)
    doc = _doc(ws)
    text = ARTICLE
    states = [content(ws)]
    start = text.index("the bridge")
    claim = ws.apply(claim_ops.create_claim_from_passage, doc, start, start + 40, claimant="Salma Observer",
                     label="New claim from highlight").result
    states.append(content(ws))
    ws.apply(ev_ops.add_note_evidence, claim, "Called the district office: bridge standing.", Stance.REFUTES,
             label="Add evidence")
    states.append(content(ws))
    ws.apply(claim_ops.update_claim, claim, text="The Khirbet Salma bridge was destroyed", label="Edit claim")
    states.append(content(ws))
    ws.close()

    ws = Workspace.open(path)
    assert ws.undo_label == "Edit claim"
    assert [e.label for e in ws.log()][:3] == ["Edit claim", "Add evidence", "New claim from highlight"]
    for i in (3, 2):
        assert ws.undo().result == ["Edit claim", "Add evidence"][3 - i]
        assert content(ws) == states[i - 1]
    ws.close()

    ws = Workspace.open(path)  # what was undone can be redone after reopening
    assert ws.undo_label == "New claim from highlight" and ws.redo_label == "Add evidence"
    ws.undo()
    assert content(ws) == states[0]
    for i in (1, 2, 3):
        ws.redo()
        assert content(ws) == states[i]
    with pytest.raises(NothingToReplay, match="Nothing to redo"):
        ws.redo()
    ws.close()


def test_a_refused_undo_moves_nothing_and_redo_does_not_crash(ws: Workspace) -> None:
    doc = _doc(ws)
    start = ARTICLE.index("the bridge")
    claim = ws.apply(claim_ops.create_claim_from_passage, doc, start, start + 40,
                     label="New claim from highlight").result
    # an edit the log does not know (another program, a tool): the claim is no longer as the action left it
    ws.apply(claim_ops.update_claim, claim, text="Edited elsewhere")
    before, log_before = content(ws), ws.log()
    with pytest.raises(ReplayRefused) as info:
        ws.undo()
    # the claim is named as the action left it, which is how the checker last saw it
    assert str(info.value).startswith("Cannot undo “New claim from highlight”: the claim “the bridge at Khirbet "
                                      "Salma was blown up” was changed after it")
    assert str(info.value).endswith("Nothing was undone.")
    assert content(ws) == before and ws.log() == log_before
    assert ws.undo_label == "New claim from highlight" and ws.redo_label is None
    with pytest.raises(NothingToReplay, match="Nothing to redo"):  # was: IntegrityError on passages.id
        ws.redo()
    assert content(ws) == before


def test_an_edit_outside_the_log_that_refers_to_an_added_row_blocks_its_undo(ws: Workspace) -> None:
    source = ws.apply(src_ops.create_source, "Salma Observer", aliases=["the Observer"], label="Add source").result
    made = ws.apply(entity_ops.seed_from_sources).result  # as the entities dialog did, outside the undo history
    assert made
    before = content(ws)
    with pytest.raises(ReplayRefused) as info:
        ws.undo()
    message = str(info.value)
    assert "the entity “Salma Observer” refers to the source “Salma Observer”" in message
    assert content(ws) == before
    entities = ws.query(entity_ops.list_entities)
    assert [e.source_id for e in entities] == [source]


def test_the_log_advances_only_when_the_action_commits(ws: Workspace) -> None:
    ws.apply(src_ops.create_source, "District office", label="Add source")

    def half_done(project: Any) -> Any:
        src_ops.create_source(project, "Salma Observer")
        raise BadArgument("refused after a first write")

    before, log_before = content(ws), ws.log()
    with pytest.raises(BadArgument):
        ws.apply(half_done, label="Two sources")
    assert content(ws) == before and ws.log() == log_before
    assert ws.undo_label == "Add source"


def test_a_new_action_drops_what_could_be_redone_but_keeps_it_on_record(ws: Workspace) -> None:
    ws.apply(src_ops.create_source, "A", label="Add source A")
    ws.undo()
    assert ws.redo_label == "Add source A"
    ws.apply(src_ops.create_source, "B", label="Add source B")
    assert ws.redo_label is None and ws.undo_label == "Add source B"
    counts = ws.query(lambda p: oplog.counts(p.db))
    assert counts == {"done": 1, "dropped": 1}


def test_the_log_records_who_when_ids_and_rows_before_and_after(ws: Workspace) -> None:
    source = ws.apply(src_ops.create_source, "Salma Observer", reliability="C", label="Add source").result
    ws.apply(src_ops.update_source, source, reliability="E", label="Edit source")
    entry = ws.log()[0]
    assert (entry.label, entry.state, entry.origin) == ("Edit source", "done", "")
    assert entry.who and entry.at.endswith("Z")
    rows = ws.query(lambda p: oplog.changesets(p.db, entry.action))[0].changes
    update = next(c for c in rows if c.table == "sources")
    assert update.op == "update" and update.old and update.new
    assert (update.old["id"], update.old["reliability"], update.new["reliability"]) == (source, "C", "E")


def test_an_action_of_several_transactions_is_undone_as_one(ws: Workspace) -> None:
    before = content(ws)

    def two_steps(project: Any) -> Any:
        with project.logged("Add two sources"):
            src_ops.create_source(project, "A")
            src_ops.create_source(project, "B")
        return Changes.SOURCES

    ws.run(two_steps, ws.project)  # two transactions, one action (as re-segmenting does)
    assert ws.undo_label == "Add two sources" and len(ws.query(src_ops.list_sources)) == 2
    ws.undo()
    assert content(ws) == before


def test_an_op_applying_another_op_runs_inline_on_the_worker(ws: Workspace) -> None:
    def outer(project: Any) -> Any:
        return ws.apply(src_ops.create_source, "Nested").result, Changes.SOURCES

    source = ws.apply(outer, label="Outer").result
    assert ws.query(src_ops.get_source, source).name == "Nested"
    assert ws.undo_label == "Outer"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["add", "edit", "delete", "undo", "redo", "reopen"]), min_size=1, max_size=14))
def test_random_actions_undos_redos_and_reopenings_keep_data_and_log_in_step(tmp_path_factory: Any,
                                                                               steps: list[str]) -> None:
    path = tmp_path_factory.mktemp("random") / "desk.fcw"
    ws = Workspace.create(path)
    done: list[dict[str, Any]] = []  # the content before each action that can be undone
    undone: list[dict[str, Any]] = []  # the content after each undone action, latest last
    n = 0
    try:
        for step in steps:
            sources = ws.query(src_ops.list_sources)
            now = content(ws)
            if step == "add" or (step in ("edit", "delete") and not sources):
                n += 1
                ws.apply(src_ops.create_source, f"Source {n}", label="Add source")
            elif step == "edit":
                ws.apply(src_ops.update_source, sources[0].id, notes=f"note {n}", label="Edit source")
                n += 1
            elif step == "delete":
                ws.apply(src_ops.delete_source, sources[-1].id, label="Delete source")
            elif step == "undo":
                if not done:
                    with pytest.raises(NothingToReplay):
                        ws.undo()
                    continue
                ws.undo()
                assert content(ws) == done.pop()
                undone.append(now)
                continue
            elif step == "redo":
                if not undone:
                    with pytest.raises(NothingToReplay):
                        ws.redo()
                    continue
                ws.redo()
                assert content(ws) == undone.pop()
                done.append(now)
                continue
            else:
                ws.close()
                ws = Workspace.open(path)
                assert content(ws) == now
                continue
            if content(ws) != now:
                done.append(now)
                undone.clear()
    finally:
        ws.close()


def test_a_claims_history_names_its_steps_and_shows_which_are_undone(ws: Workspace) -> None:
    doc = _doc(ws)
    start = ARTICLE.index("the bridge")
    claim = ws.apply(claim_ops.create_claim_from_passage, doc, start, start + 40,
                     label="New claim from highlight").result
    ws.apply(claim_ops.update_claim, claim, text="The Khirbet Salma bridge was destroyed", label="Edit claim")
    steps = [e.action for e in ws.log()]
    history = ws.query(claim_ops.claim_history, claim)
    assert [e.step for e in history] == [steps[1], steps[0]] and not any(e.undone for e in history)
    ws.undo()
    history = ws.query(claim_ops.claim_history, claim)
    assert [(e.step, e.undone) for e in history[:2]] == [(steps[1], False), (steps[0], True)]
    assert history[2].action == "undone: Edit claim" and history[2].step == ""  # the replay's own entry
    ws.redo()
    assert not any(e.undone for e in ws.query(claim_ops.claim_history, claim))
