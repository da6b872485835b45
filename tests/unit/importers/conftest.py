"""Shared fixtures of the importer tests (no network, generated DOCX/PDF articles)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime

import pytest

from tests.unit.importers.importer_builders import fixture_text, make_docx, make_pdf


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to open a network connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("importers must never use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


@pytest.fixture
def qasr_docx() -> bytes:
    """The Qasr Marwan article as a .docx with core properties and a table."""
    text = fixture_text("article-qasr-marwan.txt")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return make_docx(
        paragraphs,
        title="Did Rebels Really Withdraw From Qasr Marwan?",
        author="Levant Frontline desk",
        created=datetime(2018, 2, 14, 9, 30),
        table=[["Name used by", "Spelling"], ["Halab Echo", "Kasr Marwan"], ["Vesti-Today", "Qsar Marwan"]],
        table_after=4,
    )


@pytest.fixture
def tal_hamra_pdf() -> bytes:
    """The Tal Hamra article as a two-page PDF with an /Info dictionary."""
    lines = [line for line in fixture_text("article-tal-hamra.txt").split("\n") if line.strip()]
    middle = len(lines) // 2
    return make_pdf(
        [lines[:middle], lines[middle:]],
        info={
            "Title": "ISIS Claims Recapture Of Tal Hamra",
            "Author": "Levant Frontline",
            "CreationDate": "D:20180305101500+00'00'",
        },
    )
