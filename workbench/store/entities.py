"""Entities (places, organisations, people) with aliases; rejected variant suggestions; corpus names."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.domain.discovery import Entity
from workbench.domain.model import new_id, utc_now
from workbench.domain.variants import name_key
from workbench.errors import NotFound

_SOURCE_KINDS = {"person": "person", "official": "person", "outlet": "organisation", "agency": "organisation",
                 "organisation": "organisation", "social media": "organisation"}


def get(db: Database, entity_id: str) -> Entity:
    r = db.execute("SELECT id, name, kind, source_id FROM entities WHERE id = ?", [entity_id]).fetchone()
    if r is None:
        raise NotFound(f"No entity with id {entity_id} in this project.")
    aliases = tuple(a for (a,) in db.execute(
        "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias COLLATE NOCASE", [entity_id]))
    return Entity(r[0], r[1], r[2] or "", aliases, r[3])


def list_all(db: Database) -> list[Entity]:
    aliases: dict[str, list[str]] = {}
    for eid, alias in db.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY alias COLLATE NOCASE"):
        aliases.setdefault(eid, []).append(alias)
    return [Entity(r[0], r[1], r[2] or "", tuple(aliases.get(r[0], ())), r[3])
            for r in db.execute("SELECT id, name, kind, source_id FROM entities ORDER BY name COLLATE NOCASE")]


def find(db: Database, name: str) -> str | None:
    """Id of the entity whose name or an alias is ``name`` (case-insensitive)."""
    row = db.execute("SELECT id FROM entities WHERE name = ? COLLATE NOCASE UNION ALL "
                     "SELECT entity_id FROM entity_aliases WHERE alias = ? COLLATE NOCASE LIMIT 1",
                     [name, name]).fetchone()
    return row[0] if row else None


def insert(db: Database, entity: Entity) -> None:
    db.table("entities").insert({"id": entity.id, "name": entity.name, "kind": entity.kind,
                                 "source_id": entity.source_id, "created_at": utc_now()})
    set_aliases(db, entity.id, entity.aliases)


def update(db: Database, entity_id: str, *, name: str, kind: str) -> None:
    db.table("entities").update(entity_id, {"name": name, "kind": kind})


def set_aliases(db: Database, entity_id: str, aliases: tuple[str, ...]) -> None:
    current = {a for (a,) in db.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?", [entity_id])}
    for alias in current - set(aliases):
        db.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?", [entity_id, alias])
    for alias in sorted(set(aliases) - current):
        db.table("entity_aliases").insert({"entity_id": entity_id, "alias": alias})


def delete(db: Database, entity_id: str) -> None:
    db.execute("DELETE FROM entity_aliases WHERE entity_id = ?", [entity_id])
    db.execute("DELETE FROM entities WHERE id = ?", [entity_id])


def seed_from_sources(db: Database) -> list[str]:
    """Make an entity of each source that has aliases and no entity yet; return the new entities' ids."""
    made = []
    rows = db.execute("SELECT s.id, s.name, s.kind FROM sources s WHERE EXISTS (SELECT 1 FROM source_aliases a "
                      "WHERE a.source_id = s.id) AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.source_id = s.id) "
                      "ORDER BY s.name").fetchall()
    for source_id, name, kind in rows:
        if find(db, name):
            continue  # the user already has an entity of that name
        aliases = tuple(a for (a,) in db.execute("SELECT alias FROM source_aliases WHERE source_id = ?", [source_id])
                        if not find(db, a))
        entity = Entity(new_id(), name, _SOURCE_KINDS.get((kind or "").casefold(), "organisation"), aliases, source_id)
        insert(db, entity)
        made.append(entity.id)
    return made


def alias_groups(db: Database) -> list[tuple[str, tuple[str, ...]]]:
    """(name, aliases) of every entity, and of every source with aliases that no entity stands for."""
    groups = [(e.name, e.aliases) for e in list_all(db) if e.aliases]
    aliases: dict[str, list[str]] = {}
    for sid, alias in db.execute("SELECT a.source_id, a.alias FROM source_aliases a WHERE NOT EXISTS "
                                 "(SELECT 1 FROM entities e WHERE e.source_id = a.source_id)"):
        aliases.setdefault(sid, []).append(alias)
    if aliases:
        marks = ",".join("?" * len(aliases))
        for sid, name in db.execute(f"SELECT id, name FROM sources WHERE id IN ({marks})", list(aliases)):
            groups.append((name, tuple(aliases[sid])))
    return groups


def source_groups(db: Database) -> list[tuple[str, str, tuple[str, ...]]]:
    """(source id, name, aliases) of every source with aliases."""
    aliases: dict[str, list[str]] = {}
    for sid, alias in db.execute("SELECT source_id, alias FROM source_aliases ORDER BY alias COLLATE NOCASE"):
        aliases.setdefault(sid, []).append(alias)
    if not aliases:
        return []
    marks = ",".join("?" * len(aliases))
    return [(sid, name, tuple(aliases[sid]))
            for sid, name in db.execute(f"SELECT id, name FROM sources WHERE id IN ({marks})", list(aliases))]


def reject(db: Database, names: tuple[str, ...], variant: str) -> None:
    """Remember that ``variant`` is not a spelling of the entity named ``names``."""
    v = name_key(variant)
    for n in names:
        k = name_key(n)
        if k and v and k != v:
            db.execute("INSERT OR IGNORE INTO variant_rejections (name, variant) VALUES (?, ?)", [k, v])
            db.execute("INSERT OR IGNORE INTO variant_rejections (name, variant) VALUES (?, ?)", [v, k])


def rejected(db: Database) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in db.execute("SELECT name, variant FROM variant_rejections")}


def corpus_names(db: Database, min_documents: int = 1) -> dict[str, tuple[str, int]]:
    """Capitalised names of the corpus: key → (a spelling as written, number of documents using it)."""
    return {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT key, name, documents FROM search_names WHERE documents >= ?", [min_documents])}


def names_stale(db: Database) -> bool:
    row = db.execute("SELECT value FROM search_state WHERE key = 'search_names'").fetchone()
    return bool(row and row[0] == "stale")


def resolve_id(db: Database, name_or_id: str) -> str | None:
    row = db.execute("SELECT id FROM entities WHERE id = ?", [name_or_id]).fetchone()
    return row[0] if row else find(db, name_or_id)


def has_unseeded_sources(db: Database) -> bool:
    """Whether some source with aliases has no entity yet (``seed_from_sources`` would make one)."""
    return bool(db.execute("SELECT EXISTS(SELECT 1 FROM source_aliases a WHERE NOT EXISTS "
                           "(SELECT 1 FROM entities e WHERE e.source_id = a.source_id))").fetchone()[0])
