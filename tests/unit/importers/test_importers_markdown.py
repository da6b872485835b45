"""Markdown articles: text kept as is, title from the first heading, front matter."""

from __future__ import annotations

from tests.unit.importers.importer_builders import fixture_bytes, fixture_text
from workbench.domain.model import SegmentKind
from workbench.importers import import_bytes
from workbench.importers.markdown import markdown_title, strip_inline


def test_markdown_article() -> None:
    doc = import_bytes(fixture_bytes("article-deir-salman.md"), "deir-salman.md")
    assert doc.media_type == "text/markdown"
    assert doc.encoding == "utf-8"
    assert doc.text == fixture_text("article-deir-salman.md")  # kept as written
    meta = doc.metadata
    assert meta.title == "Aid Convoy Reached Deir Salman, Officials Say"
    assert meta.author == "Leila Nasser"
    assert meta.published == "2018-03-02"
    assert meta.url == "https://furat-post.example/2018/03/deir-salman-convoy"
    assert meta.language == "en"
    assert SegmentKind.COMMENTS in {s.kind for s in doc.segments}


def test_front_matter() -> None:
    text = (
        '---\ntitle: "Truce Talks In Abu Dhuhur"\nauthor: Samir Aoun\ndate: 2017-12-13\n'
        "url: https://east-wire.example/truce\nlang: en-US\n---\n\n# Another Heading\n\nTribal elders met on Tuesday.\n"
    )
    doc = import_bytes(text.encode("utf-8"), "truce.markdown")
    meta = doc.metadata
    assert (meta.title, meta.author, meta.published, meta.url, meta.language) == (
        "Truce Talks In Abu Dhuhur",
        "Samir Aoun",
        "2017-12-13",
        "https://east-wire.example/truce",
        "en",
    )
    assert doc.segments[0].kind == SegmentKind.BOILERPLATE
    assert doc.text[: doc.segments[0].end].startswith("---\ntitle:")
    assert doc.segments[-1].end == len(doc.text)


def test_title_fallbacks() -> None:
    assert markdown_title("Intro line\n\n# The Real Title #\n") == "The Real Title"
    assert markdown_title("Setext Title\n============\n\nText.\n") == "Setext Title"
    assert (
        markdown_title("0 $\n\nJust a first line with [a link](https://x.example)\n") == "Just a first line with a link"
    )
    assert strip_inline("**Bold** and _it_ `code`") == "Bold and it code"


def test_crlf_markdown() -> None:
    doc = import_bytes(b"# Title\r\n\r\nBody text.\r\n", "a.md")
    assert doc.text == "# Title\n\nBody text.\n"
    assert doc.metadata.title == "Title"
