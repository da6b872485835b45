"""Use cases on the project as a whole: create, open, check, demo project."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from workbench import paths
from workbench.domain.model import Stance
from workbench.errors import KnownError, ProjectError
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as evidence_ops
from workbench.ops import sources as source_ops
from workbench.ops import verdicts as verdict_ops
from workbench.store import claims as store_claims
from workbench.store import documents as store_docs
from workbench.store import passages as store_passages
from workbench.store import versions as store_versions
from workbench.store.project import (
    PROJECT_SUFFIX,
    Project,
    check_header,
    check_schema,
    create_project,
    damage_as_error,
    integrity_problems,
)
from workbench.store.project import open_project as _open_checked

__all__ = ["PROJECT_SUFFIX", "Project", "create_project", "open_or_create", "open_project"]


@dataclass(frozen=True, slots=True)
class CheckReport:
    ok: bool
    problems: list[str]
    documents: int = 0
    claims: int = 0
    passages: int = 0
    orphans: int = 0
    needs_review: int = 0
    unused_passages: int = 0
    notes: list[str] = field(default_factory=list)


def open_project(path: Path, read_only: bool = False, *, allow_newer: bool = False,
                 check_content: bool = True) -> Project:
    """Open and check a project file; an older schema is backed up before it is upgraded.

    Raises the ``ProjectError`` subclasses of ``store.project.open_project``.
    """
    from workbench.ops import backup as backup_ops

    return _open_checked(Path(path), read_only, allow_newer=allow_newer,
                         before_migrate=backup_ops.before_migration, check_content=check_content)


def open_or_create(path: Path) -> Project:
    path = Path(path)
    return open_project(path) if path.exists() else create_project(path)


def _passage_notes(counts: dict[str, int]) -> list[str]:
    notes = []
    if counts["orphans"]:
        notes.append(f"{counts['orphans']} orphaned passage(s): not found in a newer version of their document "
                     "(kept on the old version; View ▸ Passages to Review)")
    if counts["needs_review"]:
        notes.append(f"{counts['needs_review']} passage(s) whose words changed in a new version wait for review "
                     "(View ▸ Passages to Review, or `workbench reanchor PROJECT`)")
    if counts["unused"]:
        notes.append(f"{counts['unused']} passage(s) no claim or evidence uses")
    return notes


def check(path: Path) -> CheckReport:
    """Full integrity check of a project file (read-only): header, schema, pages, keys, originals, offsets.

    Orphaned, to-review and unused passages are counted and described in ``notes``
    (they are not damage: ``ok`` does not depend on them).
    """
    path = Path(path)
    try:
        check_header(path)
        project = open_project(path, read_only=True, check_content=False)  # every row is checked below
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
            counts = store_versions.counts(db)
            return CheckReport(not problems, problems, store_docs.count(db), store_claims.count(db),
                               store_passages.count(db), counts["orphans"], counts["needs_review"],
                               counts["unused"], _passage_notes(counts))
    except ProjectError as exc:  # damage that only reading the rows reveals
        return CheckReport(False, [*problems, str(exc)])
    except KnownError as exc:  # a row listed but not found again: a damaged index
        return CheckReport(False, [*problems, f"{path.name} is damaged: {exc}"])
    finally:
        project.close()


def samples_dir() -> Path:
    """The folder of sample articles shipped in resources/samples (from source or a frozen bundle)."""
    from workbench.resources import resource_path

    return resource_path("samples")


def build_demo(path: Path, samples: Path | None = None) -> Project:
    """Create a demo project from the sample articles and their claims.json."""
    samples = samples or samples_dir()
    project = create_project(path)
    files = sorted(samples.glob("*.txt"))
    outcomes, _ = doc_ops.import_files(project, files)
    by_name = {Path(o.path).name: o.document_id for o in outcomes if o.document_id}
    spec = json.loads((samples / "claims.json").read_text(encoding="utf-8"))
    if isinstance(spec, list):  # the first format: claims only
        spec = {"sources": [], "claims": spec}
    for src in spec.get("sources", []):
        source_ops.create_source(project, src["name"], kind=src.get("kind", ""),
                                 affiliation=src.get("affiliation", ""), reliability=src.get("reliability", ""),
                                 aliases=src.get("aliases", []))
    for item in spec["claims"]:
        doc_id = by_name[item["document"]]
        start, end = claim_ops.locate_quote(project, doc_id, item["quote"])
        claim_id, _ = claim_ops.create_claim_from_passage(
            project, doc_id, start, end, text=item.get("text"), claimant=item.get("claimant"))
        for ev in item.get("evidence", []):
            grade, source, stance = ev.get("credibility"), ev.get("source"), Stance(ev["stance"])
            if "url" in ev:
                evidence_ops.add_url_evidence(project, claim_id, ev["url"], stance, title=ev.get("title", ""),
                                              credibility=grade, source=source)
            elif "note" in ev:
                evidence_ops.add_note_evidence(project, claim_id, ev["note"], stance, title=ev.get("title", ""),
                                               credibility=grade, source=source)
            else:
                ev_doc = by_name[ev["document"]]
                s, e = claim_ops.locate_quote(project, ev_doc, ev["quote"])
                claim_ops.add_passage_evidence(project, claim_id, ev_doc, s, e, stance, credibility=grade,
                                               source=source)
        if item.get("attribution"):
            verdict_ops.set_attribution(project, claim_id, item["attribution"])
        if item.get("tags"):
            verdict_ops.set_tags(project, claim_id, item["tags"])
        if any(k in item for k in ("rating", "rationale", "summary", "status")):
            verdict_ops.set_verdict(project, claim_id, rating=item.get("rating"), rationale=item.get("rationale"),
                                    summary=item.get("summary"), status=item.get("status"))
    return project


def ensure_demo_project() -> Path:
    """Return the demo project's path, building it from resources/samples on first use."""
    path = paths.demo_project_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".building")
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        project = build_demo(tmp)
        project.close()
        tmp.replace(path)
    return path
