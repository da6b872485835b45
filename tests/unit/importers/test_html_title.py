"""The headline of an HTML page: site names dropped, the <h1> as shown preferred (workbench.importers.html_title)."""

from __future__ import annotations

from workbench.importers import import_bytes
from workbench.importers.html_title import first_h1, headline, without_site_name

BODY = "Residents began returning to Tal Ghazal on Friday after two weeks of shelling, local sources said."


def test_a_trailing_site_name_is_dropped_whatever_the_separator() -> None:
    for sep in (" - ", " | ", " — ", " – ", " · "):
        assert without_site_name(f"Villagers return to Tal Ghazal{sep}Levant Courier", "Levant Courier") == (
            "Villagers return to Tal Ghazal")
    # a site name given longer in the metadata than in the title, and one that is not the site's name
    assert without_site_name("Army pulls out - Remember 80/90", "Remember 80/90 - Memorabilia") == "Army pulls out"
    assert without_site_name("Deir Ezzor - the battle for the river", "Levant Courier") == (
        "Deir Ezzor - the battle for the river")
    assert without_site_name("Anything - Levant Courier", "") == "Anything - Levant Courier"


def test_the_h1_as_shown_wins_over_a_title_with_other_quotes_or_a_suffix() -> None:
    markup = "<h1>‘We had some issues,’ exec says</h1>"
    assert headline("'We had some issues,' exec says", "Times", markup, BODY) == "‘We had some issues,’ exec says"
    markup = "<h1>Villagers return to Tal Ghazal</h1>"
    assert headline("Villagers return to Tal Ghazal :: News", "", markup, BODY) == "Villagers return to Tal Ghazal"


def test_a_title_that_is_the_site_name_gives_way_to_the_h1_in_the_opening() -> None:
    markup = "<h1><img src=logo.png></h1><h1>Residents return to Tal Ghazal</h1>"
    body = "Residents return to Tal Ghazal\n\n" + BODY
    assert first_h1(markup) == "Residents return to Tal Ghazal"
    assert headline("Levant Courier", "", markup, body) == "Residents return to Tal Ghazal"


def test_a_reworded_title_gives_way_to_the_h1_sharing_most_words() -> None:
    markup = "<h1>Why the convoy turned back at the river crossing</h1>"
    got = headline("Convoy turned back at the river crossing, officials say", "", markup, BODY)
    assert got == "Why the convoy turned back at the river crossing"


def test_a_logo_h1_or_a_section_h1_is_not_the_headline() -> None:
    assert headline("Villagers return - Levant Courier", "Levant Courier", "<h1>Levant Courier</h1>", BODY) == (
        "Villagers return")
    assert headline("Villagers return to Tal Ghazal", "", "<h1>World news</h1>", BODY) == (
        "Villagers return to Tal Ghazal")
    assert headline("", "", "", BODY) == ""


def test_the_importer_uses_it() -> None:
    page = (f"<html><head><title>Villagers return to Tal Ghazal | Levant Courier</title>"
            f"<meta property='og:site_name' content='Levant Courier'></head><body><article>"
            f"<h1>Villagers return to Tal Ghazal</h1><p>{BODY} {BODY}</p><p>{BODY}</p></article></body></html>")
    doc = import_bytes(page.encode(), "ghazal.html")
    assert doc.metadata.title == "Villagers return to Tal Ghazal"
    assert doc.derived == ()
