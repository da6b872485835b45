"""Headlines, titles derived from the first sentence (and marked derived), dates in many languages, and the
metadata corpus held to its measured accuracy."""

from __future__ import annotations

import pytest

from tests.eval.suite_metadata_text import FIELDS, evaluate
from tests.unit.importers.importer_builders import make_docx
from workbench.domain.model import DocumentMetadata
from workbench.importers import import_bytes
from workbench.importers.heuristics import derive_title, guess_title, parse_date, with_derived_title
from workbench.importers.meta_title import first_sentence, looks_like_headline, shorten_title

HEADLINES = [
    ("Militia Claims Control Of Bridge Near Abu Kamal", True),
    ("Did The Army Hand Over Kashma To Tribal Fighters?", True),
    ("Army Denies Losing Khusham To Tribal Fighters.", True),  # short, title-cased, with a full stop
    ("The army denied it.", False),  # a sentence
    ("Die Armee meldet Erfolge am Euphrat.", False),  # German nouns are capitalised; still a sentence
    ("L’armée affirme avoir repris le contrôle de la route de Palmyre", True),
    ("الجيش يعلن السيطرة على قرية خشام شرق الفرات", True),
    ("叙利亚东部村庄控制权说法不一", True),
    ("residents said the convoy crossed at dawn", False),
    ("Clashes continued:", False),
    ("", False),
]


@pytest.mark.parametrize(("line", "expected"), HEADLINES)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


@pytest.mark.parametrize(("line", "expected"), [
    ("The army denied it. Then it said more.", "The army denied it"),
    ("Did the army withdraw? Nobody knows.", "Did the army withdraw?"),
    ("U.S. officials said on Monday. Others disagreed.", "U.S. officials said on Monday"),
    ("Gen. Hassan said so. Then he left.", "Gen. Hassan said so"),
    ("“We will not withdraw.” The commander said it twice.", "“We will not withdraw.”"),
    ("据官方通讯社报道，政府军已完全控制该村。但是战斗仍在继续。", "据官方通讯社报道，政府军已完全控制该村"),
    ("No full stop at all", "No full stop at all"),
])
def test_first_sentence(line: str, expected: str) -> None:
    assert first_sentence(line) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Short sentence stays whole", "Short sentence stays whole"),
    ("Residents of al-Busayrah said on Tuesday that a convoy of armoured vehicles had crossed the river",
     "Residents of al-Busayrah said on Tuesday that a convoy of armoured vehicles…"),
    ("Representatives representing representatives represented representative representations repeatedly "
     "reportedly", "Representatives representing representatives represented representative representations…"),
    ("x" * 200, "x" * 89 + "…"),
    ("当地消息人士周二表示，一支由二十辆卡车组成的车队已抵达被围困的城镇，但官方媒体没有报道此事",
     "当地消息人士周二表示，一支由二十辆卡车组成的车队已抵达被围困的城镇…"),
    ("车" * 60, "车" * 40 + "…"),
])
def test_shorten_title(sentence: str, expected: str) -> None:
    assert shorten_title(sentence) == expected
    assert len(shorten_title(sentence)) <= 90


def test_derive_title_skips_furniture_and_bylines() -> None:
    text = " date 2017-11-02 Donate\n\nBy Jane Roe\n\nTensions rose again on Thursday. More followed.\n"
    assert guess_title(text) == ""
    assert derive_title(text) == "Tensions rose again on Thursday"
    assert derive_title("\n\n") == ""


def test_with_derived_title_marks_the_title_derived_only_when_it_made_it() -> None:
    text = "The army denied it. Nothing else was said."
    meta, derived = with_derived_title(DocumentMetadata(), text)
    assert (meta.title, derived) == ("The army denied it", ("title",))
    meta, derived = with_derived_title(DocumentMetadata(title="Given"), text)
    assert (meta.title, derived) == ("Given", ())
    assert with_derived_title(DocumentMetadata(), "   ") == (DocumentMetadata(), ())


TEXT_NO_HEADLINE = ("Residents of al-Busayrah said on Tuesday that a convoy of armoured vehicles had crossed the "
                    "river at dawn.\n\nThe council denied it.\n")


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_text_and_markdown_importers_derive_the_title(name: str) -> None:
    doc = import_bytes(TEXT_NO_HEADLINE.encode(), name)
    assert doc.metadata.title == "Residents of al-Busayrah said on Tuesday that a convoy of armoured vehicles…"
    assert doc.derived == ("title",)
    headline = import_bytes(("Convoy Crosses At Dawn\n\n" + TEXT_NO_HEADLINE).encode(), name)
    assert (headline.metadata.title, headline.derived) == ("Convoy Crosses At Dawn", ())


def test_markdown_derives_from_text_without_its_markup() -> None:
    doc = import_bytes(b"**Residents** of [al-Busayrah](https://x.example) said the convoy crossed. More.\n", "a.md")
    assert (doc.metadata.title, doc.derived) == ("Residents of al-Busayrah said the convoy crossed", ("title",))


def test_docx_derives_the_title_and_drops_placeholder_authors() -> None:
    data = make_docx(["The army denied it on Monday. Residents disagreed.", "By Jane Roe"], author="Administrator")
    doc = import_bytes(data, "a.docx")
    assert (doc.metadata.title, doc.derived) == ("The army denied it on Monday", ("title",))
    titled = import_bytes(make_docx(["Body text here."], title="Given Title", author="Jane Roe, Jane Roe"), "b.docx")
    assert (titled.metadata.title, titled.derived, titled.metadata.author) == ("Given Title", (), "Jane Roe")
    assert titled.metadata.direction == "ltr"


@pytest.mark.parametrize(("value", "expected"), [
    ("12. März 2018", "2018-03-12"),
    ("Publié le 5 février 2018", "2018-02-05"),
    ("1er mai 2018", "2018-05-01"),
    ("8 de enero de 2018", "2018-01-08"),
    ("8 de janeiro de 2018", "2018-01-08"),
    ("3 gennaio 2018", "2018-01-03"),
    ("3 januari 2018", "2018-01-03"),
    ("3 Ocak 2018", "2018-01-03"),
    ("12 марта 2018 года", "2018-03-12"),
    ("12 березня 2018", "2018-03-12"),
    ("20 ديسمبر 2017", "2017-12-20"),
    ("٢٠ كانون الأول ٢٠١٧", "2017-12-20"),
    ("20 בדצמבר 2017", "2017-12-20"),
    ("2018年3月12日", "2018-03-12"),
    ("2018년 3월 12일", "2018-03-12"),
    ("۱۵/۰۳/۲۰۱۸", "2018-03-15"),
    ("Mars attacks 2018", ""),
    ("31 février 2018", ""),
])
def test_parse_date_in_many_languages(value: str, expected: str) -> None:
    assert parse_date(value) == expected


def test_metadata_corpus_is_all_right() -> None:
    """The labelled corpus (tests/corpus/metadata) scored in full: every field of every text right, as
    measured when it was written (see tests/eval/suite_metadata_text.py)."""
    result = evaluate(False)
    wrong = {str(r["doc"]): r["wrong"] for r in result.rows if r["wrong"]}
    assert len(result.rows) >= 50
    assert not wrong
    assert all(result.summary[f] == 1.0 for f in FIELDS)


def test_metadata_corpus_fast_subset() -> None:
    result = evaluate(True)
    assert 10 <= len(result.rows) < 20
    assert result.summary["all fields"] == 1.0
