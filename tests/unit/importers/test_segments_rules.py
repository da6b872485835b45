"""The line rules of segmentation, family by family: what they catch, and article sentences they must not."""

from __future__ import annotations

import re

import pytest

from workbench.domain.model import SegmentKind
from workbench.importers.boilerplate import (
    boilerplate_family,
    is_boilerplate_line,
    is_dateline,
    is_symbol_line,
    is_thread_chrome,
    looks_like_handle,
    marker_strength,
)
from workbench.importers.seg_patterns import LOWER_CASE_PATTERNS
from workbench.importers.seg_thread import HEAD_BULLET, HEAD_NAME, HEAD_NONE, HEAD_STRONG, head_kind, is_chatty
from workbench.importers.segments import segment

FAMILY_EXAMPLES = {
    "core": [
        "0 $", "2,500 $", "Support SouthWire", "Click to see the full-size image", "Notify of", "3 days ago",
        "Share on Facebook", "Load more...", "Post Comment", "Name *", "94% Upvoted", "12 comments",
        "© 2018 Levant Frontline", "Copyright © [South Front](#), Global Research, 2018",
    ],
    "syndication": [
        "Region: [Middle East & North Africa](#)", "Theme: [Terrorism](#), [US NATO War Agenda](#)",
        "In-depth Report: [SYRIA: NATO'S WAR ON SYRIA](#)", "Topic: Syria", "Category: Middle East",
        "Labels: Deir Ezzor, Syria", "By [South Front](#)", "By Jane Roe | Dec. 13, 2017", "By Middle East desk",
        "*By Leila Nasser*", "Written and produced by SF Team", "Par Claire Dumas", "Posted by Omar at 3:12 PM",
        "Posted by u/levant_mapper 5 hours ago", "Originally published at Levant Desk.",
        "This article was originally published on Desert Dispatch and is republished here with permission.",
        "This article first appeared at Levant Desk and was reposted with the author’s permission.",
        "Republished from Desert Dispatch under a Creative Commons licence (CC BY-NC 4.0).",
        "Source: Desert Dispatch", "Source: https://furat-post.example/2018/03/convoy",
        "The original source of this article is [Frontline Dispatch](#)", "Forwarded from Euphrates Front Line",
        "Cet article a été initialement publié sur le site Orient Analyse.",
    ],
    "appeals": [
        "If you’re able, and if you like our content and approach, please support the project. Our work wouldn’t "
        "be possible without your help: PayPal: donations@outlet.example or via: https://outlet.example/donate/",
        "PayPal: donate@furat-news.example", "BTC: 1F3kWq8sXbGv5mN2pLr7TzYcDa9JhQe4Uo",
        "0x6b1f5c4e0d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", "IBAN: DE12 5001 0517 0648 4898 90", "Bank transfer:",
        "Become a member", "Become a Member of Global Research",
        "We need your help. Independent reporting from Syria costs money.",
        "Support independent journalism: become a member today for as little as 5 € a month.",
        "Please consider supporting us with a small monthly donation.",
        "Your support keeps this site free for everyone.", "Dear readers, our work depends entirely on you.",
        "Any amount helps us keep the maps free.", "Soutenez notre travail : nos analyses sont gratuites.",
        "If you like our work, send a tip via PayPal: tips@outlet.example", "Jetzt spenden",
    ],
    "disclaimers": [
        "Disclaimer: The contents of this article are of sole responsibility of the author(s).",
        "The views expressed in this article are solely those of the author.",
        "The opinions in this article are those of the author and do not necessarily reflect the views of this site.",
        "Les opinions exprimées dans cet article n’engagent que leur auteur.",
        "This site contains copyrighted material the use of which has not always been authorized.",
    ],
    "prompts": [
        "Follow us on Telegram", "Join our Telegram channel: t.me/frontline", "Join us: t.me/frontline",
        "Sign up for our weekly newsletter and get our analysis in your inbox every Friday.",
        "Subscribe to our YouTube channel", "Share this article", "Twitter", "Related Topics", "Mehr zum Thema",
        "Lire aussi : Idleb, dernier bastion des rebelles", "Comment on Global Research Articles on our Facebook page",
        "Note to readers: please click the share buttons above or below.", "View this email in your browser",
        "Unsubscribe | Update your preferences", "Thanks for reading Analyst Notes! Subscribe for free.",
        "#Syria #DeirEzzor #Baghuz", "👁 12.3K", "Um Kommentare zu lesen, melden Sie sich bitte an.",
        "Log in to reply", "Your email address will not be published. Required fields are marked *",
        "Download PDF", "Cite this", "تابعونا على تلغرام", "شارك الخبر",
    ],
    "credits": [
        "Photo: Smoke over the east bank near Khusham, December 2017 / Euphrates Media Center",
        "Image source, Getty Images", "Image caption, Smoke rose over Douma on Sunday evening",
        "(Photo by Samir Haddad/AFP via Getty Images)",
        "FILE PHOTO: A fighter stands near a damaged building in Hajin. REUTERS/Karim Sabbagh/File Photo",
        "A picture taken on March 4, 2018 shows smoke over Afrin. / AFP PHOTO / Karim HAMDAN",
        "Foto: dpa", "Crédit photo : Karim Hamdan / Orient Analyse", "_Image source: Desert Dispatch_",
        "![A line of trucks at the camp](https://dispatch.example/img/rukban.jpg)",
        "(Reporting by Rana Haddad in Beirut; Editing by Alison Ward)",
        "Reporting by Rana Haddad; Editing by Alison Ward", "Our Standards: The Thomson Reuters Trust Principles.",
        "3 Min Read", "Page 2 of 5", "kam/ser/hc", "[FR Doc. 2018-04611 Filed 3-6-18; 8:45 am]",
        "Federal Register / Vol. 83, No. 45 / Wednesday, March 7, 2018 / Rules and Regulations",
    ],
}  # fmt: skip

ARTICLE_SENTENCES = [
    "Support for the ceasefire has eroded in the region, local sources said.",
    "Support is voluntary. Nobody is forcing you to.",
    "The minister’s comments drew criticism from the opposition.",
    "Comments by the defence minister were broadcast on state television.",
    "Region: the fighting spread to three more districts, according to the SOHR.",
    "“We need your help,” the mayor of Douma told reporters.",
    "“Please support us,” a nurse in the hospital said by phone.",
    "By Monday, the army had retaken most of the villages east of the river.",
    "By the end of the week, both sides claimed victory.",
    "Source: a military source told SNW that the attack was repelled.",
    "Photos published by the ministry show a damaged bridge near Deir Ezzor.",
    "The photo, taken on March 4, was later deleted by the channel.",
    "Share prices in Damascus fell sharply after the announcement.",
    "Reporting by state media suggested that the army had withdrawn.",
    "Related fighting was reported near Hajin on the same night.",
    "Donations of food reached Douma on Monday, the UN said.",
    "The group raised money through PayPal and Patreon before the accounts were closed.",
    "John Smith says the convoy never arrived.",
    "The SDF says:",
    "Page after page of testimony describes the same pattern.",
    "Posted by the ministry on Monday, the video was removed within hours.",
    "Von Damaskus aus rückten die Truppen weiter nach Osten vor.",
    "Par ailleurs, l'armée a annoncé la reprise de deux villages.",
    "شارك آلاف المدنيين في تشييع الجنود في دير الزور يوم الثلاثاء.",
    "Background", "Deir Ezzor Front", "Ahmad al-Khabil", "2014", "12", "Summary of Comments",
    "Zainab Haddad", "ISIS Claims Recapture Of Tal Hamra Near Al-Mayadeen", "The SDF responded within hours.",
]


@pytest.mark.parametrize(("family", "line"), [(f, line) for f, lines in FAMILY_EXAMPLES.items() for line in lines])
def test_family_catches_its_lines(family: str, line: str) -> None:
    assert is_boilerplate_line(line)
    if family != "core":  # copyright lines are core whatever their wording
        assert boilerplate_family(line) in (family, "core")


@pytest.mark.parametrize("line", ARTICLE_SENTENCES)
def test_article_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_an_article_of_tricky_sentences_is_all_body() -> None:
    paragraphs = [s for s in ARTICLE_SENTENCES if len(s) > 40]
    text = "Tensions Rise Around Hajin\n\n" + "\n\n".join(paragraphs) + "\n\nBackground\n\n" + paragraphs[0] + "\n"
    assert [s.kind for s in segment(text)] == [SegmentKind.BODY]


@pytest.mark.parametrize(
    ("line", "strength"),
    [("Notify of", 2), ("Leave a Reply", 2), ("14 thoughts on “Who Controls Tabqa?”", 2), ("Sort by Best", 2),
     ("Diskutieren Sie mit", 2), ("Comments", 1), ("941 comments", 1), ("7 comments:", 1), ("Kommentare (12)", 1),
     ("Commentaires (4)", 1), ("التعليقات (4)", 1), ("Your comments", 1), ("Summary of Comments", 0),
     ("The comments were deleted.", 0)],
)  # fmt: skip
def test_marker_strength(line: str, strength: int) -> None:
    assert marker_strength(line) == strength


@pytest.mark.parametrize(
    "line",
    ["Reply", "Reply • Share ›", "12", "-3", "▲ 4 ▼", "Like (4)", "3 hours ago", "vor 2 Stunden", "il y a 2 heures",
     "منذ ساعتين", "February 9, 2018 at 6:41 pm", "5 March 2018 at 09:14", "Avatar for Rami K.", "Mar 6", "level 2",
     "Log in to reply", "16:32"],
)  # fmt: skip
def test_thread_chrome(line: str) -> None:
    assert is_thread_chrome(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Global Research, January 12, 2018", True), ("Frontline Dispatch 11 January 2018", True),
     ("Posted on February 9, 2018 by levantwatcher", True), ("Publié le 07/02/2018 à 18h12", True),
     ("March 1, 2018 | Leave a comment", True), ("Issued in Washington, DC, on March 2, 2018.", False),
     ("The army entered the village on March 2, 2018", False), ("2014", False)],
)  # fmt: skip
def test_dateline(line: str, expected: bool) -> None:
    assert is_dateline(line) is expected


@pytest.mark.parametrize(
    ("line", "kind"),
    [("Gareth Holm says:", HEAD_STRONG), ("Anonymous said...", HEAD_STRONG),
     ("Kurt Vangelis • 3 hours ago", HEAD_STRONG),
     ("Beitrag von Thomas K.", HEAD_STRONG), ("@levantgeo 2 years ago", HEAD_STRONG), ("• Harald Vinter", HEAD_BULLET),
     ("jason sixx", HEAD_NAME), ("Mireille B.", HEAD_NAME), ("Layla, Beirut", HEAD_NAME), ("Jeannot75", HEAD_NAME),
     ("The SDF says:", HEAD_NONE), ("Afandi said", HEAD_NONE), ("Summary of Comments", HEAD_NONE),
     ("FAROUK:", HEAD_NONE), ("Background", HEAD_NONE), ("• Southern Idlib Front", HEAD_NONE)],
)  # fmt: skip
def test_commenter_header_shapes(line: str, kind: int) -> None:
    assert head_kind(line)[0] == kind


@pytest.mark.parametrize(
    ("line", "chatty"),
    [("lol they can’t even agree on the name", True), ("Why do you assume the worst?", True),
     ("I drove from Rasafa to Tabqa in December.", True), ("@Nadia thank you", True),
     ("“Why is it happening now?” Afandi said according to Sputnik.", False),
     ("The SDF denied the reports, the agency said.", False), ("„Wir beobachten die Lage“, sagte er.", False)],
)  # fmt: skip
def test_chatty(line: str, chatty: bool) -> None:
    assert is_chatty(line) is chatty


def test_symbol_lines_and_handles() -> None:
    assert is_symbol_line("**") and is_symbol_line("#") and is_symbol_line("---") and is_symbol_line("")
    assert not is_symbol_line("#1")
    assert looks_like_handle("karim_h") and not looks_like_handle("You can call me Al")


def test_lower_case_patterns_have_no_capital_letters() -> None:
    """Those patterns are matched on the lower-cased line: a capital letter in one could never match."""
    for pattern in LOWER_CASE_PATTERNS:
        source = re.sub(r"\\.|\(\?P<\w+>", "", pattern)  # escapes (\S, \W, \D) and group names are not letters
        assert not re.search(r"[A-Z]", source), pattern


def test_repeated_rows_with_digits_are_running_headers_only_in_paged_text() -> None:
    from workbench.domain.model import SegmentKind
    from workbench.importers.segments import segment, segment_text

    row = "Day {d} meal plan\n\nEat every 2–3 hours\n\nOne cup of lentils and {d} olives.\n\n"
    rows = "".join(row.format(d=d) for d in (1, 2, 3))
    text = "Meal Plans For A Training Week\n\n" + rows
    html_like = segment(text, paged=False)
    assert "Eat every 2–3 hours" not in segment_text(text, html_like, SegmentKind.BOILERPLATE)
    paged = segment(text)  # the same line on every "page" of a PDF copy is a running header
    assert "Eat every 2–3 hours" in segment_text(text, paged, SegmentKind.BOILERPLATE)
