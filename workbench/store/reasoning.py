"""Attribution chains, tags, the rating scale and evidence files."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.domain.model import EvidenceFile, Rating
from workbench.store import sources


def attribution(db: Database, claim_id: str) -> list[str]:
    """Source ids of a claim's attribution chain, nearest first."""
    return [r[0] for r in db.execute(
        "SELECT source_id FROM attribution WHERE claim_id = ? ORDER BY position", [claim_id])]


def set_attribution(db: Database, claim_id: str, source_ids: list[str]) -> None:
    db.execute("DELETE FROM attribution WHERE claim_id = ?", [claim_id])
    db.table("attribution").insert_all({"claim_id": claim_id, "position": i, "source_id": s}
                                       for i, s in enumerate(source_ids))


def attribution_names(db: Database, claim_id: str) -> list[str]:
    return [sources.get(db, s).name for s in attribution(db, claim_id)]


def tags(db: Database, claim_id: str) -> tuple[str, ...]:
    # sorted like domain.reasoning.parse_tags (casefold; SQLite's NOCASE folds ASCII only), so that
    # setting the same tags again is seen as no change
    return tuple(sorted((r[0] for r in db.execute("SELECT tag FROM claim_tags WHERE claim_id = ?", [claim_id])),
                        key=str.casefold))


def set_tags(db: Database, claim_id: str, values: tuple[str, ...]) -> None:
    db.execute("DELETE FROM claim_tags WHERE claim_id = ?", [claim_id])
    db.table("claim_tags").insert_all({"claim_id": claim_id, "tag": t} for t in values)


def all_tags(db: Database) -> list[str]:
    return sorted((r[0] for r in db.execute("SELECT DISTINCT tag FROM claim_tags")), key=lambda t: (t.casefold(), t))


def tags_by_claim(db: Database, ids: set[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Tags of every claim (or of the given claims)."""
    out: dict[str, list[str]] = {}
    where, params = ("", []) if ids is None else (f"WHERE claim_id IN ({','.join('?' * len(ids))})", list(ids))
    for claim_id, tag in db.execute(f"SELECT claim_id, tag FROM claim_tags {where}", params):
        out.setdefault(claim_id, []).append(tag)
    return {k: tuple(sorted(v, key=str.casefold)) for k, v in out.items()}


def ratings(db: Database) -> list[Rating]:
    return [Rating(r[0], r[1] or "", r[2] or "#757575", r[3] or 0) for r in db.execute(
        "SELECT label, definition, colour, value FROM ratings ORDER BY position")]


def replace_ratings(db: Database, scale: list[Rating], renames: dict[str, str]) -> None:
    """Replace the scale; ``renames`` maps old label → new label for claims that use it.

    All renames happen in one statement, so swapped or chained labels (A → B, B → C) land right."""
    pairs = [(old, new) for old, new in renames.items() if old != new]
    if pairs:
        cases = " ".join("WHEN ? THEN ?" for _ in pairs)
        marks = ", ".join("?" for _ in pairs)
        db.execute(f"UPDATE claims SET rating = CASE rating {cases} END WHERE rating IN ({marks})",
                   [x for pair in pairs for x in pair] + [old for old, _new in pairs])
    db.execute("DELETE FROM ratings")
    db.table("ratings").insert_all({"label": r.label, "definition": r.definition, "colour": r.colour,
                                    "value": r.value, "position": i} for i, r in enumerate(scale))


def rating_usage(db: Database) -> dict[str, int]:
    return {r[0]: r[1] for r in db.execute("SELECT rating, count(*) FROM claims WHERE rating != '' GROUP BY 1")}


def insert_file(db: Database, evidence_id: str, filename: str, media_type: str, sha256: str, data: bytes) -> None:
    db.table("evidence_files").insert({"evidence_id": evidence_id, "filename": filename, "media_type": media_type,
                                       "sha256": sha256, "size": len(data), "data": data})


def file_info(db: Database, evidence_id: str) -> EvidenceFile | None:
    r = db.execute("SELECT filename, media_type, sha256, size FROM evidence_files WHERE evidence_id = ?",
                   [evidence_id]).fetchone()
    return EvidenceFile(r[0] or "", r[1] or "", r[2], r[3] or 0) if r else None


def file_data(db: Database, evidence_id: str) -> bytes | None:
    r = db.execute("SELECT data FROM evidence_files WHERE evidence_id = ?", [evidence_id]).fetchone()
    return bytes(r[0]) if r else None
