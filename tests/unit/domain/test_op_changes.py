"""What a change touched (workbench.domain.changes.OpChanges): known rows, unknown rows."""

from __future__ import annotations

from workbench.domain.changes import Changes, ChangeSet, OpChanges, RowChange


def _rows(*tables: str) -> ChangeSet:
    return ChangeSet(tuple(RowChange(t, "insert", None, {"id": f"{t}-1"}) for t in tables))


def test_known_rows_touch_only_their_tables() -> None:
    changes = OpChanges.of(Changes.EVIDENCE, _rows("evidence", "passages"))
    assert changes.touches("evidence") and changes.touches("merge_conflicts", "passages")
    assert not changes.touches("merge_conflicts") and not changes.touches_many_claims
    assert OpChanges.of(Changes.NONE, _rows("merge_conflicts")).touches("merge_conflicts")
    assert OpChanges.of(Changes.SOURCES, _rows("source_aliases")).touches_many_claims


def test_unknown_rows_may_touch_anything() -> None:
    broad = OpChanges.of(Changes.DOCUMENTS)  # a long task, an import: rows unknown
    assert broad.broad and broad.touches("merge_conflicts") and broad.touches_many_claims
    assert not OpChanges.of(Changes.NONE, ChangeSet(())).touches("merge_conflicts")  # known: nothing changed
