"""Dates, numbers, place cues and the bm25 scoring of related sentences (pure)."""

from __future__ import annotations

from workbench.domain.related_rank import Term, date_terms, number_terms, place_cue, score_sentence, sentence_score
from workbench.domain.search_text import NormalisedText, Query, find_matches, matcher, parse_query


def _labels(pairs: list) -> list[str]:  # type: ignore[type-arg]
    return [label for _c, label in pairs]


def test_dates_in_their_usual_spellings() -> None:
    found = date_terms("On December 19, they said; on 20th Dec. they denied it; on May 40 nothing")
    assert _labels(found) == ["Dec 19", "Dec 20"]
    q = Query((found[0][0],))
    for text in ("on 19 December", "Dec. 19", "the 19th of December", "December 19th"):
        assert find_matches(NormalisedText(text), q), text


def test_numbers_as_digits_or_words_outside_dates_and_years() -> None:
    found = number_terms("On December 19, 2017 strikes killed 11 civilians, including four children and 2,500 $")
    assert _labels(found) == ["11", "4", "2500"]
    four = Query((found[1][0],))
    assert find_matches(NormalisedText("4 children"), four) and find_matches(NormalisedText("Four children"), four)


def test_place_cues() -> None:
    text = "clashes in Khusham and south of the city of Mayadin, said Khabil"
    assert place_cue(text, text.index("Khusham")) and place_cue(text, text.index("Mayadin"))
    assert not place_cue(text, text.index("Khabil"))


def test_a_sentence_scores_by_its_terms_with_reasons() -> None:
    terms = [Term(parse_query("Khasham OR Khusham").clauses[0], "name", 3.0, "Khasham"),
             Term(parse_query("clashes").clauses[0], "event", 1.5, "clashes"),
             Term(date_terms("December 20")[0][0], "date", 4.0, "Dec 20")]
    sentence = "On 20 December clashes broke out in Khusham."
    q = Query(tuple(t.clause for t in terms))
    scored = score_sentence(terms, find_matches(NormalisedText(sentence), q), sentence, 0, 8, 8.0)
    assert scored.terms == (2, 0, 1) and scored.score > 0
    assert scored.reasons == ("same date: Dec 20", "same place: Khasham≈Khusham", "same event: clashes")
    longer = score_sentence(terms, find_matches(NormalisedText(sentence), q), sentence, 0, 40, 8.0)
    assert longer.score < scored.score  # bm25 damps long sentences


def test_the_score_alone_is_the_score_with_reasons() -> None:
    """Related passages score every candidate with ``sentence_score`` and word the reasons of those kept."""
    terms = [Term(parse_query("Khasham OR Khusham").clauses[0], "name", 3.0, "Khasham"),
             Term(parse_query("clashes").clauses[0], "event", 1.5, "clashes"),
             Term(date_terms("December 20")[0][0], "date", 4.0, "Dec 20")]
    q = Query(tuple(t.clause for t in terms))
    for sentence in ("On 20 December clashes broke out in Khusham.", "Clashes, clashes and more clashes.",
                     "Nothing shared here.", "Khasham: clashes on Dec. 20 near Khusham"):
        matches = find_matches(NormalisedText(sentence), q)
        for length, average in ((8, 8.0), (40, 8.0), (3, 0.5)):
            full = score_sentence(terms, iter(matches), sentence, 0, length, average)
            assert sentence_score(terms, matches, length, average) == (full.score, full.terms)


def test_a_prepared_matcher_finds_what_find_matches_finds() -> None:
    """``matcher(query)`` (one query, many texts: related passages) answers as ``find_matches`` does."""
    one, two = parse_query("Khusham"), parse_query("Mayadin OR shelling")
    for raw in ("Clashes near Khusham; shelling of Mayadin.", "Nothing here.", "Khusham, Khusham and Mayadin"):
        text = NormalisedText(raw)
        assert matcher(one)(text) == find_matches(text, one)
        assert matcher(two)(text) == find_matches(text, two)
    text = NormalisedText("Clashes near Khusham; shelling of Mayadin.")
    assert [text.original[m.start:m.end] for m in matcher(two)(text)] == ["shelling", "Mayadin"]
