"""Compatibility characters and right-to-left order (pure functions, plus pypdf's visual-order output)."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from tests.corpus.pdf.builders import corpus_pdf
from workbench.importers.pdf_unicode import (
    fix_number_punctuation,
    looks_visual,
    normalise_compat,
    visual_to_logical,
)


def test_ligatures_become_letters() -> None:
    assert normalise_compat("the \ufb01ghters, the \ufb02ag, e\ufb03cient, o\ufb00er") == (
        "the fighters, the flag, efficient, offer")


def test_arabic_presentation_forms_become_letters() -> None:
    assert normalise_compat("\ufee3\ufeb8\ufee3\ufea9") == "مشمد"
    assert normalise_compat("\ufefb") == "لا"  # the lam-alef ligature is two letters


def test_other_compatibility_characters_are_kept() -> None:
    for text in ("2½ kilometres", "10 m²", "Acme™", "第一，第二", "Ⅻ"):
        assert normalise_compat(text) == text


def test_invisible_and_control_characters_are_dropped() -> None:
    assert normalise_compat("pro\u00adposed\ufeff a\x00b\x07c") == "proposed abc"
    assert normalise_compat("tab\tand") == "tab\tand"


def test_decomposed_accents_are_composed() -> None:
    assert normalise_compat("Se\u0301ance") == "Séance"


def _pypdf_lines(name: str) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(corpus_pdf(name)))
    return [ln.replace("\t", " ") for page in reader.pages for ln in (page.extract_text() or "").split("\n")]


def test_visual_order_arabic_from_pypdf_becomes_searchable() -> None:
    lines = _pypdf_lines("arabic-dispatch")  # pypdf gives presentation forms in visual order
    assert looks_visual(lines)
    text = "\n".join(normalise_compat(visual_to_logical(line)) for line in lines)
    assert "دمشق" in text and "دير الزور" in text
    assert "اشتباكات متقطعة على طريق" in text
    assert "ISIS" in text and "80" in text


def test_logical_order_is_left_alone() -> None:
    lines = ["قالت مصادر محلية إن اشتباكات متقطعة اندلعت مساء السبت", "في المقابل، قالت صفحة معارضة"]
    assert not looks_visual(lines)


def test_visual_to_logical_reverses_a_right_to_left_line_and_turns_numbers_back() -> None:
    assert visual_to_logical("٢٠١٩ ماع 80 رتموليكلا") == "الكيلومتر 80 عام ٢٠١٩"
    assert visual_to_logical("ISIS ميظنت") == "تنظيم ISIS"
    assert visual_to_logical("(قشمد)") == "(دمشق)"


def test_a_left_to_right_line_with_an_arabic_run() -> None:
    assert visual_to_logical("the town of قشمد is far") == "the town of دمشق is far"
    assert visual_to_logical("no Arabic here") == "no Arabic here"


def test_punctuation_put_before_a_number_goes_back_after_it() -> None:
    assert fix_number_punctuation("قرب الكيلومتر ،80 لكنه") == "قرب الكيلومتر 80، لكنه"
    assert fix_number_punctuation("price ,80 dollars") == "price ,80 dollars"  # not right-to-left


_ARABIC = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", min_size=1, max_size=30)


@given(_ARABIC)
def test_reversing_twice_gives_the_line_back(text: str) -> None:
    assert visual_to_logical(visual_to_logical(text)) == text


@given(st.text(max_size=40))
def test_normalising_is_idempotent(text: str) -> None:
    once = normalise_compat(text)
    assert normalise_compat(once) == once
