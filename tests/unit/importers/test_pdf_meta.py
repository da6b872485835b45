"""Title, author and date judged rather than copied from PDF properties (pure functions)."""

from __future__ import annotations

import pytest

from workbench.importers.pdf_flow import Paragraph
from workbench.importers.pdf_meta import (
    is_junk_title,
    is_plausible_author,
    judge,
    printed_date,
    title_from_page,
)


@pytest.mark.parametrize("title", [
    "", "10811.exe", "Microsoft Word - x.docx", "Microsoft Word - Report on the Bridge.docx", "untitled",
    "Untitled document", "C:\\Users\\desk\\report.pdf", "/home/desk/report", "123456", "Binder1.pdf",
    "draft_v3_FINAL", "test-punkt", "Slide 1", "---",
])
def test_junk_titles(title: str) -> None:
    assert is_junk_title(title)


@pytest.mark.parametrize("title", [
    "ISIS Claims Recapture Of Tal Hamra", "The Title", "PDF Example Document", "Proposed Rules", "Gaza",
    "Press Briefing on the Deir Ezzor Crossings", "2019 Annual Report",
])
def test_real_titles(title: str) -> None:
    assert not is_junk_title(title)


@pytest.mark.parametrize("author", [
    "Supreme", "user", "Administrator", "DSI", "Microsoft Office User", "Adobe Acrobat", "cheng",
    "desk@example.org", "PScript5", "12345", "",
])
def test_implausible_authors(author: str) -> None:
    assert not is_plausible_author(author)


@pytest.mark.parametrize("author", ["Martin Thoma", "Levant Frontline", "David Huggins-Daines", "Hana Sorensen"])
def test_plausible_authors(author: str) -> None:
    assert is_plausible_author(author)


def test_an_author_named_after_the_software_is_refused() -> None:
    assert not is_plausible_author("LEAD Technologies", software="LEAD Technologies, Inc.")


def test_title_from_the_largest_type_near_the_top() -> None:
    paragraphs = [Paragraph("EUPHRATES VALLEY WEEKLY", 8), Paragraph("Conflicting Accounts", 24),
                  Paragraph("By Hana Sorensen", 11), *[Paragraph("Body text of the article. " * 8, 11)] * 5]
    assert title_from_page(paragraphs) == "Conflicting Accounts"
    assert title_from_page([Paragraph("Body text. " * 20, 11)] * 3) == ""


def test_printed_date_prefers_a_date_line_to_a_date_in_a_sentence() -> None:
    text = ("47698\n\nProposed Rules\n\nDATES: The FAA must receive comments on this proposed AD by "
            "September 21, 2020.\n\nThursday, August 6, 2020")
    assert printed_date(text) == "2020-08-06"
    assert printed_date("Published 12 March 2019\n\nText.") == "2019-03-12"
    assert printed_date("No date here.") == ""


def test_judge_never_uses_the_creation_date() -> None:
    chosen = judge({"Title": "10811.exe", "Author": "Supreme", "CreationDate": "D:20210617"},
                   [Paragraph("Conflicting Accounts", 24), Paragraph("Body text of the article.", 11)],
                   "Conflicting Accounts\n\nBody text of the article.", "Conflicting Accounts\n\nBody text.")
    assert (chosen.title, chosen.author, chosen.published, chosen.derived) == ("Conflicting Accounts", "", "", ())


def test_judge_keeps_good_properties_and_marks_a_guessed_title() -> None:
    kept = judge({"Title": "The Title", "Author": "Martin Thoma"}, [], "", "Whatever")
    assert (kept.title, kept.author) == ("The Title", "Martin Thoma")
    guessed = judge({"Title": "untitled"}, [Paragraph("Truce Holds In Abu Dhuhur", 11)], "",
                    "Truce Holds In Abu Dhuhur\n\nElders met on Tuesday.")
    assert (guessed.title, guessed.derived) == ("Truce Holds In Abu Dhuhur", ("title",))
