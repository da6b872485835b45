"""The fuzzing harness: seeds, mutations, the oracle, the time budget and the crash files.

Every importer is fed mutated real files (the fixture articles, generated DOCX and PDF files, a project bundle):
byte flips, interesting bytes, insertions of hostile tokens, deletions, duplications, truncations; ZIP-structure
mutations for DOCX; JSON-tree mutations for bundles. The oracle: an import either gives a consistent document
(canonical text, segments covering it exactly, valid offsets) or raises the project's clear error
(``ImportRejected`` for documents, ``BadArgument`` for bundles) — never any other exception.

Budget: ``make test`` runs a derandomised, bounded number of examples per target (about 15-20 s in all);
``make fuzz`` sets ``WORKBENCH_FUZZ=long``: many more examples, random, and every crash is saved to
tests/fixtures/fuzz/ (the smallest input per crash site), which ``test_fuzz_fixtures.py`` replays for ever.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import traceback
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from workbench.domain.model import DocumentMetadata, SegmentKind
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument

ROOT = Path(__file__).resolve().parents[2]
CRASHES = ROOT / "tests" / "fixtures" / "fuzz"
SEEDS = Path(__file__).parent / "seeds"
LONG = os.environ.get("WORKBENCH_FUZZ", "").lower() == "long"


def budget(ci: int, long: int) -> settings:
    """Hypothesis settings for one fuzz target: ``ci`` examples in ``make test`` (derandomised: the same inputs
    every run, no example database), ``long`` examples in ``make fuzz`` (random)."""
    return settings(
        max_examples=long if LONG else ci,
        derandomize=not LONG,
        database=None,
        deadline=None,
        print_blob=LONG,
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],  # no slow "explain"
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ------------------------------------------------------------------------------------------------ mutations

TOKENS = [
    b"\x00", b"\xff", b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\n\n", b"\t", b"\x0b\x0c",
    b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf0\x9f\x98\x80", "\u2028\u2029\u200f\u202e".encode(),
    "ال".encode(), b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"<!DOCTYPE x>", b"<!ENTITY a 'b'>",
    b"<script>", b"</p>", b"<p>", b"<br>", b"<table><tr><td>", b"<!--", b"-->", b"<![CDATA[", b"]]>",
    b"<?xml version='1.0' encoding='UTF-16'?>", b'<meta charset="utf-7">', b"\"", b"{", b"}", b"[", b"]", b",",
    b":", b"null", b"1e999", b"-0", b"\\u0000", b"\\ud800", b"---\n", b"# ", b"> ", b"* ", b"```", b"[x](javascript:)",
    b"Comments\n", b"Donate\n", b"Click to see the full-size image\n", b"By ", b"2017-09-25", b"%PDF-1.4",
    b"PK\x03\x04", b"stream\n", b"endstream", b"obj", b"endobj", b"xref", b"trailer", b"<<", b">>", b"/Length 99999",
    b"9" * 40,
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], max_ops: int = 6) -> bytes:
    """A seed with a few random mutations (byte-level)."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, max_ops))):
        data = bytearray(mutate_once(draw, bytes(data)))
    return bytes(data)


def mutate_once(draw: st.DrawFn, data: bytes) -> bytes:
    op = draw(st.sampled_from(["flip", "set", "insert", "token", "delete", "duplicate", "truncate", "splice"]))
    n = len(data)
    pos = draw(st.integers(0, max(n, 1) * 4)) % (n + 1)
    if op == "flip" and n:
        pos %= n
        return data[:pos] + bytes([data[pos] ^ (1 << draw(st.integers(0, 7)))]) + data[pos + 1 :]
    if op == "set" and n:
        pos %= n
        return data[:pos] + bytes([draw(st.sampled_from([0, 0x0A, 0x0D, 0x20, 0x3C, 0x7F, 0x80, 0xC0, 0xFF]))]) \
            + data[pos + 1 :]
    if op == "insert":
        return data[:pos] + draw(st.binary(min_size=1, max_size=16)) + data[pos:]
    if op == "token":
        return data[:pos] + draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3)) + data[pos:]
    if op == "delete":
        return data[:pos] + data[pos + draw(st.integers(1, 64)) :]
    if op == "duplicate":
        chunk = data[pos : pos + draw(st.integers(1, 256))]
        return data[:pos] + chunk * draw(st.integers(2, 8)) + data[pos:]
    if op == "truncate":
        return data[:pos]
    other = draw(st.integers(0, max(n, 1) * 4)) % (n + 1)  # splice: move a chunk
    a, b = sorted((pos, other))
    return data[:a] + data[b:] + data[a:b]


@st.composite
def mutated_zip(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A DOCX seed with ZIP-structure mutations: a part's bytes mutated, a part dropped, renamed, duplicated or
    added, a part stored instead of deflated; sometimes byte-level damage of the archive afterwards."""
    source = zipfile.ZipFile(io.BytesIO(draw(st.sampled_from(seeds))))
    parts = [(i.filename, source.read(i), zipfile.ZIP_DEFLATED) for i in source.infolist()]
    names = [p[0] for p in parts]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["mutate", "mutate", "mutate", "drop", "rename", "duplicate", "add", "store"]))
        i = draw(st.integers(0, len(parts) - 1)) if parts else 0
        if op == "mutate" and parts:
            name = draw(st.sampled_from(["word/document.xml", *names]))
            i = next((k for k, p in enumerate(parts) if p[0] == name), i)
            content = parts[i][1]
            for _ in range(draw(st.integers(1, 4))):
                content = mutate_once(draw, content)
            parts[i] = (parts[i][0], content, parts[i][2])
        elif op == "drop" and parts:
            parts.pop(i)
        elif op == "rename" and parts:
            parts[i] = (draw(st.sampled_from([*names, "word/main.bin", "WORD/DOCUMENT.XML", "../x.xml", "a" * 300])),
                        parts[i][1], parts[i][2])
        elif op == "duplicate" and parts:
            parts.insert(i, parts[i])
        elif op == "add":
            parts.append((draw(st.sampled_from([*names, "word/extra.xml", "customXml/item1.xml"])),
                          draw(st.sampled_from([b"", b"<x/>", b"<?xml version='1.0'?><a>", b"\x00" * 64])),
                          zipfile.ZIP_DEFLATED))
        elif op == "store" and parts:
            parts[i] = (parts[i][0], parts[i][1], zipfile.ZIP_STORED)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted here
        for name, content, method in parts:
            target.writestr(zipfile.ZipInfo(name, (2018, 2, 14, 9, 30, 0)), content, compress_type=method)
    data = out.getvalue()
    if draw(st.integers(0, 9)) == 0:  # now and then, damage the archive itself
        data = mutate_once(draw, data)
    return data


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def mutate_json(draw: st.DrawFn, doc: Any, ids: list[str]) -> Any:
    """A copy of a parsed bundle with one node replaced, dropped, added or retyped, found by a random walk."""
    path: list[Any] = []
    node = doc
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)) != 0:
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    op = draw(st.sampled_from(["value", "id", "drop", "add", "number", "string"]))
    if op == "value":
        new: Any = draw(JSON_VALUES)
    elif op == "id":
        new = draw(st.sampled_from(ids or ["x"]))
    elif op == "number":
        new = draw(st.sampled_from([0, -1, 1, 2**63, -(2**63) - 1, 1.5, 10**30]))
    elif op == "string":
        new = draw(st.sampled_from(["", "x", "\x00", "\ud800", "=cmd|' /C calc'!A0", "AAAA", "====", "2017-13-45"]))
    else:
        new = node
    return _replace(doc, path, new, op)


def _replace(doc: Any, path: list[Any], new: Any, op: str) -> Any:
    if not path:
        return new if op not in ("drop", "add") else doc
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        copy = dict(doc)
        if not rest and op == "drop":
            copy.pop(head, None)
        elif not rest and op == "add":
            copy[f"{head}_extra"] = new
        else:
            copy[head] = _replace(doc[head], rest, new, op)
        return copy
    copy_list = list(doc)
    if not rest and op == "drop":
        copy_list.pop(head)
    elif not rest and op == "add":
        copy_list.insert(head, new)
    else:
        copy_list[head] = _replace(doc[head], rest, new, op)
    return copy_list


# ------------------------------------------------------------------------------------------------ oracle


def check_document(doc: ImportedDocument, name: str) -> None:
    """What every imported document must be: canonical text, segments covering it exactly, valid metadata."""
    assert isinstance(doc, ImportedDocument), type(doc)
    text = doc.text
    assert isinstance(text, str) and text, f"{name}: empty text"
    text.encode("utf-8")  # no lone surrogates: the text must be storable
    assert "\r" not in text and not text.startswith("\ufeff"), f"{name}: text not canonical"
    assert len(text) <= DEFAULT_LIMITS.max_text_chars
    assert isinstance(doc.encoding, str) and isinstance(doc.media_type, str) and doc.media_type
    assert isinstance(doc.metadata, DocumentMetadata)
    for value in vars_of(doc.metadata):
        assert isinstance(value, str), f"{name}: metadata {value!r}"
        value.encode("utf-8")
    segments = doc.segments
    assert segments, f"{name}: no segments"
    assert segments[0].start == 0 and segments[-1].end == len(text), f"{name}: segments do not cover the text"
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start, f"{name}: gap or overlap at {before.end}/{after.start}"
    for s in segments:
        assert 0 <= s.start < s.end <= len(text) and isinstance(s.kind, SegmentKind), f"{name}: bad segment {s}"


def vars_of(meta: DocumentMetadata) -> list[Any]:
    return [getattr(meta, f) for f in meta.__dataclass_fields__]


def read_back(project: Any) -> None:
    """What the app does with an imported project: the project is sound, every document, claim and source
    can be read."""
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops
    from workbench.ops import sources as source_ops
    from workbench.store.project import integrity_problems

    with project.read() as db:
        assert integrity_problems(db) == []
    for summary in doc_ops.list_documents(project):
        doc = doc_ops.get_document(project, summary.id)
        segments = doc_ops.segments(project, summary.id)
        assert all(0 <= s.start <= s.end <= len(doc.text) for s in segments)
    for row in claim_ops.list_claims(project):
        claim_ops.claim_links(project, row.claim.id)
    source_ops.list_sources(project)


def save_crash(target: str, data: bytes, suffix: str, exc: BaseException) -> Path | None:
    """In ``make fuzz``, keep the smallest input per crash site (target, exception type, innermost frame of the
    workbench package) as tests/fixtures/fuzz/<target>-<site><suffix>, with <name>.why saying where it crashed;
    a no-op in ``make test``."""
    if not LONG:
        return None
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "workbench" in f.filename] or \
        traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, AssertionError):  # the oracle's verdict: keyed by what it says, not by its line
        where = f"AssertionError:{str(exc).split(': ', 1)[-1].splitlines()[0][:60]}"
    elif frames:
        where = f"{type(exc).__name__}:{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}"
    else:
        where = type(exc).__name__
    site = hashlib.sha256(where.encode()).hexdigest()[:10]
    CRASHES.mkdir(parents=True, exist_ok=True)
    path = CRASHES / f"{target}-{site}{suffix}"
    if not path.exists() or len(data) < path.stat().st_size:
        path.write_bytes(data)
        path.with_name(path.name + ".why").write_text(f"{where}\n{exc!r}\n", encoding="utf-8")
    return path


def expect_clean(target: str, data: bytes, suffix: str, call: Callable[[], Any],
                 allowed: tuple[type[BaseException], ...]) -> Any:
    """Run ``call``; an ``allowed`` error is the clear refusal, anything else a crash (saved in ``make fuzz``)."""
    try:
        return call()
    except allowed:
        return None
    except Exception as exc:
        save_crash(target, data, suffix, exc)
        raise
