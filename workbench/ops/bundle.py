"""Importing a project bundle (see ``exporters.bundle`` for the format) into a new or an existing project.

Everything is checked before anything is written — the format name and version, the schema version, that every
table and column is known and every required column present, value types, base64, each original's SHA-256 —
and the rows are then written in one transaction, which is rolled back if any reference is left dangling or a
passage no longer matches its document: a bad bundle gets a message naming the problem and leaves the project
as it was.

Ids are kept. What the project already has is recognised and kept: a row with the same key (a duplicate, or a
conflict when its content differs: the project's version wins), a document with the same SHA-256 under another
id (the bundle's passages and evidence then point to the project's copy), a history entry with the same UUID —
never by its content: identical actions of the same second are distinct entries. A bundle of an older schema,
whose history entries have no UUID yet, gets the ones its project got from the schema step (see
``store.migrations``), so that its entries are recognised too.
Into a new, empty project the bundle's rating scale, settings and history replace the defaults, so that the
project equals the one exported.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.domain.changes import Changes
from workbench.errors import BadArgument, NotFound
from workbench.exporters.bundle import FORMAT, VERSION
from workbench.exporters.model import ProjectTables
from workbench.store import bundle as store_bundle
from workbench.store import documents as store_docs
from workbench.store import history, migrations
from workbench.store.project import Project

MAX_BUNDLE_BYTES = 2 * 1024**3
_PY_TYPES = {"TEXT": (str,), "INTEGER": (int,), "REAL": (int, float), "BLOB": (str,)}


@dataclass(frozen=True, slots=True)
class BundleImport:
    """Rows added, duplicates (already there, same content) and conflicts (same key, other content: the
    project's version kept), by table."""

    name: str
    added: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return ", ".join(f"{n} {t}" for t, n in d.items() if n) or "nothing"

        text = f"bundle    {self.name}: added {fmt(self.added)}"
        if any(self.duplicates.values()):
            text += f"; already in the project: {fmt(self.duplicates)}"
        if any(self.conflicts.values()):
            text += f"; kept the project's version of {fmt(self.conflicts)}"
        return text


def project_tables(project: Project) -> ProjectTables:
    """The whole project for ``exporters.bundle``."""
    with project.read() as db:
        tables = store_bundle.read_all(db)
        cols = store_bundle.schema(db)
    blobs = {t: tuple(c.name for c in cs if c.type == "BLOB") for t, cs in cols.items()}
    return ProjectTables(store_bundle.schema_version(), tables, {t: b for t, b in blobs.items() if b})


def read_bundle_file(path: Path) -> dict[str, Any] | None:
    """The parsed bundle if ``path`` is a .json file whose top level names the bundle format, else None."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            return None
        with path.open("rb") as fh:
            if b"fact-check-workbench-bundle" not in fh.read(4096):
                return None
            fh.seek(0)
            doc = json.loads(fh.read().decode("utf-8-sig"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and doc.get("format") == FORMAT else None


def _parse(data: bytes | str | dict[str, Any], name: str) -> dict[str, Any]:
    if isinstance(data, dict):
        doc: Any = data
    else:
        try:
            doc = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
        except UnicodeDecodeError as exc:
            raise BadArgument(f"{name} is not a bundle: it is not UTF-8 text ({exc.reason}).") from exc
        except json.JSONDecodeError as exc:
            raise BadArgument(f"{name} is not a bundle: it is not valid JSON ({exc.msg} at line {exc.lineno}, "
                              f"column {exc.colno}).") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else None
        raise BadArgument(f"{name} is not a Fact-Check Workbench bundle (its “format” is {found!r}, "
                          f"not {FORMAT!r}).")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        raise BadArgument(f"{name}: bundle format version {version!r} is not supported (this version of the app "
                          f"reads version {VERSION}).")
    schema = doc.get("schema_version")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise BadArgument(f"{name}: the bundle has no valid “schema_version”.")
    if schema > store_bundle.schema_version():
        raise BadArgument(f"{name} was made by a newer version of Fact-Check Workbench (schema {schema}; this "
                          f"version reads up to {store_bundle.schema_version()}).")
    if not isinstance(doc.get("tables"), dict):
        raise BadArgument(f"{name}: the bundle has no “tables” object.")
    return doc


def _rows(doc: dict[str, Any], name: str, schema: dict[str, list[store_bundle.Column]]) -> dict[str, list[dict]]:
    """The bundle's rows checked against the project's schema, blobs decoded."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table, rows in doc["tables"].items():
        if table not in schema:
            raise BadArgument(f"{name}: unknown table “{table}” (is the bundle from a newer version?).")
        if not isinstance(rows, list):
            raise BadArgument(f"{name}: table “{table}” must be a list of rows.")
        cols = {c.name: c for c in schema[table]}
        checked = []
        for i, row in enumerate(rows, 1):
            where = f"{name}: {table} row {i}" + (f" (id {row.get('id')})" if isinstance(row, dict)
                                                  and isinstance(row.get("id"), str) else "")
            if not isinstance(row, dict):
                raise BadArgument(f"{where} is not an object.")
            unknown = sorted(set(row) - set(cols))
            if unknown:
                raise BadArgument(f"{where} has unknown field(s) {', '.join(unknown)}.")
            missing = sorted(c.name for c in cols.values() if c.required and row.get(c.name) is None)
            if missing:
                raise BadArgument(f"{where} lacks the required field(s) {', '.join(missing)}.")
            values = {}
            for key, value in row.items():
                col = cols[key]
                types = _PY_TYPES.get(col.type, (str, int, float))
                if value is not None and (isinstance(value, bool) or not isinstance(value, types)):
                    raise BadArgument(f"{where}: “{key}” must be {col.type.lower()}, not {type(value).__name__}.")
                if col.type == "BLOB" and value is not None:
                    try:
                        value = base64.b64decode(str(value), validate=True)
                    except (binascii.Error, ValueError) as exc:
                        raise BadArgument(f"{where}: “{key}” is not valid base64 ({exc}).") from exc
                values[key] = value
            checked.append(values)
        out[table] = checked
    for table, key, blob in (("documents", "sha256", "original"), ("evidence_files", "sha256", "data")):
        for i, row in enumerate(out.get(table, []), 1):
            if blob in row and hashlib.sha256(row[blob]).hexdigest() != row.get(key):
                label = row.get("title") or row.get("filename") or row.get("id") or row.get("evidence_id")
                raise BadArgument(f"{name}: {table} row {i} (“{label}”): the bytes do not match the SHA-256 "
                                  "recorded with them (the bundle is damaged or was altered).")
    return out


def _order(tables: list[str], fks: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    """Tables with the ones they refer to first."""
    done: list[str] = []
    pending = list(tables)
    while pending:
        for t in pending:
            if all(ref in done or ref == t or ref not in pending for _c, ref, _r in fks.get(t, [])):
                done.append(t)
                pending.remove(t)
                break
        else:  # a cycle: foreign keys are checked at commit anyway
            done += pending
            break
    return done


def import_bundle(project: Project, data: bytes | str | dict[str, Any], name: str = "bundle") -> tuple[
        BundleImport, Changes]:
    """Read a bundle into ``project`` in one transaction (see the module docstring). Raises BadArgument."""
    doc = _parse(data, name)
    with project.read() as db:
        schema = store_bundle.schema(db)
        fks = store_bundle.foreign_keys(db)
    rows = _rows(_upgrade(doc), name, schema)
    result = BundleImport(name)
    with project.write() as db:
        fresh = all(store_bundle.count(db, t) == 0 for t in ("documents", "claims", "sources"))
        store_bundle.defer_foreign_keys(db)
        doc_map: dict[str, str] = {}
        for table in _order(list(rows), fks):
            _import_table(db, table, rows[table], schema[table], fks.get(table, []), doc_map, fresh, result)
        problems = store_bundle.foreign_key_problems(db) + _passage_problems(db, rows.get("passages", []), doc_map)
        if problems:
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise BadArgument(f"{name} is inconsistent, nothing was imported: {'; '.join(problems[:5])}{more}.")
        added = {k: v for k, v in result.added.items() if v}
        if not added:
            return result, Changes.NONE
        history.record(db, "project", "", "bundle imported", after={"name": name, "added": added})
        store_bundle.mark_search_index_stale(db)
    return result, Changes.ALL


def _bump(d: dict[str, int], table: str) -> None:
    d[table] = d.get(table, 0) + 1


def _import_table(db: Any, table: str, rows: list[dict[str, Any]], cols: list[store_bundle.Column],
                  fks: list[tuple[str, str, str]], doc_map: dict[str, str], fresh: bool,
                  result: BundleImport) -> None:
    pk = [c.name for c in sorted((c for c in cols if c.pk), key=lambda c: c.pk)]
    doc_refs = [c for c, ref, ref_col in fks if ref == "documents" and ref_col == "id"]
    result.added.setdefault(table, 0)
    if table == "history":
        _import_history(db, rows, fresh, result)
        return
    if table == "settings":
        rows = [r for r in rows if not str(r.get("key", "")).startswith(store_bundle.DERIVED_SETTINGS)]
    if table == "ratings" and fresh and rows:
        store_bundle.delete_all(db, table)
    next_position = store_bundle.max_value(db, "ratings", "position") + 1 if table == "ratings" else 0
    for row in rows:
        row = {k: (doc_map.get(v, v) if k in doc_refs and isinstance(v, str) else v) for k, v in row.items()}
        if table == "documents":
            same = store_docs.id_by_sha256(db, row["sha256"])
            if same is not None and same != row["id"]:
                doc_map[row["id"]] = same
                _bump(result.duplicates, table)
                continue
        if table == "segments" and any(v in doc_map.values() for k, v in row.items() if k in doc_refs):
            _bump(result.duplicates, table)  # the project's copy of the document keeps its own segments
            continue
        existing = store_bundle.find(db, table, {k: row[k] for k in pk}) if pk else None
        if existing is not None:
            same_content = all(existing.get(k) == v for k, v in row.items())
            if table == "settings" and fresh and not same_content:  # a new project takes the bundle's settings
                store_bundle.delete(db, table, {k: row[k] for k in pk})
                store_bundle.insert(db, table, row)
                _bump(result.added, table)
                continue
            _bump(result.duplicates if same_content else result.conflicts, table)
            if table == "documents" and existing.get("sha256") != row["sha256"]:
                raise BadArgument(f"document {row['id']} is already in the project with other content "
                                  "(another SHA-256): nothing was imported.")
            continue
        if table == "ratings" and not fresh:
            row = {**row, "position": next_position}
            next_position += 1
        store_bundle.insert(db, table, row)
        _bump(result.added, table)


def _import_history(db: Any, rows: list[dict[str, Any]], fresh: bool, result: BundleImport) -> None:
    """History entries are recognised by their UUID, never by their content: an entry already in the project is a
    duplicate (a conflict if its content differs: the project's is kept), every other entry is added — into a
    new project with its sequence number, else after the project's own entries, in the bundle's order."""
    keep_seq = fresh and store_bundle.count(db, "history") == 0
    known = history.content_by_uuid(db)
    for row in rows:
        entry_id = row["uuid"]
        if entry_id in known:
            _bump(result.duplicates if known[entry_id] == history.content_key(row) else result.conflicts, "history")
            continue
        known[entry_id] = history.content_key(row)
        store_bundle.insert(db, "history", row if keep_seq else {k: v for k, v in row.items() if k != "id"})
        _bump(result.added, "history")


def _upgrade(doc: dict[str, Any]) -> dict[str, Any]:
    """The bundle brought up to this schema (a copy; the caller's is left alone): history entries written before
    entries had an identity get the UUID the schema step gave the project's own (``store.history.legacy_uuid``)."""
    rows = doc["tables"].get("history")
    if doc["schema_version"] >= migrations.HISTORY_IDENTITY or not isinstance(rows, list):
        return doc
    seen: dict[str, int] = {}
    upgraded = []
    for row in rows:
        if isinstance(row, dict) and row.get("uuid") is None:
            row = {**row, "uuid": history.legacy_uuid(row, seen)}
        upgraded.append(row)
    return {**doc, "tables": {**doc["tables"], "history": upgraded}}


def _passage_problems(db: Any, passages: list[dict[str, Any]], doc_map: dict[str, str]) -> list[str]:
    problems = []
    texts: dict[str, str] = {}
    for p in passages:
        if p.get("orphan"):
            continue
        doc_id = doc_map.get(p["document_id"], p["document_id"])
        try:
            text = texts.get(doc_id) or texts.setdefault(doc_id, store_docs.text(db, doc_id))
        except NotFound:  # a missing document is reported by the foreign key check
            continue
        if text[p["start"] : p["end"]] != p["exact"]:
            problems.append(f"passage {p['id']} does not match its document's text")
    return problems
