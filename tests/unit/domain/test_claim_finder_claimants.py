"""Claimants are actors (issue 12, point 3): never a document, a verb phrase or a section word; short names
resolved to the fuller name used earlier in the article and to the registry's sources by name or alias."""

from __future__ import annotations

import pytest

from workbench.domain.claim_finder import find_attributions
from workbench.domain.claimants import clean, resolve_all


def claimants(text: str, known: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[str]:
    return [s.claimant for s in find_attributions(text, known=known)]


@pytest.mark.parametrize(("phrase", "actor"), [
    ("Mazloum Ferhad, a spokesman for the alliance", "Mazloum Ferhad"),
    ("Major General Nabil Qassem", "Nabil Qassem"),
    ("ministry spokesman Igor Levshin", "Igor Levshin"),
    ("his brother Khaled Haj Kaddour", "Khaled Haj Kaddour"),
    ("his colleagues at the Nedaa Syria network", "Nedaa Syria"),
    ("Russian state-run media outlet Sputnik released", "Sputnik"),  # the outlet, not its description
    ("the news agency Anadolu", "Anadolu"),
    ("council co-chair Leila Hamdan", "Leila Hamdan"),  # a role with a prefix (co-, vice-)
    ("vice-president Omar Khalil", "Omar Khalil"),
    ("the pro-government newspaper Al-Watan", "Al-Watan"),
    ("the Sawt al-Jabal statement", "the Sawt al-Jabal"),
    ("the document circulated by the Idlib Health Directorate", "the Idlib Health Directorate"),
    ("Jaish al-Izza faction", "Jaish al-Izza"),
    ("Report", ""),
    ("No group", ""),
    ("the statement", ""),
])
def test_clean_keeps_the_actor(phrase: str, actor: str) -> None:
    assert clean(phrase) == actor


def test_short_name_resolves_to_the_fuller_name_named_earlier() -> None:
    text = ("“The regime breaks every truce,” said Ahmad al-Khabil, a commander of the front.\n\n"
            "The town was calm on Sunday, residents said.\n\n"
            "Al-Khabil statement also said that his fighters downed a drone over Kafr Nabl.\n")
    assert claimants(text)[-1] == "Ahmad al-Khabil"


def test_quote_with_trailing_attribution_and_short_name() -> None:
    text = ("Colonel Samer Haddad denied that any soldier had died in the blast.\n\n"
            "“Two engineers were lightly wounded, nothing more,” Haddad added.\n")
    found = find_attributions(text)
    assert [s.claimant for s in found] == ["Samer Haddad", "Samer Haddad"]


def test_statement_reads_gives_its_author() -> None:
    text = "“Our fighters destroyed three tanks near the dam,” the Sawt al-Jabal statement reads.\n"
    assert claimants(text) == ["Sawt al-Jabal"]


def test_a_document_is_never_the_claimant() -> None:
    text = ("The Idlib Health Directorate said 27 people were treated on Sunday.\n\n"
            "According to the document circulated by the Idlib Health Directorate, 11 of them were children.\n\n"
            "According to the document, the patients came from two villages.\n")
    assert claimants(text) == ["Idlib Health Directorate"] * 3


def test_role_nouns_resolve_to_the_actor_named_earlier() -> None:
    text = ("Major General Nabil Qassem said on Tuesday that his troops had retaken 18 villages.\n\n"
            "The general also accused the militants of shelling the bridge.\n\n"
            "The local council said three suspects were detained on Friday.\n\n"
            "The council statement said the checkpoints were reinforced on Saturday.\n")
    assert claimants(text) == ["Nabil Qassem", "Nabil Qassem", "local council", "local council"]


def test_registry_names_and_aliases() -> None:
    known = (("Ministry of Defence of the Russian Federation", ("Russian MoD", "Russian Defence Ministry")),
             ("Syrian Observatory for Human Rights", ("SOHR", "the Observatory")))
    text = ("The Russian Defence Ministry said the drones were launched from Jisr al-Wadi on Friday.\n\n"
            "The Observatory said the strikes killed 7 civilians in the town.\n\n"
            "The Syrian Observatory reported that 120 inmates were still at large.\n")
    assert claimants(text, known) == ["Ministry of Defence of the Russian Federation",
                                      "Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"]


def test_acronym_resolves_to_the_name_it_stands_for() -> None:
    text = ("Dozens of prisoners escaped on Thursday, the Northern Defence Forces (NDF) said.\n\n"
            "The NDF statement added that 17 guards were killed.\n")
    assert claimants(text) == ["Northern Defence Forces", "Northern Defence Forces"]


def test_section_words_and_negatives_are_no_claimant() -> None:
    text = "No group has claimed responsibility for the attack so far.\n"
    assert claimants(text) == []


def test_resolve_all_in_order() -> None:
    text = "Mazloum Ferhad said the field was handed over. Ferhad added it produces 9,000 barrels."
    assert resolve_all(text, [("Mazloum Ferhad", 30), ("Ferhad", len(text))]) == ["Mazloum Ferhad"] * 2


def test_a_quotation_over_several_sentences_is_proposed_with_its_trailing_attribution() -> None:
    text = ("Council Warns Of Reprisals\n\n"
            "The Tabqa Civil Council issued a statement on Sunday about the shelling of the bakery.\n\n"
            "“Our people in the western quarter were targeted with mortars for the third night. Two bakers were "
            "wounded and the ovens destroyed. We hold the attackers responsible,” the statement reads.\n")
    found = find_attributions(text)
    quote = next(s for s in found if s.sentence.startswith("“Our people"))
    assert quote.sentence.endswith("the statement reads.") and quote.claimant == "Tabqa Civil Council"
    assert text[quote.start:quote.end] == quote.sentence


def test_an_acronym_is_not_expanded_to_a_title_case_headline() -> None:
    text = ("ISIS Says It Retook Three Villages Near The River Crossing\n\n"
            "Over the past two days ISIS claimed that its fighters retook the villages of Tall Abyad and Sabkha.\n")
    (found,) = [s for s in find_attributions(text) if s.kind != "headline"]
    assert found.claimant == "ISIS"


def test_a_nationality_stays_part_of_an_institutions_name() -> None:
    (found,) = find_attributions("The Turkish Interior Ministry said 14 suspects were detained in Gaziantep.\n")
    assert found.claimant == "Turkish Interior Ministry"
