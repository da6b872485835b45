"""The transliteration skeleton key, the automatic spelling groups and the alias index that uses them (pure)."""

from __future__ import annotations

import pytest

from workbench.domain.search_text import Query, expand, parse_query
from workbench.domain.transliteration import (
    VariantAliasIndex,
    known_groups,
    spelling_groups,
    spelling_index,
    variant_key,
)
from workbench.domain.variants import name_key

SAME = [
    ("Khasham", "Khusham", "Ksham"),
    ("Mayadin", "Mayadeen", "al-Mayadin", "Al-Mayadeen"),
    ("Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"),
    ("Hajin", "Hajeen"),
    ("Daesh", "Da'esh", "Daish"),
    ("Kashma", "Kashmah"),
    ("al-Duwayr", "Duweir"),
    ("Tal Sarmin", "Tell Sarmeen"),
    ("Qasr al-Hayr", "Qasr el-Heir"),
    ("Raqqa", "Raqqah", "Rakka"),
    ("Deir", "Dayr"),  # one word of two consonants: only near-identical spellings
    ("Hamam", "Hammam"),
    ("Sham", "Shaam", "al-Sham"),
]
DIFFERENT = [("Khasham", "Kashma"), ("Homs", "Hamas"), ("Hama", "Homs"), ("Hajin", "Hamas"),
             # English words and names that share two consonants with a transliteration (seen on real articles)
             ("Near", "al-Nour"), ("Lena", "Line"), ("Hadi", "Hide"), ("Maria", "Moreau"), ("Nadia", "Nedaa"),
             ("Bayda", "Badia"), ("Syrian", "Suran"), ("Here’s", "Hurras")]


@pytest.mark.parametrize("names", SAME)
def test_spellings_of_one_name_share_a_key(names: tuple[str, ...]) -> None:
    keys = {variant_key(n) for n in names}
    assert len(keys) == 1 and keys != {""}, {n: variant_key(n) for n in names}


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert variant_key(a) != variant_key(b)


def test_acronyms_arabic_script_and_short_names_get_no_key() -> None:
    assert variant_key("SDF") == variant_key("ISIS") == variant_key("خشام") == variant_key("Ali") == ""
    assert variant_key("Deir ez-Zor 24") == ""  # digits: not a transliteration
    assert variant_key("Syrian") == variant_key("Russians") == ""  # English adjectives of a people


def _names(*spellings: tuple[str, int]) -> dict[str, tuple[str, int]]:
    return {name_key(n): (n, d) for n, d in spellings}


def test_groups_put_the_most_used_spelling_first_and_respect_splits() -> None:
    names = _names(("Khasham", 5), ("Khusham", 2), ("Ksham", 1), ("Kashma", 3), ("SDF", 9), ("Homs", 4),
                   ("Hamas", 2))
    (group,) = spelling_groups(names)
    assert group.names == ("Khasham", "Khusham", "Ksham") and group.documents == 8
    split = spelling_groups(names, {("khasham", "ksham"), ("khusham", "ksham")})
    assert [g.names for g in split] == [("Khasham", "Khusham")]


def test_the_alias_index_expands_every_spelling_and_long_unseen_ones() -> None:
    index = VariantAliasIndex()
    groups = spelling_groups(_names(("Hajin", 3), ("Hajeen", 1), ("Khasham", 2), ("Khusham", 1)))
    index.use(spelling_index(groups, known_groups()))
    assert index.kinds["ISIS"] == "organisation"
    q = expand(parse_query("Hajeen clashes"), index)
    assert {v.label for v in q.clauses[0].variants} == {"Hajin", "Hajeen"}
    assert {v.label for v in expand(parse_query("Khoushaam"), index).clauses[0].variants} >= {"Khasham"}
    assert len(expand(parse_query("said"), index).clauses[0].variants) == 1  # short words are never looked up
    isis = {v.label for v in expand(parse_query("Daesh"), index).clauses[0].variants}
    assert {"ISIS", "ISIL", "Daesh", "Islamic State"} <= isis and "IS" not in isis
    assert expand(Query(), index) == Query()


def test_an_entity_listing_one_spelling_is_found_from_the_others() -> None:
    from workbench.domain.search_text import AliasGroup

    index = VariantAliasIndex()
    index.add(AliasGroup("Khasham", ("خشام",)))
    index.use(spelling_index(spelling_groups(_names(("Khasham", 2), ("Ksham", 1))), ()))
    assert {v.label for v in expand(parse_query("Ksham"), index).clauses[0].variants} == {"Khasham", "Ksham", "خشام"}


def test_a_split_removes_a_well_known_spelling() -> None:
    (isis, *_rest) = known_groups({("isis", "daesh")})
    assert "Daesh" not in isis[2] and "ISIL" in isis[2]
