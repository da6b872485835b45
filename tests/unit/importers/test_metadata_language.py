"""guess_language / guess_direction and the language-tag helpers."""

from __future__ import annotations

import pytest

from workbench.domain.model import DocumentMetadata
from workbench.importers.heuristics import guess_metadata, tidy
from workbench.importers.meta_language import (
    direction_of_language,
    guess_direction,
    guess_language,
    normalise_direction,
    normalise_language,
    script_of,
)

LANGUAGES = [
    ("Local sources said that the army had withdrawn from the village after a night of shelling.", "en"),
    ("Lokale Quellen berichteten, dass sich die Armee nach einer Nacht des Beschusses aus dem Dorf "
     "zurückgezogen hat.", "de"),
    ("Selon des sources locales, l’armée s’est retirée du village après une nuit de bombardements.", "fr"),
    ("Según fuentes locales, el ejército se retiró del pueblo después de una noche de bombardeos.", "es"),
    ("Secondo fonti locali, l'esercito si è ritirato dal villaggio dopo una notte di bombardamenti.", "it"),
    ("Segundo fontes locais, o exército retirou-se da aldeia depois de uma noite de bombardeamentos.", "pt"),
    ("Volgens lokale bronnen heeft het leger zich na een nacht van beschietingen uit het dorp teruggetrokken.",
     "nl"),
    ("Yerel kaynaklara göre ordu, bir gecelik bombardımanın ardından köyden çekildi.", "tr"),
    ("Według lokalnych źródeł wojsko wycofało się z wioski po nocy ostrzału.", "pl"),
    ("Enligt lokala källor har armén dragit sig tillbaka från byn efter en natt av beskjutning.", "sv"),
    ("По словам местных источников, армия отошла из деревни после ночного обстрела.", "ru"),
    ("За словами місцевих джерел, армія відійшла з села після нічного обстрілу.", "uk"),
    ("Според местни източници армията се е изтеглила от селото след нощен обстрел.", "bg"),
    ("Према локалним изворима, војска се повукла из села након ноћног гранатирања.", "sr"),
    ("قالت مصادر محلية إن الجيش انسحب من القرية بعد ليلة من القصف.", "ar"),
    ("منابع محلی گفتند که ارتش پس از یک شب گلوله‌باران از روستا عقب‌نشینی کرد.", "fa"),
    ("مقامی ذرائع کے مطابق فوج رات بھر کی گولہ باری کے بعد گاؤں سے پیچھے ہٹ گئی ہے۔", "ur"),
    ("לדברי מקורות מקומיים, הצבא נסוג מהכפר לאחר לילה של הפגזות.", "he"),
    ("据当地消息人士称，军队在一夜炮击后撤出了该村。", "zh"),
    ("地元の情報筋によると、軍は一晩の砲撃の後、村から撤退した。", "ja"),
    ("현지 소식통에 따르면 군대는 밤새 포격 후 마을에서 철수했다.", "ko"),
    ("Σύμφωνα με τοπικές πηγές, ο στρατός αποσύρθηκε από το χωριό.", "el"),
    ("Le village a été repris par l’armée selon des sources locales.", "fr"),
    ("12345 67890", ""),
    ("", ""),
    ("Khasham", ""),  # one word: too little to tell
]


@pytest.mark.parametrize(("text", "language"), LANGUAGES)
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_an_english_article_quoting_arabic_is_english_and_ltr() -> None:
    text = ("The statement, posted on Telegram, read “قوات سوريا الديمقراطية” in its first line, and the "
            "rest of the article explained what the group had claimed and what it denied.")
    assert guess_language(text) == "en"
    assert guess_direction(text) == "ltr"


@pytest.mark.parametrize(("text", "direction"), [
    ("قالت مصادر محلية إن الجيش انسحب", "rtl"),
    ("הצבא נסוג מהכפר", "rtl"),
    ("ܫܠܡܐ ܥܠܡܐ", "rtl"),  # Syriac
    ("The army withdrew.", "ltr"),
    ("军队撤出了该村", "ltr"),
    ("Source: SANA — قالت مصادر محلية إن الجيش انسحب من القرية بعد ليلة من القصف", "rtl"),
    ("2017-12-20 — 12:45", ""),
    ("", ""),
])
def test_guess_direction(text: str, direction: str) -> None:
    assert guess_direction(text) == direction


def test_script_of() -> None:
    assert [script_of(c) for c in "aЖع漢かᄀ!"] == ["latin", "cyrillic", "arabic", "han", "kana", "hangul", "other"]


@pytest.mark.parametrize(("value", "expected"), [
    ("en-GB", "en"), ("AR_sy", "ar"), ("zh-Hant-TW", "zh"), ("fil", "fil"), ("English", ""), ("", ""), ("e", ""),
])
def test_normalise_language(value: str, expected: str) -> None:
    assert normalise_language(value) == expected


def test_directions_of_languages_and_values() -> None:
    assert [direction_of_language(c) for c in ("ar", "he-IL", "fa", "en", "")] == ["rtl", "rtl", "rtl", "ltr", ""]
    assert [normalise_direction(v) for v in ("RTL", " ltr ", "auto", "")] == ["rtl", "ltr", "", ""]


def test_guess_metadata_and_tidy_set_the_direction() -> None:
    assert guess_metadata("عنوان الخبر\n\nقالت مصادر محلية إن الجيش انسحب من القرية.").direction == "rtl"
    assert tidy(DocumentMetadata(language="he-IL")).direction == "rtl"  # from the language when not measured
    assert tidy(DocumentMetadata(language="en", direction="rtl")).direction == "rtl"  # measured: kept
    assert tidy(DocumentMetadata(language="EN-us", direction="sideways")) == DocumentMetadata(language="en",
                                                                                             direction="ltr")
