"""The desk's sign-off rule (``ops.desk``) as ``ops.verdicts.set_verdict`` applies it, the sign-off record it
writes, and assignment. The person working is the saved profile (``workbench.identity``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import identity
from workbench.domain.model import ClaimStatus
from workbench.errors import BadArgument
from workbench.ops import claims as claim_ops
from workbench.ops import desk, verdicts
from workbench.ops import documents as doc_ops
from workbench.store.project import Project

KHIRBET = Path(__file__).resolve().parents[2] / "fixtures" / "ops" / "khirbet-nour-clashes.txt"


def be(name: str, organisation: str = "") -> None:
    identity.save_profile(identity.Profile(name, organisation))


@pytest.fixture
def claim(project: Project) -> str:
    (outcome,), _ = doc_ops.import_files(project, [KHIRBET])
    start, end = claim_ops.locate_quote(project, outcome.document_id, "captured the grain mill")
    claim_id, _ = claim_ops.create_claim_from_passage(project, outcome.document_id, start, end)
    return str(claim_id)


def status(project: Project, claim_id: str, value: str) -> None:
    verdicts.set_verdict(project, claim_id, status=value)


def test_no_signoff_allows_any_change_and_records_who_made_it_final(project: Project, claim: str) -> None:
    be("Lina Haddad", "Night Desk")
    assert desk.get_settings(project) == desk.DeskSettings("none", (), ())
    status(project, claim, "final")  # straight from draft
    c = claim_ops.get_claim(project, claim)
    assert (c.status, c.reviewed_by, c.submitted_by) == (ClaimStatus.FINAL, "Lina Haddad (Night Desk)", "")
    assert c.reviewed_at == c.updated_at and c.reviewed_at.endswith("Z")
    status(project, claim, "draft")  # leaving final clears who made it final
    c = claim_ops.get_claim(project, claim)
    assert (c.reviewed_by, c.reviewed_at) == ("", "")
    status(project, claim, "review")
    status(project, claim, "final")  # the same person, allowed without a rule: the record says who
    c = claim_ops.get_claim(project, claim)
    assert c.submitted_by == c.reviewed_by == "Lina Haddad (Night Desk)"


def test_second_reader_rule(project: Project, claim: str) -> None:
    desk.set_settings(project, signoff="second")
    be("Lina Haddad", "Night Desk")
    with pytest.raises(BadArgument, match=r"sign-off rule \(a second reader\) does not let a draft become final"):
        status(project, claim, "final")
    status(project, claim, "review")
    c = claim_ops.get_claim(project, claim)
    assert (c.status, c.submitted_by, c.reviewed_by) == (ClaimStatus.REVIEW, "Lina Haddad (Night Desk)", "")
    assert c.submitted_at
    with pytest.raises(BadArgument, match=r"Lina Haddad \(Night Desk\) sent this verdict to review, so someone "
                                          "else must make it final"):
        status(project, claim, "final")
    assert claim_ops.get_claim(project, claim) == c  # refused: nothing changed
    be("Omar Khalil")
    status(project, claim, "final")
    c = claim_ops.get_claim(project, claim)
    assert (c.status, c.submitted_by, c.reviewed_by) == (ClaimStatus.FINAL, "Lina Haddad (Night Desk)",
                                                         "Omar Khalil")
    status(project, claim, "review")  # back to review: Omar sent it now, and nobody has made it final
    c = claim_ops.get_claim(project, claim)
    assert (c.submitted_by, c.reviewed_by, c.reviewed_at) == ("Omar Khalil", "", "")
    verdicts.set_verdict(project, claim, rating="False")  # other verdict fields are not the rule's business
    assert claim_ops.get_claim(project, claim).rating == "False"


def test_listed_reviewers_alone_may_make_a_verdict_final(project: Project, claim: str) -> None:
    desk.set_settings(project, signoff="second", reviewers="Rana Aziz; Omar Khalil (Valley Desk)")
    be("Lina Haddad")
    status(project, claim, "review")
    be("Sami Darwish")
    with pytest.raises(BadArgument, match=r"only its reviewers \(Rana Aziz, Omar Khalil \(Valley Desk\)\) may make "
                                          r"a verdict final, and Sami Darwish is not one of them"):
        status(project, claim, "final")
    be("omar khalil", "Valley Desk")  # the display form matches, in any case
    status(project, claim, "final")
    assert claim_ops.get_claim(project, claim).reviewed_by == "omar khalil (Valley Desk)"


def test_desk_settings_are_checked_and_recorded(project: Project) -> None:
    assert desk.set_settings(project, signoff="second", members="Lina Haddad;; Omar Khalil\nlina haddad")
    assert desk.get_settings(project) == desk.DeskSettings("second", (), ("Lina Haddad", "Omar Khalil"))
    assert not desk.set_settings(project, signoff="second")  # unchanged
    with pytest.raises(BadArgument, match="“third” is not a sign-off rule: use none or second"):
        desk.set_settings(project, signoff="third")
    with pytest.raises(BadArgument, match="Reviewers: “Omar\tKhalil”: Your name contains control characters"):
        desk.set_settings(project, reviewers="Omar\tKhalil")
    desk.set_settings(project, signoff="none", members="")
    assert desk.get_settings(project) == desk.DeskSettings()


def test_assign_and_mine(project: Project, claim: str) -> None:
    be("Lina Haddad", "Night Desk")
    assert desk.assign(project, claim, "  Lina   Haddad ")
    assert claim_ops.get_claim(project, claim).assignee == "Lina Haddad"
    assert desk.mine("Lina Haddad") and desk.mine("lina haddad") and not desk.mine("") and not desk.mine("Omar")
    assert not desk.assign(project, claim, "Lina Haddad")  # unchanged
    history = claim_ops.claim_history(project, claim)
    assert (history[-1].before, history[-1].after) == ({"assignee": ""}, {"assignee": "Lina Haddad"})
    with pytest.raises(BadArgument, match="control characters"):
        desk.assign(project, claim, "Omar\nKhalil")
    desk.assign(project, claim, "")
    assert claim_ops.get_claim(project, claim).assignee == ""
    rows = claim_ops.list_claims(project)
    assert rows[0].claim.assignee == ""
