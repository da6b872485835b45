"""Undo/redo by replaying captured row changes returns the project to each earlier state exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.domain.model import ClaimStatus, Rating, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import sources as src_ops
from workbench.ops import undo as undo_ops
from workbench.ops import verdicts
from workbench.store.changelog import ChangeSet
from workbench.store.dump import dump
from workbench.store.project import Project

ARTICLE = ("Village Reported Lost\n\nLocal sources said the army left Tal Abyad at dawn, according to "
           "the pro-opposition outlet Qalamoun Voice. Officials denied it 😀.\n")


@pytest.fixture
def doc(project: Project) -> str:
    return doc_ops.import_data(project, ARTICLE.encode(), "village.txt").document_id


def test_every_kind_of_edit_undoes_and_redoes_exactly(project: Project, doc: str, tmp_path: Path) -> None:
    image = tmp_path / "map.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    text = doc_ops.get_document(project, doc).text
    s = text.index("the army left")
    steps: list[tuple[str, object]] = []
    states = [dump(project.db)]

    def run(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        out = fn(project, *args, **kwargs)
        steps.append((label, project.last_changeset))
        states.append(dump(project.db))
        return out[0] if isinstance(out, tuple) else out

    claim = run("claim", claim_ops.create_claim_from_passage, doc, s, s + 25, claimant="Qalamoun Voice")
    src = run("source", src_ops.create_source, "Local sources", kind="local sources", reliability="F",
              aliases=["local activists"])
    run("source edit", src_ops.update_source, src, affiliation="pro-opposition", aliases=["residents"])
    run("attribution", verdicts.set_attribution, claim, ["Qalamoun Voice", "Local sources", "Unnamed officer"])
    run("tags", verdicts.set_tags, claim, "Tal Abyad, withdrawal")
    ev1 = run("url", ev_ops.add_url_evidence, claim, "https://example.org/report", Stance.REFUTES,
              title="Ministry denial", credibility=3, source="Ministry")
    run("file", ev_ops.add_file_evidence, claim, image, Stance.CONTEXT, title="Map")
    run("note", ev_ops.add_note_evidence, claim, "Phoned the mayor: army still there.", Stance.REFUTES,
        credibility=2)
    run("passage", claim_ops.add_passage_evidence, claim, doc, text.index("Officials"), text.index("Officials") + 20,
        Stance.REFUTES)
    run("edit evidence", ev_ops.update_evidence, ev1, stance=Stance.CONTEXT, credibility=None, source="")
    run("verdict", verdicts.set_verdict, claim, rating="False", rationale="**No** withdrawal.", summary="Denied",
        status=ClaimStatus.FINAL)
    run("scale", verdicts.save_rating_scale,
        [*verdicts.ratings(project)[:-1], Rating("Missing context", "Lacks context", "#123456", 0)],
        {"Misleading": "Missing context"})
    run("delete source", src_ops.delete_source, src)
    run("delete claim", claim_ops.delete_claim, claim)
    assert all(isinstance(cs, ChangeSet) and cs for _, cs in steps)

    for i in range(len(steps) - 1, -1, -1):
        undo_ops.revert(project, steps[i][1], steps[i][0])  # type: ignore[arg-type]
        assert dump(project.db) == states[i], f"undo of {steps[i][0]}"
    for i, (label, cs) in enumerate(steps):
        undo_ops.reapply(project, cs, label)  # type: ignore[arg-type]
        assert dump(project.db) == states[i + 1], f"redo of {label}"
    actions = [h.action for h in claim_ops.claim_history(project, claim)]
    assert "undone: claim" in actions and "redone: delete claim" in actions


def test_metadata_edit_undo(project: Project, doc: str) -> None:
    before = dump(project.db)
    meta = doc_ops.get_document(project, doc).metadata
    doc_ops.update_metadata(project, doc, type(meta)(**{**{k: getattr(meta, k) for k in meta.__slots__},
                                                         "publisher": "Qalamoun Voice"}))
    cs = project.last_changeset
    assert [c.table for c in cs.changes] == ["documents"]
    undo_ops.revert(project, cs, "metadata")
    assert dump(project.db) == before
