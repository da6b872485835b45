"""Claims, their appearances (passages stating them) and their evidence."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from workbench.domain import evidence_kinds
from workbench.domain.model import (
    Claim,
    ClaimLink,
    ClaimRow,
    ClaimStatus,
    Evidence,
    EvidenceKind,
    EvidenceView,
    Highlight,
    Passage,
    PassageRole,
    Source,
    Stance,
    TextQuote,
    utc_now,
)
from workbench.errors import NotFound

_CLAIM_COLS = ("id, text, claimant_id, claim_date, status, rating, rationale, summary, created_at, updated_at, "
               "published_at, assignee, submitted_by, submitted_at, reviewed_by, reviewed_at")
_N_COLS = len(_CLAIM_COLS.split(", "))
CLAIM_FIELDS = ("text", "claimant_id", "claim_date", "status", "rating", "rationale", "summary")


def _claim(r: tuple) -> Claim:
    return Claim(id=r[0], text=r[1], claimant_id=r[2], claim_date=r[3] or "", status=ClaimStatus(r[4]),
                 rating=r[5] or "", rationale=r[6] or "", summary=r[7] or "", created_at=r[8] or "",
                 updated_at=r[9] or "", published_at=r[10] or "", assignee=r[11] or "", submitted_by=r[12] or "",
                 submitted_at=r[13] or "", reviewed_by=r[14] or "", reviewed_at=r[15] or "")


# Rows are written with one plain INSERT each (one prepared statement, reused from the connection's cache):
# sqlite-utils' ``table.insert`` adds four statements to every row (two schema lookups, a savepoint and its
# release), which a highlight added in the window pays on every keystroke.
_INSERT_CLAIM = f"INSERT INTO claims ({_CLAIM_COLS}) VALUES ({', '.join('?' * _N_COLS)})"


def insert_claim(db: Database, claim: Claim) -> None:
    db.execute(_INSERT_CLAIM, [
        claim.id, claim.text, claim.claimant_id, claim.claim_date, claim.status.value, claim.rating,
        claim.rationale, claim.summary, claim.created_at, claim.updated_at, claim.published_at, claim.assignee,
        claim.submitted_by, claim.submitted_at, claim.reviewed_by, claim.reviewed_at])


def get_claim(db: Database, claim_id: str) -> Claim:
    r = db.execute(f"SELECT {_CLAIM_COLS} FROM claims WHERE id = ?", [claim_id]).fetchone()
    if r is None:
        raise NotFound(f"No claim with id {claim_id} in this project.")
    return _claim(r)


def update_claim(db: Database, claim_id: str, values: dict[str, Any]) -> None:
    """Change a claim's fields. A verdict made final for the first time records when (``published_at``, never
    cleared: a verdict taken back to review and made final again keeps its first publication date)."""
    db.table("claims").update(claim_id, values)
    if values.get("status") == "final":
        db.execute("UPDATE claims SET published_at = ? WHERE id = ? AND published_at = ''",
                   [values.get("updated_at") or utc_now(), claim_id])


def delete_claim(db: Database, claim_id: str) -> list[str]:
    """Delete a claim with its appearances and evidence; return the passage ids they used."""
    passage_ids = [r[0] for r in db.execute(
        "SELECT passage_id FROM appearances WHERE claim_id = ? UNION "
        "SELECT passage_id FROM evidence WHERE claim_id = ? AND passage_id IS NOT NULL",
        [claim_id, claim_id])]
    db.execute("DELETE FROM appearances WHERE claim_id = ?", [claim_id])
    db.execute("DELETE FROM evidence_files WHERE evidence_id IN (SELECT id FROM evidence WHERE claim_id = ?)",
               [claim_id])
    db.execute("DELETE FROM evidence WHERE claim_id = ?", [claim_id])
    db.execute("DELETE FROM attribution WHERE claim_id = ?", [claim_id])
    db.execute("DELETE FROM corrections WHERE claim_id = ?", [claim_id])
    db.execute("DELETE FROM claim_tags WHERE claim_id = ?", [claim_id])
    db.execute("DELETE FROM claims WHERE id = ?", [claim_id])
    return passage_ids


def insert_appearance(db: Database, link_id: str, claim_id: str, passage_id: str, at: str) -> None:
    db.execute("INSERT INTO appearances (id, claim_id, passage_id, created_at) VALUES (?, ?, ?, ?)",
               [link_id, claim_id, passage_id, at])


_EV_COLS = ("id, claim_id, kind, stance, passage_id, url, title, note, credibility, source_id, created_at, accessed, "
            "archived_document_id")
_INSERT_EVIDENCE = f"INSERT INTO evidence ({_EV_COLS}) VALUES ({', '.join('?' * len(_EV_COLS.split(', ')))})"


def insert_evidence(db: Database, ev: Evidence) -> None:
    db.execute(_INSERT_EVIDENCE, [
        ev.id, ev.claim_id, ev.kind.value, ev.stance.value, ev.passage_id, ev.url, ev.title, ev.note,
        ev.credibility, ev.source_id, ev.created_at, ev.accessed, ev.archived_document_id])
EVIDENCE_FIELDS = ("stance", "url", "title", "note", "credibility", "source_id", "accessed", "archived_document_id")


def _evidence(r: tuple) -> Evidence:
    return Evidence(id=r[0], claim_id=r[1], kind=EvidenceKind(r[2]), stance=Stance(r[3]), passage_id=r[4],
                    url=r[5] or "", title=r[6] or "", note=r[7] or "", credibility=r[8], source_id=r[9],
                    created_at=r[10] or "", accessed=r[11] or "", archived_document_id=r[12])


def get_evidence(db: Database, evidence_id: str) -> Evidence:
    r = db.execute(f"SELECT {_EV_COLS} FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    if r is None:
        raise NotFound(f"No evidence with id {evidence_id}.")
    return _evidence(r)


def update_evidence(db: Database, evidence_id: str, values: dict[str, Any]) -> None:
    db.table("evidence").update(evidence_id, values)


_EVIDENCE_VIEWS_SQL = f"""
SELECT {", ".join("e." + c for c in _EV_COLS.split(", "))},
       p.id, p.document_id, p.start, p."end", p.exact, p.prefix, p.suffix, p.orphan, p.note, p.annotation, d.title
  FROM evidence e LEFT JOIN passages p ON p.id = e.passage_id LEFT JOIN documents d ON d.id = p.document_id
 WHERE e.claim_id = ?
 ORDER BY e.created_at, e.rowid
"""


def evidence_views(db: Database, claim_id: str) -> list[EvidenceView]:
    """Every piece of evidence of a claim with its passage, document title, source and file, oldest first."""
    from workbench.store import passages as store_passages
    from workbench.store import reasoning, sources

    out = []
    source_cache: dict[str, Source] = {}
    n = len(_EV_COLS.split(", "))
    # one query for the evidence, their passages and their documents' titles (not two more per piece)
    rows = db.execute(_EVIDENCE_VIEWS_SQL, [claim_id]).fetchall()
    for r in rows:
        ev = _evidence(r[:n])
        p = r[n:]
        passage = None
        if p[0] is not None:
            passage = Passage(id=p[0], document_id=p[1], start=p[2], end=p[3], quote=TextQuote(p[4], p[5] or "",
                              p[6] or ""), orphan=bool(p[7]), note=p[8] or "", annotation=p[9] or "")
        elif ev.passage_id:
            passage = store_passages.get(db, ev.passage_id)  # a dangling reference: NotFound, as before
        title = (p[10] or "") if passage is not None else ""
        src = None
        if ev.source_id:
            src = source_cache.get(ev.source_id) or sources.get(db, ev.source_id)
            source_cache[ev.source_id] = src
        file = reasoning.file_info(db, ev.id) if evidence_kinds.get(ev.kind).stores_file else None
        out.append(EvidenceView(ev, passage, title, src, file))
    return out


def get_link(db: Database, link_id: str) -> tuple[PassageRole, str, str | None]:
    """Return (role, claim_id, passage_id) of an appearance or evidence row."""
    r = db.execute("SELECT claim_id, passage_id FROM appearances WHERE id = ?", [link_id]).fetchone()
    if r:
        return PassageRole.APPEARANCE, r[0], r[1]
    r = db.execute("SELECT claim_id, passage_id FROM evidence WHERE id = ?", [link_id]).fetchone()
    if r:
        return PassageRole.EVIDENCE, r[0], r[1]
    raise NotFound(f"No link with id {link_id}.")


def delete_link(db: Database, link_id: str) -> None:
    db.execute("DELETE FROM appearances WHERE id = ?", [link_id])
    db.execute("DELETE FROM evidence_files WHERE evidence_id = ?", [link_id])
    db.execute("DELETE FROM evidence WHERE id = ?", [link_id])


_HIGHLIGHTS_SQL = """
SELECT p.id, p.start, p."end", 'appearance', NULL, a.claim_id, a.id, ''
  FROM passages p JOIN appearances a ON a.passage_id = p.id
 WHERE p.document_id = ? AND p.orphan = 0
UNION ALL
SELECT p.id, p.start, p."end", 'evidence', e.stance, e.claim_id, e.id, ''
  FROM passages p JOIN evidence e ON e.passage_id = p.id
 WHERE p.document_id = ? AND p.orphan = 0
UNION ALL
SELECT p.id, p.start, p."end", 'annotation', NULL, '', p.id, p.note
  FROM passages p
 WHERE p.document_id = ? AND p.orphan = 0 AND p.annotation != ''
ORDER BY 2, 3
"""


def highlights(db: Database, doc_id: str) -> list[Highlight]:
    """The document's highlights: claims' appearances and evidence, and imported web annotations (role
    ``annotation``, no claim, the passage id as link id, the annotation's note)."""
    return [
        Highlight(passage_id=r[0], start=r[1], end=r[2], role=PassageRole(r[3]),
                  stance=Stance(r[4]) if r[4] else None, claim_id=r[5], link_id=r[6], note=r[7] or "")
        for r in db.execute(_HIGHLIGHTS_SQL, [doc_id, doc_id, doc_id]).fetchall()
    ]


_LINKS_SQL = """
SELECT a.id, 'appearance', NULL, p.id, p.document_id, p.start, p."end", p.exact, p.prefix, p.suffix,
       p.orphan, d.title, a.created_at
  FROM appearances a JOIN passages p ON p.id = a.passage_id JOIN documents d ON d.id = p.document_id
 WHERE a.claim_id = ?
UNION ALL
SELECT e.id, 'evidence', e.stance, p.id, p.document_id, p.start, p."end", p.exact, p.prefix, p.suffix,
       p.orphan, d.title, e.created_at
  FROM evidence e JOIN passages p ON p.id = e.passage_id JOIN documents d ON d.id = p.document_id
 WHERE e.claim_id = ?
ORDER BY 2, 13
"""


def links(db: Database, claim_id: str) -> list[ClaimLink]:
    out = []
    for r in db.execute(_LINKS_SQL, [claim_id, claim_id]).fetchall():
        passage = Passage(id=r[3], document_id=r[4], start=r[5], end=r[6],
                          quote=TextQuote(r[7], r[8] or "", r[9] or ""), orphan=bool(r[10]))
        out.append(ClaimLink(link_id=r[0], role=PassageRole(r[1]), stance=Stance(r[2]) if r[2] else None,
                             passage=passage, document_title=r[11] or ""))
    return out


_LIST_SQL = f"""
SELECT {", ".join("c." + c for c in _CLAIM_COLS.split(", "))}, coalesce(s.name, ''),
  (SELECT count(*) FROM appearances a WHERE a.claim_id = c.id),
  (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id AND e.stance = 'supports'),
  (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id AND e.stance = 'refutes'),
  (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id AND e.stance = 'context'),
  (SELECT group_concat(DISTINCT p.document_id) FROM appearances a JOIN passages p ON p.id = a.passage_id
    WHERE a.claim_id = c.id)
FROM claims c LEFT JOIN sources s ON s.id = c.claimant_id
{{where}}
ORDER BY c.created_at, c.rowid
"""


def list_rows(db: Database, ids: set[str] | None = None) -> list[ClaimRow]:
    """The claim list's rows: all claims, or only those with the given ids."""
    from workbench.store import reasoning

    if ids is not None:
        marks = ",".join("?" * len(ids))
        sql, params = _LIST_SQL.format(where=f"WHERE c.id IN ({marks})"), list(ids)
        tags = reasoning.tags_by_claim(db, ids)
    else:
        sql, params = _LIST_SQL.format(where=""), []
        tags = reasoning.tags_by_claim(db)
    out = []
    for r in db.execute(sql, params).fetchall():
        n = _N_COLS
        out.append(ClaimRow(claim=_claim(r[:n]), claimant=r[n], appearances=r[n + 1], supports=r[n + 2],
                            refutes=r[n + 3], context=r[n + 4],
                            document_ids=tuple(r[n + 5].split(",")) if r[n + 5] else (), tags=tags.get(r[0], ())))
    return out


def resolve_id(db: Database, prefix: str) -> str:
    from workbench.store.documents import _resolve

    return _resolve(db, "claims", prefix, "claim")


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM claims").fetchone()[0])
