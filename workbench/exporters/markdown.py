"""The Markdown report: the HTML report's content rendered from the template's ``report.md.j2``.

Every value from the project goes through the ``md`` filter (Markdown syntax escaped, ``<`` and ``&`` as
entities, no line breaks), URLs through ``safe_url`` (http(s) only, else shown as text) and the rationale
through ``md_rationale`` (raw HTML, images and unsafe link targets neutralised), so the file renders safely in
any Markdown renderer, including those that allow raw HTML.

Each piece of evidence is printed by its kind's snippet, ``evidence/<KindSpec.snippet>.md.j2`` (one line; see
``domain.evidence_kinds``). ``kinds`` (the ``EvidenceKind`` type) stays in the context for templates written
before the snippets.
"""

from __future__ import annotations

from typing import BinaryIO

from workbench import APP_NAME, __version__
from workbench.domain.model import EvidenceKind
from workbench.exporters import templates
from workbench.exporters.html import STANCE_HEADINGS
from workbench.exporters.model import Report


def render_markdown_report(report: Report) -> str:
    return templates.render(report.template, report.template_dirs, "report.md.j2", report=report,
                            claims=report.claims, app=f"{APP_NAME} {__version__}", stance_headings=STANCE_HEADINGS,
                            kinds=EvidenceKind)


def write(report: Report, out: BinaryIO) -> None:
    out.write(render_markdown_report(report).encode("utf-8"))
