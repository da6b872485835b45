"""The child processes of the crash tests: edits, backups or export-like writes until killed.

``python tests/crash/crash_child.py serve`` is a zygote: it imports the app once, then for each
line ``MODE PROJECT SEED LOG`` on stdin forks a child that works on PROJECT until it is killed,
prints ``pid N``, reaps the child and prints ``exit STATUS``. (Forking saves the interpreter's
start-up in each of the many runs; the child is a separate process, killed with SIGKILL.)

The child writes to LOG (unbuffered ``write`` calls, which survive the kill) ``ready`` once the
project is open, then one line per operation *after* it has returned (committed, or moved into
place):

- ``edits``: ``doc ID`` / ``claim ID`` / ``evidence ID`` — each an op in its own transaction;
- ``backup``: the same edits interleaved with ``backup PATH`` (automatic backups with rotation)
  and ``copy N`` (save a copy to ``<project>.copy.fcw``);
- ``export``: ``wrote N`` after writing version N of ``<project>.export.html`` (a few MB).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

_LOG = -1


def say(line: str) -> None:
    os.write(_LOG, (line + "\n").encode())


ARTICLE = ("Clashes Reported Near Tal Sabkha (update {n})\n\nDEIR EZ-ZOR | Levant Frontline\n\n"
           "Local sources said militiamen entered Tal Sabkha at dawn, run {seed} step {n}.\n\n"
           "According to the pro-government Sham Radio, the army repelled the assault near the water station.\n\n"
           "{filler}\n")


def edits(project_path: Path, seed: int, with_backups: bool) -> None:
    from workbench.domain.model import Stance
    from workbench.importers import sandbox
    from workbench.ops import backup as backup_ops
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops
    from workbench.ops import project as project_ops

    # These trials are about the project file under SIGKILL: the article is parsed here, not in the import
    # sandbox (whose worker processes would outlive each killed child and be started again for every run).
    sandbox.IN_PROCESS = True
    rng = random.Random(seed)
    project = project_ops.open_project(project_path)
    say("ready")
    copy = project_path.with_name(project_path.name + ".copy.fcw")
    n = 0
    while True:
        n += 1
        filler = " ".join(rng.choice(["Khasham", "Khusham", "Mayadin", "Daesh", "shelling", "said"])
                          for _ in range(rng.randint(20, 400)))
        text = ARTICLE.format(n=n, seed=seed, filler=filler)
        outcome = doc_ops.import_data(project, text.encode("utf-8"), f"run-{seed}-{n}.txt")
        say(f"doc {outcome.document_id}")
        quote = "militiamen entered Tal Sabkha at dawn"
        start, end = claim_ops.locate_quote(project, outcome.document_id, quote)
        claim_id, _ = claim_ops.create_claim_from_passage(project, outcome.document_id, start, end,
                                                          claimant="local sources")
        say(f"claim {claim_id}")
        start, end = claim_ops.locate_quote(project, outcome.document_id, "the army repelled the assault")
        ev_id, _ = claim_ops.add_passage_evidence(project, claim_id, outcome.document_id, start, end,
                                                  Stance.REFUTES)
        say(f"evidence {ev_id}")
        if with_backups:
            say(f"backup {backup_ops.make_backup(project_path)}")
            backup_ops.save_copy(project, copy)
            say(f"copy {n}")


def export(project_path: Path, seed: int) -> None:
    from workbench.atomicfile import atomic_write

    target = project_path.with_name(project_path.name + ".export.html")
    say("ready")
    n = 0
    while True:
        n += 1
        body = (f"<p>claim {n} of run {seed}</p>\n" * 60_000).encode()
        atomic_write(target, f"<!-- version {n} -->\n".encode() + body + f"<!-- end {n} -->\n".encode())
        say(f"wrote {n}")


def work(mode: str, project: Path, seed: int) -> None:
    if mode == "export":
        export(project, seed)
    else:
        edits(project, seed, with_backups=mode == "backup")


def serve() -> None:
    global _LOG
    from workbench.atomicfile import atomic_write  # noqa: F401  (import once, before forking)
    from workbench.domain.model import Stance  # noqa: F401

    # what an import needs, loaded lazily by the app (the window starts without it): once here, before forking,
    # so that each child's first edit comes as fast as its later ones
    from workbench.importers import heuristics, segments, text  # noqa: F401
    from workbench.ops import backup, claims, documents, project  # noqa: F401

    sys.stdout.write("serving\n")
    sys.stdout.flush()
    for line in sys.stdin:
        mode, project_path, seed, log = line.split()
        pid = os.fork()
        if pid == 0:  # the child: work until killed
            try:
                _LOG = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                work(mode, Path(project_path), int(seed))
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                os._exit(3)
        sys.stdout.write(f"pid {pid}\n")
        sys.stdout.flush()
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(f"exit {status}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
