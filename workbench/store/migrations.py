"""Schema of a project file, as sqlite-utils ``Migrations`` steps.

Every step runs in a transaction with the record of it being applied. After the
steps, ``PRAGMA user_version`` holds the number of steps applied (the schema
version), which a project opener compares with ``SCHEMA_VERSION``.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from workbench.domain.model import DEFAULT_RATINGS
from workbench.domain.search_text import NORMALISER_VERSION

migrations = Migrations("workbench")


@migrations(name="0001_core")
def core(db: Database) -> None:
    db.table("settings").create({"key": str, "value": str}, pk="key", not_null={"value"})
    db.table("documents").create(
        {
            "id": str,
            "title": str,
            "publisher": str,
            "author": str,
            "url": str,
            "published": str,
            "language": str,
            "filename": str,
            "media_type": str,
            "encoding": str,
            "sha256": str,
            "size": int,
            "original": bytes,
            "text": str,
            "imported_at": str,
        },
        pk="id",
        not_null={"sha256", "text", "original", "imported_at"},
        defaults={k: "" for k in ("title", "publisher", "author", "url", "published", "language",
                                  "filename", "media_type", "encoding")},
    )
    db.table("documents").create_index(["sha256"], unique=True)
    db.table("segments").create(
        {"document_id": str, "start": int, "end": int, "kind": str},
        pk=("document_id", "start"),
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"end", "kind"},
    )
    db.table("sources").create(
        {"id": str, "name": str, "kind": str, "affiliation": str, "reliability": str, "notes": str,
         "created_at": str},
        pk="id",
        not_null={"name"},
        defaults={"kind": "", "affiliation": "", "reliability": "", "notes": ""},
    )
    db.table("sources").create_index(["name"])
    db.table("source_aliases").create(
        {"source_id": str, "alias": str},
        pk=("source_id", "alias"),
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("passages").create(
        {"id": str, "document_id": str, "start": int, "end": int, "exact": str, "prefix": str,
         "suffix": str, "orphan": int, "created_at": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "start", "end", "exact"},
        defaults={"prefix": "", "suffix": "", "orphan": 0},
    )
    db.table("passages").create_index(["document_id"])
    db.table("ratings").create(
        {"label": str, "definition": str, "colour": str, "value": int, "position": int},
        pk="label",
        not_null={"position"},
    )
    db.table("ratings").insert_all(
        {"label": r.label, "definition": r.definition, "colour": r.colour, "value": r.value, "position": i}
        for i, r in enumerate(DEFAULT_RATINGS)
    )
    db.table("claims").create(
        {"id": str, "text": str, "claimant_id": str, "claim_date": str, "status": str, "rating": str,
         "rationale": str, "summary": str, "created_at": str, "updated_at": str},
        pk="id",
        foreign_keys=[("claimant_id", "sources", "id")],
        not_null={"text", "status"},
        defaults={"claim_date": "", "rating": "", "rationale": "", "summary": "", "status": "draft"},
    )
    db.table("appearances").create(
        {"id": str, "claim_id": str, "passage_id": str, "created_at": str},
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("passage_id", "passages", "id")],
        not_null={"claim_id", "passage_id"},
    )
    db.table("appearances").create_index(["claim_id"])
    db.table("appearances").create_index(["passage_id"])
    db.table("evidence").create(
        {"id": str, "claim_id": str, "kind": str, "stance": str, "passage_id": str, "url": str,
         "title": str, "note": str, "credibility": int, "source_id": str, "accessed": str,
         "created_at": str},
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("passage_id", "passages", "id"),
                      ("source_id", "sources", "id")],
        not_null={"claim_id", "kind", "stance"},
        defaults={"url": "", "title": "", "note": "", "accessed": ""},
    )
    db.table("evidence").create_index(["claim_id"])
    db.table("evidence").create_index(["passage_id"])
    db.table("history").create(
        {"id": int, "at": str, "who": str, "entity": str, "entity_id": str, "claim_id": str,
         "action": str, "before": str, "after": str},
        pk="id",
        not_null={"at", "entity", "action"},
    )
    db.table("history").create_index(["claim_id"])


@migrations(name="0002_reasoning")
def reasoning(db: Database) -> None:
    """Issue 3: attribution chains, tags, evidence files and archived copies."""
    db.table("attribution").create(
        {"claim_id": str, "position": int, "source_id": str},
        pk=("claim_id", "position"),
        foreign_keys=[("claim_id", "claims", "id"), ("source_id", "sources", "id")],
        not_null={"source_id"},
    )
    db.table("attribution").create_index(["source_id"])
    db.table("claim_tags").create(
        {"claim_id": str, "tag": str},
        pk=("claim_id", "tag"),
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db.table("claim_tags").create_index(["tag"])
    db.table("evidence_files").create(
        {"evidence_id": str, "filename": str, "media_type": str, "sha256": str, "size": int, "data": bytes},
        pk="evidence_id",
        foreign_keys=[("evidence_id", "evidence", "id")],
        not_null={"data", "sha256"},
    )
    db.table("evidence").add_column("archived_document_id", str, fk="documents", fk_col="id")
    db.table("claims").create_index(["claimant_id"])
    db.table("evidence").create_index(["source_id"])


@migrations(name="0003_durability")
def durability(db: Database) -> None:
    """Issue 6: re-anchoring — passages to review after moving to a new version, and version links."""
    db.table("passages").add_column("needs_review", int, not_null_default=0)
    db.table("document_versions").create(
        {"document_id": str, "previous_id": str, "linked_at": str},
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id"), ("previous_id", "documents", "id")],
        not_null={"previous_id", "linked_at"},
    )
    db.table("document_versions").create_index(["previous_id"])


# Issue 5: the search index. Derived data: rebuilt from the project's rows, never captured for undo, not part
# of dumps or bundles. The FTS5 table's text is the folded copy (domain.search_text.normalise) held by
# search_chunks (external content); check_schema accepts exactly this virtual table.
SEARCH_FTS_SQL = ("CREATE VIRTUAL TABLE search_fts USING fts5(title, body, aside, tags, content='search_chunks', "
                  "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
SEARCH_FTS_SHADOW = frozenset({"search_fts_data", "search_fts_idx", "search_fts_docsize", "search_fts_config"})
_DERIVED_0004 = frozenset({"search_chunks", "search_fts", "search_names", "search_state"}) | SEARCH_FTS_SHADOW
# Issue 12 (0009_search_ranking): a contentless FTS5 table (the text is stored once, in the project's own rows)
# with three more columns holding the stems (domain.stemming) of the tokens that have one; check_schema accepts
# both definitions (a project is checked before it is migrated), each exactly as its step makes it.
SEARCH_INDEX_SQL = ("CREATE VIRTUAL TABLE search_index USING fts5(title, body, aside, tags, stitle, sbody, saside, "
                    "content='', tokenize='unicode61 remove_diacritics 2')")
SEARCH_INDEX_SHADOW = frozenset({"search_index_data", "search_index_idx", "search_index_docsize",
                                 "search_index_config"})
DERIVED_TABLES = _DERIVED_0004 | {"search_index"} | SEARCH_INDEX_SHADOW  # either generation's index
VIRTUAL_TABLES = {"search_fts": SEARCH_FTS_SQL, "search_index": SEARCH_INDEX_SQL}


@migrations(name="0004_search")
def search(db: Database) -> None:
    """Issue 5: entities with aliases, remembered rejections of suggested variants, the full-text index."""
    db.table("entities").create(
        {"id": str, "name": str, "kind": str, "source_id": str, "created_at": str},
        pk="id", not_null={"name"}, defaults={"kind": ""},
    )
    db.table("entities").create_index(["source_id"])
    db.table("entity_aliases").create(
        {"entity_id": str, "alias": str}, pk=("entity_id", "alias"), foreign_keys=[("entity_id", "entities", "id")],
    )
    db.table("variant_rejections").create({"name": str, "variant": str}, pk=("name", "variant"))
    db.table("search_chunks").create(
        {"id": int, "kind": str, "owner_id": str, "document_id": str, "field": str, "segment": str, "start": int,
         "end": int, "title": str, "body": str, "aside": str, "tags": str},
        pk="id", not_null={"kind", "owner_id"},
    )
    db.table("search_chunks").create_index(["kind", "owner_id"])
    db.table("search_chunks").create_index(["document_id"])
    db.execute(SEARCH_FTS_SQL)
    db.table("search_names").create({"key": str, "name": str, "documents": int}, pk="key")
    db.table("search_state").create({"key": str, "value": str}, pk="key")  # is the index ready, folded how
    has_content = any(db.execute(f"SELECT EXISTS(SELECT 1 FROM [{t}])").fetchone()[0]
                      for t in ("documents", "claims", "sources", "evidence"))
    db.execute("INSERT INTO search_state (key, value) VALUES ('search_index', ?), ('search_normaliser', ?)",
               ["stale" if has_content else "ready", NORMALISER_VERSION])


@migrations(name="0005_reading")
def reading(db: Database) -> None:
    """Issue 17: per-document writing direction, which metadata the importer derived, how the text was
    extracted, and the user's own segment marks (kept apart so that re-segmenting never overrides them)."""
    documents = db.table("documents")
    documents.add_column("direction", str, not_null_default="")
    documents.add_column("derived", str, not_null_default="")  # comma-separated field names
    documents.add_column("extraction", str, not_null_default="")
    db.table("segment_marks").create(
        {"id": str, "document_id": str, "start": int, "end": int, "kind": str, "marked_at": str},
        pk="id", foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "start", "end", "kind", "marked_at"},
    )
    db.table("segment_marks").create_index(["document_id"])


@migrations(name="0006_history_identity")
def history_identity(db: Database) -> None:
    """Issue 16: each history entry gets its own identity, a UUID in ``uuid``, beside its sequence number in this
    project (the integer ``id``), so that bundles and merges keep every entry — two identical actions of the same
    second included — and recognise an entry by its identity, never by its content. An existing entry's UUID is
    derived from its content and how many identical entries came before it (``store.history.legacy_uuid``): a
    bundle made before this step gets the same ones on import, so either way the same entry is recognised."""
    from workbench.store.history import legacy_uuid

    history = db.table("history")
    history.add_column("uuid", str)
    seen: dict[str, int] = {}
    rows = db.execute("SELECT id, at, who, entity, entity_id, claim_id, action, before, after FROM history "
                      "ORDER BY id").fetchall()
    for row_id, *values in rows:
        content = dict(zip(("at", "who", "entity", "entity_id", "claim_id", "action", "before", "after"), values,
                           strict=True))
        db.execute("UPDATE history SET uuid = ? WHERE id = ?", [legacy_uuid(content, seen), row_id])
    history.transform(not_null={"uuid"})
    history.create_index(["uuid"], unique=True)


@migrations(name="0007_document_readings")
def document_readings(db: Database) -> None:
    """Issue 17: one original file may be read twice — re-segmenting with a newer importer that reads its text
    differently makes a new version of the document from the same bytes — so the SHA-256 index is no longer
    unique (importing the same file again is still caught, in code, as a duplicate). And the user's segment
    marks made before 0005 exist only as "segment re-marked" history entries: they become ``segment_marks`` rows
    where the document's segments still show them (an undone mark does not, and is left out)."""
    import json

    db.execute("DROP INDEX IF EXISTS idx_documents_sha256")
    db.table("documents").create_index(["sha256"], index_name="idx_documents_sha256")
    rows = db.execute("SELECT entity_id, at, after FROM history WHERE entity = 'document' "
                      "AND action = 'segment re-marked' ORDER BY id").fetchall()
    for doc_id, at, after in rows:
        try:
            mark = json.loads(after or "{}")
            start, end, kind = int(mark["start"]), int(mark["end"]), str(mark["kind"])
        except (ValueError, KeyError, TypeError):
            continue
        shown = db.execute('SELECT count(*) FROM segments WHERE document_id = ? AND kind = ? AND start <= ? '
                           'AND "end" >= ?', [doc_id, kind, start, end]).fetchone()[0]
        known = db.execute("SELECT count(*) FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        if shown and known:
            db.table("segment_marks").insert({"id": f"history-{doc_id}-{start}-{end}-{at}", "document_id": doc_id,
                                              "start": start, "end": end, "kind": kind, "marked_at": at},
                                             ignore=True)


@migrations(name="0008_operation_log")
def operation_log(db: Database) -> None:
    """Issue 11: every user action is recorded in the project with its row changes (before and after), so undo
    and redo survive closing the project, replay can check that rows are still as captured, and two desks'
    projects can later be merged from it. ``action`` groups the transactions of one user action (undone
    together); ``state`` is "done", "undone" (can be redone) or "dropped" (an undone action followed by a new
    one: kept for the record, never replayed). A history entry names the action it was written in (``step``)."""
    db.table("oplog").create(
        {"seq": int, "uuid": str, "action": str, "label": str, "at": str, "who": str, "origin": str,
         "changes": str, "state": str},
        pk="seq", not_null={"uuid", "action", "label", "at", "changes", "state"},
    )
    db.table("oplog").create_index(["uuid"], unique=True)
    db.table("oplog").create_index(["state", "seq"])
    db.table("oplog").create_index(["action"])
    db.table("history").add_column("step", str)  # the log's action an entry was written in (a claim's history
    db.table("history").create_index(["step"])    # shows which of its steps are undone)
    # a document's metadata without reading its row: language and direction were added after the text and the
    # original, so reading them walked a 10 MB document's overflow pages (7 ms per read, several per edit)
    db.table("documents").create_index(["id", "title", "publisher", "author", "url", "published", "language",
                                        "direction"], index_name="idx_documents_metadata")


@migrations(name="0009_search_ranking")
def search_ranking(db: Database) -> None:
    """Issue 12: the full-text index becomes ``search_index``: contentless (``search_chunks`` no longer keeps a
    folded copy of every document's text: a 100,000-article file shrinks from 1,635 to 1,305 MB) and stemmed
    ("clashes" finds "clashed"). Derived data: the old index is dropped and the new one rebuilt (stale)."""
    from workbench.domain.stemming import STEMMER_VERSION

    db.execute("DROP TABLE IF EXISTS search_fts")
    db.execute("DELETE FROM search_chunks")
    db.execute(SEARCH_INDEX_SQL)
    has_content = any(db.execute(f"SELECT EXISTS(SELECT 1 FROM [{t}])").fetchone()[0]
                      for t in ("documents", "claims", "sources", "evidence"))
    db.execute("INSERT OR REPLACE INTO search_state (key, value) VALUES ('search_index', ?), "
               "('search_normaliser', ?), ('search_stemmer', ?)",
               ["stale" if has_content else "ready", NORMALISER_VERSION, STEMMER_VERSION])


@migrations(name="0010_publishing")
def publishing(db: Database) -> None:
    """Issue 13: what a newsroom publishes. ``claims.published_at``: when the verdict first became final (the
    ClaimReview's datePublished; backfilled from the history, else the last edit of a claim already final).
    ``corrections``: correction notices, first-class records (date, what changed, why) that reports print and
    ClaimReview's dateModified follows. Sources gain the identity ClaimReview can carry: ``same_as`` (URLs, one
    per line), ``job_title``, ``image``. Passages gain ``note`` and ``annotation`` (an imported web annotation's
    text and its id, so importing the same annotations again adds nothing)."""
    db.table("claims").add_column("published_at", str, not_null_default="")
    for column in ("same_as", "job_title", "image"):
        db.table("sources").add_column(column, str, not_null_default="")
    db.table("passages").add_column("note", str, not_null_default="")
    db.table("passages").add_column("annotation", str, not_null_default="")
    db.table("passages").create_index(["annotation"])
    db.table("corrections").create(
        {"id": str, "claim_id": str, "date": str, "change": str, "text": str, "who": str, "created_at": str},
        pk="id",
        foreign_keys=[("claim_id", "claims", "id")],
        not_null={"claim_id", "date", "text"},
        defaults={"change": "", "who": ""},
    )
    db.table("corrections").create_index(["claim_id", "date"])
    db.execute(
        "UPDATE claims SET published_at = coalesce((SELECT min(h.at) FROM history h WHERE h.claim_id = claims.id "
        "AND h.entity = 'claim' AND json_valid(h.[after]) AND json_extract(h.[after], '$.status') = 'final'), "
        "updated_at, created_at, '') WHERE status = 'final'")


@migrations(name="0011_desks")
def desks(db: Database) -> None:
    """Issue 14: several fact-checkers on one investigation. Claims gain who they are assigned to and the
    sign-off record (who sent the verdict to review and when, who reviewed it and when: reports print
    "Reviewed by"). ``merge_conflicts``: a field both sides changed since their common ancestor (or a row one
    side deleted and the other changed), both values kept until a person resolves it. ``merged_ops``: the
    operation-log entries of other projects this one has merged, by UUID and in the state merged (a merge
    recognises what it has already seen; undoing the merge removes them). ``exchange_sets``: the change sets
    written to or merged from the desk's shared folder (a member's sets form a chain, each naming its base);
    ``exchange_sent``: which of this project's log entries went out, and in which state."""
    import uuid

    claims = db.table("claims")
    for column in ("assignee", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"):
        claims.add_column(column, str, not_null_default="")
    claims.create_index(["assignee"])
    db.table("merge_conflicts").create(
        {"id": str, "merge_id": str, "other": str, "tbl": str, "row_key": str, "field": str, "kind": str,
         "ours": str, "theirs": str, "base": str, "label": str, "created_at": str, "resolved_at": str,
         "resolution": str, "resolved_by": str},
        pk="id", not_null={"tbl", "row_key", "field", "kind", "created_at"},
        defaults={"merge_id": "", "other": "", "ours": "", "theirs": "", "base": "", "label": "",
                  "resolved_at": "", "resolution": "", "resolved_by": ""},
    )
    db.table("merge_conflicts").create_index(["tbl", "row_key", "field"])
    db.table("merged_ops").create({"uuid": str, "state": str, "member": str, "merge_id": str, "at": str},
                                  pk="uuid", not_null={"state"}, defaults={"member": "", "merge_id": "", "at": ""})
    db.table("exchange_sets").create(
        {"id": str, "member": str, "number": int, "base": str, "direction": str, "file": str, "at": str},
        pk="id", not_null={"member", "number", "direction", "at"}, defaults={"base": "", "file": ""})
    db.table("exchange_sets").create_index(["member", "number"])
    db.table("exchange_sent").create({"uuid": str, "state": str}, pk="uuid", not_null={"state"})
    db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('project.id', ?)", [str(uuid.uuid4())])


SCHEMA_VERSION = len(migrations._migrations)


def version_after(name: str) -> int:
    """The schema version of a project once the step ``name`` is applied."""
    return [m.name for m in migrations._migrations].index(name) + 1


HISTORY_IDENTITY = version_after("0006_history_identity")  # from this schema on, history entries have a uuid

# The tables of a project at SCHEMA_VERSION: one that lacks any of them is damaged.
# (Keep in step with the steps above; tests/unit/store checks it against a new project.)
_V1 = frozenset({"settings", "documents", "segments", "sources", "source_aliases", "passages", "ratings",
                 "claims", "appearances", "evidence", "history"})
# the tables a project file of each schema version must have
TABLES_AT = {1: _V1, 2: _V1 | {"attribution", "claim_tags", "evidence_files"}}
TABLES_AT[3] = TABLES_AT[2] | {"document_versions"}  # 0003_durability
# (the FTS table of 0004 is not required of schemas 4-8: 0009 drops it, so a file without it is not damaged)
TABLES_AT[4] = TABLES_AT[3] | {"entities", "entity_aliases", "variant_rejections"} | (
    _DERIVED_0004 - {"search_fts"} - SEARCH_FTS_SHADOW)  # 0004_search
TABLES_AT[5] = TABLES_AT[4] | {"segment_marks"}  # 0005_reading
TABLES_AT[6] = TABLES_AT[5]  # 0006_history_identity: a column of history
TABLES_AT[7] = TABLES_AT[6]  # 0007_document_readings: an index made non-unique, marks backfilled
TABLES_AT[8] = TABLES_AT[7] | {"oplog"}  # 0008_operation_log
TABLES_AT[9] = TABLES_AT[8] | {"search_index"} | SEARCH_INDEX_SHADOW  # 0009_search_ranking
TABLES_AT[10] = TABLES_AT[9] | {"corrections"}  # 0010_publishing
TABLES_AT[11] = TABLES_AT[10] | {"merge_conflicts", "merged_ops", "exchange_sets", "exchange_sent"}  # 0011_desks
TABLES = TABLES_AT[max(TABLES_AT)]


def apply(db: Database) -> None:
    """Apply pending steps and record the schema version in ``user_version``.

    Nothing is written when the file is up to date: setting ``user_version`` to the value it holds still writes
    the header page, so every open changed the file (and the automatic backup on open, which compares the file's
    time with the newest backup's, copied an unchanged project at every start, pushing older backups out)."""
    migrations.apply(db)
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
