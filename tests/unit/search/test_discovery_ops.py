"""Entities and their spellings, suggested variants, related passages and the claim finder, through the ops."""

from __future__ import annotations

import pytest

from workbench.domain.model import Stance
from workbench.errors import BadArgument
from workbench.ops import claims as claim_ops
from workbench.ops import entities as entity_ops
from workbench.ops import search as search_ops
from workbench.ops import sources as src_ops
from workbench.ops import undo as undo_ops
from workbench.ops import verdicts
from workbench.store.project import Project


def test_sources_with_aliases_become_entities_once(project: Project) -> None:
    src, _ = src_ops.create_source(project, "Sawt al-Sharq", kind="outlet", aliases=["SAS", "صوت الشرق"])
    src_ops.create_source(project, "Dawn Press")  # no aliases: no entity
    listed = entity_ops.entities_and_sources(project)
    assert [(e.id, e.name) for e in listed] == [("", "Sawt al-Sharq")]
    made, _ = entity_ops.seed_from_sources(project)
    assert len(made) == 1 and entity_ops.seed_from_sources(project)[0] == []
    (entity,) = entity_ops.list_entities(project)
    assert (entity.name, entity.kind, entity.aliases, entity.source_id) == (
        "Sawt al-Sharq", "organisation", ("SAS", "صوت الشرق"), src)


def test_alias_editing_is_checked_and_undoable(project: Project) -> None:
    eid, _ = entity_ops.add_aliases(project, "Khasham", ["Khusham"], kind="place")
    same, _ = entity_ops.add_aliases(project, "khusham", ["Ksham", " Ksham ", "KHASHAM"])
    assert same == eid
    assert entity_ops.list_entities(project)[0].aliases == ("Khusham", "Ksham")
    change = project.last_changeset
    undo_ops.revert(project, change, "Add spelling")
    assert entity_ops.list_entities(project)[0].aliases == ("Khusham",)
    undo_ops.reapply(project, change, "Add spelling")
    other, _ = entity_ops.create_entity(project, "Kashma", kind="place")
    with pytest.raises(BadArgument, match="already names the entity “Khasham”"):
        entity_ops.update_entity(project, other, aliases=["Ksham"])


def test_suggested_variants_and_remembered_rejections(project: Project, case: dict[str, str]) -> None:
    eid, _ = entity_ops.create_entity(project, "Tal Sarmin", kind="place")
    found = [s.variant for s in entity_ops.suggest_entity_variants(project, eid)]
    assert "Tell Sarmeen" in found and "Tal Sarmeen" in found
    entity_ops.accept_variant(project, eid, "Tell Sarmeen")
    entity_ops.reject_variant(project, ("Tal Sarmin", "Tell Sarmeen"), "Tal Sarmeen")
    found = [s.variant for s in entity_ops.suggest_entity_variants(project, eid)]
    assert "Tell Sarmeen" not in found and "Tal Sarmeen" not in found
    pairs = entity_ops.suggest_new_entities(project)
    assert not any("Sarm" in p.of or "Sarm" in p.variant for p in pairs if " " in p.of)
    assert any({p.of, p.variant} == {"Qasr al-Hayr", "Qasr el-Heir"} for p in pairs)


def test_related_passages_share_names_and_terms_never_linked_by_themselves(project: Project,
                                                                           case: dict[str, str]) -> None:
    entity_ops.add_aliases(project, "Tal Sarmin", ["Tell Sarmeen", "Tal Sarmeen", "تل سرمين"])
    doc = case["04-ministry-statement"]
    quote = "The units stationed in Tal Sarmin have not taken part in any combat operations during the past week"
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc, *claim_ops.locate_quote(project, doc, quote))
    related = search_ops.related_passages(project, claim_id)
    assert related and all(r.document_id != doc for r in related)
    assert case["02-tell-sarmeen-clashes"] in {r.document_id for r in related}
    top = related[0]
    from workbench.ops import documents as doc_ops

    assert doc_ops.get_document(project, top.document_id).text[top.start:top.end] == top.text
    assert all(top.text[a:b] in top.terms for a, b in top.marks)
    assert claim_ops.claim_links(project, claim_id)[0].role.value == "appearance"
    assert len(claim_ops.claim_links(project, claim_id)) == 1  # nothing added without the user
    search_ops.add_related_as_evidence(project, claim_id, top, Stance.REFUTES)
    assert (top.document_id, top.start, top.end) not in {
        (r.document_id, r.start, r.end) for r in search_ops.related_passages(project, claim_id)}


def test_claim_finder_makes_a_claim_with_claimant_and_chain(project: Project, case: dict[str, str]) -> None:
    doc = case["kafr-jalal-handover"]
    found = search_ops.suggest_claims(project, doc)
    chained = next(s for s in found if len(s.chain) == 2)
    assert (chained.claimant, chained.chain) == ("Wadi Media", ("Levant Frontline", "local sources"))
    claim_id, _ = search_ops.make_claim(project, doc, chained)
    claim = claim_ops.get_claim(project, claim_id)
    assert claim_ops.claimant_name(project, claim) == "Wadi Media"
    assert verdicts.attribution(project, claim_id) == ["Levant Frontline", "local sources"]
    assert chained not in search_ops.suggest_claims(project, doc)  # already a claim
    with_comments = search_ops.suggest_claims(project, doc, comments=True)
    assert any(s.segment.value == "comments" for s in with_comments)
    undo_ops.revert(project, project.last_changeset, "New claim from suggestion")
    assert claim_ops.find_claim(project, claim_id) is None
