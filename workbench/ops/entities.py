"""Use cases on entities (places, organisations, people) and the spellings of their names.

A search for one name finds all of an entity's names. Sources with aliases become entities
(``seed_from_sources``); likely variants the user has not listed are suggested by fuzzy matching of the
corpus's capitalised names, and a rejected suggestion is never made again.
"""

from __future__ import annotations

from workbench.domain.changes import Changes
from workbench.domain.discovery import ENTITY_KINDS, Entity
from workbench.domain.model import new_id
from workbench.domain.transliteration import (
    SpellingGroup,
    SpellingIndex,
    known_groups,
    spelling_groups,
    spelling_index,
)
from workbench.domain.variants import VariantSuggestion, name_key, suggest_variants, variant_groups
from workbench.errors import BadArgument
from workbench.store import entities as store
from workbench.store import history, variant_index
from workbench.store import search as store_search
from workbench.store.project import Project


def _clean(name: str) -> str:
    return " ".join(name.split())


def _check_kind(kind: str) -> str:
    kind = kind.strip().casefold()
    if kind and kind not in ENTITY_KINDS:
        raise BadArgument(f"“{kind}” is not a kind of entity: use {', '.join(ENTITY_KINDS)}.")
    return kind


def _clean_aliases(name: str, aliases: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for a in aliases:
        a = _clean(a)
        if a and a.casefold() != name.casefold():
            seen.setdefault(a.casefold(), a)
    return tuple(sorted(seen.values(), key=str.casefold))


def list_entities(project: Project) -> list[Entity]:
    with project.read() as db:
        return store.list_all(db)


def entities_and_sources(project: Project) -> list[Entity]:
    """The entities, and (with an empty id) each source with aliases that is not an entity yet: every alias
    list a search expands (read-only)."""
    with project.read() as db:
        entities = store.list_all(db)
        seeded = {e.source_id for e in entities if e.source_id}
        extra = [Entity("", name, "organisation", aliases, sid) for sid, name, aliases in store.source_groups(db)
                 if sid not in seeded]
    return sorted(entities + extra, key=lambda e: e.name.casefold())


def seed_from_sources(project: Project) -> tuple[list[str], Changes]:
    """Make an entity of every source with aliases that has none yet."""
    with project.read() as db:
        if not store.has_unseeded_sources(db):
            return [], Changes.NONE
    with project.write() as db:
        made = store.seed_from_sources(db)
        if made:
            history.record(db, "project", "", "entities seeded from sources", after={"entities": len(made)})
    return made, Changes.ENTITIES if made else Changes.NONE


def _check_free(db: object, names: tuple[str, ...], entity_id: str = "") -> None:
    for n in names:
        other = store.find(db, n)  # type: ignore[arg-type]
        if other and other != entity_id:
            raise BadArgument(f"“{n}” already names the entity “{store.get(db, other).name}”.")  # type: ignore[arg-type]


def create_entity(project: Project, name: str, *, kind: str = "", aliases: list[str] | tuple[str, ...] = ()
                  ) -> tuple[str, Changes]:
    name = _clean(name)
    if not name:
        raise BadArgument("An entity needs a name.")
    entity = Entity(new_id(), name, _check_kind(kind), _clean_aliases(name, aliases))
    with project.write() as db:
        _check_free(db, entity.names)
        store.insert(db, entity)
        history.record(db, "entity", entity.id, "entity created", after={"name": name, "aliases": list(entity.aliases)})
    return entity.id, Changes.ENTITIES


def update_entity(project: Project, entity_id: str, *, name: str | None = None, kind: str | None = None,
                  aliases: list[str] | tuple[str, ...] | None = None) -> Changes:
    with project.write() as db:
        old = store.get(db, entity_id)
        new_name = _clean(name) if name is not None else old.name
        if not new_name:
            raise BadArgument("An entity needs a name.")
        new = Entity(entity_id, new_name, _check_kind(kind) if kind is not None else old.kind,
                     _clean_aliases(new_name, old.aliases if aliases is None else aliases), old.source_id)
        if new == old:
            return Changes.NONE
        _check_free(db, new.names, entity_id)
        store.update(db, entity_id, name=new.name, kind=new.kind)
        store.set_aliases(db, entity_id, new.aliases)
        history.record(db, "entity", entity_id, "entity edited",
                       before={"name": old.name, "kind": old.kind, "aliases": list(old.aliases)},
                       after={"name": new.name, "kind": new.kind, "aliases": list(new.aliases)})
    return Changes.ENTITIES


def add_aliases(project: Project, name: str, aliases: list[str], *, kind: str = "") -> tuple[str, Changes]:
    """Add spellings to the entity called ``name`` (by name or alias), creating it if needed."""
    with project.read() as db:
        found = store.find(db, _clean(name))
    if found is None:
        return create_entity(project, name, kind=kind, aliases=aliases)
    with project.read() as db:
        current = store.get(db, found)
    return found, update_entity(project, found, aliases=[*current.aliases, *aliases],
                                kind=kind or None)


def delete_entity(project: Project, entity_id: str) -> Changes:
    with project.write() as db:
        old = store.get(db, entity_id)
        store.delete(db, entity_id)
        history.record(db, "entity", entity_id, "entity deleted", before={"name": old.name,
                                                                          "aliases": list(old.aliases)})
    return Changes.ENTITIES


def resolve_entity(project: Project, name_or_id: str) -> str:
    with project.read() as db:
        found = store.resolve_id(db, name_or_id)
    if not found:
        raise BadArgument(f"No entity called “{name_or_id}” in this project.")
    return found


# ----- suggested variants -------------------------------------------------------------------------------
def _names(project: Project) -> dict[str, tuple[str, int]]:
    with project.read() as db:
        stale = store.names_stale(db)
    if stale:
        with project.write() as db:
            store_search.recount_names(db)
    with project.read() as db:
        return store.corpus_names(db)


def suggest_entity_variants(project: Project, entity_id: str, limit: int = 12) -> list[VariantSuggestion]:
    """Spellings in the corpus that look like the entity's name but are not among its aliases."""
    names = _names(project)
    with project.read() as db:
        entity = store.get(db, entity_id)
        rejected = store.rejected(db)
    keys = {name_key(n) for n in entity.names}
    refused = {v for k, v in rejected if k in keys}
    return suggest_variants(entity.names, names, refused, of=entity.name, entity_id=entity_id, limit=limit)


def suggest_new_entities(project: Project, limit: int = 20) -> list[VariantSuggestion]:
    """Pairs of corpus names that look like two spellings of one thing and belong to no entity yet."""
    names = _names(project)
    with project.read() as db:
        known = {name_key(n) for e in store.list_all(db) for n in e.names}
        known |= {w for k in known for w in k.split() if len(w) > 3}  # "Sarmin" of "Tal Sarmin" is known too
        rejected = store.rejected(db)
    return variant_groups(names, rejected, skip=known, limit=limit)


def accept_variant(project: Project, entity_id: str, variant: str) -> Changes:
    with project.read() as db:
        entity = store.get(db, entity_id)
    return update_entity(project, entity_id, aliases=[*entity.aliases, variant])


def reject_variant(project: Project, names: tuple[str, ...] | list[str], variant: str) -> Changes:
    """Remember that ``variant`` is not a spelling of the entity (or name) ``names``: never suggested again."""
    with project.write() as db:
        store.reject(db, tuple(names), variant)
        history.record(db, "project", "", "variant rejected", after={"names": list(names), "variant": variant})
    return Changes.ENTITIES


# ----- automatic spelling groups (the project's variant index) -----------------------------------------------
def spelling_groups_of(db: object) -> list[SpellingGroup]:
    """The corpus's names grouped by variant key, minus the splits the user made (computed once per change of the
    names counted on import, kept with the connection; each name's key is computed once)."""
    return list(_spellings(db)[0])


def spelling_index_of(db: object) -> SpellingIndex:
    """The automatic and well-known groups ready for search (the same cache as ``spelling_groups_of``)."""
    return _spellings(db)[1]


def _spellings(db: object) -> tuple[tuple[SpellingGroup, ...], SpellingIndex]:
    sig = variant_index.signature(db)  # type: ignore[arg-type]
    cached = getattr(db, "_spelling_groups", None)
    if cached is not None and cached[0] == sig:
        return cached[1], cached[2]
    keys: dict[str, str] = getattr(db, "_variant_keys", {})
    splits = variant_index.splits(db)  # type: ignore[arg-type]
    groups = tuple(spelling_groups(variant_index.names(db), splits, keys))  # type: ignore[arg-type]
    index = spelling_index(groups, known_groups(splits))
    db._variant_keys = keys  # type: ignore[attr-defined]
    db._spelling_groups = (sig, groups, index)  # type: ignore[attr-defined]
    return groups, index


def automatic_groups(project: Project) -> list[SpellingGroup]:
    """Names the documents spell several ways, matched together in search and related passages (read-only)."""
    _names(project)  # recounts the names first if a document was removed
    with project.read() as db:
        return spelling_groups_of(db)


def split_spelling(project: Project, names: tuple[str, ...] | list[str], spelling: str) -> Changes:
    """Take ``spelling`` out of the automatic group of ``names``: it is no longer matched with them."""
    others = [n for n in names if name_key(n) != name_key(spelling)]
    if not others:
        raise BadArgument(f"“{spelling}” is the only spelling left in its group.")
    with project.write() as db:
        store.reject(db, tuple(others), spelling)
        history.record(db, "project", "", "spelling split from its group",
                       after={"names": list(others), "spelling": spelling})
    return Changes.ENTITIES
