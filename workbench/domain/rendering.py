"""Markdown → safe HTML for rationales (the claim editor's preview and the reports).

Raw HTML in the Markdown is not interpreted (markdown-it with ``html`` off), and
the result is sanitised with nh3 (ammonia): only formatting tags survive, links
keep http(s)/mailto targets and get ``rel="noopener noreferrer nofollow"``, and
images are dropped, so a rationale can never load a resource or run script.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h1",
                "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table") \
        .enable("strikethrough")


def render_markdown(text: str) -> str:
    """Safe HTML for a Markdown text."""
    return sanitise(_md().render(text or ""))


def sanitise(html: str) -> str:
    """Only the formatting tags and safe links of ``render_markdown`` survive (for HTML from elsewhere)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")
