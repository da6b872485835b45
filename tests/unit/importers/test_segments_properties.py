"""Properties of ``segment`` on arbitrary text: exact cover, order, no overlap, never an exception."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain.model import Segment, SegmentKind
from workbench.importers.seg_patterns import FAMILIES
from workbench.importers.segments import segment

LINES = [
    "", "", "", " ", "\t", "**", "#", "***", "---", "•", "> ", "_", "0 $", "12", "-3", "2014", "Reply", "Share ›",
    "Notify of", "Comments", "941 comments", "Leave a comment", "3 hours ago", "5 March 2018 at 09:14",
    "Support Levant Frontline", "Click to see the full-size image", "Region: [Middle East](#)", "By [South Front](#)",
    "Marek Dvorak", "lena hofstadter", "• Harald Vinter", "Gareth Holm says:", "Kurt Vangelis • 3 hours ago",
    "Layla, Beirut", "Fighting Near Hajin", "so which is it? they can’t even agree lol",
    "The army said it repelled the attack, according to the state-run agency SNW.",
    "“Our men did not leave a single position,” Haddad said according to Halab Echo.",
    "If you’re able, and if you like our content, please support us: PayPal: a@b.example",
    "قالت مصادر محلية إن الجيش انسحب من القرية", "أبو خالد الديري", "منذ ساعتين", "רשת שמע",
    "\u200f\u202eRTL override\u202c", "\x00\x01\x07 control", "\u2028odd separator", "\x0b\x0c", "A" * 5000,
    "word " * 700, "(" * 300, "By " + "Aa, " * 80, "paypal " * 500,
]  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(LINES), max_size=60).map("\n".join),
    st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=80)), max_size=40).map("\n".join),
)


def assert_exact_cover(text: str, segments: tuple[Segment, ...]) -> None:
    if not text:
        assert segments == ()
        return
    assert segments[0].start == 0
    assert segments[-1].end == len(text)
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start  # sorted, contiguous, no overlap
        assert before.kind != after.kind  # runs of one kind are merged
    assert all(s.start < s.end and isinstance(s.kind, SegmentKind) for s in segments)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_segments_cover_the_text_exactly(text: str) -> None:
    assert_exact_cover(text, segment(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, start=st.integers(min_value=-5, max_value=500), guess=st.booleans(),
       families=st.sets(st.sampled_from(sorted(FAMILIES))))  # fmt: skip
def test_every_option_keeps_the_cover(text: str, start: int, guess: bool, families: set[str]) -> None:
    assert_exact_cover(text, segment(text, comments_start=start, guess_comments=guess))
    assert_exact_cover(text, segment(text, families=frozenset(families)))


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.sampled_from(["", " ", "\t", "**", "#", "---", "•", "* * *"]), min_size=1, max_size=30))
def test_text_without_letters_is_one_segment(lines: list[str]) -> None:
    text = "\n".join(lines)
    segments = segment(text)
    assert_exact_cover(text, segments)
    assert len(segments) <= 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_segmenting_is_deterministic_and_line_aligned(text: str) -> None:
    segments = segment(text)
    assert segment(text) == segments
    for s in segments[1:]:
        assert text[s.start - 1] == "\n"  # a new kind always starts at a line start
