"""Reading what the project-level variant index is built from: the corpus's names (``search_names``, counted on
import) and the pairs of spellings the user split apart (``variant_rejections``). The groups themselves are
computed in memory (``ops.entities.spelling_groups_of``); no table holds them."""

from __future__ import annotations

from sqlite_utils import Database


def signature(db: Database) -> tuple[int, float, int]:
    """Changes whenever a document's names are counted or removed, or a split is made (the index is rebuilt)."""
    n, total = db.execute("SELECT count(*), total(documents) FROM search_names").fetchone()
    (splits,) = db.execute("SELECT count(*) FROM variant_rejections").fetchone()
    return int(n), float(total), int(splits)


def names(db: Database) -> dict[str, tuple[str, int]]:
    """Name key → (a spelling as written, documents using it), every capitalised name of the corpus."""
    return {r[0]: (r[1], int(r[2])) for r in db.execute("SELECT key, name, documents FROM search_names")}


def splits(db: Database) -> set[tuple[str, str]]:
    """(name key, name key) pairs that are not spellings of one name (both orders)."""
    return {(r[0], r[1]) for r in db.execute("SELECT name, variant FROM variant_rejections")}
