"""Exporting to bytes and parsing the output with real parsers."""

from __future__ import annotations

import io
import json
import re
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
from markdown_it import MarkdownIt

from workbench import exporters, render_pdf
from workbench.exporters.model import Report

IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def export(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        render_pdf.register()
    out = io.BytesIO()
    exporters.get(fmt).export(report, out)
    return out.getvalue()


def parse_html(data: bytes | str) -> Element:
    """An HTML5 parse (html5lib, the WHATWG algorithm browsers use); elements without a namespace."""
    return html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)


def text(el: Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def by_class(root: Element, tag: str, cls: str) -> list[Element]:
    return [e for e in root.iter(tag) if cls in (e.get("class") or "").split()]


def json_ld(root: Element) -> Any:
    scripts = root.findall(".//script")
    assert len(scripts) == 1, [s.attrib for s in scripts]
    assert scripts[0].get("type") == "application/ld+json"
    return json.loads(scripts[0].text or "")


def markdown_to_html(md: str) -> Element:
    """Render Markdown like a permissive renderer (raw HTML allowed, as on many sites), then parse it."""
    return parse_html(MarkdownIt("commonmark", {"html": True}).enable("table").render(md))


def assert_inert(root: Element) -> None:
    """Nothing in a parsed page can run script, load a resource or carry an event handler."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("img", "iframe", "object", "embed", "link", "base", "form", "svg", "math"), el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name, value)
            assert "javascript:" not in value.lower(), (el.tag, name, value)
            assert name.lower() not in ("src", "srcset", "formaction"), (el.tag, name, value)
        if el.tag == "script":
            assert el.get("type") == "application/ld+json"
        if el.tag == "a" and el.get("href"):
            assert el.get("href", "").startswith(("http://", "https://", "#", "mailto:")), el.get("href")
