from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.offsets import OffsetMap, utf16_len

SAMPLES = [
    "plain ascii",
    "emoji 😀 before",
    "family 👨‍👩‍👧‍👦 zwj sequence",
    "flag 🇸🇾 pair",
    "skin tone 👍🏽 ok",
    "تل سرمين قرية",
    "combining e\u0301 and a\u0308",
    "",
]


def test_ascii_is_identity() -> None:
    m = OffsetMap("hello")
    assert not m.has_astral
    assert [m.to_utf16(i) for i in range(6)] == list(range(6))


def test_emoji_shift() -> None:
    text = "a😀b"
    m = OffsetMap(text)
    assert m.to_utf16(0) == 0
    assert m.to_utf16(1) == 1
    assert m.to_utf16(2) == 3  # 'b' after a two-unit emoji
    assert m.to_codepoint(3) == 2
    assert m.length_u16 == 4


def test_inside_surrogate_pair_snaps_after() -> None:
    m = OffsetMap("a😀b")
    assert m.to_codepoint(2) == 2


def test_samples_match_python_utf16() -> None:
    for text in SAMPLES:
        m = OffsetMap(text)
        for i in range(len(text) + 1):
            u = len(text[:i].encode("utf-16-le")) // 2
            assert m.to_utf16(i) == u
            assert m.to_codepoint(u) == i
        assert utf16_len(text) == m.length_u16


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_roundtrip_property(text: str) -> None:
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        u = m.to_utf16(i)
        assert u == len(text[:i].encode("utf-16-le")) // 2
        assert m.to_codepoint(u) == i


def test_long_document_with_astral_characters() -> None:
    text = ("paragraph 😀 with emoji and 🇸🇾 flags.\n" * 20000)
    m = OffsetMap(text)
    i = len(text) - 5
    assert m.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
    assert m.to_codepoint(m.to_utf16(i)) == i
