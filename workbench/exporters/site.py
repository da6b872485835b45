"""The static fact-check site: a folder of plain HTML pages a newsroom can publish as it is (any web server, or
opened from disk), with no JavaScript.

    index.html                   every claim of the site: rating badge, claim, claimant, date, link
    claims/<short id>/index.html one page per claim: the claim, where it appeared, the verdict and rationale,
                                 the evidence by stance, sources, corrections, and exactly one ClaimReview
    ratings/index.html           the rating scale (label, definition, colour) and the Admiralty grades
    sources/index.html           every source the claims name; sources/<short id>/index.html one page each
    sitemap.xml, feed.xml        the published pages (sitemaps.org) and an Atom feed of the verdicts
    style.css, .fact-check-site  the shared style sheet; the marker saying this app wrote the folder

Every URL the site publishes is absolute (base URL + path: ``canonical``, ClaimReview ``url``, sitemap, feed);
every link between pages is relative and names the file (``../../claims/1a2b3c4d/index.html``), so the folder
works from ``file://`` as well as under the base URL. Claims not final (exported on request, ``--include-drafts``)
get a DRAFT banner, ``noindex`` and ClaimReview ``creativeWorkStatus: Draft``, and are left out of the sitemap
and the feed. The pages come from the template's ``site/*.html.j2`` (Jinja sandbox, autoescaped), the feed and
the sitemap from ``xml.etree`` (escaped by construction). The folder is written by ``sitefolder.write_folder``:
built beside the target, then swapped in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree as ET

from markupsafe import Markup

from workbench import APP_NAME, __version__
from workbench.domain.model import ClaimStatus, Source
from workbench.domain.rendering import sanitise
from workbench.errors import BadArgument
from workbench.exporters import claimreview, escape, sitefolder, templates
from workbench.exporters.html import STANCE_HEADINGS
from workbench.exporters.model import ClaimReport, Report

CLAIM_PATH = "claims/{short}/"
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page: its file in the folder, its path under the base URL and the way back to the root."""

    file: str  # "claims/1a2b3c4d/index.html"
    path: str  # "claims/1a2b3c4d/" (what the canonical URL and the sitemap name)

    @property
    def root(self) -> str:
        """The relative link from this page to the site's root folder ("" or "../../")."""
        return "../" * self.file.count("/")


def site_report(report: Report) -> Report:
    """``report`` with the site's URLs: a base URL ending in "/" and one page per claim (``claims/<short>/``;
    the whole id if two claims share the first 8 characters)."""
    base = escape.safe_url(report.base_url)
    if base and not base.endswith("/"):
        base += "/"
    shorts = {cr.id[:8] for cr in report.claims}
    path = CLAIM_PATH if len(shorts) == len(report.claims) else "claims/{id}/"
    return replace(report, base_url=base, claim_path=path)


def claim_language(cr: ClaimReport) -> tuple[str, str]:
    """(lang, dir) of the claim's text: its first appearance's document language and direction ("" / "auto"
    when unknown)."""
    first = cr.first_appearance
    if first is None:
        return "", "auto"
    lang = first.document.language if _LANG.fullmatch(first.document.language or "") else ""
    direction = first.document.direction if first.document.direction in ("ltr", "rtl") else "auto"
    return lang, direction


def published(cr: ClaimReport) -> bool:
    return cr.claim.status is ClaimStatus.FINAL


def updated(cr: ClaimReport) -> str:
    """The day the claim's page last changed for a reader: the latest correction, else publication."""
    return cr.date_modified or cr.date_published


class Site:
    """Everything the templates need to link the pages of one site together."""

    def __init__(self, report: Report) -> None:
        self.report = site_report(report)
        self.claims = tuple(sorted(self.report.claims, key=updated, reverse=True))
        self.sources = self._sources()
        short = {s.id[:8] for s in self.sources}
        self._source_key = (lambda s: s.id[:8]) if len(short) == len(self.sources) else (lambda s: s.id)
        self.index = Page("index.html", "")
        self.ratings = Page("ratings/index.html", "ratings/")
        self.source_list = Page("sources/index.html", "sources/")

    def _sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for cr in self.claims:
            for src in cr.sources:
                seen.setdefault(src.id, src)
        return tuple(sorted(seen.values(), key=lambda s: s.name.casefold()))

    @staticmethod
    def language(cr: ClaimReport) -> tuple[str, str]:
        return claim_language(cr)

    def claim_page(self, cr: ClaimReport) -> Page:
        path = self.report.claim_path.format(id=cr.id, short=cr.id[:8])
        return Page(path + "index.html", path)

    def source_page(self, src: Source) -> Page:
        path = f"sources/{self._source_key(src)}/"
        return Page(path + "index.html", path)

    def url(self, page: Page) -> str:
        return self.report.base_url + page.path

    def href(self, here: Page, there: Page) -> str:
        """The relative link from page ``here`` to page ``there``."""
        return here.root + there.file

    def claims_of(self, src: Source) -> dict[str, list[ClaimReport]]:
        """The site's claims that name ``src``: as claimant ("made"), in the attribution chain ("relayed") and
        as the source of evidence ("cited")."""
        made = [cr for cr in self.claims if cr.claimant is not None and cr.claimant.id == src.id]
        relayed = [cr for cr in self.claims if any(s.id == src.id for s in cr.attribution)]
        cited = [cr for cr in self.claims if any(e.source is not None and e.source.id == src.id
                                                 for e in cr.evidence)]
        return {"made": made, "relayed": relayed, "cited": cited}

    def lastmod(self, claims: list[ClaimReport] | tuple[ClaimReport, ...]) -> str:
        days = [updated(cr) for cr in claims if published(cr)]
        return max(days, default=self.report.generated_at[:10])

    # ----- rendering -------------------------------------------------------------------------------
    def render(self, file: str, page: Page, **context: Any) -> str:
        r = self.report
        return templates.render(r.template, r.template_dirs, f"site/{file}", site=self, report=r, page=page,
                                root=page.root, canonical=self.url(page), app=f"{APP_NAME} {__version__}",
                                stance_headings=STANCE_HEADINGS, **context)

    def claim_html(self, cr: ClaimReport) -> str:
        review = claimreview.claim_review(self.report, cr)
        return self.render("claim.html.j2", self.claim_page(cr), cr=cr, json_ld=review,
                           rationale=Markup(sanitise(cr.rationale_html)) if cr.rationale_html else "",
                           draft=not published(cr))

    def pages(self) -> dict[str, str]:
        """Every file of the site: relative path → text."""
        out = {self.index.file: self.render("index.html.j2", self.index),
               self.ratings.file: self.render("ratings.html.j2", self.ratings),
               self.source_list.file: self.render("sources.html.j2", self.source_list)}
        for cr in self.claims:
            out[self.claim_page(cr).file] = self.claim_html(cr)
        for src in self.sources:
            page = self.source_page(src)
            out[page.file] = self.render("source.html.j2", page, source=src, uses=self.claims_of(src))
        out["style.css"] = templates.render(self.report.template, self.report.template_dirs, "site/style.css.j2")
        out["sitemap.xml"] = self.sitemap()
        out["feed.xml"] = self.feed()
        return out

    # ----- sitemap and feed ------------------------------------------------------------------------
    def sitemap(self) -> str:
        """sitemaps.org 0.9: the index, rating scale, sources and each published claim, with lastmod."""
        urlset = ET.Element("urlset", xmlns=SITEMAP)
        final = [cr for cr in self.claims if published(cr)]
        entries = [(self.index, self.lastmod(final)), (self.ratings, self.lastmod(final)),
                   (self.source_list, self.lastmod(final))]
        entries += [(self.claim_page(cr), updated(cr)) for cr in final]
        for src in self.sources:
            uses = self.claims_of(src)
            made = [cr for group in uses.values() for cr in group if published(cr)]
            if made:
                entries.append((self.source_page(src), self.lastmod(made)))
        for page, day in entries:
            url = ET.SubElement(urlset, "url")
            ET.SubElement(url, "loc").text = self.url(page)
            ET.SubElement(url, "lastmod").text = day
        return _xml(urlset)

    def feed(self) -> str:
        """Atom (RFC 4287): one entry per published verdict, newest change first; a corrected verdict's entry
        is updated on the day of its latest correction and says what changed."""
        r = self.report
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")
        final = [cr for cr in self.claims if published(cr)]

        def sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
            el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
            if text:
                el.text = text
            return el

        sub(feed, "id", self.url(self.index))
        sub(feed, "title", r.title)
        sub(feed, "updated", _atom_time(self.lastmod(final)))
        sub(feed, "link", rel="self", type="application/atom+xml", href=r.base_url + "feed.xml")
        sub(feed, "link", rel="alternate", type="text/html", href=self.url(self.index))
        sub(sub(feed, "author"), "name", r.author or r.title)
        sub(feed, "generator", APP_NAME, version=__version__)
        for cr in final:
            entry = sub(feed, "entry")
            url = self.url(self.claim_page(cr))
            label = cr.rating.label if cr.rating else "Not rated"
            corrected = bool(cr.date_modified)
            sub(entry, "id", url)
            sub(entry, "title", f"{'Corrected: ' if corrected else ''}{label}: “{_one_line(cr.claim.text, 200)}”")
            sub(entry, "link", rel="alternate", type="text/html", href=url)
            sub(entry, "published", _atom_time(cr.date_published))
            sub(entry, "updated", _atom_time(updated(cr)))
            summary = [f"Rated {label}."]
            if cr.claimant is not None:
                summary.append(f"Claimed by {cr.claimant.name}.")
            if cr.claim.summary:
                summary.append(cr.claim.summary)
            if corrected:
                latest = max(cr.corrections, key=lambda n: n.date)
                summary.append(f"Correction of {latest.date[:10]}: " + " — ".join(
                    t for t in (latest.change, latest.text) if t))
            sub(entry, "summary", " ".join(summary), type="text")
        return _xml(feed)


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _atom_time(day: str) -> str:
    return f"{day[:10]}T00:00:00Z"


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_index(report: Report, out: BinaryIO) -> None:
    """The index page alone (what the Export dialog previews)."""
    site = Site(report)
    out.write(site.render("index.html.j2", site.index).encode("utf-8"))


def write_dir(report: Report, folder: Path) -> None:
    """Write the whole site into ``folder`` (see ``sitefolder.write_folder``: refused when the folder holds
    anything but a site this app wrote; built beside it, then swapped in)."""
    sitefolder.check_target(folder)
    site = Site(report)
    if not site.report.base_url:
        raise BadArgument("The static site needs the address it is published at (its canonical links, sitemap, "
                          "feed and ClaimReview urls are absolute): set the base URL (File ▸ Export… ▸ Base URL, "
                          "or workbench settings PROJECT --base-url URL).")
    sitefolder.write_folder(folder, {name: text.encode("utf-8") for name, text in site.pages().items()},
                            generator=f"{APP_NAME} {__version__}")
