"""Exchanging work through a desk's shared folder: change sets written and merged, no protocol of our own.

A desk points its project files at one folder the newsroom already syncs (a network share, Nextcloud,
Syncthing). An exchange does two things, in this order:

Two steps, each its own transaction (``receive_all`` then ``send_all``: the window and the command line run both):

1. **Merge what came in**: every change set in the folder written by another member's file and not merged here
   yet, in each author's order, through ``ops.merge`` (the same field rules and the same review for conflicts).
   A set builds on the author's previous one (its ``base``); a set whose base this project has not merged is
   refused with a message (the author can write a full set, ``full=True``, which builds on nothing). A file of
   another project, of a newer version of the app, or no change set at all is named with the reason and left
   alone; nothing of it is merged.
2. **Write what is new here**: one change set, signed with the member's profile name: this file's log entries
   not yet sent (or sent in another state: an undo is sent as such), the current rows they touched, documents
   not yet sent (with their original bytes and segments) and new history entries. Written atomically (a reader
   never sees half a file); nothing is written when there is nothing new.

Merging a set is part of the exchange's undoable step (undone, the sets are merged again at the next exchange);
what was written to the folder stays written. File names: ``<member>-<number>-<id>.fcwchanges``.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench import APP_NAME, __version__, atomicfile
from workbench.domain.changes import Changes
from workbench.domain.merging import row_key
from workbench.domain.model import new_id, utc_now
from workbench.errors import BadArgument
from workbench.ops import desk
from workbench.ops import merge as merge_ops
from workbench.store import bundle as store_bundle
from workbench.store import exchange as store_exchange
from workbench.store import history
from workbench.store import merge as store_merge
from workbench.store import settings as store_settings
from workbench.store.project import Project

FORMAT = "fact-check-workbench-changes"
VERSION = 1
SUFFIX = ".fcwchanges"
FOLDER_KEY = desk.FOLDER_KEY
AUTHOR_KEY = "exchange.author"  # this file's identity as an author of change sets
MAX_SET_BYTES = 2 * 1024**3
Progress = Callable[[int, int], None]


@dataclass
class ExchangeReport:
    """What an exchange did: sets merged (with their merge reports), the set written, files refused and why."""

    folder: str
    merged: list[tuple[str, merge_ops.MergeReport]] = field(default_factory=list)
    written: str = ""
    problems: list[str] = field(default_factory=list)
    already: int = 0  # sets merged before

    @property
    def conflicts(self) -> int:
        return sum(len(r.conflicts) for _n, r in self.merged)

    def line(self) -> str:
        parts = [f"exchange  {self.folder}: merged {len(self.merged)} change set(s)"]
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict(s) to review")
        parts.append(f"wrote {Path(self.written).name}" if self.written else "nothing new to write")
        if self.problems:
            parts.append(f"{len(self.problems)} file(s) refused")
        return "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {"folder": self.folder, "merged": [{"file": n, **r.as_json()} for n, r in self.merged],
                "written": self.written, "problems": self.problems, "already_merged": self.already}


# ----- the folder ---------------------------------------------------------------------------------------------

def set_folder(project: Project, folder: Path | None) -> Changes:
    """Point this project at a desk's shared folder (None: no longer)."""
    if folder is not None:
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise BadArgument(f"{folder} is not a folder: give the desk's shared folder (it must exist).")
        folder = folder.resolve()
    with project.write() as db:
        store_settings.put(db, FOLDER_KEY, str(folder) if folder else "")
    return Changes.PROJECT


def _folder(project: Project, folder: Path | None) -> Path:
    chosen = Path(folder) if folder is not None else desk.shared_folder(project)
    if chosen is None:
        raise BadArgument(f"{project.path.name} has no shared folder: give one (--folder DIR, or File ▸ Shared "
                          "folder… in the window).")
    if not chosen.is_dir():
        raise BadArgument(f"The shared folder {chosen} cannot be found (is the share mounted?). Nothing was "
                          "exchanged.")
    return chosen


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:40] or "member"


# ----- exchange ----------------------------------------------------------------------------------------------

def receive_all(project: Project, folder: Path | None = None, *,
                progress: Progress | None = None) -> tuple[ExchangeReport, Changes]:
    """Step 1 of an exchange: merge the change sets that came in (run it as one undoable step, "Exchange with
    desk"). Then call ``send_all`` with the report, as a step of its own (see the module's doc)."""
    where = _folder(project, folder)
    report = ExchangeReport(str(where))
    return report, receive(project, where, report, progress=progress)


def send_all(project: Project, report: ExchangeReport, *, full: bool = False) -> tuple[ExchangeReport, Changes]:
    """Step 2 of an exchange: write this file's change set (not an undoable step: it is a fact about the folder).
    Run after ``receive_all`` has committed, so that the set carries what the merge brought in."""
    send(project, Path(report.folder), report, full=full)
    return report, Changes.NONE


def receive(project: Project, folder: Path, report: ExchangeReport, *, progress: Progress | None = None) -> Changes:
    with project.read() as db:
        me = store_settings.get(db, AUTHOR_KEY)
        merged = store_exchange.merged_sets(db)
    candidates = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue  # hidden: partial files being written, the sync tool's own
        if path.suffix != SUFFIX:
            report.problems.append(f"{path.name}: not a change set (only *{SUFFIX} files belong in a desk's "
                                   "shared folder); left alone")
            continue
        try:
            head = _read_set(path, project)
        except BadArgument as exc:
            report.problems.append(str(exc))
            continue
        if head["author"] == me:
            continue
        if head["id"] in merged:
            report.already += 1
            continue
        candidates.append((head["author"], head["number"], path, head))
    changes = Changes.NONE
    candidates.sort(key=lambda c: (c[0], c[1], c[2].name))
    for i, (author, number, path, doc) in enumerate(candidates):
        if progress:
            progress(i, len(candidates))
        with project.read() as db:
            merged = store_exchange.merged_sets(db)
        if doc["id"] in merged:
            continue
        if not doc["full"] and doc["base"] and doc["base"] not in merged:
            report.problems.append(f"{path.name}: change set {number} of {doc['member']} builds on a set this "
                                   f"project has not merged (id {doc['base'][:8]}), which is not in the folder; "
                                   f"nothing of it was merged — ask {doc['member']} to write a full set "
                                   "(“workbench exchange PROJECT --full”)")
            continue
        side = _side(project, doc, path.name)
        try:
            result, flags = merge_ops.merge(project, side)
        except BadArgument as exc:
            report.problems.append(f"{path.name}: {exc}")
            continue
        with project.write() as db:
            store_exchange.record_merged(db, doc["id"], author, number, doc["base"], path.name)
        report.merged.append((path.name, result))
        changes |= flags
    return changes


def _read_set(path: Path, project: Project) -> dict[str, Any]:
    """A change set's parsed document, checked: format, version, schema, project, header fields."""
    from workbench.ops.bundle import load_json

    try:
        size = path.stat().st_size
        if size > MAX_SET_BYTES:
            raise BadArgument(f"{path.name}: too large for a change set ({size:,} bytes; the limit is "
                              f"{MAX_SET_BYTES:,}); left alone")
        data = path.read_bytes()
    except OSError as exc:
        raise BadArgument(f"{path.name}: cannot be read ({exc.strerror or exc}); left alone") from None
    try:
        doc = load_json(data, path.name)
    except BadArgument as exc:
        raise BadArgument(f"{exc} Left alone.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BadArgument(f"{path.name}: not a Fact-Check Workbench change set; left alone")
    if doc.get("version") != VERSION:
        raise BadArgument(f"{path.name}: change-set format version {doc.get('version')!r} is not supported (this "
                          f"version reads {VERSION}); left alone")
    schema = doc.get("schema_version")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema > store_bundle.schema_version():
        raise BadArgument(f"{path.name}: made by a newer version of {APP_NAME} (schema {schema}; this version reads "
                          f"up to {store_bundle.schema_version()}): update the app to merge it; left alone")
    with project.read() as db:
        ours = store_settings.get(db, "project.id")
    if doc.get("project_id") != ours:
        raise BadArgument(f"{path.name}: belongs to another project (not a copy of {project.path.name}); left "
                          "alone")
    checks = {"id": str, "author": str, "member": str, "base": str, "number": int, "full": bool}
    for key, kind in checks.items():
        if not isinstance(doc.get(key), kind) or (kind is int and isinstance(doc.get(key), bool)):
            raise BadArgument(f"{path.name}: a damaged change set (its “{key}” is missing or not a "
                              f"{kind.__name__}); left alone")
    if not isinstance(doc.get("tables"), dict):
        raise BadArgument(f"{path.name}: a damaged change set (no “tables”); left alone")
    return doc


def _side(project: Project, doc: dict[str, Any], name: str) -> merge_ops.Side:
    from workbench.ops import bundle as bundle_ops

    with project.read() as db:
        schema = store_bundle.schema(db)
    tables = bundle_ops._rows({"tables": doc["tables"]}, name, schema)
    return merge_ops.Side(f"{name} ({doc['member']})", tables, merge_ops._bundle_log(doc.get("log"), name),
                          merge_ops._bundle_known(doc.get("known"), name), full=bool(doc["full"]),
                          member=doc["member"])


# ----- writing this file's set --------------------------------------------------------------------------------

def send(project: Project, folder: Path, report: ExchangeReport, *, full: bool = False) -> None:
    """Write this file's change set (nothing when there is nothing new)."""
    with project.write() as db:
        author = store_settings.get(db, AUTHOR_KEY)
        if not author:
            author = new_id()
            store_settings.put(db, AUTHOR_KEY, author)
        if full:
            store_exchange.forget_sent(db)
        schema = store_bundle.schema(db)
        pks = {t: [c.name for c in sorted((c for c in cols if c.pk), key=lambda c: c.pk)] for t, cols in schema.items()}
        sent = store_exchange.sent_states(db)
        items = store_merge.log_items(db)
        pending = [e for e in items if sent.get(e.uuid, "") != e.state and (e.uuid in sent or e.state == "done")]
        # an entry that only records a merge (entries seen, sets merged) carries none of the desk's work
        entries = [e for e in pending if any(c.table not in store_merge.BOOKKEEPING for c in e.changes)]
        touched: dict[str, dict[str, list[Any]]] = {}
        for e in entries:
            for c in e.changes:
                if c.table in store_merge.NOT_MERGED:
                    continue
                pk = pks.get(c.table)
                row = c.new or c.old
                if pk and row is not None:
                    touched.setdefault(c.table, {})[row_key(row, pk)] = [row.get(k) for k in pk]
        sent_docs = store_exchange.sent_documents(db)
        unsent_docs = [d for d in store_exchange.document_ids(db) if d not in sent_docs]
        history_rows, history_upto = store_exchange.history_after(db, store_exchange.history_sent(db))
        if not entries and not unsent_docs and not full:
            store_exchange.record_sent_states(db, {e.uuid: e.state for e in pending})
            return  # (history alone is no reason to write: it travels with the next set)
        tables: dict[str, list[dict[str, Any]]] = {}
        for table, keys in touched.items():
            tables[table] = store_exchange.rows_of(db, table, pks[table], list(keys.values()))
        for table in ("documents", "segments", "segment_marks", "document_versions"):
            extra = store_exchange.rows_for_documents(db, table, unsent_docs)
            have = {row_key(r, pks[table]) for r in tables.get(table, [])}
            tables.setdefault(table, []).extend(r for r in extra if row_key(r, pks[table]) not in have)
        tables["history"] = history_rows
        touched_docs = [r["id"] for r in tables.get("documents", [])]
        last = store_exchange.last_sent_set(db)
        number = (last[1] + 1) if last else 1
        set_id = new_id()
        member = history.current_user()
        blobs = {t: {c.name for c in cols if c.type == "BLOB"} for t, cols in schema.items()}
        doc = {"format": FORMAT, "version": VERSION, "schema_version": store_bundle.schema_version(),
               "generator": f"{APP_NAME} {__version__}", "project_id": store_settings.get(db, "project.id"),
               "id": set_id, "author": author, "member": member, "number": number,
               "base": "" if (full or last is None) else last[0], "full": full or last is None,
               "created_at": utc_now(),
               "log": [{"uuid": e.uuid, "state": e.state, "changes": [[c.table, c.op, c.old, c.new] for c in e.changes]}
                       for e in (items if full else entries)],
               "known": {**store_merge.merged_from_elsewhere(db), **{e.uuid: e.state for e in items}},
               "tables": {t: [{k: (base64.b64encode(v).decode("ascii") if k in blobs.get(t, ()) and v is not None
                                   else v) for k, v in r.items()} for r in rows] for t, rows in tables.items() if rows}}
        if full:
            doc["tables"] = _all_tables(db, blobs)
        store_exchange.record_sent(db, set_id, number, {e.uuid: e.state for e in (items if full else pending)},
                                   [*unsent_docs, *touched_docs], history_upto)
        target = folder / f"{_slug(member)}-{number:05d}-{set_id[:8]}{SUFFIX}"
        try:
            atomicfile.atomic_write(target, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            raise BadArgument(f"Cannot write the change set to {folder} ({exc.strerror or exc}); nothing was "
                              "recorded as sent.") from None
        report.written = str(target)


def _all_tables(db: Any, blobs: dict[str, set[str]]) -> dict[str, list[dict[str, Any]]]:
    tables = store_bundle.read_all(db)
    return {t: [{k: (base64.b64encode(v).decode("ascii") if k in blobs.get(t, ()) and v is not None else v)
                 for k, v in r.items()} for r in rows] for t, rows in tables.items()}
