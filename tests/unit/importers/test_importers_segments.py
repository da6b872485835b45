"""Segmentation of war-news articles into body, comments and boilerplate."""

from __future__ import annotations

import itertools

import pytest

from tests.unit.importers.importer_builders import fixture_text
from workbench.domain.model import Segment, SegmentKind
from workbench.importers.boilerplate import is_boilerplate_line, is_comment_marker, looks_like_name
from workbench.importers.segments import merge_adjacent, segment, segment_text

BODY, COMMENTS, BOILERPLATE = SegmentKind.BODY, SegmentKind.COMMENTS, SegmentKind.BOILERPLATE


def assert_covers(text: str, segments: tuple[Segment, ...]) -> None:
    """Segments are sorted, non-empty, contiguous, cover the text, and alternate in kind."""
    if not text:
        assert segments == ()
        return
    assert segments[0].start == 0
    assert segments[-1].end == len(text)
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start
        assert before.kind != after.kind
    assert all(s.start < s.end for s in segments)


def kind_of_line(text: str, segments: tuple[Segment, ...], line: str) -> SegmentKind:
    """Return the kind of the segment holding the first occurrence of a whole line."""
    offset = ("\n" + text).index("\n" + line + "\n")
    return next(s.kind for s in segments if s.start <= offset < s.end)


def kinds_of_all(text: str, segments: tuple[Segment, ...], line: str) -> set[SegmentKind]:
    kinds = set()
    start = 0
    padded = "\n" + text + "\n"
    while (found := padded.find("\n" + line + "\n", start)) >= 0:
        kinds.add(next(s.kind for s in segments if s.start <= found < s.end))
        start = found + 1
    return kinds


# ------------------------------------------------------------ Tal Hamra: markers


class TestTalHamra:
    text = fixture_text("article-tal-hamra.txt")
    segments = segment(text)

    def test_covers(self) -> None:
        assert_covers(self.text, self.segments)

    def test_order_of_regions(self) -> None:
        assert [s.kind for s in self.segments] == [
            BOILERPLATE,  # donation amounts
            BODY,  # headline
            BOILERPLATE,  # Support Levant Frontline
            BODY,  # the article
            BOILERPLATE,  # captions, Support, comment widget chrome
            COMMENTS,
            BOILERPLATE,  # Would love your thoughts, please comment.x
        ]

    @pytest.mark.parametrize(
        "line",
        [
            "0 $",
            "2,500 $",
            "Support Levant Frontline",
            "Click to see the full-size image",
            "Notify of",
            "Newest Most Voted",
            "Inline Feedbacks",
            "View all comments",
            "Would love your thoughts, please comment.x",
        ],
    )
    def test_boilerplate_lines(self, line: str) -> None:
        assert kinds_of_all(self.text, self.segments, line) == {BOILERPLATE}

    def test_headline_is_body_once_and_boilerplate_as_caption(self) -> None:
        headline = "ISIS Claims Recapture Of Tal Hamra Near Al-Mayadeen"
        assert kinds_of_all(self.text, self.segments, headline) == {BODY, BOILERPLATE}
        assert kind_of_line(self.text, self.segments, headline) == BODY

    def test_body_keeps_attributed_claims(self) -> None:
        body = segment_text(self.text, self.segments, BODY)
        assert "according to the ISIS-linked news channel al-Bayan Wire" in body
        assert "“repelled a desperate infiltration attempt”" in body
        assert "According to the pro-opposition outlet Furat Post" in body
        assert "spelled Tell Hamra on older maps" in body
        assert "Notify of" not in body

    def test_comment_thread(self) -> None:
        comments = segment_text(self.text, self.segments, COMMENTS)
        assert comments.startswith("Al-Bayan again.")  # an anonymous first comment after the marker
        for line in (
            "Marek Dvorak",
            "lena hofstadter",
            "Tal Hamra, Tell Hamra, Tel Hamrah… how many villages is that?",
        ):
            assert kind_of_line(self.text, self.segments, line) == COMMENTS


# ------------------------------------------------------------ Qasr Marwan: names


class TestQasrMarwan:
    text = fixture_text("article-qasr-marwan.txt")
    segments = segment(text)

    def test_covers(self) -> None:
        assert_covers(self.text, self.segments)

    def test_thread_starts_at_first_commenter_name(self) -> None:
        assert [s.kind for s in self.segments] == [BODY, COMMENTS]
        assert self.text[self.segments[1].start :].startswith("Nour Khalil\n")

    def test_body_keeps_quotes_and_transliterations(self) -> None:
        body = segment_text(self.text, self.segments, BODY)
        assert "brigade spokesman Yasin Haddad said according to Halab Echo." in body
        for variant in ("Qasr Marwan", "Kasr Marwan", "Qsar Marwan"):
            assert variant in body
        assert "“cleared of militants”" in body
        assert "Nour Khalil" not in body

    def test_all_commenters_are_comments(self) -> None:
        for line in ("Tomasz Wrobel", "Bruno Mendes Costa", "I’ll believe Vesti-Today when they show the engineers."):
            assert kind_of_line(self.text, self.segments, line) == COMMENTS


# ------------------------------------------------------------ Wadi Sabkha: no comments


class TestWadiSabkha:
    text = fixture_text("article-wadi-sabkha.txt")
    segments = segment(text)

    def test_covers(self) -> None:
        assert_covers(self.text, self.segments)

    def test_donate_line_then_body_only(self) -> None:
        assert [s.kind for s in self.segments] == [BOILERPLATE, BODY]
        assert self.text[: self.segments[0].end].strip() == "date 2018-03-14 Donate"

    def test_subheading_and_final_quote_stay_body(self) -> None:
        body = segment_text(self.text, self.segments, BODY)
        assert "\nConflicting Casualty Figures\n" in body
        assert body.rstrip().endswith("changes with it.”")
        assert "Mansour said according to RIA-Vesti." in body


# ------------------------------------------------------------ Markdown article


def test_markdown_article_comment_heading() -> None:
    text = fixture_text("article-deir-salman.md")
    segments = segment(text)
    assert_covers(text, segments)
    assert kind_of_line(text, segments, "## Comments") == BOILERPLATE
    assert kind_of_line(text, segments, "Share this article") == BOILERPLATE
    assert kind_of_line(text, segments, "Hana Petrosyan") == COMMENTS
    assert "told Furat Post by phone" in segment_text(text, segments, BODY)


# ------------------------------------------------------------ line predicates


@pytest.mark.parametrize(
    "line",
    [
        "0 $",
        "5,000 $",
        "$50",
        "Donate",
        " date 2017-09-25 Donate",
        "Support SouthWire",
        "Support us!",
        "Click to see the full-size image",
        "© 2018 Levant Frontline",
        "Copyright 2018 East Wire. All rights reserved.",
        "Share this",
        "Share on Facebook",
        "Subscribe to our newsletter",
        "Notify of",
        "Newest Most Voted",
        "Inline Feedbacks",
        "View all comments",
        "Would love your thoughts, please comment.",
        "Read more",
        "Read more: Army repels attack near Tal Hamra",
        "Related: Who holds the Jaber pumping station?",
        "12 comments",
        "Leave a Reply",
        "3 days ago",
    ],
)
def test_boilerplate_line(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Support is voluntary. Nobody is forcing you to.",
        "Support for the deal remains weak, local sources said.",
        "ISIS Claims Recapture Of Tal Hamra Near Al-Mayadeen",
        "The SDF responded within hours.",
        "Zainab Haddad",
        "",
    ],
)
def test_not_boilerplate_line(line: str) -> None:
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize("line", ["Notify of", "View all comments", "Comments", "7 Comments", "Leave a comment"])
def test_comment_markers(line: str) -> None:
    assert is_comment_marker(line)


@pytest.mark.parametrize(
    "line", ["Zainab Haddad", "Bruno Mendes Costa", "Terence Silva Jr.", "Piet de Vries", "Özlem Yıldız"]
)
def test_names(line: str) -> None:
    assert looks_like_name(line)


@pytest.mark.parametrize(
    "line",
    [
        "Afandi said",
        "Mansour said according to RIA-Vesti.",
        "The Battle Of Tal Hamra",
        "Hello.",
        "Unit 5 Commander",
        "Background",
    ],
)
def test_not_names(line: str) -> None:
    assert not looks_like_name(line)


def test_a_lone_subheading_after_the_body_does_not_start_comments() -> None:
    text = (
        "Army Retakes Hill\n\n"
        + "The army retook the hill on Monday after a night of clashes, according to a military source quoted by SNW. "
        * 3
        + "\n\nEastern Countryside Developments\n\n"
        "In the eastern countryside, the situation remained calm, according to local sources.\n"
    )
    segments = segment(text)
    assert [s.kind for s in segments] == [BODY]


def test_comment_marker_needs_text_before_it() -> None:
    text = "Comments\n\nHeadline Of The Article\n\nThe article text follows here.\n"
    assert [s.kind for s in segment(text)] == [BOILERPLATE, BODY]


def test_known_comments_start() -> None:
    text = "Headline\n\nBody paragraph.\n\nFirst comment here.\nShare this\nSecond comment.\n"
    start = text.index("First comment")
    segments = segment(text, comments_start=start)
    assert_covers(text, segments)
    assert [s.kind for s in segments] == [BODY, COMMENTS, BOILERPLATE, COMMENTS]
    assert segments[1].start == start


@pytest.mark.parametrize("text", ["", "\n", "\n\n\n", "word", "0 $", "0 $\n\nBody\n", "Body\n\n\n"])
def test_edge_texts_are_covered(text: str) -> None:
    assert_covers(text, segment(text))


def test_merge_adjacent() -> None:
    merged = merge_adjacent(
        [Segment(0, 2, BODY), Segment(2, 2, COMMENTS), Segment(2, 5, BODY), Segment(5, 6, COMMENTS)]
    )
    assert merged == (Segment(0, 5, BODY), Segment(5, 6, COMMENTS))
