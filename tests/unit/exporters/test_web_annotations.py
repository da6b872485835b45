"""W3C Web Annotation Data Model: every MUST for the properties the export uses
(https://www.w3.org/TR/annotation-model/), and selectors that point at the right code points."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from workbench.domain.model import PassageRole
from workbench.ops import documents as doc_ops
from workbench.ops.project import open_project

from .conftest import ARTICLE, BASE_URL, Exported
from .helpers import IRI, export

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
               "identifying", "linking", "moderating", "questioning", "replying", "tagging"}
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def contexts(obj: dict[str, Any]) -> list[str]:
    ctx = obj["@context"]
    return ctx if isinstance(ctx, list) else [ctx]


def types(obj: dict[str, Any]) -> list[str]:
    t = obj["type"]
    return t if isinstance(t, list) else [t]


def check_annotation(anno: dict[str, Any]) -> None:
    assert CONTEXT in contexts(anno)                      # MUST have the anno context
    assert isinstance(anno["id"], str) and IRI.match(anno["id"])  # MUST have exactly one IRI id
    assert "Annotation" in types(anno)                    # MUST have type Annotation
    assert anno["motivation"] in MOTIVATIONS
    assert DATETIME.match(anno["created"])                # xsd:dateTime in UTC
    bodies = anno["body"] if isinstance(anno["body"], list) else [anno["body"]]
    for body in bodies:
        if body["type"] == "TextualBody":
            assert isinstance(body["value"], str) and body["value"]  # MUST have exactly one value
        else:
            assert body["type"] == "SpecificResource" and IRI.match(body["source"])  # MUST have one source
        assert body["purpose"] in MOTIVATIONS
    targets = anno["target"] if isinstance(anno["target"], list) else [anno["target"]]
    assert targets                                          # MUST have at least one target
    for target in targets:
        assert target["type"] == "SpecificResource" and IRI.match(target["source"])
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and isinstance(quote["exact"], str) and quote["exact"]
        for key in ("prefix", "suffix"):
            assert isinstance(quote.get(key, ""), str)
        assert position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start <= end


def collection_of(report_bytes: bytes) -> dict[str, Any]:
    coll = json.loads(report_bytes)
    assert CONTEXT in contexts(coll) and "AnnotationCollection" in types(coll) and IRI.match(coll["id"])
    page = coll["first"]
    assert "AnnotationPage" in types(page) and IRI.match(page["id"]) and page["partOf"] == coll["id"]
    assert isinstance(page["items"], list) and coll["total"] == len(page["items"]) and coll["last"] == page["id"]
    return coll


def test_every_passage_is_an_annotation_that_meets_the_model(demo: Exported) -> None:
    coll = collection_of(export(demo.report, "annotations"))
    items = coll["first"]["items"]
    expected = sum(len(cr.appearances) + sum(1 for e in cr.evidence if e.quote) for cr in demo.report.claims)
    assert len(items) == expected > 10
    assert len({a["id"] for a in items}) == len(items)
    for anno in items:
        check_annotation(anno)


def test_roles_motivations_bodies_and_selectors(demo: Exported) -> None:
    items = {a["id"]: a for a in collection_of(export(demo.report, "annotations"))["first"]["items"]}
    project = open_project(demo.path, read_only=True)
    try:
        texts = {d.sha256: doc_ops.get_document(project, d.id).text for d in doc_ops.list_documents(project)}
    finally:
        project.close()
    for cr in demo.report.claims:
        roles = [(q, PassageRole.APPEARANCE, None) for q in cr.appearances]
        roles += [(e.quote, PassageRole.EVIDENCE, e) for e in cr.evidence if e.quote]
        for q, role, ev in roles:
            anno = items[f"urn:uuid:{q.link_id}"]
            bodies = anno["body"]
            link = next(b for b in bodies if b["purpose"] == "linking")
            assert link["source"] == f"{BASE_URL}#claim-{cr.id}"
            tag = next(b for b in bodies if b["purpose"] == "tagging")["value"]
            if role is PassageRole.APPEARANCE:
                assert anno["motivation"] == "highlighting" and tag == "claim-appearance"
                assert next(b for b in bodies if b["purpose"] == "describing")["value"].endswith(cr.claim.text)
            else:
                assert anno["motivation"] == "assessing" and tag == f"evidence-{ev.stance.value}"
                assert cr.claim.text in next(b for b in bodies if b["purpose"] == "assessing")["value"]
            target = anno["target"]
            text = texts[q.document.sha256]
            quote, position = target["selector"]
            assert text[position["start"] : position["end"]] == quote["exact"] == q.exact
            assert text[: position["start"]].endswith(quote.get("prefix", ""))
            assert text[position["end"] :].startswith(quote.get("suffix", ""))
            assert target["source"] == (q.document.url or f"urn:sha256:{q.document.sha256}")


def test_positions_count_code_points_and_unsafe_urls_become_hashes(hostile: Exported) -> None:
    coll = collection_of(export(hostile.report, "annotations"))
    project = open_project(hostile.path, read_only=True)
    try:
        doc = doc_ops.list_documents(project)[0]
        data_sha = doc.sha256
        text = doc_ops.get_document(project, doc.id).text
    finally:
        project.close()
    for anno in coll["first"]["items"]:
        check_annotation(anno)
        target = anno["target"]
        assert target["source"] == f"urn:sha256:{data_sha}"  # its URL is javascript:, not published
        quote, position = target["selector"]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        utf16_start = len(text[:start].encode("utf-16-le")) // 2
        assert utf16_start > start  # emoji before the passage: code points, not UTF-16 units
    assert data_sha == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()  # the original bytes' SHA-256
