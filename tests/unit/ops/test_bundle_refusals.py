"""Telling a damaged project bundle from a document (issue 10, items 4 and 5): what is meant to be a bundle is
parsed as one and refused with the reason when damaged; other files are left to the document importers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.errors import BadArgument
from workbench.ops import bundle as bundle_ops

BUNDLE = json.dumps({"format": "fact-check-workbench-bundle", "version": 1, "schema_version": 1, "tables": {}},
                    indent=1).encode()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("deep.json", b'{"format": "fact-check-workbench-bundle", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "nested too deeply"),
    ("cut.json", BUNDLE[:40], "JSON ends at byte 40"),
    ("cut-early.json", BUNDLE[:12], "JSON ends at byte 12"),
    ("cut-in-string.json", BUNDLE[:20], "JSON ends at byte 20"),
    ("latin1.json", BUNDLE.replace(b'"tables"', b'"t\xe4bles"'), "is not UTF-8 (byte 0xe4 at byte"),
    ("utf16.json", "\ufeff".encode("utf-16-le") + BUNDLE.decode().encode("utf-16-le"), "byte-order mark says UTF-16"),
    ("utf16-nobom.json", BUNDLE.decode().encode("utf-16-le"), "is not UTF-8"),
    ("bundle.txt", BUNDLE[:-10], "JSON ends at byte"),
    ("broken.json", BUNDLE.replace(b'"version": 1', b'"version": 1,,'), "not valid JSON (Expecting"),
])
def test_a_damaged_bundle_is_refused_with_its_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(BadArgument) as info:
        bundle_ops.read_bundle_file(_write(tmp_path, name, data))
    assert str(info.value).startswith(f"{name} is a damaged project bundle: ")
    assert reason in str(info.value)


@pytest.mark.parametrize(("name", "data"), [
    ("article.json", b'{"headline": "Village retaken", "body": "Local sources said..."'),  # other JSON, even broken
    ("notes.txt", b"We exported the fact-check-workbench-bundle yesterday.\n"),
    ("empty.json", b""),
    ("other.json", b'{"format": "something", "note": "fact-check-workbench-bundle"}'),
])
def test_other_files_are_documents(tmp_path: Path, name: str, data: bytes) -> None:
    assert bundle_ops.read_bundle_file(_write(tmp_path, name, data)) is None


def test_a_bundle_is_recognised_whatever_its_name(tmp_path: Path) -> None:
    for name in ("project.json", "project.JSON", "project.bundle", "project"):
        doc = bundle_ops.read_bundle_file(_write(tmp_path, name, b"\xef\xbb\xbf" + BUNDLE))
        assert doc is not None and doc["format"] == "fact-check-workbench-bundle"


def test_a_bundle_costing_far_more_memory_than_its_size_is_refused_in_the_sandbox(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 30 MB of empty lists become ~10 million Python lists (~800 MB): parsed in the import sandbox, never here
    from workbench.importers.base import Limits

    monkeypatch.setattr(bundle_ops, "DEFAULT_LIMITS", Limits(memory_bytes=400 * 1024 * 1024))
    data = b'{"format": "fact-check-workbench-bundle", "x": [' + b"[]," * 10_000_000 + b"[]]}"
    with pytest.raises(BadArgument) as info:
        bundle_ops.read_bundle_file(_write(tmp_path, "lists.json", data))
    assert str(info.value) == ("lists.json cannot be read as a project bundle: it is too large to import safely: "
                               "reading it needed more than 400 MB of memory (the limit).")


# ------------------------------------------------------------------ found by fuzzing (tests/fuzz/test_fuzz_bundle.py)

SEED = json.loads((Path(__file__).resolve().parents[2] / "fuzz" / "seeds" / "bundle-small.json").read_bytes())


def _changed(table: str, column: str, value: object, row: int = 0) -> dict:
    import copy

    doc = copy.deepcopy(SEED)
    doc["tables"][table][row][column] = value
    return doc


@pytest.mark.parametrize(("table", "column", "value", "message"), [
    ("claims", "status", "0555ab5a-81be-4827-9bf9-f7adefacf8df", "“status” must be one of"),
    ("claims", "status", None, "“status” must not be null"),
    ("evidence", "stance", "agrees", "“stance” must be one of"),
    ("evidence", "kind", "video", "“kind” must be one of"),
    ("evidence", "credibility", 9, "“credibility” must be one of"),
    ("sources", "reliability", "Z", "“reliability” must be one of"),
    ("segments", "kind", "footer", "“kind” must be one of"),
    ("segments", "end", 10**6, "outside its document's text"),
    ("segments", "start", -3, "outside its document's text"),
    ("passages", "start", -3, "outside its document's text"),
    ("passages", "start", 2**70, "does not fit in 64 bits"),
    ("evidence", "credibility", -(2**63) - 1, "does not fit in 64 bits"),
    ("sources", "name", "Halab Echo \ud800", "not valid Unicode"),
    ("claims", "text", "\udfff", "not valid Unicode"),
    ("ratings", "value", 1.5, "must be integer"),
])
def test_a_bundle_value_the_app_cannot_read_is_refused(tmp_path: Path, table: str, column: str, value: object,
                                                        message: str) -> None:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops
    from workbench.ops.project import create_project

    project = create_project(tmp_path / "target.fcw")
    try:
        with pytest.raises(BadArgument) as info:
            bundle_ops.import_bundle(project, _changed(table, column, value), "fuzzed.json")
        assert "fuzzed.json" in str(info.value) and message in str(info.value), str(info.value)
        assert doc_ops.list_documents(project) == [] and claim_ops.list_claims(project) == []
    finally:
        project.close()


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("cut.json", BUNDLE[:40], "is a damaged project bundle: the JSON ends at byte 40"),
    ("latin1.json", BUNDLE.replace(b'"tables"', b'"t\xe4bles"'), "is a damaged project bundle: it is not UTF-8"),
    ("project.json", BUNDLE, "is a project bundle, not an article"),
    ("article.json", b'{"headline": "Village retaken"}', None),
    ("article.txt", b"Village retaken\n\nLocal sources said the army entered it.\n", None),
])
def test_the_document_path_refuses_bundles(name: str, data: bytes, reason: str | None) -> None:
    """The hook ``ops.documents.import_data`` needs (the GUI imports documents only)."""
    found = bundle_ops.document_refusal(data, name)
    assert (found is None) if reason is None else (found is not None and found.startswith(reason)), found
