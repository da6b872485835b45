"""Quotes typed on one line are found where the text wraps them: domain.quote_match, ops.claims.locate_quote
and `workbench claim add --quote` / `evidence add --quote`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import cli
from workbench.domain.quote_match import find_quote, normalise_quote, quote_pattern
from workbench.errors import BadArgument, NotFound
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import project as project_ops
from workbench.store.project import Project

WRAPPED = ("Separately, the SDF media wing accused the Russian Aerospace Forces of bombing its positions near\n"
           "the Conico gas  factory, and pro-SDF outlets said government forces were using mor-\n"
           "tars. A commander said the SDF\u2019s fighters \u201cwould use our right of lawful defense\u201d.\n")


@pytest.mark.parametrize(("quote", "expected"), [
    ("bombing its positions near the Conico gas factory", "bombing its positions near\nthe Conico gas  factory"),
    ("bombing   its positions\tnear the Conico", "bombing its positions near\nthe Conico"),
    ("were using mortars", "were using mor-\ntars"),
    ("the SDF's fighters", "the SDF\u2019s fighters"),
    ('"would use our right of lawful defense"', "\u201cwould use our right of lawful defense\u201d"),
    ("  the Conico gas factory  ", "the Conico gas  factory"),
])
def test_whitespace_hyphenation_and_quote_marks_are_forgiven(quote: str, expected: str) -> None:
    (start, end), = find_quote(WRAPPED, quote)
    assert WRAPPED[start:end] == expected


def test_invisible_characters_and_no_break_spaces() -> None:
    text = "the pro\u00adposed truce\u00a0was\u200b rejected; Deir-\nEzzor"
    assert [text[s:e] for s, e in find_quote(text, "the proposed truce was rejected")] == [
        "the pro\u00adposed truce\u00a0was\u200b rejected"]
    assert [text[s:e] for s, e in find_quote(text, "Deir-Ezzor")] == ["Deir-\nEzzor"]
    dashed = "on the al-Sukhnah\u2013Deir Ezzor highway"
    assert [dashed[s:e] for s, e in find_quote(dashed, "al-Sukhnah-Deir Ezzor")] == ["al-Sukhnah\u2013Deir Ezzor"]


def test_letters_still_matter() -> None:
    assert find_quote(WRAPPED, "Bombing its positions") == []  # case
    assert find_quote(WRAPPED, "bombingits positions") == []  # a space is not optional
    assert find_quote("the proposed truce", "the pro posed truce") == []


def test_offsets_are_code_points_after_astral_characters() -> None:
    text = "\U0001f4f7 Photo: \U0001f1f8\U0001f1fe the village\nis calm"
    (start, end), = find_quote(text, "the village is calm")
    assert (start, end) == (text.index("the"), len(text))


def test_overlapping_and_blank_quotes() -> None:
    assert find_quote("aaaa", "aa") == [(0, 2), (1, 3), (2, 4)]
    assert find_quote("text", "  \n ") == [] and quote_pattern("\u00ad") is None
    assert normalise_quote(" a\u00ad b\n\nc ") == "a b c"


_WORDS = st.text(alphabet="abcXY\u2019-\u0642\u0644\U0001f4f7", min_size=1, max_size=6)
_SPACES = st.text(alphabet=" \n\t\u00a0\u2009", min_size=1, max_size=3)


@st.composite
def text_and_range(draw: st.DrawFn) -> tuple[str, int, int]:
    words = draw(st.lists(_WORDS, min_size=1, max_size=25))
    text = words[0]
    for word in words[1:]:
        text += draw(_SPACES) + word
    text = draw(_SPACES | st.just("")) + text + draw(_SPACES | st.just(""))
    solid = [i for i, ch in enumerate(text) if not ch.isspace()]
    start = draw(st.sampled_from(solid))
    end = draw(st.sampled_from([i for i in solid if i >= start])) + 1
    return text, start, end


@settings(max_examples=300, deadline=None)
@given(text_and_range())
def test_single_spaced_quote_finds_the_same_range(case: tuple[str, int, int]) -> None:
    """Whatever the text's white space, the quote typed with single spaces finds the very same range."""
    text, start, end = case
    quote = re.sub(r"\s+", " ", text[start:end])
    assert (start, end) in find_quote(text, quote)


def test_locate_quote_spans_a_line_break(project: Project) -> None:
    outcome = doc_ops.import_data(project, ("Shelling Reported Near Conico\n\n" + WRAPPED).encode(), "conico.txt")
    doc_id = outcome.document_id
    start, end = claim_ops.locate_quote(project, doc_id, "near the Conico gas factory")
    text = doc_ops.get_document(project, doc_id).text
    assert text[start:end] == "near\nthe Conico gas  factory"
    with pytest.raises(NotFound, match="does not occur"):
        claim_ops.locate_quote(project, doc_id, "near the Conico oil field")
    with pytest.raises(NotFound, match=r"occurs 1 time\(s\).*no occurrence 2"):
        claim_ops.locate_quote(project, doc_id, "near the Conico", 2)
    with pytest.raises(BadArgument, match="empty"):
        claim_ops.locate_quote(project, doc_id, " \n ")


def test_cli_claim_and_evidence_add_with_a_quote_typed_on_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cli.fcw"
    project = project_ops.open_or_create(path)
    try:
        first = doc_ops.import_data(project, ("Shelling Reported Near Conico\n\n" + WRAPPED).encode(), "conico.txt")
        second = doc_ops.import_data(project, b"Ministry Denies Strike\n\nThe ministry said no aircraft flew\n"
                                              b"over the Conico gas factory that day.\n", "denial.txt")
    finally:
        project.close()
    code = cli.main(["claim", "add", str(path), "--document", first.document_id[:8], "--quote",
                     "accused the Russian Aerospace Forces of bombing its positions near the Conico gas factory",
                     "--json"])
    assert code == 0, capsys.readouterr().err
    added = json.loads(capsys.readouterr().out)
    code = cli.main(["evidence", "add", str(path), "--claim", added["id"], "--document", second.document_id[:8],
                     "--quote", "no aircraft flew over the Conico gas factory", "--stance", "refutes"])
    assert code == 0, capsys.readouterr().err
    project = project_ops.open_project(path)
    try:
        text = doc_ops.get_document(project, first.document_id).text
        assert text[added["start"] : added["end"]].endswith("near\nthe Conico gas  factory")
        views = ev_ops.evidence_views(project, added["id"])
        assert [(v.evidence.stance.value, v.passage.quote.exact if v.passage else "") for v in views] == [
            ("refutes", "no aircraft flew\nover the Conico gas factory")]
    finally:
        project.close()
