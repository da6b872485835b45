"""Sources: outlets, agencies, people, "local sources", with aliases."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.domain.model import Source, new_id, utc_now
from workbench.errors import NotFound

_COLS = "id, name, kind, affiliation, reliability, notes, same_as, job_title, image"


def _source(r: tuple, aliases: tuple[str, ...]) -> Source:
    return Source(id=r[0], name=r[1], kind=r[2] or "", affiliation=r[3] or "", reliability=r[4] or "",
                  notes=r[5] or "", aliases=aliases, same_as=tuple((r[6] or "").split()), job_title=r[7] or "",
                  image=r[8] or "")


def _identity(src: Source) -> dict[str, str]:
    return {"same_as": "\n".join(src.same_as), "job_title": src.job_title, "image": src.image}


def get(db: Database, source_id: str) -> Source:
    r = db.execute(f"SELECT {_COLS} FROM sources WHERE id = ?", [source_id]).fetchone()
    if r is None:
        raise NotFound(f"No source with id {source_id}.")
    aliases = tuple(a for (a,) in db.execute(
        "SELECT alias FROM source_aliases WHERE source_id = ? ORDER BY alias", [source_id]))
    return _source(r, aliases)


def find_by_name(db: Database, name: str) -> str | None:
    """Id of the source whose name or alias equals ``name`` (case-insensitive)."""
    row = db.execute(
        "SELECT id FROM sources WHERE name = ? COLLATE NOCASE "
        "UNION ALL SELECT source_id FROM source_aliases WHERE alias = ? COLLATE NOCASE LIMIT 1",
        [name, name],
    ).fetchone()
    return row[0] if row else None


def get_or_create(db: Database, name: str) -> tuple[str, bool]:
    """Return (id, created) of the source named ``name``, creating it if needed."""
    name = " ".join(name.split())  # as ops.sources names sources: "Levant  News" is "Levant News"
    found = find_by_name(db, name)
    if found:
        return found, False
    source_id = new_id()
    db.table("sources").insert({"id": source_id, "name": name, "created_at": utc_now()})
    return source_id, True


def names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM sources ORDER BY name COLLATE NOCASE")]


def list_all(db: Database) -> list[Source]:
    """Every source, by name (two queries, whatever the size of the registry)."""
    aliases: dict[str, list[str]] = {}
    for source_id, alias in db.execute("SELECT source_id, alias FROM source_aliases ORDER BY alias"):
        aliases.setdefault(source_id, []).append(alias)
    rows = db.execute(f"SELECT {_COLS} FROM sources ORDER BY name COLLATE NOCASE").fetchall()
    return [_source(r, tuple(aliases.get(r[0], ()))) for r in rows]


def insert(db: Database, src: Source, created_at: str) -> None:
    db.table("sources").insert({"id": src.id, "name": src.name, "kind": src.kind, "affiliation": src.affiliation,
                                "reliability": src.reliability, "notes": src.notes, "created_at": created_at,
                                **_identity(src)})
    set_aliases(db, src.id, src.aliases)


def update(db: Database, src: Source) -> None:
    db.table("sources").update(src.id, {"name": src.name, "kind": src.kind, "affiliation": src.affiliation,
                                        "reliability": src.reliability, "notes": src.notes, **_identity(src)})
    set_aliases(db, src.id, src.aliases)


def set_aliases(db: Database, source_id: str, aliases: tuple[str, ...]) -> None:
    current = {a for (a,) in db.execute("SELECT alias FROM source_aliases WHERE source_id = ?", [source_id])}
    wanted = set(aliases)
    for alias in current - wanted:
        db.execute("DELETE FROM source_aliases WHERE source_id = ? AND alias = ?", [source_id, alias])
    for alias in sorted(wanted - current):
        db.table("source_aliases").insert({"source_id": source_id, "alias": alias})


def usage(db: Database, source_id: str) -> dict[str, int]:
    """How many claims name the source as claimant, relay it, or cite it in evidence."""
    one = db.execute(
        "SELECT (SELECT count(*) FROM claims WHERE claimant_id = :s), "
        "(SELECT count(*) FROM attribution WHERE source_id = :s), "
        "(SELECT count(*) FROM evidence WHERE source_id = :s)", {"s": source_id}).fetchone()
    return {"claimant": one[0], "attribution": one[1], "evidence": one[2]}


def delete(db: Database, source_id: str) -> None:
    """Delete a source and every reference to it (claimant, attribution links, evidence source)."""
    db.execute("UPDATE claims SET claimant_id = NULL WHERE claimant_id = ?", [source_id])
    db.execute("UPDATE evidence SET source_id = NULL WHERE source_id = ?", [source_id])
    claims = [c for (c,) in db.execute("SELECT DISTINCT claim_id FROM attribution WHERE source_id = ?", [source_id])]
    db.execute("DELETE FROM attribution WHERE source_id = ?", [source_id])
    for claim_id in claims:  # close the gaps in each chain
        rows = db.execute("SELECT position, source_id FROM attribution WHERE claim_id = ? ORDER BY position",
                          [claim_id]).fetchall()
        db.execute("DELETE FROM attribution WHERE claim_id = ?", [claim_id])
        db.table("attribution").insert_all({"claim_id": claim_id, "position": i, "source_id": s}
                                           for i, (_p, s) in enumerate(rows))
    db.execute("DELETE FROM source_aliases WHERE source_id = ?", [source_id])
    db.execute("DELETE FROM sources WHERE id = ?", [source_id])


def track_record(db: Database, source_id: str) -> list[tuple[str, str, str, str]]:
    """(claim id, claim text, role, rating) of the claims the source made, relayed or is evidence for."""
    rows = db.execute(
        """
        SELECT id, text, 'made', rating, created_at FROM claims WHERE claimant_id = :s
        UNION SELECT c.id, c.text, 'relayed', c.rating, c.created_at FROM attribution a
          JOIN claims c ON c.id = a.claim_id WHERE a.source_id = :s
        UNION SELECT c.id, c.text, 'evidence (' || e.stance || ')', c.rating, c.created_at FROM evidence e
          JOIN claims c ON c.id = e.claim_id WHERE e.source_id = :s
        ORDER BY 5, 3
        """, {"s": source_id}).fetchall()
    return [(r[0], r[1], r[2], r[3] or "") for r in rows]


def resolve_id(db: Database, name_or_id: str) -> str | None:
    """A source by exact id, or by name/alias."""
    row = db.execute("SELECT id FROM sources WHERE id = ?", [name_or_id]).fetchone()
    return row[0] if row else find_by_name(db, name_or_id)


def unused_ids(db: Database) -> list[str]:
    """Ids of the sources nothing refers to — no claim names them as claimant, no attribution chain relays them,
    no evidence cites them, no entity stands for them — by name."""
    return [r[0] for r in db.execute(
        "SELECT id FROM sources s WHERE NOT EXISTS (SELECT 1 FROM claims WHERE claimant_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM attribution WHERE source_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM evidence WHERE source_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM entities WHERE source_id = s.id) ORDER BY name COLLATE NOCASE")]
