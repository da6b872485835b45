"""Two desks' projects that diverged from one common bundle, for the merge window's tests (issue 14).

``desks(tmp_path)`` writes ``ours.fcw`` and ``theirs.fcw`` (both closed) and returns their paths and ids. Since the
common start each desk changed the same verdict's rationale and the same claim's text differently (two conflicts),
one desk deleted a claim the other re-rated (a third: deleted here, changed there), the other desk added a note of
evidence and a claim, and both added "Dock Workers Union" as a source on their own (a possible duplicate).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.workspace import Workspace
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import reports as report_ops
from workbench.ops import sources as src_ops
from workbench.ops import verdicts as verdict_ops
from workbench.ops.bundle import import_bundle

ARTICLE = ("Port authority says grain shipments through Tartous doubled in March\n\n"
           "The port’s director told the state news agency SANA on Sunday that grain volumes had never been "
           "higher, according to a statement relayed by Sputnik. Dock workers quoted by the opposition outlet "
           "Enab Baladi disputed the figure, saying night shifts at the grain terminal had been cut twice since "
           "January. A ministry spokesperson declined to comment on the numbers.\n").encode()

QUOTES = {"doubled": "grain shipments through Tartous doubled in March",
          "never": "grain volumes had never been higher",
          "cut": "night shifts at the grain terminal had been cut twice since January"}


@dataclass
class Desks:
    ours: Path
    theirs: Path
    claims: dict[str, str]  # "doubled" / "never" / "cut" → claim id
    note: str  # the evidence the other desk added
    new_claim: str  # the claim the other desk added
    union_ours: str
    union_theirs: str


def _bundle(ws: Workspace) -> dict[str, Any]:
    out = io.BytesIO()
    ws.query(report_ops.export, "bundle", None, out)
    return json.loads(out.getvalue())


def desks(tmp_path: Path) -> Desks:
    base = Workspace.create(tmp_path / "start.fcw")
    doc = doc_ops.import_data(base.project, ARTICLE, "tartous-grain.txt").document_id
    claims = {}
    for name, quote in QUOTES.items():
        start, end = base.query(claim_ops.locate_quote, doc, quote)
        claims[name] = base.apply(claim_ops.create_claim_from_passage, doc, start, end, claimant="SANA",
                                  label="Create claim").result
    start_bundle = _bundle(base)
    base.close()
    paths = []
    desks_ = []
    for name in ("ours", "theirs"):
        ws = Workspace.create(tmp_path / f"{name}.fcw")
        ws.apply(import_bundle, start_bundle, "start.json")
        desks_.append(ws)
        paths.append(ws.project.path)
    a, b = desks_
    a.apply(verdict_ops.set_verdict, claims["cut"], rationale="Union rosters from the grain terminal confirm two "
            "cuts, in January and in February; the port's own duty sheets match them.", label="Edit verdict")
    b.apply(verdict_ops.set_verdict, claims["cut"], rationale="The ministry says the night shift was cut once, "
            "in February.", label="Edit verdict")
    a.apply(claim_ops.update_claim, claims["doubled"], text="Grain shipments through Tartous doubled in March",
            label="Edit claim")
    b.apply(claim_ops.update_claim, claims["doubled"], text="Grain shipments through Tartous rose sharply in March",
            label="Edit claim")
    a.apply(claim_ops.delete_claim, claims["never"], label="Delete claim")
    b.apply(verdict_ops.set_verdict, claims["never"], rating="Mostly false", label="Edit verdict")
    note = b.apply(ev_ops.add_note_evidence, claims["doubled"], "Called the port press office: they quote 40% "
                   "more, not double.", "refutes", label="Add evidence").result
    start, end = b.query(claim_ops.locate_quote, doc, "declined to comment on the numbers")
    new_claim = b.apply(claim_ops.create_claim_from_passage, doc, start, end, claimant="Enab Baladi",
                        label="Create claim").result
    union_ours = a.apply(src_ops.create_source, "Dock Workers Union", label="Add source").result
    union_theirs = b.apply(src_ops.create_source, "Dock Workers Union", label="Add source").result
    a.close()
    b.close()
    return Desks(paths[0], paths[1], claims, note, new_claim, union_ours, union_theirs)


def bundle_file(project: Path, out: Path) -> Path:
    """``project`` exported as a project bundle (the file a desk sends by mail or a shared folder)."""
    ws = Workspace.open(project, read_only=True)
    try:
        out.write_text(json.dumps(_bundle(ws), ensure_ascii=False), encoding="utf-8")
    finally:
        ws.close()
    return out


def send_to_folder(project: Path, folder: Path) -> None:
    """The other desk's exchange: ``project`` writes its change set into the shared ``folder``."""
    from workbench.ops import exchange as exchange_ops

    ws = Workspace.open(project)
    try:
        ws.apply(exchange_ops.set_folder, folder)
        report = ws.apply(exchange_ops.receive_all, None, label="Exchange with desk").result
        ws.apply(exchange_ops.send_all, report)
    finally:
        ws.close()
