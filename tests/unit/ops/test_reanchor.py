"""Re-anchoring use cases: a new version of a document is recognised and its passages moved."""

from __future__ import annotations

import pytest

from workbench.domain.changes import Changes
from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ops import reanchor as reanchor_ops
from workbench.ops import undo as undo_ops
from workbench.store.project import Project

V1 = """Militia Says It Took Tal Sabkha, Army Denies

DEIR EZ-ZOR, 03.02.2018 | Levant Frontline

Local sources said militiamen entered Tal Sabkha at dawn after a night of shelling.

According to Sham Radio, the army repelled the assault and killed twelve fighters near the water station.

The ISIS-linked Amaq agency claimed that its fighters destroyed a tank on the road to Mayadin.

Residents told the outlet Furat Post that the bakery in the villlage square was hit twice.

Support Levant Frontline — donate today.
"""

QUOTES = {
    "entered": "militiamen entered Tal Sabkha at dawn",
    "repelled": "the army repelled the assault and killed twelve fighters near the water station.",
    "tank": "The ISIS-linked Amaq agency claimed that its fighters destroyed a tank on the road to Mayadin.",
    "bakery": "the bakery in the villlage square was hit twice.",
}

V2 = (V1.replace("DEIR EZ-ZOR, 03.02.2018 | Levant Frontline\n\n",
                 "DEIR EZ-ZOR, 03.02.2018 | Levant Frontline\n\nUPDATE 04.02.2018: adds the Amaq claim's "
                 "retraction and corrects the name of the village.\n\n")
      .replace("villlage", "village")  # a typo fixed inside a passage
      .replace("The ISIS-linked Amaq agency claimed that its fighters destroyed a tank on the road to Mayadin.\n\n",
               "")  # a passage deleted
      .replace("killed twelve fighters near the water station.",
               "killed at least nine fighters, three of them foreigners, near the old water station."))


def _import(project: Project, text: str, name: str) -> doc_ops.ImportOutcome:
    outcome = doc_ops.import_data(project, text.encode("utf-8"), name)
    assert outcome.status is doc_ops.ImportStatus.IMPORTED, outcome
    return outcome


def _claims(project: Project, doc_id: str) -> dict[str, str]:
    """One claim per quote; the tank quote is also evidence for the first claim."""
    ids = {}
    for key, quote in QUOTES.items():
        start, end = claim_ops.locate_quote(project, doc_id, quote)
        ids[key], _ = claim_ops.create_claim_from_passage(project, doc_id, start, end)
    start, end = claim_ops.locate_quote(project, doc_id, QUOTES["tank"])
    claim_ops.add_passage_evidence(project, ids["entered"], doc_id, start, end, Stance.CONTEXT)
    return ids


def test_a_new_version_is_recognised_by_title_or_url(project: Project) -> None:
    first = _import(project, V1, "tal-sabkha.txt")
    assert first.previous_id == ""
    second = _import(project, V2, "tal-sabkha-updated.txt")
    assert second.previous_id == first.document_id
    other = _import(project, "A Different Story\n\nNothing to do with it.\n", "other.txt")
    assert other.previous_id == ""
    # the same URL and another title: still a version
    url_v1 = _import(project, "Headline One\n\nSource: https://levant.example/a/17\n\nText one.\n", "u1.txt")
    url_v2 = _import(project, "Headline Two\n\nSource: https://levant.example/a/17\n\nText two.\n", "u2.txt")
    with project.read() as db:
        assert db.execute("SELECT url FROM documents WHERE id = ?", [url_v1.document_id]).fetchone()[0]
    assert url_v2.previous_id == url_v1.document_id


def test_titles_made_from_file_names_do_not_make_versions(project: Project) -> None:
    a = doc_ops.import_data(project, b"- a list\n- of things\n", "notes.md")
    b = doc_ops.import_data(project, b"- another list\n- of things\n", "notes.md")
    assert a.status is b.status is doc_ops.ImportStatus.IMPORTED
    assert b.previous_id == ""


def test_plan_and_apply_move_passages(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    old = _import(project, V1, "v1.txt").document_id
    claims = _claims(project, old)
    new_outcome = _import(project, V2, "v2.txt")
    new = new_outcome.document_id
    plan = reanchor_ops.plan(project, new_outcome.previous_id, new)
    by_quote = {p.passage.quote.exact: p for p in plan.placements}
    assert by_quote[QUOTES["entered"]].status == "exact"  # text inserted before it
    assert by_quote[QUOTES["bakery"]].status == "review"  # a typo fixed inside it: the words changed (issue 16)
    assert by_quote[QUOTES["repelled"]].status == "review"  # reworded
    assert by_quote[QUOTES["tank"]].status == "orphan"  # deleted
    assert "2 cannot be placed" in plan.summary()  # the tank quote: a claim's appearance and evidence

    result, changes = reanchor_ops.apply(project, old, new)
    assert changes & Changes.PASSAGES
    assert result.count("orphan") == 2
    new_text = doc_ops.get_document(project, new).text
    hl = claim_ops.highlights(project, new)
    assert {new_text[h.start : h.end] for h in hl} == {QUOTES["entered"]}  # only the unchanged one moved
    # the changed ones wait on the old version, their quotes as they were
    old_text = doc_ops.get_document(project, old).text
    waiting = {old_text[h.start : h.end] for h in claim_ops.highlights(project, old)}
    assert waiting == {QUOTES["bakery"], QUOTES["repelled"]}
    # the deleted passage is an orphan: still on the old version, listed, its claim and evidence kept
    flagged = reanchor_ops.flagged(project)
    orphans = [f for f in flagged if f.orphan]
    assert [o.exact for o in orphans] == [QUOTES["tank"]] * 2
    assert {o.document_id for o in orphans} == {old}
    assert {c for o in orphans for c in o.claim_ids} == {claims["tank"], claims["entered"]}
    review = {f.exact: f for f in flagged if f.needs_review}
    assert set(review) == {QUOTES["bakery"], QUOTES["repelled"]}
    assert {(f.document_id, f.target_document_id, f.reason) for f in review.values()} == {(old, new, "changed")}
    assert review[QUOTES["bakery"]].found == QUOTES["bakery"].replace("villlage", "village")
    assert "nine fighters" in review[QUOTES["repelled"]].found
    links = claim_ops.claim_links(project, claims["tank"])
    assert links and links[0].passage.orphan
    # check reports them, and the project is sound
    report = project_ops.check(project.path)
    assert report.ok, report.problems
    assert (report.orphans, report.needs_review) == (2, 2)
    assert any("orphaned passage" in n for n in report.notes)
    # and so does the command line, as notes after the verdict
    from workbench import cli

    assert cli.main(["check", str(project.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and "note: 2 orphaned passage(s)" in out and "2 passage(s) whose words changed" in out
    # reviewing (accepting the place proposed) clears the mark and moves it
    bakery = review[QUOTES["bakery"]]
    assert reanchor_ops.mark_reviewed(project, bakery.passage_id) & Changes.PASSAGES
    assert reanchor_ops.mark_reviewed(project, bakery.passage_id) == Changes.NONE
    assert [f.orphan for f in reanchor_ops.flagged(project)] == [True, True, False]


def test_apply_can_be_undone(project: Project) -> None:
    old = _import(project, V1, "v1.txt").document_id
    _claims(project, old)
    new = _import(project, V2, "v2.txt").document_id
    before = {h.passage_id: (h.start, h.end) for h in claim_ops.highlights(project, old)}
    reanchor_ops.apply(project, old, new)
    changeset = project.last_changeset
    assert len(claim_ops.highlights(project, old)) == 2  # the changed ones wait there for review
    assert len(reanchor_ops.flagged(project)) == 4
    undo_ops.revert(project, changeset, "Move passages to the new version")
    assert {h.passage_id: (h.start, h.end) for h in claim_ops.highlights(project, old)} == before
    assert reanchor_ops.flagged(project) == []
    with project.read() as db:
        assert db.execute("SELECT count(*) FROM document_versions").fetchone()[0] == 0


def test_nothing_to_move(project: Project) -> None:
    old = _import(project, V1, "v1.txt").document_id
    new = _import(project, V2, "v2.txt").document_id
    assert reanchor_ops.plan(project, old, new).placements == ()


def test_check_counts_unused_passages(project: Project) -> None:
    doc = _import(project, V1, "v1.txt").document_id
    start, end = claim_ops.locate_quote(project, doc, QUOTES["entered"])
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc, start, end)
    with project.write() as db:  # a passage left behind by an older version's bug
        db.execute("DELETE FROM appearances WHERE claim_id = ?", [claim_id])
    report = project_ops.check(project.path)
    assert report.ok
    assert report.unused_passages == 1
    assert any("no claim or evidence uses" in n for n in report.notes)


def test_orphans_are_in_exports(project: Project) -> None:
    import io

    from workbench.ops import reports

    old = _import(project, V1, "v1.txt").document_id
    claims = _claims(project, old)
    new = _import(project, V2, "v2.txt").document_id
    reanchor_ops.apply(project, old, new)
    out = io.BytesIO()
    reports.export(project, "md", [claims["tank"]], out, include_drafts=True)
    markdown = out.getvalue().decode("utf-8")
    assert "destroyed a tank on the road to Mayadin" in markdown  # never dropped
    assert "no longer in the newest version of the document" in markdown
