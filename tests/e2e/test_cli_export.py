"""``workbench export``, ``workbench settings`` and bundles given to ``workbench import``, run as subprocesses."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from pypdf import PdfReader

from workbench.ops import claims as claim_ops
from workbench.ops.project import build_demo, open_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("cli-export-dirs")
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(base / "config"), "WORKBENCH_DATA_DIR": str(base / "data"),
            "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}


def run(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    path = tmp_path_factory.mktemp("cli-export") / "demo.fcw"
    build_demo(path).close()
    result = run(env, "settings", path, "--author", "Euphrates Check Desk", "--base-url",
                 "https://check.example.org/tal-sarmin", "--title", "Tal Sarmin checked")
    assert result.returncode == 0, result.stderr
    return path


def claims_json(env: dict[str, str], project: Path, what: str = "claims") -> list[dict[str, object]]:
    result = run(env, "list", project, what, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_settings_show_set_and_refuse(env: dict[str, str], demo: Path) -> None:
    shown = run(env, "settings", demo)
    assert shown.returncode == 0
    assert shown.stdout.splitlines() == ["author: Euphrates Check Desk", "base url: https://check.example.org/tal-sarmin",
                                         "title: Tal Sarmin checked", "template: default"]
    as_json = json.loads(run(env, "settings", demo, "--json").stdout)
    assert as_json["templates"] == ["default"] and as_json["author"] == "Euphrates Check Desk"
    bad = run(env, "settings", demo, "--base-url", "javascript:alert(1)")
    assert bad.returncode == 2 and "not a base URL" in bad.stderr
    bad = run(env, "settings", demo, "--template", "../../etc")
    assert bad.returncode == 2 and "not a template name" in bad.stderr


def test_list_formats(env: dict[str, str]) -> None:
    result = run(env, "export", "--list-formats")
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "html", "site", "pdf", "md", "csv", "claimreview", "annotations", "hypothesis", "bundle"]


@pytest.mark.parametrize("fmt", ["html", "pdf", "md", "csv", "claimreview", "annotations"])
def test_each_format(env: dict[str, str], demo: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    if fmt == "claimreview":  # it needs the address the fact checks are published at
        copy = tmp_path.parent / "demo-with-url.fcw"
        shutil.copyfile(demo, copy)
        demo = copy
        assert run(env, "settings", demo, "--base-url", "https://checks.example/demo/").returncode == 0
    result = run(env, "export", demo, "--format", fmt, "-o", out, "--include-drafts")  # the demo's are not final
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    data = out.read_bytes()
    project = open_project(demo, read_only=True)
    try:
        claims = claim_ops.list_claims(project)
    finally:
        project.close()
    first = claims[0].claim.text
    if fmt == "html":
        root = html5lib.parse(data, namespaceHTMLElements=False)
        assert len(root.findall(".//article")) == len(claims)
        assert first in "".join(root.itertext())
    elif fmt == "pdf":
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
        assert "".join(first.split()) in text
    elif fmt == "md":
        assert f"“{first}”" in data.decode()
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert [r["claim"] for r in rows] == [c.claim.text for c in claims]
    elif fmt == "claimreview":
        assert {r["claimReviewed"] for r in json.loads(data)} <= {c.claim.text for c in claims}
        assert "claim(s) have no rating" in result.stderr or all(c.claim.rating for c in claims)
    else:
        assert json.loads(data)["type"] == "AnnotationCollection"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left


def test_claims_given_by_prefix(env: dict[str, str], demo: Path, tmp_path: Path) -> None:
    claims = claims_json(env, demo)
    out = tmp_path / "two.csv"
    result = run(env, "export", demo, "--format", "csv", "--claim", str(claims[2]["id"])[:8],
                 "--claim", str(claims[0]["id"]), "-o", out, "--json", "--include-drafts")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims"] == [claims[2]["id"], claims[0]["id"]]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == [claims[2]["id"], claims[0]["id"]]


def test_errors(env: dict[str, str], demo: Path, tmp_path: Path) -> None:
    result = run(env, "export", demo, "--format", "docx", "-o", tmp_path / "x.docx")
    assert result.returncode == 2 and "not an export format" in result.stderr
    result = run(env, "export", demo, "--format", "html")
    assert result.returncode == 2 and "-o OUT" in result.stderr
    result = run(env, "export", demo, "--format", "html", "-o", tmp_path / "no-such-folder" / "r.html")
    assert result.returncode == 2 and "could not be written" in result.stderr
    assert not (tmp_path / "no-such-folder").exists()


def test_bundle_round_trip_through_the_command_line(env: dict[str, str], demo: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "demo-bundle.json"
    assert run(env, "export", demo, "--format", "bundle", "-o", bundle).returncode == 0
    copy = tmp_path / "copy.fcw"
    first = run(env, "import", copy, bundle)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"bundle    {bundle}: added 5 documents")
    for what in ("claims", "documents", "sources", "evidence"):
        assert claims_json(env, copy, what) == claims_json(env, demo, what), what
    assert run(env, "settings", copy).stdout == run(env, "settings", demo).stdout
    again = run(env, "import", copy, bundle, "--json")
    assert again.returncode == 0
    [outcome] = json.loads(again.stdout)
    assert outcome["status"] == "duplicate" and not outcome["added"] and outcome["duplicates"]["claims"] == 5
    check = run(env, "check", copy)
    assert check.returncode == 0, check.stdout


def test_a_damaged_bundle_is_rejected_and_nothing_is_imported(env: dict[str, str], demo: Path,
                                                             tmp_path: Path) -> None:
    bundle = tmp_path / "damaged.json"
    assert run(env, "export", demo, "--format", "bundle", "-o", bundle).returncode == 0
    data = json.loads(bundle.read_text(encoding="utf-8"))
    data["tables"]["documents"][0]["sha256"] = "0" * 64
    bundle.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "target.fcw"
    result = run(env, "import", target, bundle)
    assert result.returncode == 1
    assert result.stdout.startswith(f"rejected  {bundle}:") and "SHA-256" in result.stdout
    assert claims_json(env, target, "documents") == []


@pytest.mark.parametrize("command", ["export", "settings"])
def test_help(env: dict[str, str], command: str) -> None:
    result = run(env, command, "--help")
    assert result.returncode == 0 and result.stdout.startswith(f"usage: workbench {command}")
