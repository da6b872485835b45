"""Joining lines into paragraphs and undoing hyphenation (pure functions, no PDF)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from workbench.importers.pdf_layout import Block, Line
from workbench.importers.pdf_text import Dehyphenator, continues, join_lines, paragraphs_of

CHAR_W = 5.0  # every character is 5 points wide in these tests


def line(text: str, top: float, x0: float = 50.0, height: float = 10.0, right: float | None = None) -> Line:
    """A line of ``text`` at ``top``; ``right`` pins its right edge (justified text)."""
    x1 = right if right is not None else x0 + CHAR_W * len(text)
    return Line(text, x0, x1, top, top + height, first_word=CHAR_W * len(text.split(" ")[0]))


def lines_of(texts: list[str], pitch: float = 12.0, right: float | None = None) -> list[Line]:
    return [line(t, 100 + i * pitch, right=right) for i, t in enumerate(texts)]


DOC = Dehyphenator.from_lines([
    "The proposed deal was denied by pro-government pages",
    "while the well-known aggregator repeated the figure and the government",
    "said that it reported nothing and the cooperation held",
])


def test_soft_hyphen_is_undone_when_the_joined_word_is_known() -> None:
    assert DOC.join("the deal pro-", "posed by the council") == "the deal proposed by the council"


def test_soft_hyphen_is_undone_by_default() -> None:
    assert Dehyphenator().join("the ammuni-", "tion was found") == "the ammunition was found"


def test_compounds_keep_their_hyphen() -> None:
    assert DOC.join("according to the pro-", "Russian bloggers") == "according to the pro-Russian bloggers"
    assert DOC.join("near al-", "Mayadin") == "near al-Mayadin"
    assert DOC.join("the ISIS-", "linked agency") == "the ISIS-linked agency"
    assert DOC.join("a well-", "known pumping station") == "a well-known pumping station"
    assert DOC.join("many pro-", "government pages") == "many pro-government pages"  # seen in the document
    assert DOC.join("the anti-", "government camp") == "the anti-government camp"  # prefix + a document word
    assert Dehyphenator().join("they re-", "elected him") == "they re-elected him"  # same vowel across
    assert Dehyphenator().join("in mid-", "2019") == "in mid-2019"


def test_known_joined_form_wins_over_a_prefix() -> None:
    assert DOC.join("the co-", "operation held") == "the cooperation held"


def test_dashes_and_addresses_join_without_a_space() -> None:
    d = Dehyphenator()
    assert d.join("Docket No. FAA–2020–", "0686") == "Docket No. FAA–2020–0686"
    assert d.join("the army—", "which denied it") == "the army—which denied it"
    assert d.join("at https://", "www.regulations.gov by") == "at https://www.regulations.gov by"
    assert d.join("email: desk@", "example.org") == "email: desk@example.org"
    assert d.join("see https://example.org/", "fine-tuned text") == "see https://example.org/ fine-tuned text"
    assert d.join("demande 2023-", "0379;") == "demande 2023-0379;"
    assert d.join("a dash –", "between") == "a dash – between"


def test_cjk_lines_join_without_a_space() -> None:
    assert Dehyphenator().join("你好", "世界") == "你好世界"


def test_plain_lines_join_with_one_space() -> None:
    assert join_lines(["Local sources said  ", "  the bridge fell."], Dehyphenator()) == (
        "Local sources said the bridge fell.")


def test_paragraph_breaks_on_a_short_line_and_on_a_gap() -> None:
    block = Block(lines_of([
        "Three versions of the same night circulated",
        "within hours of the first shots.",
        "None of them could be confirmed on the",
        "following morning.",
    ], right=None))
    block.lines[0] = line(block.lines[0].text, 100, right=300)
    block.lines[2] = line(block.lines[2].text, 124, right=300)
    paragraphs = paragraphs_of(block)
    assert [[ln.text for ln in p] for p in paragraphs] == [
        ["Three versions of the same night circulated", "within hours of the first shots."],
        ["None of them could be confirmed on the", "following morning."],
    ]
    gap = Block([line("A full line of text that reaches the edge", 100, right=300),
                 line("After a blank, a new paragraph starts", 130, right=300)])
    assert len(paragraphs_of(gap)) == 2


def test_first_line_indent_starts_a_paragraph_but_a_hanging_indent_does_not() -> None:
    indented = Block([line("end of one paragraph that is full", 100, right=300),
                      line("Start of the next, indented", 112, x0=62, right=300),
                      line("and its second line", 124, right=300)])
    assert len(paragraphs_of(indented)) == 2
    hanging = Block([line("STEVEN MERCER, Deputy Attorney", 100, right=300),
                     line("General, on behalf of the", 112, x0=62, right=300),
                     line("Petitioner, and more of it", 124, x0=62, right=300)])
    assert len(paragraphs_of(hanging)) == 1


def test_a_heading_in_larger_type_is_its_own_paragraph() -> None:
    block = Block([line("What the Satellite Images Show", 100, height=14),
                   line("Commercial imagery of the area shows", 118, right=300),
                   line("scorch marks on the road.", 130)])
    assert [len(p) for p in paragraphs_of(block)] == [1, 2]


def test_a_title_over_two_lines_is_one_paragraph() -> None:
    block = Block([line("Conflicting Accounts of the", 60, height=24),
                   line("Fighting Around Al-Ashara", 88, height=24),
                   line("By Hana Sorensen", 130)])
    first = paragraphs_of(block, body_height=10.0)[0]
    assert [ln.text for ln in first] == ["Conflicting Accounts of the", "Fighting Around Al-Ashara"]


def test_a_paragraph_goes_on_in_the_next_column_unless_it_ended() -> None:
    left = Block([line("the outlet later corrected the", 700, right=300)])
    right = Block([line("location of the clash", 80, x0=320)])
    assert continues(left.lines[-1], left, right.lines[0], right)
    ended = Block([line("and did not change the figure.", 700, right=300)])
    assert not continues(ended.lines[-1], ended, right.lines[0], right)
    indented = Block([line("A fourth account appeared", 80, x0=332), line("the next afternoon", 92, x0=320)])
    assert not continues(left.lines[-1], left, indented.lines[0], indented)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF", min_size=1, max_size=9)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)


@given(st.lists(st.tuples(_LINE, st.booleans()), min_size=1, max_size=8))
def test_joining_loses_no_letter_and_adds_no_line_break(parts: list[tuple[str, bool]]) -> None:
    texts = [text + ("-" if hyphen else "") for text, hyphen in parts]
    joined = join_lines(texts, Dehyphenator.from_lines(texts))
    assert "\n" not in joined
    assert re.sub(r"[^A-Za-z]", "", joined) == re.sub(r"[^A-Za-z]", "", "".join(texts))
    assert joined.count("-") <= sum(t.count("-") for t in texts)


@given(st.lists(_LINE, min_size=1, max_size=8))
def test_joining_is_idempotent(texts: list[str]) -> None:
    d = Dehyphenator.from_lines(texts)
    once = join_lines(texts, d)
    assert join_lines([once], d) == once
    assert join_lines(once.split("\n"), d) == once


@given(_WORD, _WORD)
def test_a_hyphen_decision_keeps_every_letter(head: str, tail: str) -> None:
    joined = Dehyphenator().join(f"the {head}-", f"{tail} was")
    assert joined in (f"the {head}{tail} was", f"the {head}-{tail} was")
