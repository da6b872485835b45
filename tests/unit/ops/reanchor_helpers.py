"""The article of issue 16 item 2 in two versions, with claims on it (ops, command line and window tests).

``tests/fixtures/reanchor/marashida-v1.txt`` and ``-v2.txt`` are our own article in the style of the seeds
(same title, so the second is a new version of the first). Between them:

- "also confirmed that the village was under the control" became "also stated that the village remained under
  the control" (the issue's wording change): the claim's quote must wait for review;
- "at least 3 civilians" became "at least 4 civilians" (a digit): to review;
- the Amaq paragraph was deleted: an orphan;
- a non-breaking space and a double space crept into two other passages (white space only): moved;
- an UPDATE line was inserted at the top (every offset shifts): the opening sentence moves unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.store.project import Project

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reanchor"
V1 = FIXTURES / "marashida-v1.txt"
V2 = FIXTURES / "marashida-v2.txt"

ISSUE_OLD = "also confirmed that the village was under the control"
ISSUE_NEW = "also stated that the village remained under the control"

QUOTES = {
    "control": "A military source quoted by SANA also confirmed that the village was under the control of "
               "government forces by noon.",
    "wounded": "at least 3 civilians were wounded by mortar fire",
    "ambush": "its militants had ambushed an SDF patrol near Gharanij, killing 7 of them",
    "dawn": "entered al-Marashida at dawn after a brief exchange of fire",
    "denial": "its fighters “repelled an infiltration attempt” and that no government troops had crossed the river",
    "tensions": "Tensions flared again on the east bank of the Euphrates on Sunday",
}
NEW_TEXT = {
    "control": QUOTES["control"].replace(ISSUE_OLD, ISSUE_NEW),
    "wounded": "at least 4 civilians were wounded by mortar fire",
    "dawn": "entered al-Marashida at dawn after a brief\u00a0exchange of fire",
    "denial": QUOTES["denial"].replace("” and", "”  and"),
    "tensions": QUOTES["tensions"],
}
EXPECTED = {"control": "review", "wounded": "review", "ambush": "orphan", "dawn": "moved", "denial": "moved",
            "tensions": "exact"}


@dataclass(frozen=True)
class Case:
    old_id: str
    claims: dict[str, str]  # key of QUOTES → claim id
    passages: dict[str, str]  # key of QUOTES → passage id
    evidence_passage: str  # the "control" quote is also evidence (refutes) for the "denial" claim


def import_file(project: Project, path: Path) -> doc_ops.ImportOutcome:
    outcome = doc_ops.import_data(project, path.read_bytes(), path.name)
    assert outcome.status is doc_ops.ImportStatus.IMPORTED, outcome
    return outcome


def passage_of(project: Project, claim_id: str) -> str:
    links = claim_ops.claim_links(project, claim_id)
    return next(link.passage.id for link in links if link.passage is not None)


def with_claims(project: Project) -> Case:
    """Import the first version and make one claim per quote; the "control" quote is also evidence."""
    old_id = import_file(project, V1).document_id
    claims, passages = {}, {}
    for key, quote in QUOTES.items():
        start, end = claim_ops.locate_quote(project, old_id, quote)
        claims[key], _ = claim_ops.create_claim_from_passage(project, old_id, start, end)
        passages[key] = passage_of(project, claims[key])
    start, end = claim_ops.locate_quote(project, old_id, QUOTES["control"])
    claim_ops.add_passage_evidence(project, claims["denial"], old_id, start, end, Stance.REFUTES)
    evidence = next(link.passage.id for link in claim_ops.claim_links(project, claims["denial"])
                    if link.passage is not None and link.passage.id != passages["denial"])
    return Case(old_id, claims, passages, evidence)


def passage_row(project: Project, passage_id: str) -> tuple[str, int, int, str, int, int]:
    """(document, start, end, exact, orphan, needs_review) as stored."""
    with project.read() as db:
        row = db.execute('SELECT document_id, start, "end", exact, orphan, needs_review FROM passages WHERE id = ?',
                         [passage_id]).fetchone()
    return (str(row[0]), int(row[1]), int(row[2]), str(row[3]), int(row[4]), int(row[5]))
