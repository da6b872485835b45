"""A project with the bridge articles, claims, sources and evidence, for the reasoning dialogs' tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import sources as source_ops
from workbench.ops import verdicts
from workbench.ops.project import create_project
from workbench.ui.session import Session

from .conftest import ARTICLES

CLAIM_QUOTE = "fighters of the Eastern Lions Brigade destroyed the only pontoon bridge near Abu Hamam"
DENIAL_QUOTE = "is intact and working normally"
SATELLITE_QUOTE = "a section of the pontoon bridge near Abou Hammam is missing"


@dataclass
class Case:
    session: Session
    docs: dict[str, str]  # file stem → document id
    claim_id: str  # claimed by Shaam Voice, relayed by Levant Dispatch, rated Unproven
    denial_id: str  # claimed by Al-Watan Today
    evidence_id: str  # passage evidence (refutes) from Euphrates Watch
    errors: list[str]


def _range(session: Session, doc_id: str, quote: str) -> tuple[int, int]:
    assert session.project is not None
    return claim_ops.locate_quote(session.project, doc_id, quote)


def build_case(tmp_path: Path) -> Case:
    """A new project in ``tmp_path`` with the two bridge articles, two rated claims and three sources."""
    session = Session()
    project = create_project(tmp_path / "case.fcw")
    session.set_project(project)
    errors: list[str] = []
    session.error.connect(errors.append)
    outcomes, _ = doc_ops.import_files(project, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    docs = {Path(o.path).stem: o.document_id for o in outcomes}
    report, followup = docs["bridge-report"], docs["bridge-followup"]
    claim_id, _ = claim_ops.create_claim_from_passage(project, report, *_range(session, report, CLAIM_QUOTE),
                                                      claimant="Shaam Voice")
    denial_id, _ = claim_ops.create_claim_from_passage(project, report, *_range(session, report, DENIAL_QUOTE),
                                                       text="The Abu Hamam pontoon bridge is intact.",
                                                       claimant="Al-Watan Today")
    verdicts.set_attribution(project, claim_id, ["Levant Dispatch"])
    verdicts.set_verdict(project, claim_id, rating="Unproven")
    verdicts.set_verdict(project, denial_id, rating="False")
    evidence_id, _ = claim_ops.add_passage_evidence(
        project, claim_id, followup, *_range(session, followup, SATELLITE_QUOTE), Stance.SUPPORTS, credibility=2,
        source="Euphrates Watch")
    claim_ops.add_passage_evidence(project, denial_id, followup, *_range(session, followup, SATELLITE_QUOTE),
                                   Stance.REFUTES, source="Euphrates Watch")
    wid = source_ops.resolve_source(project, "Euphrates Watch")
    source_ops.update_source(project, wid, kind="organisation", affiliation="independent", reliability="B",
                             aliases=["EW"], notes="Satellite imagery monitor.")
    sv = source_ops.resolve_source(project, "Shaam Voice")
    source_ops.update_source(project, sv, kind="outlet", affiliation="pro-opposition", reliability="D")
    return Case(session, docs, claim_id, denial_id, evidence_id, errors)


def open_case(tmp_path: Path) -> Iterator[Case]:
    """For a fixture: ``yield from open_case(tmp_path)`` (closes the project afterwards)."""
    made = build_case(tmp_path)
    yield made
    made.session.set_project(None)
