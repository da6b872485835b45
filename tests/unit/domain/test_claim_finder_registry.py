"""Through the ops and the command line: claimants resolved to the registry's sources by alias, suggestions
most check-worthy first, opinions and headlines marked in the text and --json output (issue 12, 3 and 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workbench.ops import documents as doc_ops
from workbench.ops import search as search_ops
from workbench.ops import sources as source_ops
from workbench.ops.project import create_project

ROOT = Path(__file__).resolve().parents[3]
ARTICLE = ROOT / "tests" / "fixtures" / "claims" / "dev" / "d08-prison.txt"


def test_registry_alias_ranking_and_cli_output(tmp_path: Path) -> None:
    path = tmp_path / "case.fcw"
    project = create_project(path)
    try:
        source_ops.create_source(project, "Syrian Observatory for Human Rights", aliases=["SOHR", "the Observatory"])
        outcomes, _ = doc_ops.import_files(project, [ARTICLE])
        doc_id = outcomes[0].document_id
        found = search_ops.suggest_claims(project, doc_id)
        assert "Syrian Observatory for Human Rights" in {s.claimant for s in found}
        kinds = [s.kind for s in found]
        assert kinds == sorted(kinds, key=lambda k: {"claim": 0, "opinion": 1, "headline": 2}[k])
        claims = [s for s in found if s.kind == "claim"]
        assert [s.score for s in claims] == sorted((s.score for s in claims), reverse=True)
        claim_id, _ = search_ops.make_claim(project, doc_id,
                                            next(s for s in found if s.claimant.startswith("Syrian Observatory")))
        assert len(source_ops.list_sources(project)) >= 1
        assert claim_id
    finally:
        project.close()
    base = tmp_path / "home"
    env = {**os.environ, "WORKBENCH_CONFIG_DIR": str(base / "config"), "WORKBENCH_DATA_DIR": str(base / "data")}

    def run(*args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "workbench", *args], env=env, cwd=ROOT, capture_output=True,
                             text=True, encoding="utf-8", timeout=60, check=False)
        assert out.returncode == 0, out.stderr
        return out.stdout

    rows = json.loads(run("suggest", str(path), "claims", "--document", doc_id[:8], "--json"))
    assert rows and {"kind", "checkworthiness"} <= set(rows[0])
    assert rows[0]["kind"] == "claim" and rows[0]["checkworthiness"] >= rows[1]["checkworthiness"]
    text = run("suggest", str(path), "claims", "--document", doc_id[:8])
    assert "check-worthiness" in text and ("[opinion]" in text or "[headline]" in text)
