"""The HTML report: a self-contained page (styles inline, no external resource, print CSS) rendered from the
template's ``report.html.j2`` with autoescaping, and the ClaimReview JSON-LD in a ``<script>`` whose text
cannot close it (see ``escape.json_for_script``).

Each piece of evidence is printed by its kind's snippet, ``evidence/<KindSpec.snippet>.html.j2`` (see
``domain.evidence_kinds``); ``kinds`` stays in the context for templates written before the snippets.

``render_html(report, paged=True)`` is the variant ``workbench.render_pdf`` lays out with Qt: a title page for
a project report, ``PAGE_BREAK`` before each claim and the methodology, no script.
"""

from __future__ import annotations

from typing import BinaryIO

from markupsafe import Markup

from workbench import APP_NAME, __version__
from workbench.domain.model import EvidenceKind, Stance
from workbench.domain.rendering import sanitise
from workbench.exporters import claimreview, templates
from workbench.exporters.model import Report

PAGE_BREAK = "<!--fcw:page-break-->"  # escaped text can never contain it: "<" becomes "&lt;"
STANCE_HEADINGS = {Stance.REFUTES: "Evidence that refutes the claim", Stance.SUPPORTS: "Evidence that supports it",
                   Stance.CONTEXT: "Evidence that adds context"}


def render_html(report: Report, *, paged: bool = False) -> str:
    return templates.render(
        report.template, report.template_dirs, "report.html.j2", report=report, claims=report.claims,
        paged=paged, json_ld=claimreview.claim_reviews(report), app=f"{APP_NAME} {__version__}",
        rationale={cr.id: Markup(sanitise(cr.rationale_html)) for cr in report.claims},
        stance_headings=STANCE_HEADINGS, kinds=EvidenceKind, page_break=Markup(PAGE_BREAK))


def write(report: Report, out: BinaryIO) -> None:
    out.write(render_html(report).encode("utf-8"))
