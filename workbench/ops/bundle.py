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
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench.domain import evidence_kinds
from workbench.domain.changes import Changes
from workbench.domain.model import CREDIBILITY, RELIABILITY, ClaimStatus, SegmentKind, Stance
from workbench.errors import BadArgument, ImportRejected, NotFound
from workbench.exporters.bundle import FORMAT, VERSION
from workbench.exporters.model import ProjectTables
from workbench.importers import sandbox
from workbench.importers.base import DEFAULT_LIMITS, Limits
from workbench.ops.documents import ImportStatus
from workbench.store import bundle as store_bundle
from workbench.store import documents as store_docs
from workbench.store import history, migrations
from workbench.store.project import Project

MAX_BUNDLE_BYTES = 2 * 1024**3
# columns the app reads as one of a few values (an enum, a grade): anything else would break reading the project
_CHOICES: dict[tuple[str, str], Collection[Any]] = {
    ("claims", "status"): tuple(ClaimStatus),
    ("evidence", "kind"): evidence_kinds.VALUES,  # every registered kind, read when a bundle is checked
    ("evidence", "stance"): tuple(Stance),
    ("evidence", "credibility"): (None, *CREDIBILITY),
    ("sources", "reliability"): (None, "", *RELIABILITY),
    ("segments", "kind"): tuple(SegmentKind),
    ("segment_marks", "kind"): tuple(SegmentKind),
}
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
    from workbench.ops.merge import log_for_bundle

    log, known = log_for_bundle(project)
    return ProjectTables(store_bundle.schema_version(), tables, {t: b for t, b in blobs.items() if b}, tuple(log),
                         known)


_SIGNATURE = FORMAT.encode("ascii")
_SIGNATURES = (_SIGNATURE, *(FORMAT.encode(e) for e in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")))
_BUNDLE_START = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"' + re.escape(_SIGNATURE) + rb'"')
_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"),
         (b"\xff\xfe", "UTF-16"))
_HEAD = 4096


def meant_as_bundle(path: Path, head: bytes) -> bool:
    """Tell whether a file is meant to be a project bundle, from its name and its first bytes: a file of any name
    that starts like one (``{"format": "fact-check-workbench-bundle"``), or a .json file naming the bundle format
    near its start (in UTF-8, UTF-16 or UTF-32) or cut off before that signature."""
    head = head[:_HEAD]
    if _BUNDLE_START.match(head):
        return True
    if Path(path).suffix.lower() != ".json":
        return False
    if any(sig in head for sig in _SIGNATURES):
        return True
    compact = re.sub(rb"\s+", b"", head.removeprefix(b"\xef\xbb\xbf"))
    return len(compact) > 0 and (b'{"format":"' + _SIGNATURE + b'"').startswith(compact)


def _json_limits(size: int) -> Limits:
    """The importers' limits, with room for an answer as large as the bundle (its documents' texts)."""
    return replace(DEFAULT_LIMITS, max_output_bytes=max(DEFAULT_LIMITS.max_output_bytes, 2 * size + 4096))


def load_json(data: bytes, name: str) -> Any:
    """Decode and parse a bundle's bytes.

    Raises:
        BadArgument: naming ``name`` and what is wrong — not UTF-8 (with the byte offset), the JSON ends early
            (truncated: with the byte where it ends), invalid JSON (byte, line and column), nested too deeply.
    """
    damaged = f"{name} is a damaged project bundle"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise BadArgument(f"{damaged}: it is not UTF-8 (its byte-order mark says {encoding}; a bundle is UTF-8).")
    if b"\x00" in data[:4]:  # RFC 4627's detection of JSON in UTF-16 or UTF-32 without a byte-order mark
        encoding = "UTF-32" if data[:4].count(b"\x00") == 3 else "UTF-16"
        raise BadArgument(f"{damaged}: it is not UTF-8 (it looks like {encoding}; a bundle is UTF-8).")
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadArgument(f"{damaged}: it is not UTF-8 (byte 0x{data[skip + exc.start]:02x} at byte "
                          f"{skip + exc.start}: {exc.reason}).") from None
    del text  # decoded only to name a bad byte; the sandbox parses the bytes
    try:
        # parsed first in the import sandbox under the limits of every importer (a small file of ``[],[],…``
        # costs 28x its size in Python objects); the answer is only as large as the file
        return sandbox.parse_json(data[skip:], name, _json_limits(len(data)))
    except ImportRejected as exc:
        if not exc.reason.startswith(("is not valid JSON", "is damaged: its structure is nested")):
            raise BadArgument(f"{name} cannot be read as a project bundle: it {exc.reason}.") from None
    # the sandbox found it is not JSON: parsed again here (the sandbox proved it fits) to say where and why
    try:
        return json.loads(data[skip:].decode("utf-8"))
    except RecursionError:
        raise BadArgument(f"{damaged}: its JSON is nested too deeply to be a bundle.") from None
    except json.JSONDecodeError as exc:
        text = exc.doc
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()):
            raise BadArgument(f"{damaged}: the JSON ends at byte {len(data)} before the bundle is complete "
                              "(the file is truncated).") from None
        at = skip + len(text[: exc.pos].encode("utf-8"))
        raise BadArgument(f"{damaged}: it is not valid JSON ({exc.msg} at byte {at}, line {exc.lineno}, "
                          f"column {exc.colno}).") from None


def read_bundle_file(path: Path) -> dict[str, Any] | None:
    """The parsed bundle if ``path`` is meant to be a project bundle (see ``meant_as_bundle``) and its top level
    names the bundle format, else None (the file is then an ordinary document).

    Raises:
        BadArgument: a file meant to be a bundle that is damaged (not UTF-8, truncated, invalid or too deeply
            nested JSON) or too large: it is refused, never imported as a text document.
    """
    path = Path(path)
    try:
        if not path.is_file():
            return None
        with path.open("rb") as fh:
            if not meant_as_bundle(path, fh.read(_HEAD)):
                return None
            size = path.stat().st_size
            if size > MAX_BUNDLE_BYTES:
                raise BadArgument(f"{path.name} is too large for a project bundle ({size:,} bytes; the limit is "
                                  f"{MAX_BUNDLE_BYTES:,}).")
            fh.seek(0)
            data = fh.read()
    except OSError:
        return None  # the document importer says why the file cannot be read
    doc = load_json(data, path.name)
    return doc if isinstance(doc, dict) and doc.get("format") == FORMAT else None


def document_refusal(data: bytes, name: str) -> str | None:
    """Why a file given to the *document* importers must not become a document because it is meant to be a
    project bundle (see ``meant_as_bundle``) — damaged ("is a damaged project bundle: …") or sound ("is a project
    bundle: …") — or None for an ordinary document. For ``ops.documents.import_data``, so that the GUI, which
    imports documents only, never turns a bundle into a text document titled "{"."""
    if not meant_as_bundle(Path(name), data[:_HEAD]):
        return None
    try:
        doc = load_json(data, Path(name).name)
    except BadArgument as exc:
        return str(exc).removeprefix(f"{Path(name).name} ")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None  # other JSON that mentions the format: an ordinary document
    return "is a project bundle, not an article: merge it into a project with “workbench import PROJECT FILE”"


_JSON_LD_HEAD = 65536
_CLAIMREVIEW = re.compile(rb'"@type"\s*:\s*"ClaimReview"')
_ANNOTATIONS = re.compile(rb'"(?:@?type)"\s*:\s*"(?:AnnotationCollection|AnnotationPage|Annotation)"|anno\.jsonld')


def exported_data_refusal(data: bytes) -> str | None:
    """Why a file of fact-check data exported as JSON-LD (schema.org ClaimReview, W3C Web Annotations — this app's
    own exports or another tool's) must not become a document, recognised by its content whatever its name, or
    None. Its text is data about articles, not an article to check."""
    head = data[:_JSON_LD_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith((b"{", b"[")) or b'"@context"' not in head:
        return None
    if _CLAIMREVIEW.search(head):
        return ("is schema.org ClaimReview data (JSON-LD: verdicts published by a fact-checker), not an article: "
                "open the articles it reviews instead")
    if _ANNOTATIONS.search(head):
        return ("is a set of W3C Web Annotations (JSON-LD: highlights on articles), not an article: import "
                "them onto the project's documents with “workbench annotations import PROJECT FILE” (or drop the "
                "file on the window)")
    return None


def _parse(data: bytes | str | dict[str, Any], name: str) -> dict[str, Any]:
    doc: Any = data if isinstance(data, dict) else load_json(
        data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data, name)
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


def _storable(value: Any) -> str | None:
    """Why SQLite cannot store ``value`` as the app reads it back, or None."""
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return "does not fit in 64 bits"
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "is not valid Unicode (a lone surrogate)"
    return None


def _shown(text: str) -> str:
    """A name from the bundle, safe to print (lone surrogates escaped)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _rows(doc: dict[str, Any], name: str, schema: dict[str, list[store_bundle.Column]]) -> dict[str, list[dict]]:
    """The bundle's rows checked against the project's schema, blobs decoded."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table, rows in doc["tables"].items():
        if table not in schema:
            raise BadArgument(f"{name}: unknown table “{_shown(table)}” (is the bundle from a newer version?).")
        if not isinstance(rows, list):
            raise BadArgument(f"{name}: table “{table}” must be a list of rows.")
        cols = {c.name: c for c in schema[table]}
        checked = []
        for i, row in enumerate(rows, 1):
            where = f"{name}: {table} row {i}" + (f" (id {_shown(row['id'])})" if isinstance(row, dict)
                                                  and isinstance(row.get("id"), str) else "")
            if not isinstance(row, dict):
                raise BadArgument(f"{where} is not an object.")
            unknown = sorted(set(row) - set(cols))
            if unknown:
                raise BadArgument(f"{where} has unknown field(s) {_shown(', '.join(unknown))}.")
            missing = sorted(c.name for c in cols.values() if c.required and row.get(c.name) is None)
            if missing:
                raise BadArgument(f"{where} lacks the required field(s) {', '.join(missing)}.")
            values = {}
            for key, value in row.items():
                col = cols[key]
                types = _PY_TYPES.get(col.type, (str, int, float))
                if value is None and col.notnull:
                    raise BadArgument(f"{where}: “{key}” must not be null.")
                if value is not None and (isinstance(value, bool) or not isinstance(value, types)):
                    raise BadArgument(f"{where}: “{key}” must be {col.type.lower()}, not {type(value).__name__}.")
                problem = _storable(value)
                if problem:
                    raise BadArgument(f"{where}: “{key}” {problem}.")
                choices = _CHOICES.get((table, key))
                if choices is not None and value not in choices:
                    shown = ", ".join(repr(str(c)) if isinstance(c, str) else repr(c) for c in choices if c is not None)
                    raise BadArgument(f"{where}: “{key}” must be one of {shown}, not {value!r}.")
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
        problems = store_bundle.foreign_key_problems(db) + _passage_problems(db, rows, doc_map)
        if problems:
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise BadArgument(f"{name} is inconsistent, nothing was imported: {'; '.join(problems[:5])}{more}.")
        added = {k: v for k, v in result.added.items() if v}
        if fresh and added:  # a copy of the bundle's project: it has seen that project's log (ops.merge)
            from workbench.ops.merge import remember_bundle_log

            remember_bundle_log(db, doc, name)
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


def _range_problem(text: str, row: dict[str, Any], what: str, empty_ok: bool) -> str | None:
    start, end = row.get("start"), row.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text) and (empty_ok or start < end):
        return None
    return (f"{what} of document {row.get('document_id')}: {start}–{end} is outside its document's text "
            f"({len(text)} characters)")


def _passage_problems(db: Any, rows: dict[str, list[dict[str, Any]]], doc_map: dict[str, str]) -> list[str]:
    """Passages, segments and marks against their documents' texts: offsets inside the text, quotes matching."""
    problems: list[str] = []
    texts: dict[str, str] = {}

    def text_of(row: dict[str, Any]) -> str | None:
        doc_id = doc_map.get(row["document_id"], row["document_id"])
        if doc_id not in texts:
            try:
                texts[doc_id] = store_docs.text(db, doc_id)
            except NotFound:  # a missing document is reported by the foreign key check
                return None
        return texts[doc_id]

    for table, what in (("segments", "a segment"), ("segment_marks", "a segment mark")):
        for row in rows.get(table, []):
            text = text_of(row)
            problem = None if text is None else _range_problem(text, row, what, empty_ok=False)
            if problem:
                problems.append(problem)
    for p in rows.get("passages", []):
        if p.get("orphan"):
            continue
        text = text_of(p)
        if text is None:
            continue
        problem = _range_problem(text, p, f"passage {p['id']}", empty_ok=True)
        if problem:
            problems.append(problem)
        elif text[p["start"] : p["end"]] != p["exact"]:
            problems.append(f"passage {p['id']} does not match its document's text")
    return problems


# ----- bundles among files given to import (the command line and the window) ---------------------------------
@dataclass(frozen=True, slots=True)
class BundleOutcome:
    """What ``import`` did with a project bundle (printed like a file's outcome)."""

    path: str
    status: ImportStatus
    reason: str = ""
    summary: str = ""
    added: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    document_id: str = ""  # (as a file's ImportOutcome: a bundle is no single document and no new version)
    previous_id: str = ""

    def line(self) -> str:
        if self.status is ImportStatus.REJECTED:
            return f"rejected  {self.path}: {self.reason}"
        return self.summary


def import_bundles(project: Any, paths: Sequence[Path]) -> tuple[list[BundleOutcome], list[Path]]:
    """Import the project bundles among ``paths``; return their outcomes and the other paths."""
    outcomes, rest = [], []
    for path in paths:
        try:  # a damaged file meant to be a bundle is refused, never imported as a text document
            data = read_bundle_file(Path(path))
            if data is None:
                rest.append(Path(path))
                continue
            result, _ = import_bundle(project, data, Path(path).name)
        except BadArgument as exc:
            outcomes.append(BundleOutcome(str(path), ImportStatus.REJECTED, reason=str(exc)))
            continue
        status = ImportStatus.IMPORTED if any(result.added.values()) else ImportStatus.DUPLICATE
        outcomes.append(BundleOutcome(str(path), status, summary=result.line().replace(result.name, str(path), 1),
                                      added={k: v for k, v in result.added.items() if v},
                                      duplicates={k: v for k, v in result.duplicates.items() if v},
                                      conflicts={k: v for k, v in result.conflicts.items() if v}))
    return outcomes, rest
