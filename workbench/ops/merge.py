"""Merging another project (a ``.fcw`` file, a bundle, or a desk member's change set) into this one, by id.

What merges how (the field rule is ``domain.merging``'s three-way merge over both operation logs):

* documents by id, and by SHA-256 when both sides imported the same file under different ids: this project's copy
  is kept and the other side's passages move onto it (re-anchored when the two copies' texts differ);
* every other row by its primary key: added when only the other side has it (unless this side deleted it),
  deleted when the other side deleted it (unless this side changed it since), field by field when both have it;
* a field both sides changed since their common ancestor is a **conflict**: this side's value stays, both values
  are recorded (``merge_conflicts``) for the merge review, and each is resolved by a person
  (``resolve_conflict``, one undoable step). The same conflict has the same id in every project that meets it,
  and a resolution that comes in with a later merge is applied here too, so that desks converge;
* sources new to this project whose name or alias is one of its sources' names are added, and offered as possible
  duplicates (``merge_sources`` folds one into the other) — never merged by name on their own;
* history entries by UUID (every entry kept), settings this project lacks are added (its own are kept).

The whole merge is one transaction: an inconsistent result (a reference left dangling) rolls back with a message;
run through ``Workspace.apply`` with a label it is one undoable step. Merging the same side again changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.domain.changes import Changes, RowChange
from workbench.domain.merging import (
    ConflictKind,
    FieldConflict,
    LogItem,
    Touch,
    merge_fields,
    row_key,
    touches,
    unseen,
)
from workbench.domain.model import TextQuote, new_id, utc_now
from workbench.errors import BadArgument
from workbench.store import bundle as store_bundle
from workbench.store import history
from workbench.store import merge as store_merge
from workbench.store.project import Project

Progress = Callable[[int, int], None]
_IMMUTABLE = {"documents": frozenset({"text", "original"})}
_STEPS = 4


@dataclass
class Side:
    """The other side of a merge: its rows, its operation log and what it knows of other logs.

    ``full``: ``tables`` hold every row (a project, a bundle); else only the rows its log touched (a change set:
    a row it does not hold is unknown, not deleted). ``member``: whose work it is (a change set's author)."""

    name: str
    tables: dict[str, list[dict[str, Any]]]
    log: list[LogItem] = field(default_factory=list)
    known: dict[str, str] = field(default_factory=dict)
    full: bool = True
    member: str = ""


@dataclass
class MergeReport:
    """What a merge did: rows added, updated and deleted by table, conflicts recorded (new and already known),
    documents recognised by SHA-256, sources offered as duplicates, resolutions applied from the other side."""

    name: str
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    known_conflicts: int = 0
    same_documents: int = 0
    duplicate_sources: list[tuple[str, str, str]] = field(default_factory=list)  # (ours id, theirs id, name)
    resolutions_applied: int = 0
    history_added: int = 0
    settings_added: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the merge changed the project's data (history entries copied over alone do not count)."""
        return bool(sum(self.added.values()) or sum(self.updated.values()) or sum(self.deleted.values())
                    or self.conflicts or self.resolutions_applied or self.settings_added)

    def line(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return ", ".join(f"{n} {t}" for t, n in sorted(d.items()) if n) or "nothing"

        parts = [f"merged    {self.name}: added {fmt(self.added)}; updated {fmt(self.updated)}; "
                 f"deleted {fmt(self.deleted)}"]
        if self.same_documents:
            parts.append(f"{self.same_documents} document(s) already here under another id (passages moved)")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict(s) to review")
        if self.known_conflicts:
            parts.append(f"{self.known_conflicts} conflict(s) already listed")
        if self.resolutions_applied:
            parts.append(f"{self.resolutions_applied} resolution(s) applied from the other side")
        if self.duplicate_sources:
            parts.append(f"{len(self.duplicate_sources)} source(s) may be duplicates")
        return "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "added": self.added, "updated": self.updated, "deleted": self.deleted,
                "conflicts": self.conflicts, "known_conflicts": self.known_conflicts,
                "same_documents": self.same_documents, "resolutions_applied": self.resolutions_applied,
                "history_added": self.history_added, "settings_added": self.settings_added,
                "duplicate_sources": [{"ours": o, "theirs": t, "name": n} for o, t, n in self.duplicate_sources]}


# ----- the merge ---------------------------------------------------------------------------------------------

def merge(project: Project, side: Side, *, progress: Progress | None = None) -> tuple[MergeReport, Changes]:
    """Merge ``side`` into ``project`` in one transaction (see the module's doc). Raises BadArgument."""
    from workbench.ops import quiet_gc

    with quiet_gc.paused():  # (the window keeps painting: ops.quiet_gc)
        return _merge(project, side, progress)


def _merge(project: Project, side: Side, progress: Progress | None) -> tuple[MergeReport, Changes]:
    report = MergeReport(side.name)
    tick = progress or (lambda _done, _total: None)
    tick(0, _STEPS)
    with project.write() as db:
        schema = store_bundle.schema(db)
        fks = store_bundle.foreign_keys(db)
        pks = {t: [c.name for c in sorted((c for c in cols if c.pk), key=lambda c: c.pk)] or ["rowid"]
               for t, cols in schema.items()}
        ours_known = store_merge.known(db)
        theirs_known = dict(side.known)
        theirs_known.update({e.uuid: e.state for e in side.log})
        ours_log = store_merge.log_items(db)
        doc_map = _document_map(db, side, report)
        theirs_changes = [tuple(_remap_change(c, doc_map, fks) for c in group)
                          for group in unseen(side.log, ours_known)]
        theirs_touch = touches(theirs_changes, pks)
        ours_touch = touches(unseen(ours_log, theirs_known), pks)
        tick(1, _STEPS)
        merge_id = new_id()
        store_bundle.defer_foreign_keys(db)
        writer = _Writer(db, side, report, merge_id, {})
        deletions: list[tuple[str, str, dict[str, Any]]] = []
        tables = _order([t for t in schema if t not in store_merge.NOT_MERGED], fks)
        for table in ["merge_conflicts", *(t for t in tables if t != "merge_conflicts")]:
            blobs = frozenset(c.name for c in schema[table] if c.type == "BLOB")
            theirs_rows = _theirs_rows(db, table, side, doc_map, fks, pks[table], report)
            if theirs_rows is None:
                continue
            # a document's text and bytes never change (the same id is the same file): never read for a merge
            ours_rows = store_merge.rows_by_key(db, table, pks[table], _IMMUTABLE.get(table, frozenset()))
            keys = set(theirs_rows) | {k for (t, k) in theirs_touch if t == table}
            if side.full:
                keys |= {k for (t, k) in ours_touch if t == table}
            for key in sorted(keys):
                ours, theirs = ours_rows.get(key), theirs_rows.get(key)
                ot, tt = ours_touch.get((table, key)), theirs_touch.get((table, key))
                if theirs is None and not side.full and not (tt and tt.deleted):
                    continue  # a change set holds only what its log touched
                gone = _merge_row(writer, table, key, pks[table], ours, theirs, ot, tt, blobs)
                if gone is not None:
                    deletions.append((table, key, gone))
            if table == "merge_conflicts":  # resolutions made on the other side apply here too
                writer.resolved = {c["id"]: c for c in store_merge.conflicts(db) if c["resolved_at"]}
        tick(2, _STEPS)
        _set_aside_orphans(db, writer, pks)
        refs = store_merge.references(db)
        kept = _kept_with(writer.kept, deletions, fks)
        for table, key, row in reversed(deletions):  # children first: they come later in the table order
            if (table, key) in kept:
                continue  # part of a row kept for the review (a claim's quotes and evidence stay with it)
            if store_merge.referenced(db, table, row, refs):
                writer.conflict(FieldConflict(table, key, "*", ConflictKind.STILL_USED, row, None))
                continue
            store_bundle.delete(db, table, {k: row[k] for k in pks[table]})
            _bump(report.deleted, table)
        report.history_added = _merge_history(db, side)
        report.settings_added = _merge_settings(db, side)
        report.duplicate_sources = _duplicate_sources(db, side, report)
        problems = store_bundle.foreign_key_problems(db)
        if problems:
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise BadArgument(f"{side.name} cannot be merged, nothing was changed: the result would be inconsistent "
                              f"({'; '.join(problems[:5])}{more}).")
        tick(3, _STEPS)
        own = store_merge.own_uuids(db)
        seen = {u: s for u, s in theirs_known.items() if u not in own}
        if seen:
            store_merge.remember(db, seen, side.member or side.name, merge_id)
        if report.added.get("documents"):
            store_bundle.mark_search_index_stale(db)
        if report.changed:
            history.record(db, "project", "", "merged", after={"name": side.name, **{
                k: v for k, v in (("added", report.added), ("updated", report.updated), ("deleted", report.deleted))
                if v}, "conflicts": len(report.conflicts)})
    tick(_STEPS, _STEPS)
    return report, (Changes.ALL if report.changed or report.history_added else Changes.NONE)


def _bump(d: dict[str, int], table: str, n: int = 1) -> None:
    d[table] = d.get(table, 0) + n


def _order(tables: list[str], fks: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    from workbench.ops.bundle import _order as order

    return order(sorted(tables), fks)


class _Writer:
    """The writes of one merge: rows and conflicts, counted in the report."""

    def __init__(self, db: Any, side: Side, report: MergeReport, merge_id: str,
                 resolved: dict[str, dict[str, Any]]) -> None:
        self.db, self.side, self.report, self.merge_id, self.resolved = db, side, report, merge_id, resolved
        self.kept: set[tuple[str, str]] = set()  # rows theirs deleted that ours changed: kept, with what they hold

    def conflict(self, c: FieldConflict) -> Any:
        """Record ``c``; returns the value to set when a resolution of it is already known here (else None)."""
        done = self.resolved.get(c.id)
        if done is not None:
            chosen = json.loads(done["resolution"]) if done["resolution"] else None
            return chosen if c.field != "*" else None
        row = {"id": c.id, "merge_id": self.merge_id, "other": self.side.member or self.side.name, "tbl": c.table,
               "row_key": c.key, "field": c.field, "kind": c.kind.value, "ours": _dump(c.ours),
               "theirs": _dump(c.theirs), "base": _dump(c.base), "label": _label(self.db, c),
               "created_at": utc_now()}
        if store_merge.add_conflict(self.db, row):
            self.report.conflicts.append({k: row[k] for k in ("id", "tbl", "row_key", "field", "kind", "ours",
                                                               "theirs", "label")})
        else:
            self.report.known_conflicts += 1
        return None


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _label(db: Any, c: FieldConflict) -> str:
    """"claim “Turnout was 48%…” — rating", for the review."""
    from workbench.store.changelog import describe

    row = c.ours if isinstance(c.ours, dict) else c.theirs if isinstance(c.theirs, dict) else None
    if row is None:
        row = store_merge.row_for_label(db, c.table, json.loads(c.key))
    what = describe(c.table, row).removeprefix("the ")
    return what if c.field == "*" else f"{what} — {c.field.replace('_', ' ')}"


def _merge_row(w: _Writer, table: str, key: str, pk: list[str], ours: dict[str, Any] | None,
               theirs: dict[str, Any] | None, ot: Touch | None, tt: Touch | None,
               blobs: frozenset[str]) -> dict[str, Any] | None:
    """Merge one row; returns ours' row when it is to be deleted (done last, children first)."""
    db, report = w.db, w.report
    if ours is None and theirs is None:
        return None
    if ours is None and theirs is not None:
        if ot is not None and ot.deleted:  # deleted here
            if tt is not None and tt.changed(theirs):
                w.conflict(FieldConflict(table, key, "*", ConflictKind.DELETED_HERE, None, theirs and _plain(theirs)))
            return None
        store_bundle.insert(db, table, theirs)
        _bump(report.added, table)
        return None
    assert ours is not None
    if theirs is None:
        if tt is not None and tt.deleted:
            if ot is not None and ot.changed(ours):
                w.conflict(FieldConflict(table, key, "*", ConflictKind.DELETED_THERE, _plain(ours), None))
                w.kept.add((table, key))
                return None
            return ours
        return None
    updates, found = merge_fields(table, key, ours, theirs, ot, tt, fixed=frozenset(pk) | blobs)
    for c in found:
        chosen = w.conflict(c)
        if chosen is not None and chosen != ours.get(c.field) and chosen in (c.ours, c.theirs):
            updates[c.field] = chosen
            report.resolutions_applied += 1
    if updates:
        store_merge.update(db, table, {k: ours[k] for k in pk}, updates)
        _bump(report.updated, table)
    return None


def _kept_with(kept: set[tuple[str, str]], deletions: list[tuple[str, str, dict[str, Any]]],
               fks: dict[str, list[tuple[str, str, str]]]) -> set[tuple[str, str]]:
    """The rows the other side deleted that stay because they belong with a row kept for the review: what refers
    to it (its appearances, evidence, tags…) and what those refer to (the passages of its quotes), transitively."""
    out = set(kept)
    by_key = {(t, k): r for t, k, r in deletions}
    changed = True
    while changed and kept:
        changed = False
        for (table, key), row in by_key.items():
            links = [(parent, row_key({"id": row.get(col)}, ["id"])) for col, parent, _c in fks.get(table, [])]
            if (table, key) not in out and any(link in out for link in links):
                out.add((table, key))  # refers to a kept row
                changed = True
            if (table, key) in out:
                for link in links:
                    if link in by_key and link not in out:
                        out.add(link)  # a row a kept row refers to
                        changed = True
    return out


def _set_aside_orphans(db: Any, w: _Writer, pks: dict[str, list[str]]) -> None:
    """Rows the other side added or changed under a row this side deleted (evidence for a claim deleted here)
    would point at nothing: each is taken out again and kept in the review instead (restoring what it belongs to
    first brings it back), so that nothing is lost and the project stays consistent."""
    for _round in range(8):  # a row set aside can leave its own children pointing at nothing
        found = store_merge.dangling(db)
        if not found:
            return
        for table, row, parent, missing in found:
            key = row_key(row, pks[table])
            w.conflict(FieldConflict(table, key, "*", ConflictKind.DELETED_HERE, None, _plain(row)))
            theirs_parent = next((r for r in w.side.tables.get(parent, []) if r.get("id") == missing), None)
            if theirs_parent is not None:  # what it belongs to, deleted here: restoring it comes first
                w.conflict(FieldConflict(parent, row_key(theirs_parent, pks[parent]), "*", ConflictKind.DELETED_HERE,
                                         None, _plain(theirs_parent)))
            store_bundle.delete(db, table, {k: row[k] for k in pks[table]})
            if w.report.added.get(table):
                w.report.added[table] -= 1


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.hex() if isinstance(v, bytes) else v) for k, v in row.items()}


# ----- the other side's rows, as this project sees them -----------------------------------------------------

def _document_map(db: Any, side: Side, report: MergeReport) -> dict[str, str]:
    """The other side's document ids → this project's, for the same file (SHA-256) under another id."""
    from workbench.store import documents as store_docs

    out: dict[str, str] = {}
    for row in side.tables.get("documents", []):
        here = store_docs.id_by_sha256(db, row["sha256"])
        if here is not None and here != row["id"] and store_bundle.find(db, "documents", {"id": row["id"]}) is None:
            out[row["id"]] = here
            report.same_documents += 1
    return out


def _doc_columns(table: str, fks: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    cols = [c for c, ref, ref_col in fks.get(table, []) if ref == "documents" and ref_col == "id"]
    return ["id", *cols] if table == "documents" else cols


def _remap(row: dict[str, Any] | None, cols: list[str], doc_map: dict[str, str]) -> dict[str, Any] | None:
    if row is None or not doc_map or not cols:
        return row
    return {k: (doc_map.get(v, v) if k in cols and isinstance(v, str) else v) for k, v in row.items()}


def _remap_change(c: RowChange, doc_map: dict[str, str], fks: dict[str, list[tuple[str, str, str]]]) -> RowChange:
    cols = _doc_columns(c.table, fks)
    if not doc_map or not cols:
        return c
    return RowChange(c.table, c.op, _remap(c.old, cols, doc_map), _remap(c.new, cols, doc_map))


def _theirs_rows(db: Any, table: str, side: Side, doc_map: dict[str, str], fks: dict[str, list[tuple[str, str, str]]],
                 pk: list[str], report: MergeReport) -> dict[str, dict[str, Any]] | None:
    """The other side's rows of ``table`` by key, references to documents moved onto this project's copies;
    passages on a copy whose text differs re-anchored. None: the table is not the other side's to merge."""
    rows = side.tables.get(table)
    if rows is None:
        return {} if not side.full else None
    cols = _doc_columns(table, fks)
    mapped = set(doc_map)
    out: dict[str, dict[str, Any]] = {}
    texts: dict[str, tuple[str, str]] = {}
    for row in rows:
        if table == "documents" and row["id"] in mapped:
            continue
        if table == "segments" and row.get("document_id") in mapped:
            continue  # this project's copy keeps its own segments
        if table == "passages" and row.get("document_id") in mapped:
            row = _reanchored(db, side, row, doc_map[row["document_id"]], texts)
        row = _remap(row, cols, doc_map) or row
        out[row_key(row, pk)] = row
    return out


def _reanchored(db: Any, side: Side, row: dict[str, Any], here_id: str,
                texts: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """A passage of the other side's copy of a document, placed in this project's copy."""
    from workbench.domain.anchoring import reanchor
    from workbench.store import documents as store_docs

    theirs_id = row["document_id"]
    if theirs_id not in texts:
        theirs_text = next((d.get("text", "") for d in side.tables.get("documents", []) if d["id"] == theirs_id), "")
        texts[theirs_id] = (theirs_text, store_docs.text(db, here_id))
    theirs_text, here_text = texts[theirs_id]
    if theirs_text == here_text or row.get("orphan"):
        return row
    quote = TextQuote(exact=row["exact"], prefix=row.get("prefix", ""), suffix=row.get("suffix", ""))
    anchor = reanchor(here_text, quote, row.get("start"), len(theirs_text))
    if anchor is None:
        return {**row, "orphan": 1}
    return {**row, "start": anchor.start, "end": anchor.end, "exact": here_text[anchor.start:anchor.end]}


# ----- history, settings, sources ----------------------------------------------------------------------------

def _merge_history(db: Any, side: Side) -> int:
    """The other side's history entries this project lacks (by UUID), after its own."""
    known = history.content_by_uuid(db)
    added = 0
    for row in side.tables.get("history", []):
        if row.get("uuid") in known:
            continue
        known[row["uuid"]] = history.content_key(row)
        store_bundle.insert(db, "history", {k: v for k, v in row.items() if k != "id"})
        added += 1
    return added


_LOCAL_SETTINGS = ("project.id",)


def _merge_settings(db: Any, side: Side) -> list[str]:
    added = []
    for row in side.tables.get("settings", []):
        key = str(row.get("key", ""))
        if key.startswith(store_bundle.DERIVED_SETTINGS) or key in _LOCAL_SETTINGS:
            continue
        if store_bundle.find(db, "settings", {"key": key}) is None:
            store_bundle.insert(db, "settings", {"key": key, "value": row.get("value", "")})
            added.append(key)
    return added


def _duplicate_sources(db: Any, side: Side, report: MergeReport) -> list[tuple[str, str, str]]:
    """Sources the merge added whose name (or an alias) is the name of one of this project's other sources."""
    if not report.added.get("sources"):
        return []
    theirs_ids = {r["id"] for r in side.tables.get("sources", [])}
    sources, aliases = store_merge.source_names(db)
    names: dict[str, str] = {}
    for sid, name in sources:
        names.setdefault(" ".join(str(name).split()).casefold(), sid)
    out = []
    for sid, name in sources:
        if sid not in theirs_ids:
            continue
        for candidate in (name, *aliases.get(sid, [])):
            here = names.get(" ".join(str(candidate).split()).casefold())
            if here is not None and here != sid and here not in theirs_ids:
                out.append((here, sid, str(name)))
                break
    return out


def possible_duplicate_sources(project: Project) -> list[tuple[str, str, str]]:
    """Sources of this project that share a name or an alias, however they came (two desks each adding the same
    outlet): (the older source's id, the other's id, the name), offered in the merge review, never folded alone."""
    with project.read() as db:
        sources, aliases = store_merge.source_names(db)
    first: dict[str, tuple[str, str]] = {}
    out = []
    for sid, name in sources:  # oldest first
        for candidate in (name, *aliases.get(sid, [])):
            key = " ".join(str(candidate).split()).casefold()
            if not key:
                continue
            seen = first.get(key)
            if seen is None:
                first[key] = (sid, str(name))
            elif seen[0] != sid:
                out.append((seen[0], sid, str(name)))
                break
    return list(dict.fromkeys(out))


# ----- reading the other side --------------------------------------------------------------------------------

def load_side(project: Project, path: Path) -> Side:
    """A project file (``.fcw``, opened read-only and checked like any project) or a project bundle, as the other
    side of a merge. Raises BadArgument or a ProjectError naming the file and the reason."""
    from workbench.ops import bundle as bundle_ops
    from workbench.store.project import SQLITE_HEADER

    path = Path(path)
    if not path.is_file():
        raise BadArgument(f"{path} does not exist or is not a file.")
    try:
        same = path.resolve() == Path(project.path).resolve()
    except OSError:
        same = False
    if same:
        raise BadArgument(f"{path.name} is the project itself: merge another project or a bundle into it.")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    if head == SQLITE_HEADER:
        return _project_side(path)
    doc = bundle_ops.read_bundle_file(path)
    if doc is None:
        raise BadArgument(f"{path.name} is neither a Fact-Check Workbench project (.fcw) nor a project bundle.")
    return bundle_side(doc, path.name, project)


def _project_side(path: Path) -> Side:
    from workbench.ops.project import open_project

    other = open_project(path, read_only=True)
    try:
        with other.read() as db:
            tables = store_bundle.read_all(db)
            from workbench.store import settings as store_settings

            tables["settings"] = [{"key": k, "value": v} for k, v in store_settings.get_all(db).items()
                                  if not str(k).startswith(store_bundle.DERIVED_SETTINGS)]
            names = set(db.table_names())
            log = store_merge.log_items(db) if "oplog" in names else []
            known = store_merge.merged_from_elsewhere(db) if "merged_ops" in names else {}
    finally:
        other.close()
    return Side(path.name, tables, log, known)


def bundle_side(doc: dict[str, Any], name: str, project: Project) -> Side:
    """A parsed bundle (checked as ``ops.bundle`` checks one for import) as the other side of a merge; its
    operation log, when the bundle carries one (``log``, ``known``), lets the merge tell who changed what."""
    from workbench.ops import bundle as bundle_ops

    doc = bundle_ops._parse(doc, name)
    with project.read() as db:
        schema = store_bundle.schema(db)
    tables = bundle_ops._rows(bundle_ops._upgrade(doc), name, schema)
    return Side(name, tables, _bundle_log(doc.get("log"), name), _bundle_known(doc.get("known"), name))


def _bundle_log(value: Any, name: str) -> list[LogItem]:
    if value is None:
        return []
    bad = BadArgument(f"{name}: its “log” is not a list of operation-log entries (uuid, state, changes).")
    if not isinstance(value, list):
        raise bad
    out = []
    for item in value:
        if not (isinstance(item, dict) and isinstance(item.get("uuid"), str) and isinstance(item.get("state"), str)
                and isinstance(item.get("changes"), list)):
            raise bad
        changes = []
        for c in item["changes"]:
            if not (isinstance(c, list) and len(c) == 4 and isinstance(c[0], str)
                    and c[1] in ("insert", "update", "delete")
                    and all(x is None or isinstance(x, dict) for x in c[2:])):
                raise bad
            changes.append(RowChange(c[0], c[1], c[2], c[3]))
        out.append(LogItem(item["uuid"], item["state"], tuple(changes)))
    return out


def _bundle_known(value: Any, name: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise BadArgument(f"{name}: its “known” is not a map of operation-log entry ids to states.")
    return dict(value)


def remember_bundle_log(db: Any, doc: dict[str, Any], name: str) -> None:
    """A new project made from a bundle has seen everything the bundle's project had (its log and what it had
    merged): recorded, so that merging that project later brings only what changed since."""
    entries = {e.uuid: e.state for e in _bundle_log(doc.get("log"), name)}
    entries.update(_bundle_known(doc.get("known"), name))
    if entries:
        store_merge.remember(db, entries, str(doc.get("project") or name), "")


def log_for_bundle(project: Project) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """This project's operation log and the entries it merged from others, as a bundle carries them."""
    with project.read() as db:
        items = store_merge.log_items(db)
        known = store_merge.merged_from_elsewhere(db)
    return ([{"uuid": e.uuid, "state": e.state, "changes": [[c.table, c.op, c.old, c.new] for c in e.changes]}
             for e in items], known)


# ----- conflicts: the merge review ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Conflict:
    """A recorded conflict as the review shows it."""

    id: str
    table: str
    key: tuple[Any, ...]
    field: str
    kind: ConflictKind
    ours: Any
    theirs: Any
    base: Any
    label: str
    other: str
    created_at: str
    resolved_at: str = ""
    resolution: Any = None
    resolved_by: str = ""

    @property
    def open(self) -> bool:
        return not self.resolved_at


def _conflict(row: dict[str, Any]) -> Conflict:
    def load(text: str) -> Any:
        return json.loads(text) if text else None

    return Conflict(row["id"], row["tbl"], tuple(json.loads(row["row_key"])), row["field"], ConflictKind(row["kind"]),
                    load(row["ours"]), load(row["theirs"]), load(row["base"]), row["label"], row["other"],
                    row["created_at"], row["resolved_at"], load(row["resolution"]), row["resolved_by"])


def list_conflicts(project: Project, *, open_only: bool = False) -> list[Conflict]:
    """The recorded conflicts, each seen from this project: ``ours`` is the value it holds now. (A conflict that
    came in with a merge was recorded by the other project, from its side: its two values are swapped here.)"""
    from dataclasses import replace

    out = []
    with project.read() as db:
        for row in store_merge.conflicts(db, open_only=open_only):
            c = _conflict(row)
            if c.open:
                here = store_merge.row_for_key(db, c.table, list(c.key))
                now: Any = (None if here is None else _plain(here)) if c.field == "*" else (
                    None if here is None else here.get(c.field))
                if c.field == "*":
                    swap = (here is None) == (c.ours is not None) and (here is None) != (c.theirs is not None)
                else:
                    swap = now == c.theirs and now != c.ours
                if swap:
                    c = replace(c, ours=c.theirs, theirs=c.ours)
            out.append(c)
    return out


def open_conflict_count(project: Project) -> int:
    """How many conflicts wait for a decision (one count query: the window asks after every edit)."""
    with project.read() as db:
        return store_merge.counts(db)["open"]


def find_conflict(project: Project, prefix: str) -> Conflict:
    """A conflict by its id or an unambiguous start of it."""
    prefix = prefix.strip()
    found = [c for c in list_conflicts(project) if c.id.startswith(prefix)] if prefix else []
    if not found:
        raise BadArgument(f"No merge conflict with id “{prefix}” in this project (see “workbench conflicts”).")
    if len(found) > 1:
        raise BadArgument(f"“{prefix}” is the start of {len(found)} conflicts' ids: give more of it.")
    return found[0]


def resolve_conflict(project: Project, conflict_id: str, choice: str) -> tuple[Conflict, Changes]:
    """Resolve a conflict: ``choice`` "ours" (keep this project's value, or its deletion), "theirs" (take the
    other side's value; for a row one side deleted: restore or delete it). One undoable step with the caller's
    label. Raises BadArgument (unknown id, already resolved, a bad choice, a row that no longer fits)."""
    if choice not in ("ours", "theirs"):
        raise BadArgument(f"“{choice}” is not a resolution: use ours or theirs.")
    found = find_conflict(project, conflict_id)
    if not found.open:
        raise BadArgument(f"The conflict {found.id[:8]} ({found.label}) is already resolved "
                          f"({found.resolved_by}, {found.resolved_at}).")
    chosen = found.ours if choice == "ours" else found.theirs
    with project.write() as db:
        schema = store_bundle.schema(db)
        if found.table not in schema:
            raise BadArgument(f"The conflict {found.id[:8]} names an unknown table “{found.table}”.")
        pk = [c.name for c in sorted((c for c in schema[found.table] if c.pk), key=lambda c: c.pk)]
        key = dict(zip(pk, found.key, strict=False))
        current = store_bundle.find(db, found.table, key)
        if found.field == "*":
            _resolve_row(db, found, schema, current, chosen, key)
        elif current is None:
            raise BadArgument(f"{found.label}: the row is no longer in the project; nothing to resolve.")
        elif current.get(found.field) != chosen:
            store_merge.update(db, found.table, key, {found.field: chosen})
        store_merge.set_resolution(db, found.id, _dump(chosen), history.current_user(), utc_now())
        history.record(db, "project", "", "conflict resolved", after={"conflict": found.id, "label": found.label,
                                                                        "kept": choice})
    return find_conflict(project, found.id), Changes.ALL


def _resolve_row(db: Any, found: Conflict, schema: dict[str, Any], current: dict[str, Any] | None, chosen: Any,
                 key: dict[str, Any]) -> None:
    blobs = {c.name for c in schema[found.table] if c.type == "BLOB"}
    if chosen is None and current is not None:
        if store_merge.referenced(db, found.table, current):
            raise BadArgument(f"{found.label}: it cannot be deleted, other rows still refer to it.")
        store_bundle.delete(db, found.table, key)
    elif isinstance(chosen, dict) and current is None:
        row = {k: (bytes.fromhex(v) if k in blobs and isinstance(v, str) else v) for k, v in chosen.items()}
        refused = store_merge.insert_or_say_why(db, found.table, row)
        if refused:
            raise BadArgument(f"{found.label}: it cannot be restored ({refused}).")
        problems = store_bundle.foreign_key_problems(db)
        if problems:
            raise BadArgument(f"{found.label}: it cannot be restored, what it refers to is gone ({problems[0]}).")


# ----- sources offered as duplicates -------------------------------------------------------------------------

def merge_sources(project: Project, keep_id: str, drop_id: str) -> Changes:
    """Fold the source ``drop_id`` into ``keep_id``: claims, evidence, attribution chains and entities that named
    it name the kept one, its name and aliases become the kept one's aliases, and it is deleted. Undoable with the
    caller's label. Raises BadArgument (unknown ids, the same source twice)."""
    from workbench.store import sources as store_sources

    if keep_id == drop_id:
        raise BadArgument("A source cannot be merged into itself.")
    with project.write() as db:
        keep = store_sources.get(db, keep_id)
        drop = store_sources.get(db, drop_id)
        names = {a.casefold() for a in (keep.name, *keep.aliases)}
        aliases = []
        for alias in (drop.name, *drop.aliases):
            if alias.casefold() not in names:
                aliases.append(alias)
                names.add(alias.casefold())
        store_merge.fold_source(db, keep.id, drop.id, aliases)
        history.record(db, "source", keep.id, "source merged", before={"merged": drop.name},
                       after={"into": keep.name})
    return Changes.SOURCES | Changes.CLAIMS
