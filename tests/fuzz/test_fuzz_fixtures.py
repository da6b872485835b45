"""Every crash fuzzing ever found (tests/fixtures/fuzz/) is replayed: each must now import cleanly or be
refused with the clear error (see tests/fixtures/fuzz/README.md)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fuzz.harness import CRASHES, check_document, read_back
from workbench import importers
from workbench.errors import BadArgument, ImportRejected
from workbench.importers.base import Limits
from workbench.importers.docx import extract_docx
from workbench.importers.html import extract_html
from workbench.importers.markdown import import_markdown
from workbench.importers.text import import_text
from workbench.ops import bundle as bundle_ops
from workbench.ops.project import create_project

# file name → why it still fails (a strict xfail: the day it is fixed, the test says so); none today
KNOWN_UNFIXED: dict[str, str] = {}


def _in_process() -> Callable[[bytes, str, Limits], object]:
    here = getattr(importers, "import_here", None)
    return here if here is not None else importers.import_bytes


def _document(fn: Callable[[bytes, str, Limits], object], suffix: str) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        name = f"replayed{suffix}"
        try:
            doc = fn(data, name, Limits())
        except ImportRejected as error:
            assert error.name == name and error.reason
            return
        check_document(doc, name)  # type: ignore[arg-type]

    return run


def _bundle(data: bytes, as_file: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-replay-") as folder:
        project = create_project(Path(folder) / "replay.fcw")
        try:
            if as_file:
                path = Path(folder) / "replayed.json"
                path.write_bytes(data)
                doc = bundle_ops.read_bundle_file(path)
                if doc is not None:
                    bundle_ops.import_bundle(project, doc, path.name)
            else:
                bundle_ops.import_bundle(project, data, "replayed.json")
            read_back(project)  # imported: the app must be able to read it all
        except BadArgument:
            return
        finally:
            project.close()


def replay(path: Path) -> None:
    target = path.stem.rsplit("-", 1)[0]
    suffix = path.suffix
    data = path.read_bytes()
    runners: dict[str, Callable[[bytes], None]] = {
        "text": _document(import_text, suffix), "markdown": _document(import_markdown, suffix),
        "html": _document(extract_html, suffix), "docx": _document(extract_docx, suffix),
        "dispatch": _document(_in_process(), suffix), "pdf": _document(importers.import_bytes, suffix),
        "bundle": lambda d: _bundle(d, as_file=True), "bundle-tree": lambda d: _bundle(d, as_file=False),
    }
    assert target in runners, f"{path.name}: unknown fuzz target {target!r}"
    runners[target](data)


def _fixtures() -> list[object]:
    files = sorted(p for p in CRASHES.glob("*") if p.is_file() and p.suffix != ".why" and p.name != "README.md")
    return [pytest.param(p, id=p.name, marks=[pytest.mark.xfail(reason=KNOWN_UNFIXED[p.name], strict=True)]
                         if p.name in KNOWN_UNFIXED else []) for p in files]


@pytest.mark.parametrize("path", _fixtures())
def test_a_crash_found_by_fuzzing_stays_fixed(path: Path) -> None:
    replay(path)


def test_every_known_unfixed_crash_has_its_file() -> None:
    assert all((CRASHES / name).is_file() for name in KNOWN_UNFIXED)
