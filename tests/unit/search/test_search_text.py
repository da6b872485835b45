"""Folding (case, diacritics, Arabic), offsets back to the original, tokens, queries, matches, snippets."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.search_text import (
    AliasGroup,
    AliasIndex,
    NormalisedText,
    expand,
    find_in_text,
    find_matches,
    marked,
    normalise,
    parse_query,
    snippet,
    to_fts,
    token_words,
    tokens,
)
from workbench.domain.sentences import sentences


def test_case_and_latin_diacritics_fold() -> None:
    assert normalise("Khūsham DEIR ez-Zor Straße") == "khusham deir ez-zor strasse"
    assert token_words("Élysée «Tal Sarmin»") == ["elysee", "tal", "sarmin"]


def test_arabic_letters_fold_but_the_stored_text_does_not_change() -> None:
    original = "أحمد إبراهيم آمن ٱلقرية مدينة مستشفى مؤسسة رئيس الـمـيادين قُتِلوا ٢٠١٧"
    assert normalise(original) == "احمد ابراهيم امن القريه مدينه مستشفي موسسه رييس الميادين قتلوا 2017"
    assert original.startswith("أحمد")  # strings are immutable; shown for the reader: nothing is rewritten


def test_offsets_map_back_to_the_original_arabic() -> None:
    text = "قال مصدر إن اشتباكات اندلعت في الـمـيادين وقُتِلَ جنديٌّ."
    nt = NormalisedText(text)
    for a, b, word in tokens(nt.text):
        s, e = nt.span(a, b)
        assert normalise(text[s:e]) == word
        assert not unicodedata.category(text[e:e + 1] or "x").startswith("M")  # marks stay with their letter
    s, e = find_in_text(nt, "الميادين")[0]
    assert text[s:e] == "الـمـيادين"
    s, e = find_in_text(nt, "قتل")[0]
    assert text[s:e] == "قُتِلَ"  # the harakat inside and after the letters belong to the match
    assert normalise(text[s:e]) == "قتل"


def test_offsets_with_emoji_ligatures_and_combining_marks() -> None:
    text = "🇸🇾 ﬁghters in Me\u0301rida and Straße 👍🏽 Mayadeen"
    nt = NormalisedText(text)
    assert [text[a:b] for a, b in find_in_text(nt, "merida")] == ["Me\u0301rida"]
    assert [text[a:b] for a, b in find_in_text(nt, "FIGHTERS")] == ["ﬁghters"]
    assert [text[a:b] for a, b in find_in_text(nt, "strasse")] == ["Straße"]
    assert [text[a:b] for a, b in find_in_text(nt, "mayadeen")] == ["Mayadeen"]


_ALPHABET = st.sampled_from([*"abcAB éeı ", "\u0301", "ـ", "أ", "ة", "ى", "ُ", "ّ", "🇸", "👍🏽", "ﬁ", "ß", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=40).map("".join), st.data())
def test_every_folded_range_maps_to_an_original_range_that_folds_the_same(text: str, data: st.DataObject) -> None:
    nt = NormalisedText(text)
    assert len(nt.text) == len(normalise(text))
    if not nt.text:
        return
    a = data.draw(st.integers(0, len(nt.text) - 1))
    b = data.draw(st.integers(a + 1, len(nt.text)))
    s, e = nt.span(a, b)
    assert 0 <= s < e <= len(text)
    assert nt.text[a:b] in normalise(text[s:e])


def test_query_parsing_and_fts_expression_quote_everything() -> None:
    q = parse_query('Khasham "local sources" handover OR deal -fake clash* NEAR( )')
    fts = to_fts(q)
    assert fts == ('("khasham" AND "local sources" AND ("handover" OR "deal") AND "clash"* AND "near") '
                   'NOT ("fake")')
    assert not parse_query("-only -negative")
    assert to_fts(parse_query('"unclosed phrase')) == '("unclosed phrase")'


def test_alias_expansion_finds_every_spelling_longest_name_first() -> None:
    aliases = AliasIndex()
    aliases.add(AliasGroup("Tal Sarmin", ("Tell Sarmeen", "Tal Sarmeen", "تل سرمين")))
    aliases.add(AliasGroup("Khasham", ("Khusham", "Ksham")))
    q = expand(parse_query("tell sarmeen clashes ksham"), aliases)
    assert to_fts(q) == ('(("tal sarmin" OR "tell sarmeen" OR "tal sarmeen" OR "تل سرمين") AND "clashes" AND '
                         '("khasham" OR "khusham" OR "ksham"))')
    assert [c.entity for c in q.clauses] == ["Tal Sarmin", "", "Khasham"]
    # a prefix or a negated word is left as typed
    assert to_fts(expand(parse_query("ksham* -khusham"), aliases)) == '("ksham"*) NOT ("khusham")'


def test_matches_say_which_spelling_matched_and_snippets_mark_them() -> None:
    aliases = AliasIndex()
    aliases.add(AliasGroup("Khasham", ("Khusham", "Ksham")))
    q = expand(parse_query("khasham saa"), aliases)
    text = "Units attacked SAA positions near Khusham. Later the SAA said Ksham was calm."
    ms = find_matches(NormalisedText(text), q)
    assert [text[m.start:m.end] for m in ms] == ["SAA", "Khusham", "SAA", "Ksham"]
    assert [(m.clause, m.variant) for m in ms if m.clause == 0] == [(0, 1), (0, 2)]
    s, marks = snippet(text, ms)
    assert marked(s, marks) == ("Units attacked **SAA** positions near **Khusham**. Later the **SAA** said "
                                "**Ksham** was calm.")


def test_snippet_of_a_long_text_starts_near_the_match() -> None:
    text = "word " * 100 + "the Mayadeen checkpoint " + "tail " * 100
    q = parse_query("mayadeen")
    s, marks = snippet(text, find_matches(NormalisedText(text), q))
    assert s.startswith("…") and s.endswith("…") and len(s) < 200
    assert s[marks[0][0]:marks[0][1]] == "Mayadeen"


def test_sentences_respect_abbreviations_initials_and_lines() -> None:
    text = ("Brig. Gen. Samer Youssef said the U.S. forces left at 9 p.m. on Dec. 5. Local sources denied it!\n"
            "A headline without a stop\nThe end.")
    assert [text[a:b] for a, b in sentences(text)] == [
        "Brig. Gen. Samer Youssef said the U.S. forces left at 9 p.m. on Dec. 5.",
        "Local sources denied it!", "A headline without a stop", "The end."]
