"""Evidence kinds as one registry (domain/evidence_kinds.py): every kind has one declaration; a kind registered at
run time works end to end through the ops layer and every exporter with no other change; and no module outside
the registry compares against an ``EvidenceKind`` member."""

from __future__ import annotations

import ast
import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from markdown_it import MarkdownIt

from workbench import exporters
from workbench.domain import evidence_kinds
from workbench.domain.evidence_kinds import ACCESSED_FIELD, URL_FIELD, Field, KindSpec
from workbench.domain.model import EvidenceKind, Stance
from workbench.errors import BadArgument
from workbench.exporters import table
from workbench.exporters.model import Report
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import reports
from workbench.ops.project import create_project
from workbench.store.project import Project

ROOT = Path(__file__).resolve().parents[3]
PKG = ROOT / "workbench"
TEMPLATES = ROOT / "resources" / "templates" / "default"

# Written for this test in the style of the war reports the app is made for.
ARTICLE = (
    "Aid Convoy Reaches Al-Mayadeen After Three-Day Delay\n"
    "By Euphrates Desk | 14.11.2017\n\n"
    "A convoy of 28 trucks reached al-Mayadin on Tuesday, according to the local council. Pro-government "
    "channels said the road from Deir Ezzor had been cleared of mines, while activists said two trucks were "
    "turned back at a checkpoint near Mohassan.\n"
)
CLAIM_QUOTE = "A convoy of 28 trucks reached al-Mayadin on Tuesday"
DATASET_URL = "https://data.convoy-watch.example/2017-11.csv"

DATASET = KindSpec(
    "dataset", "Data set", "Add a data set as evidence", add_label="Add data set…",
    fields=(URL_FIELD, ACCESSED_FIELD),
    title=Field("title", "&Title", placeholder="Name of the data set"),
    editor="url", snippet="dataset", annotation="url", carrier="url", icon="x-office-spreadsheet",
    summary=evidence_kinds.title_or_url, origin=lambda v: "Data: " + v.evidence.url)
"""A kind the app does not have, declared as a plug-in would: it reuses the web page's editor."""

MD_SNIPPET = ('Data set {{ link(e.url, e.title or e.url) }}{% if e.view.evidence.accessed %}, accessed '
              '{{ e.view.evidence.accessed | md }}{% endif %}\n')
HTML_SNIPPET = ('<p class="ev-main dataset"><strong>{{ link(e.url, e.title or e.url) }}</strong></p>\n'
                '<p class="ev-meta" dir="ltr">Data set, accessed {{ e.view.evidence.accessed }}<br>\n')


@pytest.fixture
def dataset() -> Iterator[KindSpec]:
    spec = evidence_kinds.register(DATASET)
    try:
        yield spec
    finally:
        evidence_kinds.unregister(DATASET.value)


@pytest.fixture
def claim(tmp_path: Path) -> Iterator[tuple[Project, str]]:
    project = create_project(tmp_path / "convoy.fcw")
    outcome = doc_ops.import_data(project, ARTICLE.encode("utf-8"), "convoy.txt")
    assert outcome.document_id
    start, end = claim_ops.locate_quote(project, outcome.document_id, CLAIM_QUOTE)
    claim_id, _ = claim_ops.create_claim_from_passage(project, outcome.document_id, start, end,
                                                      claimant="Al-Mayadin local council")
    try:
        yield project, claim_id
    finally:
        project.close()


# ----- the registry ------------------------------------------------------------------------------------------
def test_every_kind_has_one_declaration_and_every_declaration_is_a_kind() -> None:
    assert [s.value for s in evidence_kinds.specs()] == [k.value for k in EvidenceKind]
    assert {k.value for k in EvidenceKind} == evidence_kinds.BUILT_IN
    for kind in EvidenceKind:
        spec = evidence_kinds.get(kind)
        assert spec.kind is kind and spec.label and spec.add_title and spec.csv_column
    assert [s.value for s in evidence_kinds.addable()] == ["url", "file", "note"]  # passages: from a selection


@pytest.mark.parametrize("spec", evidence_kinds.specs(), ids=lambda s: s.value)
def test_every_snippet_is_in_the_default_template(spec: KindSpec) -> None:
    for suffix in ("md.j2", "html.j2"):
        assert (TEMPLATES / "evidence" / f"{spec.snippet}.{suffix}").is_file()


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="not an evidence kind"):
        evidence_kinds.get("dataset")
    with pytest.raises(ValueError):
        EvidenceKind("dataset")
    with pytest.raises(ValueError, match="cannot be removed"):
        evidence_kinds.unregister("url")


def test_registering_makes_an_evidence_kind_and_unregistering_removes_it(dataset: KindSpec) -> None:
    kind = EvidenceKind("dataset")
    assert kind is dataset.kind and kind.value == "dataset" and kind == "dataset"
    assert list(EvidenceKind) == [EvidenceKind.PASSAGE, EvidenceKind.URL, EvidenceKind.FILE, EvidenceKind.NOTE]
    assert "dataset" in evidence_kinds.VALUES and dataset in evidence_kinds.addable()
    assert table.columns()[-1] == "dataset_evidence"
    evidence_kinds.unregister("dataset")
    with pytest.raises(ValueError):
        EvidenceKind("dataset")
    evidence_kinds.register(DATASET)  # for the fixture to remove


def test_fields_are_checked_as_declared() -> None:
    url = evidence_kinds.get("url")
    assert url.clean({"url": " https://a.example/x ", "title": " T "}) == {
        "url": "https://a.example/x", "accessed": evidence_kinds.today(), "title": "T", "note": ""}
    with pytest.raises(evidence_kinds.FieldError, match="not a web address"):
        url.clean({"url": "a.example"})
    with pytest.raises(evidence_kinds.FieldError, match="access date “2017-02-30” is not a date"):
        url.clean({"url": "https://a.example", "accessed": "2017-02-30"})
    with pytest.raises(evidence_kinds.FieldError, match="has no url"):
        evidence_kinds.get("note").clean({"url": "https://a.example", "note": "x"})
    with pytest.raises(evidence_kinds.FieldError, match="A note needs some text"):
        evidence_kinds.get("note").clean({"note": "  "})
    assert url.clean({"accessed": ""}, new=False) == {"accessed": ""}  # editing: no default


# ----- a new kind, end to end --------------------------------------------------------------------------------
def _export(report: Report, fmt: str) -> bytes:
    out = io.BytesIO()
    exporters.get(fmt).export(report, out)
    return out.getvalue()


def test_a_registered_kind_works_end_to_end(dataset: KindSpec, claim: tuple[Project, str], tmp_path: Path) -> None:
    project, claim_id = claim
    ev_id, _ = ev_ops.add_evidence(project, claim_id, "dataset", Stance.REFUTES,
                                   fields={"url": DATASET_URL, "accessed": "2017-11-15"},
                                   title="Relief Monitor convoy log, November 2017",
                                   note="Lists 26 trucks arriving on 14 November.", credibility=2,
                                   source="Relief Monitor")
    ev_ops.add_url_evidence(project, claim_id, "https://euphrates-desk.example/convoy", Stance.SUPPORTS,
                            title="Euphrates Desk report")
    for bad, match in (({"url": "relief-monitor.example"}, "not a web address"), ({"path": "x"}, "has no path")):
        with pytest.raises(BadArgument, match=match):
            ev_ops.add_evidence(project, claim_id, "dataset", Stance.SUPPORTS, fields=bad)
    with pytest.raises(BadArgument, match="stores no file"):
        ev_ops.add_evidence(project, claim_id, "dataset", Stance.SUPPORTS, fields={"url": DATASET_URL},
                            file=tmp_path / "x.csv")
    with pytest.raises(BadArgument, match="not added this way"):
        ev_ops.add_evidence(project, claim_id, "passage", Stance.SUPPORTS)
    # listed
    views = {v.evidence.id: v for v in ev_ops.evidence_views(project, claim_id)}
    view = views[ev_id]
    assert view.evidence.kind is EvidenceKind("dataset") and view.evidence.accessed == "2017-11-15"
    assert view.label == "Relief Monitor convoy log, November 2017"
    assert ev_ops.update_evidence(project, ev_id, fields={"accessed": "2017-11-16"})
    assert ev_ops.evidence_views(project, claim_id)[0].evidence.accessed == "2017-11-16"
    # reported: the carrier is the data set's web site
    report = reports.build_report(project)
    cr = report.claims[0]
    [item] = [e for e in cr.evidence if e.id == ev_id]
    assert item.snippet == "dataset" and item.summary == view.label
    origin = cr.corroboration.origin(ev_id)
    assert origin is not None and origin.label.startswith("Relief Monitor via ") and "convoy-watch" in origin.label
    # the template's snippet comes from a template folder of the user's
    folder = tmp_path / "templates" / "default" / "evidence"
    folder.mkdir(parents=True)
    (folder / "dataset.md.j2").write_text(MD_SNIPPET, encoding="utf-8")
    (folder / "dataset.html.j2").write_text(HTML_SNIPPET, encoding="utf-8")
    report = dataclasses.replace(report, template_dirs=(str(tmp_path / "templates"),))

    html = html5lib.parse(_export(report, "html"), treebuilder="etree", namespaceHTMLElements=False)
    [li] = [e for e in html.iter("li") if e.get("class") == "item-dataset"]
    link = next(a for a in li.iter("a"))
    assert link.get("href") == DATASET_URL and link.text == "Relief Monitor convoy log, November 2017"
    assert "Data set, accessed 2017-11-16" in "".join(li.itertext())
    assert "Relief Monitor" in "".join(li.itertext())  # the source line every kind has

    markdown = _export(report, "md").decode("utf-8")
    line = next(ln for ln in markdown.splitlines() if "Data set [" in ln)
    assert line.endswith(", accessed 2017-11-16") and line.startswith("1. Data set ")
    rendered = html5lib.parse(MarkdownIt("commonmark").render(markdown), treebuilder="etree",
                              namespaceHTMLElements=False)
    assert DATASET_URL in [a.get("href") for a in rendered.iter("a")]

    rows = list(csv.DictReader(io.StringIO(_export(report, "csv").decode("utf-8-sig"), newline="")))
    assert (rows[0]["dataset_evidence"], rows[0]["url_evidence"], rows[0]["passage_evidence"]) == ("1", "1", "0")

    annotations = json.loads(_export(report, "annotations"))
    targets = {a["target"]["source"]: a for a in annotations["first"]["items"] if a["motivation"] == "assessing"}
    assert list(targets) == [DATASET_URL]  # web pages have no annotation; the data set declares one
    assert targets[DATASET_URL]["id"] == f"urn:uuid:{ev_id}"
    assert "evidence-refutes" in [b.get("value") for b in targets[DATASET_URL]["body"]]
    assert isinstance(json.loads(_export(report, "claimreview")), list)


def test_a_kind_without_a_snippet_is_reported_as_a_note(dataset: KindSpec, claim: tuple[Project, str]) -> None:
    project, claim_id = claim
    ev_ops.add_evidence(project, claim_id, "dataset", "context", fields={"url": DATASET_URL},
                        title="Convoy log", note="26 trucks.")
    markdown = _export(reports.build_report(project), "md").decode("utf-8")
    assert "1. Convoy log: 26 trucks." in markdown.splitlines()


# ----- nothing outside the registry branches on a kind -------------------------------------------------------
ALLOWED: dict[str, str] = {
    # module (relative to workbench/) → why it may still compare against an EvidenceKind member
}


def _kind_member(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "EvidenceKind"
            and node.attr.isupper())


def _kind_branches(path: Path) -> list[str]:
    found: list[str] = []
    source = path.read_text(encoding="utf-8")
    if "EvidenceKind" not in source:
        return found
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_kind_member(n) for n in (node.left, *node.comparators)):
            found.append(f"line {node.lineno}: comparison")
        elif isinstance(node, ast.Dict) and any(k is not None and _kind_member(k) for k in node.keys):
            found.append(f"line {node.lineno}: table keyed by kind")
    return found


def test_no_module_outside_the_registry_branches_on_an_evidence_kind() -> None:
    found = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = str(path.relative_to(PKG))
        if rel == "domain/evidence_kinds.py" or rel in ALLOWED:
            continue
        hits = _kind_branches(path)
        if hits:
            found[rel] = hits
    assert found == {}


def test_no_template_branches_on_an_evidence_kind() -> None:
    kind_test = re.compile(r"\bkinds\.[A-Z]+\b|\.kind(\.value)?\s*(==|!=|is|in)\b")
    found = {str(p.relative_to(TEMPLATES)): kind_test.findall(p.read_text(encoding="utf-8"))
             for p in TEMPLATES.rglob("*.j2")}
    assert {k: v for k, v in found.items() if v} == {}
