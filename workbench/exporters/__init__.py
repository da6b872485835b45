"""Exporters: a registry of output formats (name → ``Exporter``), each writing a ``Report``.

Built in: ``html`` (a self-contained page a newsroom can publish), ``site`` (a static site: a folder of pages),
``md`` (the same in Markdown), ``csv`` (one row per claim), ``claimreview`` (schema.org JSON-LD),
``annotations`` (W3C Web Annotation JSON-LD) and ``bundle`` (the whole project, lossless). ``pdf`` needs Qt
and is added by ``workbench.render_pdf.register()`` (the command line, the app and the Export dialog call it
before listing formats).

Pure Python: no Qt, no SQL. The report itself is built by ``workbench.ops.reports``.
"""

from __future__ import annotations

from workbench.exporters import bundle as _bundle
from workbench.exporters import claimreview as _claimreview
from workbench.exporters import html as _html
from workbench.exporters import hypothesis as _hypothesis
from workbench.exporters import markdown as _markdown
from workbench.exporters import site as _site
from workbench.exporters import table as _table
from workbench.exporters import web_annotations as _annotations
from workbench.exporters.base import Exporter, available, get, names, register
from workbench.exporters.model import ClaimReport, Report

__all__ = ["ClaimReport", "Exporter", "Report", "available", "get", "names", "register"]

for _exporter in (
    Exporter("html", "HTML report", "A self-contained web page to publish: one section per claim with the verdict, "
             "where the claim appeared, the evidence by stance, sources, rationale and corrections, the rating "
             "scale, and ClaimReview JSON-LD for search engines.", ".html", "text/html", _html.write,
             text_preview="html"),
    Exporter("site", "Static web site", "A folder to publish as it is: an index of the fact checks, one page per "
             "claim with its ClaimReview, the rating scale, a page per source, sitemap.xml and an Atom feed of new "
             "and corrected verdicts; accessible HTML, no JavaScript, works from disk too. Needs the base URL.",
             "", "text/html", _site.write_index, text_preview="html", write_dir=_site.write_dir),
    Exporter("md", "Markdown report", "The same report in Markdown, for a CMS or a wiki; every value is escaped.",
             ".md", "text/markdown", _markdown.write, text_preview="md"),
    Exporter("csv", "CSV table", "One row per claim (id, claim, claimant, dates, status, rating, summary, evidence "
             "counts by stance, documents, evidence counts by kind) for a spreadsheet; UTF-8 with BOM, safe against "
             "formula injection.",
             ".csv", "text/csv", _table.write),
    Exporter("claimreview", "ClaimReview JSON-LD", "schema.org ClaimReview objects (one per rated claim) as read by "
             "Google Fact Check Explorer, Meedan Check and other fact-checking tools.", ".jsonld",
             "application/ld+json", _claimreview.write),
    Exporter("annotations", "W3C Web Annotations", "Every highlighted passage as a W3C Web Annotation (JSON-LD) "
             "with quote and position selectors, for annotation tools such as Hypothesis.", ".jsonld",
             "application/ld+json", _annotations.write),
    Exporter("hypothesis", "Hypothesis annotations", "Every highlighted passage of a document with a web address as "
             "a body for Hypothesis' annotation API (POST /api/annotations): uri, Markdown text with the claim and "
             "verdict, tags, quote and UTF-16 position selectors, group (Public unless --group).", ".json",
             "application/json", _hypothesis.write),
    Exporter("bundle", "Project bundle", "The whole project as one lossless JSON file (documents with their "
             "original bytes, passages, claims, evidence and files, sources, rating scale, settings, history); "
             "“workbench import” reads it back.", ".json", "application/json", _bundle.write, whole_project=True),
):
    register(_exporter)
