"""The published archive: a read-only public SQLite database of a project's final verdicts, for Datasette.

``read_public(db)`` reads what may be published from an open project — set-based queries, a few per table
whatever the number of claims — and ``write_archive(path, content, about)`` writes it as a new database, atomically
(a temporary file beside the target, renamed over it once complete: never a half-written archive), then made
immutable-friendly (VACUUM, rollback journal, no WAL). ``archive_problem(path)`` says why a file is not an archive
this app wrote (``application_id`` ``ARCHIVE_ID`` and the ``_archive`` table), so that publishing never overwrites
anything else and ``workbench serve`` serves archives only.

What is published (issue 13): final claims only, with their claimant, rating, summary, rationale (Markdown),
tags, attribution chain, correction notices (without who wrote them) and public evidence: passages (quote and
document), web pages (title, address, access date), files (name, media type, SHA-256 and size, never the bytes),
notes (their text only when asked: ``public_notes``; a URL's or file's notes likewise); the sources those claims
name (never their private notes), the documents they cite (metadata, never text or original bytes) and the rating
scale. Never the history, operation log, settings, drafts, unused sources or search index.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workbench import atomicfile
from workbench.domain.model import CREDIBILITY, RELIABILITY, ClaimStatus
from workbench.store.project import SQLITE_HEADER, harden

ARCHIVE_ID = 0x46435741  # "FCWA": PRAGMA application_id of an archive (a project is "FCWB")
ARCHIVE_FORMAT = "1"
APP = "Fact-Check Workbench"
TOKENIZE = "porter unicode61 remove_diacritics 2"  # "clashes" finds "clashed"; "Mayadin" ignores accents
CLAIMS_FTS = ("text", "summary", "rationale", "claimant")
EVIDENCE_FTS = ("quote", "title")


@dataclass
class PublicContent:
    """The rows of each archive table (dicts), as ``read_public`` found them."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    appearances: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    claim_tags: list[dict[str, Any]] = field(default_factory=list)
    attribution: list[dict[str, Any]] = field(default_factory=list)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    withheld: int = 0  # claims not published (their verdict is not final)


_FINAL = "SELECT id FROM claims WHERE status = :final"


def read_public(db: Database, *, base_url: str = "", public_notes: bool = False) -> PublicContent:
    """What the archive of this project holds (see the module docstring). ``base_url``: where the claims are
    published (a claim's URL is base URL + "#claim-" + id; "" when unknown)."""
    p = {"final": ClaimStatus.FINAL.value}
    out = PublicContent()
    out.withheld = db.execute("SELECT count(*) FROM claims WHERE status != :final", p).fetchone()[0]
    out.ratings = [{"label": r[0], "definition": r[1] or "", "colour": r[2] or "", "value": r[3] or 0,
                    "position": r[4]}
                   for r in db.execute("SELECT label, definition, colour, value, position FROM ratings "
                                       "ORDER BY position")]
    labels = {r["label"] for r in out.ratings}
    tags: dict[str, list[str]] = {}
    for claim_id, tag in db.execute(f"SELECT claim_id, tag FROM claim_tags WHERE claim_id IN ({_FINAL}) "
                                    "ORDER BY claim_id, tag", p):
        tags.setdefault(claim_id, []).append(tag)
        out.claim_tags.append({"claim_id": claim_id, "tag": tag})
    chain: dict[str, list[str]] = {}
    for claim_id, position, source_id, name in db.execute(
            f"SELECT a.claim_id, a.position, a.source_id, s.name FROM attribution a JOIN sources s "
            f"ON s.id = a.source_id WHERE a.claim_id IN ({_FINAL}) ORDER BY a.claim_id, a.position", p):
        chain.setdefault(claim_id, []).append(name)
        out.attribution.append({"claim_id": claim_id, "position": position, "source_id": source_id})
    modified: dict[str, str] = {}
    for row in db.execute(f"SELECT id, claim_id, date, change, text FROM corrections WHERE claim_id IN ({_FINAL}) "
                          "ORDER BY date, created_at, rowid", p):
        out.corrections.append(dict(zip(("id", "claim_id", "date", "change", "text"), row, strict=True)))
        modified[row[1]] = max(modified.get(row[1], ""), row[2])
    for cid, text, claimant_id, claimant, claim_date, rating, summary, rationale, published in db.execute(
            "SELECT c.id, c.text, c.claimant_id, s.name, c.claim_date, c.rating, c.summary, c.rationale, "
            "substr(coalesce(nullif(c.published_at, ''), c.updated_at, c.created_at, ''), 1, 10) "
            "FROM claims c LEFT JOIN sources s ON s.id = c.claimant_id WHERE c.status = :final "
            "ORDER BY 9 DESC, c.id", p):
        latest = modified.get(cid, "")
        out.claims.append({
            "id": cid, "text": text, "claimant_id": claimant_id or None, "claimant": claimant or "",
            "claim_date": claim_date or "", "rating": rating if rating in labels else None,
            "summary": summary or "", "rationale": rationale or "", "published": published,
            "modified": latest if latest > published else "",
            "url": f"{base_url}#claim-{cid}" if base_url else "",
            "tags": json.dumps(tags.get(cid, []), ensure_ascii=False),
            "attribution": " › ".join(chain.get(cid, []))})
    for row in db.execute(
            f"SELECT a.id, a.claim_id, p.document_id, p.exact FROM appearances a JOIN passages p "
            f"ON p.id = a.passage_id WHERE a.claim_id IN ({_FINAL}) ORDER BY a.claim_id, a.created_at, a.id", p):
        out.appearances.append(dict(zip(("id", "claim_id", "document_id", "quote"), row, strict=True)))
    for (eid, claim_id, kind, stance, credibility, source_id, exact, document_id, url, title, accessed, archived,
         note, file_name, media_type, sha256, size) in db.execute(
            "SELECT e.id, e.claim_id, e.kind, e.stance, e.credibility, e.source_id, p.exact, p.document_id, e.url, "
            "e.title, e.accessed, e.archived_document_id, e.note, f.filename, f.media_type, f.sha256, f.size "
            "FROM evidence e LEFT JOIN passages p ON p.id = e.passage_id "
            "LEFT JOIN evidence_files f ON f.evidence_id = e.id "
            f"WHERE e.claim_id IN ({_FINAL}) ORDER BY e.claim_id, e.created_at, e.id", p):
        out.evidence.append({
            "id": eid, "claim_id": claim_id, "kind": kind, "stance": stance, "credibility": credibility,
            "credibility_label": CREDIBILITY.get(credibility or 0, ""), "source_id": source_id or None,
            "quote": exact or "", "document_id": document_id or None, "url": url or "", "title": title or "",
            "accessed": accessed or "", "archived_document_id": archived or None,
            "note": (note or "") if public_notes else "", "file_name": file_name or "",
            "file_media_type": media_type or "", "file_sha256": sha256 or "", "file_size": size})
    named = ({c["claimant_id"] for c in out.claims} | {a["source_id"] for a in out.attribution}
             | {e["source_id"] for e in out.evidence}) - {None}
    cited = ({a["document_id"] for a in out.appearances} | {e["document_id"] for e in out.evidence}
             | {e["archived_document_id"] for e in out.evidence}) - {None}
    ids = {"ids": json.dumps(sorted(named))}
    aliases: dict[str, list[str]] = {}
    for source_id, alias in db.execute("SELECT source_id, alias FROM source_aliases WHERE source_id IN "
                                       "(SELECT value FROM json_each(:ids)) ORDER BY alias", ids):
        aliases.setdefault(source_id, []).append(alias)
    for sid, name, kind, affiliation, reliability, job_title, same_as, image in db.execute(
            "SELECT id, name, kind, affiliation, reliability, job_title, same_as, image FROM sources "
            "WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY name COLLATE NOCASE, id", ids):
        out.sources.append({
            "id": sid, "name": name, "kind": kind or "", "affiliation": affiliation or "",
            "reliability": reliability or "", "reliability_label": RELIABILITY.get(reliability or "", ""),
            "job_title": job_title or "", "same_as": json.dumps((same_as or "").split()),
            "image": image or "", "aliases": json.dumps(aliases.get(sid, []), ensure_ascii=False)})
    for row in db.execute("SELECT id, title, publisher, author, url, published, language, sha256 FROM documents "
                          "WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY published, title, id",
                          {"ids": json.dumps(sorted(cited))}):
        out.documents.append(dict(zip(("id", "title", "publisher", "author", "url", "published", "language",
                                       "sha256"), row, strict=True)))
    return out


# ------------------------------------------------------------------------------------------------ schema

TABLES: dict[str, tuple[dict[str, Any], Any, list[tuple[str, str, str]]]] = {
    # name: (columns, primary key, foreign keys) — created in this order (referenced tables first)
    "_archive": ({"key": str, "value": str}, "key", []),
    "ratings": ({"label": str, "definition": str, "colour": str, "value": int, "position": int}, "label", []),
    "sources": ({"id": str, "name": str, "kind": str, "affiliation": str, "reliability": str,
                 "reliability_label": str, "job_title": str, "same_as": str, "image": str, "aliases": str}, "id", []),
    "documents": ({"id": str, "title": str, "publisher": str, "author": str, "url": str, "published": str,
                   "language": str, "sha256": str}, "id", []),
    "claims": ({"id": str, "text": str, "claimant_id": str, "claimant": str, "claim_date": str, "rating": str,
                "summary": str, "rationale": str, "published": str, "modified": str, "url": str, "tags": str,
                "attribution": str}, "id",
               [("claimant_id", "sources", "id"), ("rating", "ratings", "label")]),
    "claim_tags": ({"claim_id": str, "tag": str}, ("claim_id", "tag"), [("claim_id", "claims", "id")]),
    "attribution": ({"claim_id": str, "position": int, "source_id": str}, ("claim_id", "position"),
                    [("claim_id", "claims", "id"), ("source_id", "sources", "id")]),
    "appearances": ({"id": str, "claim_id": str, "document_id": str, "quote": str}, "id",
                    [("claim_id", "claims", "id"), ("document_id", "documents", "id")]),
    "evidence": ({"id": str, "claim_id": str, "kind": str, "stance": str, "credibility": int,
                  "credibility_label": str, "source_id": str, "quote": str, "document_id": str, "url": str,
                  "title": str, "accessed": str, "archived_document_id": str, "note": str, "file_name": str,
                  "file_media_type": str, "file_sha256": str, "file_size": int}, "id",
                 [("claim_id", "claims", "id"), ("source_id", "sources", "id"), ("document_id", "documents", "id"),
                  ("archived_document_id", "documents", "id")]),
    "corrections": ({"id": str, "claim_id": str, "date": str, "change": str, "text": str}, "id",
                    [("claim_id", "claims", "id")]),
}
INDEXES = {"claims": (["claimant_id"], ["rating"], ["published"]), "claim_tags": (["tag"],),
           "attribution": (["source_id"],), "appearances": (["claim_id"], ["document_id"]),
           "evidence": (["claim_id"], ["source_id"], ["document_id"]), "corrections": (["claim_id"], ["date"])}

VIEWS = {
    "verdicts": """SELECT c.id, c.text, c.claimant, s.affiliation AS claimant_affiliation, c.claim_date, c.rating,
  r.definition AS rating_definition, r.colour AS rating_colour, c.summary, c.published, c.modified, c.url, c.tags,
  c.attribution
FROM claims c LEFT JOIN sources s ON s.id = c.claimant_id LEFT JOIN ratings r ON r.label = c.rating""",
    "evidence_cited": """SELECT e.id, e.claim_id, c.text AS claim, e.stance, e.kind, e.credibility,
  e.credibility_label, s.name AS source, s.reliability AS source_reliability, e.quote, d.title AS document_title,
  d.publisher AS document_publisher, d.url AS document_url, d.published AS document_published, e.url, e.title,
  e.accessed, e.file_name, e.file_media_type, e.file_sha256
FROM evidence e JOIN claims c ON c.id = e.claim_id LEFT JOIN sources s ON s.id = e.source_id
LEFT JOIN documents d ON d.id = e.document_id""",
}


@dataclass(frozen=True)
class About:
    """What the ``_archive`` table says of the archive (shown in Datasette too)."""

    title: str
    author: str = ""
    base_url: str = ""
    license: str = ""
    license_url: str = ""
    generated_at: str = ""
    public_notes: bool = False


def write_archive(path: Path, content: PublicContent, about: About) -> None:
    """Write ``content`` as a new archive database at ``path`` atomically (replacing an earlier archive)."""
    path = Path(path)
    tmp = atomicfile.temporary_name(path)
    try:
        conn = sqlite3.connect(tmp)
        try:
            db = Database(conn, execute_plugins=False)
            db.execute("PRAGMA journal_mode = OFF")  # a new file nobody reads until it is renamed: no journal
            db.execute("PRAGMA synchronous = OFF")
            db.execute(f"PRAGMA application_id = {ARCHIVE_ID}")
            db.execute("PRAGMA foreign_keys = ON")
            _fill(db, content, about)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise AssertionError(f"archive rows refer to rows it does not hold: {problems[:5]}")
            db.execute("VACUUM")
            # after VACUUM, which may renumber the rowids that an external-content FTS index refers to
            db.table("claims").enable_fts(CLAIMS_FTS, tokenize=TOKENIZE)
            db.table("evidence").enable_fts(EVIDENCE_FTS, tokenize=TOKENIZE)
            for table in ("claims_fts", "evidence_fts"):
                db.execute(f"INSERT INTO [{table}]([{table}]) VALUES ('optimize')")
            db.execute("ANALYZE")
            db.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
        atomicfile.commit(tmp, path)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise


def _fill(db: Database, content: PublicContent, about: About) -> None:
    with db.atomic():
        for name, (columns, pk, fks) in TABLES.items():
            db.table(name).create(columns, pk=pk, foreign_keys=fks)
        for name, indexes in INDEXES.items():
            for indexed in indexes:
                db.table(name).create_index(indexed)
        marker = {"app": APP, "format": ARCHIVE_FORMAT, "title": about.title, "author": about.author,
                  "base_url": about.base_url, "license": about.license, "license_url": about.license_url,
                  "generated_at": about.generated_at, "claims": str(len(content.claims)),
                  "public_notes": "yes" if about.public_notes else "no"}
        db.table("_archive").insert_all([{"key": k, "value": v} for k, v in marker.items()])
        for name in TABLES:
            rows = getattr(content, name, None)
            if rows:
                db.table(name).insert_all(rows, batch_size=1000)
        for name, sql in VIEWS.items():
            db.create_view(name, sql)


# ------------------------------------------------------------------------------------------------ checking


def archive_problem(path: Path) -> str | None:
    """Why ``path`` is not an archive this app wrote ("" never; None when it is one)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        return "it is a folder"
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    if header != SQLITE_HEADER:
        return "it is not an SQLite database"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return f"it cannot be opened ({exc})"
    try:
        harden(conn)
        if conn.execute("PRAGMA application_id").fetchone()[0] != ARCHIVE_ID:
            return f"it is not an archive written by {APP}"
        row = conn.execute("SELECT value FROM _archive WHERE key = 'app'").fetchone()
        if row is None or row[0] != APP:
            return f"it is not an archive written by {APP}"
    except sqlite3.Error as exc:
        return f"it is not a readable archive ({exc})"
    finally:
        conn.close()
    return None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (either may not exist)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
