"""The ``hypothesis`` export: bodies for Hypothesis' POST /api/annotations, checked against a JSON Schema written
from h's own (``h/schemas/annotation.py``, ``AnnotationSchema``, plus what ``CreateAnnotationSchema`` requires:
a non-empty ``uri``) — not against a live server. Positions count UTF-16 code units."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain import annotation_formats as formats
from workbench.domain.model import Passage
from workbench.domain.offsets import OffsetMap
from workbench.domain.selectors import make_quote
from workbench.exporters import get
from workbench.exporters import hypothesis as hyp
from workbench.exporters.model import DocumentInfo, Quote
from workbench.ops import annotations as annotation_ops
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import reports, verdicts
from workbench.ops.project import create_project

SELECTORS = {"type": "array", "items": {"type": "object", "properties": {"type": {"type": "string"}},
                                        "required": ["type"]}}
# h's AnnotationSchema (document, group, permissions, references, tags, target, text, uri, metadata), made
# stricter where CreateAnnotationSchema is (uri required, non-empty) and where this export promises more.
H_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["uri", "target", "text", "group"],
    "properties": {
        "document": {"type": "object", "properties": {
            "title": {"type": "array", "items": {"type": "string"}},
            "dc": {"type": "object", "properties": {"identifier": {"type": "array", "items": {"type": "string"}}}},
            "link": {"type": "array", "items": {"type": "object", "properties": {
                "href": {"type": "string"}, "type": {"type": "string"}}, "required": ["href"]}}}},
        "group": {"type": "string", "minLength": 1},
        "permissions": {"type": "object", "patternProperties": {"^(admin|delete|read|update)$": {
            "type": "array", "items": {"type": "string", "pattern": "^(acct:|group:).+$"}}},
            "required": ["read"]},
        "references": {"type": "array", "items": {"type": "string"}},
        "tags": {"type": "array", "items": {"type": "string"}},
        "target": {"type": "array", "minItems": 1, "items": {"type": "object", "properties": {
            "source": {"type": "string", "pattern": "^https?://"}, "selector": SELECTORS},
            "required": ["source", "selector"]}},
        "text": {"type": "string"},
        "uri": {"type": "string", "pattern": "^https?://\\S+$"},
        "metadata": {"type": "object"},
    },
    # what the API sets itself (from the token) or refuses to take from a client: never sent
    "not": {"anyOf": [{"required": [k]} for k in ("user", "id", "created", "updated", "links", "creator",
                                                  "@context", "motivation", "body")]},
}
SCHEMA: dict[str, Any] = {"type": "array", "items": H_SCHEMA}

TEXT = ("Deir Ezzor, 3 May 2018 — Local sources 📣 said the Khusham bridge 🌉🌉 was shelled at dawn.\n"
        "قالت مصادر محلية إن الجسر قُصف فجرًا 🔥 وفق ناشطين.\n"
        "The ministry denied that any unit fired on the bridge.\n")


def _project(tmp_path: Path, url: str = "https://valley-courier.example/khusham") -> tuple[Any, str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    article = tmp_path / "khusham.txt"
    article.write_text(TEXT, encoding="utf-8")
    project = create_project(tmp_path / "p.fcw")
    (outcome,), _ = doc_ops.import_files(project, [article])
    doc = outcome.document_id
    meta = doc_ops.get_document(project, doc).metadata
    doc_ops.update_metadata(project, doc, replace(meta, title="Khusham bridge", url=url))
    return project, doc


def _claims(project: Any, doc: str) -> list[tuple[int, int]]:
    ranges = []
    for quote in ("the Khusham bridge 🌉🌉 was shelled", "الجسر قُصف فجرًا 🔥", "denied that any unit fired"):
        ranges.append(claim_ops.locate_quote(project, doc, quote))
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc, *ranges[0], claimant="Local sources")
    claim_ops.add_appearance(project, claim_id, doc, *ranges[1])
    from workbench.domain.model import Stance

    claim_ops.add_passage_evidence(project, claim_id, doc, *ranges[2], Stance.REFUTES)
    verdicts.set_verdict(project, claim_id, rating="Unproven", status="final")
    return ranges


def _export(project: Any, group: str = "") -> tuple[list[dict[str, Any]], list[str]]:
    out = io.BytesIO()
    warnings = reports.export(project, "hypothesis", None, out, group=group)
    return json.loads(out.getvalue()), warnings


def test_registered_and_valid_against_hs_schema(tmp_path: Path) -> None:
    assert get("hypothesis").suffix == ".json"
    project, doc = _project(tmp_path)
    try:
        ranges = _claims(project, doc)
        items, warnings = _export(project)
    finally:
        project.close()
    jsonschema.validate(items, SCHEMA)
    assert warnings == [] and len(items) == 3
    first = items[0]
    assert first["uri"] == "https://valley-courier.example/khusham" == first["target"][0]["source"]
    assert first["group"] == "__world__" and first["permissions"] == {"read": ["group:__world__"]}
    assert first["document"] == {"title": ["Khusham bridge"]}
    assert first["text"].startswith("**Claim:** the Khusham bridge 🌉🌉 was shelled — **Verdict:** Unproven")
    assert "claim-appearance" in first["tags"]
    assert any("evidence-refutes" in i["tags"] and i["text"].startswith("**Refutes the claim:**") for i in items)
    offsets = OffsetMap(TEXT)
    for item, (start, end) in zip(items, ranges, strict=True):
        quote, position = item["target"][0]["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == TEXT[start:end]
        assert position == {"type": "TextPositionSelector", "start": offsets.to_utf16(start),
                            "end": offsets.to_utf16(end)}
        assert position["start"] > start  # astral characters before it: UTF-16 differs from code points
        # JavaScript's view: the UTF-16 slice of the text is the quote
        u16 = TEXT.encode("utf-16-le")
        assert u16[2 * position["start"] : 2 * position["end"]].decode("utf-16-le") == quote["exact"]
    arabic = items[1]["target"][0]["selector"][1]
    assert arabic["end"] - arabic["start"] == len(TEXT[ranges[1][0]:ranges[1][1]]) + 1  # 🔥 counts twice


def test_group_option_and_documents_without_url_left_out(tmp_path: Path) -> None:
    project, doc = _project(tmp_path, url="")
    try:
        _claims(project, doc)
        items, warnings = _export(project, group="abc123")
    finally:
        project.close()
    assert items == []
    assert len(warnings) == 1 and "“Khusham bridge”" in warnings[0] and "no http(s) URL" in warnings[0]
    project, doc = _project(tmp_path / "b")
    try:
        _claims(project, doc)
        items, _ = _export(project, group="abc123")
    finally:
        project.close()
    jsonschema.validate(items, SCHEMA)
    assert {i["group"] for i in items} == {"abc123"}
    assert {tuple(i["permissions"]["read"]) for i in items} == {("group:abc123",)}


def test_markdown_in_claims_is_escaped() -> None:
    assert hyp._md("[click](javascript:x) *bold*") == "\\[click\\]\\(javascript:x\\) \\*bold\\*"


ALPHABET = st.sampled_from([*"ab c\n.،", "ق", "ل", "ت", "🌉", "👍🏽", "🇸🇾", "é", "\u0301", "“", "”"])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_round_trip_of_positions(data: st.DataObject) -> None:
    """For random texts and ranges: export (UTF-16) → import onto the same text gives the same start/end."""
    text = data.draw(st.lists(ALPHABET, min_size=1, max_size=80).map("".join))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    passage = Passage("p", "d", start, end, make_quote(text, start, end))
    offsets = OffsetMap(text)
    q = Quote("l", passage, "", "", DocumentInfo("d", "T", url="https://x.example/a"), "",
              (offsets.to_utf16(start), offsets.to_utf16(end)))
    body = hyp._annotation(q, "https://x.example/a", "note", [], hyp.WORLD)
    jsonschema.validate([body], SCHEMA)
    (parsed,) = formats.parse([{**body, "id": "h1"}])
    assert parsed.units == formats.UTF16
    placed = annotation_ops.anchor(text, parsed)
    assert placed is not None and placed[:2] == (start, end)
