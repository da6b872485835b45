"""Property tests: bad input only ever raises ImportRejected; segments always cover the text."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import ImportRejected
from workbench.importers import SUPPORTED_SUFFIXES, canonicalise, import_bytes
from workbench.importers.segments import segment

PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<!DOCTYPE html><html><body><p>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"# Title\n\n",
]
NAMES = [f"file{suffix}" for suffix in SUPPORTED_SUFFIXES] + ["file", "file.bin", "file.TXT"]

ARTICLE_LINES = [
    "",
    "",
    "0 $",
    "Donate",
    " date 2017-09-25 Donate",
    "Support Levant Frontline",
    "Click to see the full-size image",
    "Notify of",
    "View all comments",
    "Comments",
    "Would love your thoughts, please comment.x",
    "ISIS Claims Recapture Of Tal Hamra",
    "Marek Dvorak",
    "lena hofstadter",
    "Nour Khalil",
    "Afandi said",
    "so which is it? they can’t even agree lol",
    "The army said it repelled the attack, according to the state-run agency SNW.",
    "“Our men did not leave a single position,” Haddad said according to Halab Echo.",
    "Local sources told the pro-opposition outlet Furat Post that fighting went on in Khasham (Khusham).",
    "# Heading",
    "\u2028odd separator",
    "\t",
]


def assert_exact_cover(text: str) -> None:
    segments = segment(text)
    if not text:
        assert segments == ()
        return
    assert segments[0].start == 0
    assert segments[-1].end == len(text)
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start
        assert before.kind != after.kind
    assert all(s.start < s.end for s in segments)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=600), name=st.sampled_from(NAMES))
def test_import_bytes_only_raises_import_rejected(prefix: bytes, data: bytes, name: str) -> None:
    try:
        doc = import_bytes(prefix + data, name)
    except ImportRejected as error:
        assert error.name == name
        assert error.reason
        return
    assert "\r" not in doc.text
    assert not doc.text.startswith("\ufeff")
    assert doc.segments[0].start == 0
    assert doc.segments[-1].end == len(doc.text)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=400), name=st.sampled_from(NAMES))
def test_any_text_imports_or_is_rejected(text: str, name: str) -> None:
    try:
        doc = import_bytes(text.encode("utf-8", errors="surrogatepass"), name)
    except ImportRejected:
        return
    assert "\r" not in doc.text
    assert_exact_cover(doc.text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_segments_cover_any_text(text: str) -> None:
    assert_exact_cover(text)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.sampled_from(ARTICLE_LINES), max_size=40), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_segments_cover_article_like_text(lines: list[str], newline: str) -> None:
    text = canonicalise(newline.join(lines))
    assert "\r" not in text
    assert_exact_cover(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(["a", "\r", "\n", "\ufeff", " "]), max_size=50))
def test_canonical_text_has_no_carriage_return(text: str) -> None:
    result = canonicalise(text)
    assert "\r" not in result
    assert result.count("\n") == text.replace("\r\n", "\n").count("\n") + text.replace("\r\n", "").count("\r")
