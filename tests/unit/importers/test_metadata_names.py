"""clean_author / clean_publisher: real-world-shaped values in, names (or nothing) out."""

from __future__ import annotations

import pytest

from workbench.domain.model import DocumentMetadata
from workbench.importers.heuristics import byline, fill_gaps, tidy
from workbench.importers.meta_names import clean_author, clean_publisher, is_organisation, looks_like_name

AUTHORS = [
    # --- good names survive, whatever the script
    ("Ahmad al-Khabil", "Ahmad al-Khabil"),
    ("Jean-Pierre Filiu", "Jean-Pierre Filiu"),
    ("Leila Al-Shami", "Leila Al-Shami"),
    ("Mohammed bin Salman", "Mohammed bin Salman"),
    ("Pieter de Vries", "Pieter de Vries"),
    ("Von der Leyen", "Von der Leyen"),
    ("Da Silva", "Da Silva"),
    ("Theresa May", "Theresa May"),
    ("J. R. Smith", "J. R. Smith"),
    ("Jean d'Alembert", "Jean d'Alembert"),
    ("María López", "María López"),
    ("Mehmet Yılmaz", "Mehmet Yılmaz"),
    ("Иван Петров", "Иван Петров"),
    ("أحمد الخطيب", "أحمد الخطيب"),
    ("مریم احمدی", "مریم احمدی"),
    ("דנה כהן", "דנה כהן"),
    ("李明", "李明"),
    ("김민수", "김민수"),
    ("Levant Frontline desk", "Levant Frontline desk"),
    ("Reuters", "Reuters"),
    ("AP", "AP"),
    # --- several authors: split, rejoined as "A, B", repeats dropped
    ("Nour Ali and Sami Haddad", "Nour Ali, Sami Haddad"),
    ("Nour Ali & Sami Haddad", "Nour Ali, Sami Haddad"),
    ("Nour Ali; Sami Haddad", "Nour Ali, Sami Haddad"),
    ("Jan Müller und Lea Schulz", "Jan Müller, Lea Schulz"),
    ("Claire Dubois et Marc Petit", "Claire Dubois, Marc Petit"),
    ("أحمد الخطيب و سامي حداد", "أحمد الخطيب, سامي حداد"),
    ("李明、王芳", "李明, 王芳"),
    ("Jane Roe, Jane Roe", "Jane Roe"),
    ("Jane Roe, JANE  ROE", "Jane Roe"),
    ("Mike Wuerthele, Malcolm Owen, November", "Mike Wuerthele, Malcolm Owen"),
    # --- markup and prefixes
    ("[South Front](#)", "South Front"),
    ("By [South Front](#)", "South Front"),
    ("[South Front](#), [South Front](#),", "South Front"),
    ('<a href="/authors/jr">Jane Roe</a>', "Jane Roe"),
    ("**Yusuf Darwish**", "Yusuf Darwish"),
    ("Yusuf Darwish*", "Yusuf Darwish"),
    ("By Jane Roe", "Jane Roe"),
    ("BY JANE ROE", "JANE ROE"),
    ("Written by: Samira Khalil", "Samira Khalil"),
    ("Von Anna Berger", "Anna Berger"),
    ("Par Jean-Pierre Morel", "Jean-Pierre Morel"),
    ("Por María López", "María López"),
    ("di Marco Rossi", "Marco Rossi"),
    ("Door Pieter de Vries", "Pieter de Vries"),
    ("Автор: Иван Петров", "Иван Петров"),
    ("Текст Венера Ерофеева", "Венера Ерофеева"),
    ("بقلم: أحمد الخطيب", "أحمد الخطيب"),
    ("מאת: דנה כהן", "דנה כהן"),
    ("作者：李明", "李明"),
    ("김민수 기자", "김민수"),
    ("Reporting by Leila Haddad; Editing by Tom Price", "Leila Haddad"),
    ("Reporting by Leila Haddad; Additional reporting by Omar Fahmy", "Leila Haddad"),
    # --- dates, times and "Updated" glued on
    ("Joshua Sokol May", "Joshua Sokol"),
    ("Daniel Marsh May 12, 2019", "Daniel Marsh"),
    ("Ahmad al-Khabil | March 4, 2018", "Ahmad al-Khabil"),
    ("Omar Khalil Updated 10:45 GMT", "Omar Khalil"),
    ("Anna Berger, 12.03.2018", "Anna Berger"),
    ("Jean Morel le 5 février 2018", "Jean Morel"),
    ("Sami Haddad on Monday", "Sami Haddad"),
    ("Sami Haddad - 3 hours ago", "Sami Haddad"),
    # --- e-mail, URLs, handles (a handle is kept only when it is all there is)
    ("Mark Ellis (mark.ellis@example.org)", "Mark Ellis"),
    ("Mark Ellis @markellis", "Mark Ellis"),
    ("mark.ellis@example.org", ""),
    ("https://example.org/authors/mark-ellis", ""),
    ("@warmonitor", "@warmonitor"),
    # --- roles and affiliations
    ("Samira Khalil, Staff Reporter", "Samira Khalil"),
    ("Reuters Staff", "Reuters"),
    ("Sami Haddad, Reuters", "Sami Haddad"),
    ("STEVE PEOPLES, AP National Political Writer", "STEVE PEOPLES"),
    ("Jill Disis, CNN Business", "Jill Disis"),
    ("Greg Beacham, Ap Sports", "Greg Beacham"),
    # --- placeholders, UI words and software: no author
    ("Username", ""),
    ("username", ""),
    ("user", ""),
    ("Admin", ""),
    ("admin", ""),
    ("Administrator", ""),
    ("Anonymous", ""),
    ("Guest", ""),
    ("Staff", ""),
    ("Staff Writer", ""),
    ("By Staff Writer", ""),
    ("Unknown", ""),
    ("Author", ""),
    ("Autor", ""),
    ("Redaktion", ""),
    ("Redacción", ""),
    ("редакция", ""),
    ("作者", ""),
    ("管理员", ""),
    ("المحرر", ""),
    ("Microsoft Word - report.docx", ""),
    ("Microsoft Office User", ""),
    ("python-docx", ""),
    ("Supreme", ""),
    ("News Desk", ""),
    ("Web Desk", ""),
    ("More", ""),
    ("The Russian", ""),
    ("AS", ""),
    ("", ""),
    ("   ", ""),
    ("12345", ""),
    ("November", ""),
    # --- sentences are not names
    ("the army said on Monday that the village was calm", ""),
    ("Por la mañana, las tropas entraron", ""),
    ("当地消息人士周二表示车队已抵达被围困的城镇", ""),
]


@pytest.mark.parametrize(("value", "expected"), AUTHORS)
def test_clean_author(value: str, expected: str) -> None:
    assert clean_author(value) == expected


def test_there_are_many_author_cases() -> None:
    assert len(AUTHORS) >= 60


def test_clean_author_is_idempotent() -> None:
    for value, expected in AUTHORS:
        assert clean_author(expected) == expected, value


PUBLISHERS = [
    ("[South Front](#), [South Front](#),", "South Front"),
    ("South Front", "South Front"),
    ("© 2019 North Syria Daily. All rights reserved.", "North Syria Daily"),
    ("Copyright 2017-2018 Levant Watch", "Levant Watch"),
    ("Levant Watch 2017", "Levant Watch"),
    ("France 24", "France 24"),
    ("Deir Ezzor 24", "Deir Ezzor 24"),
    ("Home | Levant Watch", "Levant Watch"),
    ("https://www.southfront.org/", "southfront.org"),
    ('<a href="https://x.example">Jazira Post</a>', "Jazira Post"),
    ("Al-Masdar News, Al-Masdar News", "Al-Masdar News"),
    ("Unknown", ""),
    ("Admin", ""),
    ("", ""),
    ("وكالة الأنباء السورية", "وكالة الأنباء السورية"),
]


@pytest.mark.parametrize(("value", "expected"), PUBLISHERS)
def test_clean_publisher(value: str, expected: str) -> None:
    assert clean_publisher(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("Jane Roe", True), ("ahmad", False), ("Ahmad 2", False), ("A", False), ("One Two Three Four Five Six", False),
    ("al-Khabil", True), ("Juan Pérez dijo", False),
])
def test_looks_like_name(value: str, expected: bool) -> None:
    assert looks_like_name(value) is expected


def test_is_organisation() -> None:
    assert is_organisation("Reuters") and is_organisation("CNN Business") and is_organisation("AP National")
    assert not is_organisation("Sami Haddad")


@pytest.mark.parametrize(("line", "expected"), [
    ("By Jane Roe | Dec. 13, 2017", (True, "Jane Roe")),
    ("By Staff Writer", (True, "")),  # a byline that names nobody
    ("By The Numbers: Casualties Since March", (False, "")),  # a headline
    ("Von der Leyen besucht Damaskus", (False, "")),  # a headline, not "Von …"
    ("Par ailleurs, l'armée a annoncé", (False, "")),
    ("김민수 기자", (True, "김민수")),
    ("The army denied it.", (False, "")),
])
def test_byline(line: str, expected: tuple[bool, str]) -> None:
    assert byline(line) == expected


def test_tidy_and_fill_gaps_clean_names_so_text_bylines_are_not_hidden() -> None:
    meta = tidy(DocumentMetadata(author="Administrator", publisher="[South Front](#), [South Front](#),"))
    assert (meta.author, meta.publisher) == ("", "South Front")
    filled = fill_gaps(DocumentMetadata(author="user"), DocumentMetadata(author="By Jane Roe"))
    assert filled.author == "Jane Roe"  # the placeholder does not block the byline found in the text
