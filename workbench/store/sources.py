"""Sources: outlets, agencies, people, "local sources", with aliases."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.domain.model import Source, new_id, utc_now
from workbench.errors import NotFound


def get(db: Database, source_id: str) -> Source:
    r = db.execute(
        "SELECT id, name, kind, affiliation, reliability, notes FROM sources WHERE id = ?", [source_id]
    ).fetchone()
    if r is None:
        raise NotFound(f"No source with id {source_id}.")
    aliases = tuple(a for (a,) in db.execute(
        "SELECT alias FROM source_aliases WHERE source_id = ? ORDER BY alias", [source_id]))
    return Source(id=r[0], name=r[1], kind=r[2] or "", affiliation=r[3] or "", reliability=r[4] or "",
                  notes=r[5] or "", aliases=aliases)


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
    found = find_by_name(db, name)
    if found:
        return found, False
    source_id = new_id()
    db.table("sources").insert({"id": source_id, "name": name.strip(), "created_at": utc_now()})
    return source_id, True


def names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM sources ORDER BY name COLLATE NOCASE")]


def list_all(db: Database) -> list[Source]:
    return [get(db, r[0]) for r in db.execute("SELECT id FROM sources ORDER BY name COLLATE NOCASE")]
