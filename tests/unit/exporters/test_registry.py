"""The registry, atomic writes, and report templates (choice, fallback, sandbox, errors)."""

from __future__ import annotations

import io
import os
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import pytest

from workbench import exporters
from workbench.errors import BadArgument, KnownError
from workbench.exporters.base import Exporter
from workbench.exporters.model import Report
from workbench.exporters.templates import available

from .conftest import HOSTILE_TITLE, Exported
from .helpers import export, parse_html, text


def test_every_format_is_documented() -> None:
    assert {"html", "md", "csv", "claimreview", "annotations", "bundle"} <= set(exporters.names())
    for exp in exporters.available():
        assert exp.title and len(exp.description) > 40 and "/" in exp.media_type
        assert exp.suffix.startswith(".") or (exp.directory and exp.suffix == "")  # a folder (the site) has none


def test_unknown_format_names_the_formats() -> None:
    with pytest.raises(BadArgument, match=r"“docx” is not an export format .*html"):
        exporters.get("docx")


def test_writing_to_a_path_is_atomic(demo: Exported, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("the previous report")

    def broken(report: Report, out: BinaryIO) -> None:
        out.write(b"<html>half a report")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        Exporter("broken", "Broken", "fails half-way", ".html", "text/html", broken).export(demo.report, target)
    assert target.read_text() == "the previous report"
    assert os.listdir(tmp_path) == ["report.html"]
    exporters.get("html").export(demo.report, target)
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")


def write_template(folder: Path, name: str, body: str, file: str = "report.html.j2") -> None:
    (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / name / file).write_text(body, encoding="utf-8")


def test_a_newsroom_template_is_used_autoescaped_with_default_as_fallback(hostile: Exported, tmp_path: Path) -> None:
    write_template(tmp_path, "newsroom", "<h1 class='mast'>{{ report.title }}</h1>{% for cr in claims %}"
                                         "<p>{{ cr.claim.text }}</p>{% endfor %}")
    assert available([tmp_path]) == ["default", "newsroom"]
    report = replace(hostile.report, template="newsroom", template_dirs=(str(tmp_path),))
    root = parse_html(export(report, "html"))
    assert text(root.find(".//h1")) == HOSTILE_TITLE and root.find(".//script") is None
    assert export(report, "md").startswith(b"# ")  # the newsroom has no Markdown template: default's


def test_a_template_cannot_reach_python_internals(demo: Exported, tmp_path: Path) -> None:
    write_template(tmp_path, "sneaky", "{{ report.__class__.__init__.__globals__ }}")
    report = replace(demo.report, template="sneaky", template_dirs=(str(tmp_path),))
    with pytest.raises(KnownError, match="“sneaky” cannot be used"):
        export(report, "html")


def test_a_broken_template_is_a_clear_error(demo: Exported, tmp_path: Path) -> None:
    write_template(tmp_path, "broken", "{% for x in %}")
    report = replace(demo.report, template="broken", template_dirs=(str(tmp_path),))
    with pytest.raises(KnownError, match=r"“broken” cannot be used: report.html.j2 \(line 1\)"):
        export(report, "html")


def test_exporting_to_a_stream(demo: Exported) -> None:
    out = io.BytesIO()
    exporters.get("csv").export(demo.report, out)
    assert out.getvalue().startswith(b"\xef\xbb\xbfid,claim")
