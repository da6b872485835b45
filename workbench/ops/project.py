"""Use cases on the project as a whole: create, open, check, demo project."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path

from workbench.domain.model import Stance
from workbench.errors import ProjectError
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.store import claims as store_claims
from workbench.store import documents as store_docs
from workbench.store import passages as store_passages
from workbench.store.project import (
    PROJECT_SUFFIX,
    Project,
    check_header,
    check_schema,
    create_project,
    damage_as_error,
    integrity_problems,
    open_or_create,
    open_project,
)

__all__ = ["PROJECT_SUFFIX", "Project", "create_project", "open_or_create", "open_project"]


@dataclass(frozen=True, slots=True)
class CheckReport:
    ok: bool
    problems: list[str]
    documents: int = 0
    claims: int = 0
    passages: int = 0


def check(path: Path) -> CheckReport:
    """Full integrity check of a project file (read-only): header, schema, pages, keys, originals, offsets."""
    path = Path(path)
    try:
        check_header(path)
        project = open_project(path, read_only=True)
    except ProjectError as exc:
        return CheckReport(False, str(exc).splitlines())
    problems: list[str] = []
    try:
        with project.read() as db, damage_as_error(path):
            problems += check_schema(db, path) + integrity_problems(db, full=True)
            for doc in store_docs.list_summaries(db):
                if hashlib.sha256(store_docs.original(db, doc.id)).hexdigest() != doc.sha256:
                    problems.append(f"the original of “{doc.metadata.title}” no longer matches its SHA-256")
                text = store_docs.text(db, doc.id)
                for p in store_passages.for_document(db, doc.id):
                    if not p.orphan and text[p.start : p.end] != p.quote.exact:
                        problems.append(
                            f"passage {p.id[:8]} no longer matches its quote in “{doc.metadata.title}”")
            return CheckReport(not problems, problems, store_docs.count(db), store_claims.count(db),
                               store_passages.count(db))
    except ProjectError as exc:  # damage that only reading the rows reveals
        return CheckReport(False, [*problems, str(exc)])
    finally:
        project.close()


def samples_dir() -> Path:
    """The folder of sample articles shipped in resources/samples."""
    here = Path(__file__).resolve().parents[2] / "resources" / "samples"
    if here.is_dir():
        return here
    return Path(str(importlib_resources.files("workbench"))) / "resources" / "samples"


def build_demo(path: Path, samples: Path | None = None) -> Project:
    """Create a demo project from the sample articles and their claims.json."""
    samples = samples or samples_dir()
    project = create_project(path)
    files = sorted(samples.glob("*.txt"))
    outcomes, _ = doc_ops.import_files(project, files)
    by_name = {Path(o.path).name: o.document_id for o in outcomes if o.document_id}
    spec = json.loads((samples / "claims.json").read_text(encoding="utf-8"))
    for item in spec:
        doc_id = by_name[item["document"]]
        start, end = claim_ops.locate_quote(project, doc_id, item["quote"])
        claim_id, _ = claim_ops.create_claim_from_passage(
            project, doc_id, start, end, text=item.get("text"), claimant=item.get("claimant"))
        for ev in item.get("evidence", []):
            ev_doc = by_name[ev["document"]]
            s, e = claim_ops.locate_quote(project, ev_doc, ev["quote"])
            claim_ops.add_passage_evidence(project, claim_id, ev_doc, s, e, Stance(ev["stance"]))
    return project
