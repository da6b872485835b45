"""The project bundle: export → import gives an equal project; duplicates are recognised; a damaged bundle is
refused with a message naming the problem, and nothing is written."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.domain.changes import Changes
from workbench.errors import BadArgument
from workbench.exporters.bundle import FORMAT, VERSION
from workbench.ops import bundle as bundle_ops
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops.project import Project, create_project
from workbench.store.dump import dump

from .conftest import ARTICLE, HOSTILE_CLAIM, Exported
from .helpers import export


def content(project: Project, *, drop_import_entry: bool = True) -> dict[str, list[dict[str, Any]]]:
    with project.read() as db:
        out = dump(db, include_history=True)
    out = {t: rows for t, rows in out.items() if not t.startswith("search")}
    out["settings"] = [r for r in out["settings"] if not r["key"].startswith("search_")]
    if drop_import_entry and out["history"] and out["history"][-1]["action"] == "bundle imported":
        out["history"] = out["history"][:-1]
    return out


@pytest.fixture(scope="module")
def demo_bundle(demo: Exported) -> dict[str, Any]:
    return json.loads(export(demo.report, "bundle"))


def test_round_trip_gives_an_equal_project(demo: Exported, demo_bundle: dict[str, Any], writable: Project) -> None:
    from workbench.ops.project import open_project

    result, changes = bundle_ops.import_bundle(writable, demo_bundle, "demo.json")
    assert changes == Changes.ALL
    original = open_project(demo.path, read_only=True)
    try:
        assert content(writable) == content(original, drop_import_entry=False)
    finally:
        original.close()
    assert result.added["documents"] == 5 and result.added["evidence_files"] == 1
    assert result.added["history"] == len(demo_bundle["tables"]["history"])
    history = content(writable, drop_import_entry=False)["history"]
    assert history[-1]["action"] == "bundle imported"
    assert "5 documents" in result.line()


def test_bundle_holds_originals_files_and_history(demo_bundle: dict[str, Any]) -> None:
    assert demo_bundle["format"] == FORMAT and demo_bundle["version"] == VERSION
    tables = demo_bundle["tables"]
    assert {"documents", "segments", "passages", "claims", "appearances", "evidence", "evidence_files", "sources",
            "source_aliases", "attribution", "claim_tags", "ratings", "settings", "history"} <= set(tables)
    for doc in tables["documents"]:
        import hashlib

        assert hashlib.sha256(base64.b64decode(doc["original"])).hexdigest() == doc["sha256"]
    assert base64.b64decode(tables["evidence_files"][0]["data"]).startswith(b"\x89PNG")
    assert demo_bundle["blob_columns"] == {"documents": ["original"], "evidence_files": ["data"]}


def test_importing_twice_recognises_every_row(demo_bundle: dict[str, Any], writable: Project) -> None:
    bundle_ops.import_bundle(writable, demo_bundle, "demo.json")
    before = content(writable, drop_import_entry=False)
    result, changes = bundle_ops.import_bundle(writable, demo_bundle, "demo.json")
    assert changes == Changes.NONE and not any(result.added.values()) and not any(result.conflicts.values())
    assert result.duplicates["documents"] == 5 and result.duplicates["claims"] == 5
    assert content(writable, drop_import_entry=False) == before


def test_into_an_existing_project_with_the_same_article_under_another_id(
        hostile: Exported, writable: Project) -> None:
    outcome = doc_ops.import_data(writable, ARTICLE.encode("utf-8"), "same-article.txt")
    own_doc = outcome.document_id
    bundle = json.loads(export(hostile.report, "bundle"))
    result, _ = bundle_ops.import_bundle(writable, bundle, "hostile.json")
    assert result.duplicates["documents"] == 1 and result.added.get("documents", 0) == 0
    docs = doc_ops.list_documents(writable)
    assert [d.id for d in docs] == [own_doc]
    claims = claim_ops.list_claims(writable)
    assert [c.claim.text for c in claims] == [HOSTILE_CLAIM, "-2+3 and @everyone\ttab"]
    assert all(c.document_ids == (own_doc,) for c in claims)  # the bundle's passages point to the project's copy
    assert [h.claim_id for h in claim_ops.highlights(writable, own_doc)]


def test_ratings_of_an_existing_project_are_kept_and_new_labels_appended(
        demo_bundle: dict[str, Any], writable: Project) -> None:
    from workbench.domain.model import Rating
    from workbench.ops import verdicts

    verdicts.save_rating_scale(writable, [Rating("Correct", "ok", "#2e7d32", 2), Rating("Wrong", "no", "#c62828", 1)])
    doc_ops.import_data(writable, b"Some other article about the Euphrates valley.", "other.txt")
    bundle_ops.import_bundle(writable, demo_bundle, "demo.json")
    labels = [r.label for r in verdicts.ratings(writable)]
    assert labels[:2] == ["Correct", "Wrong"] and "False" in labels and "Unproven" in labels


Mutation = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Mutation:
    def apply(b: dict[str, Any]) -> None:
        target = b
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return apply


def _drop(path: list[Any]) -> Mutation:
    def apply(b: dict[str, Any]) -> None:
        target = b
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return apply


def _flip_original(b: dict[str, Any]) -> None:
    raw = bytearray(base64.b64decode(b["tables"]["documents"][0]["original"]))
    raw[10] ^= 0x20
    b["tables"]["documents"][0]["original"] = base64.b64encode(bytes(raw)).decode()


def _orphan_evidence(b: dict[str, Any]) -> None:
    b["tables"]["evidence"][0]["claim_id"] = "00000000-0000-4000-8000-000000000000"


def _shift_passage(b: dict[str, Any]) -> None:
    b["tables"]["passages"][0]["start"] += 1


CORRUPTIONS: list[tuple[str, Mutation, str]] = [
    ("format", _set(["format"], "something-else"), "not a Fact-Check Workbench bundle"),
    ("version", _set(["version"], 2), "bundle format version 2 is not supported"),
    ("schema", _set(["schema_version"], 999), "newer version"),
    ("no tables", _drop(["tables"]), "no “tables”"),
    ("unknown table", _set(["tables", "gossip"], []), "unknown table “gossip”"),
    ("unknown field", _set(["tables", "claims", 0, "verdict_by"], "x"), "unknown field(s) verdict_by"),
    ("missing field", _drop(["tables", "claims", 0, "text"]), "lacks the required field(s) text"),
    ("wrong type", _set(["tables", "passages", 0, "start"], "12"), "“start” must be integer"),
    ("bad base64", _set(["tables", "documents", 0, "original"], "%%% not base64 %%%"), "not valid base64"),
    ("sha256", _flip_original, "do not match the SHA-256"),
    ("dangling reference", _orphan_evidence, "points to a missing claims"),
    ("moved passage", _shift_passage, "does not match its document's text"),
]


@pytest.mark.parametrize(("mutate", "message"), [(m, msg) for _n, m, msg in CORRUPTIONS],
                         ids=[n for n, _m, _msg in CORRUPTIONS])
def test_damaged_bundles_are_refused_and_nothing_is_written(
        demo_bundle: dict[str, Any], tmp_path: Path, mutate: Mutation, message: str) -> None:
    project = create_project(tmp_path / "target.fcw")
    try:
        doc_ops.import_data(project, b"An article already in the project, about Tal Sarmin.", "mine.txt")
        before = content(project, drop_import_entry=False)
        bad = copy.deepcopy(demo_bundle)
        mutate(bad)
        with pytest.raises(BadArgument) as info:
            bundle_ops.import_bundle(project, json.dumps(bad).encode(), "bad.json")
        assert message in str(info.value) and "bad.json" in str(info.value)
        assert content(project, drop_import_entry=False) == before
    finally:
        project.close()


@pytest.mark.parametrize(("data", "message"), [
    (b"\xff\xfe not utf-8", "not UTF-8"), (b"{not json", "not valid JSON"), (b"[1, 2]", "not a Fact-Check"),
])
def test_not_a_bundle_at_all(writable: Project, data: bytes, message: str) -> None:
    with pytest.raises(BadArgument, match=message):
        bundle_ops.import_bundle(writable, data, "x.json")


def test_recognising_a_bundle_file(demo: Exported, tmp_path: Path) -> None:
    path = tmp_path / "project.json"
    path.write_bytes(export(demo.report, "bundle"))
    assert bundle_ops.read_bundle_file(path) is not None
    other = tmp_path / "other.json"
    other.write_text('{"format": "something", "note": "fact-check-workbench-bundle"}')
    assert bundle_ops.read_bundle_file(other) is None
    assert bundle_ops.read_bundle_file(tmp_path / "project.txt") is None
