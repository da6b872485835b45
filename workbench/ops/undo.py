"""Undo and redo of any user action, by replaying its captured row changes.

The first run of an action is the op itself; ``Project.last_changeset`` then holds
its row changes. ``revert`` applies them backwards and ``reapply`` forwards, each
in one transaction, and records "undone"/"redone" in the append-only history.
"""

from __future__ import annotations

from workbench.domain.changes import Changes
from workbench.store import changelog, history
from workbench.store.changelog import ChangeSet
from workbench.store.project import Project

_TABLE_CHANGES = {
    "claims": Changes.CLAIMS, "attribution": Changes.CLAIMS, "claim_tags": Changes.CLAIMS,
    "appearances": Changes.CLAIMS | Changes.PASSAGES, "passages": Changes.PASSAGES,
    "evidence": Changes.EVIDENCE | Changes.CLAIMS, "evidence_files": Changes.EVIDENCE,
    "sources": Changes.SOURCES | Changes.CLAIMS, "source_aliases": Changes.SOURCES,
    "ratings": Changes.CLAIMS | Changes.PROJECT, "documents": Changes.METADATA, "segments": Changes.SEGMENTS,
    "entities": Changes.ENTITIES, "entity_aliases": Changes.ENTITIES, "variant_rejections": Changes.ENTITIES,
}


def changes_of(changeset: ChangeSet) -> Changes:
    out = Changes.NONE
    for table in changeset.tables():
        out |= _TABLE_CHANGES.get(table, Changes.PROJECT)
    return out


def _claims_of(changeset: ChangeSet) -> set[str]:
    ids = set()
    for c in changeset.changes:
        row = c.new or c.old or {}
        if c.table == "claims":
            ids.add(str(row.get("id")))
        elif "claim_id" in row:
            ids.add(str(row["claim_id"]))
    return ids


def _record(project: Project, changeset: ChangeSet, action: str, label: str) -> None:
    db = project.db
    claims = _claims_of(changeset)
    existing = {r[0] for r in db.execute(
        f"SELECT id FROM claims WHERE id IN ({','.join('?' * len(claims))})", list(claims))} if claims else set()
    for claim_id in sorted(claims):
        history.record(db, "claim", claim_id, f"{action}: {label}", claim_id=claim_id,
                       after={"exists": claim_id in existing})
    if not claims:
        history.record(db, "project", "", f"{action}: {label}")


def revert(project: Project, changeset: ChangeSet, label: str) -> Changes:
    with project.write() as db:
        changelog.apply_backward(db, changeset)
        _record(project, changeset, "undone", label)
    return changes_of(changeset)


def reapply(project: Project, changeset: ChangeSet, label: str) -> Changes:
    with project.write() as db:
        changelog.apply_forward(db, changeset)
        _record(project, changeset, "redone", label)
    return changes_of(changeset)
