"""A healthy project in a folder the user cannot write (issue 10, item 1), for real: the commands run as an
unprivileged user (tests run as root, and root ignores permissions), or directly when not root."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops

REPO = Path(__file__).resolve().parents[2]

# The child imports what the commands need while it still can (the interpreter may live in root's home),
# then drops to the unprivileged user and runs the command.
CHILD = """
import encodings.idna, encodings.latin_1, encodings.unicode_escape, importlib, importlib.metadata, os, pkgutil, sys
sys.path.insert(0, {repo!r})
from sqlite_utils import Database
Database(memory=True)
import workbench
for module in pkgutil.walk_packages(workbench.__path__, "workbench."):
    if not module.name.startswith(("workbench.ui", "workbench.app", "workbench.smoke", "workbench.__main__")):
        importlib.import_module(module.name)
from workbench import cli
uid = {uid}
if uid is not None:
    os.setgroups([]); os.setgid(uid); os.setuid(uid)
sys.exit(cli.main(sys.argv[1:]))
"""


def _unprivileged_uid() -> int | None:
    try:
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return None


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder outside root's private temp dirs (an unprivileged user can reach it)."""
    if os.geteuid() == 0 and _unprivileged_uid() is None:
        pytest.skip("running as root without a 'nobody' user to drop to")
    path = Path(tempfile.mkdtemp(prefix="wb-ro-", dir="/tmp" if Path("/tmp").is_dir() else None))
    path.chmod(0o755)
    try:
        yield path
    finally:
        path.chmod(0o755)
        shutil.rmtree(path, ignore_errors=True)


def run(*args: object) -> subprocess.CompletedProcess[str]:
    uid = _unprivileged_uid() if os.geteuid() == 0 else None
    code = CHILD.format(repo=str(REPO), uid=uid)
    env = {**os.environ, "HOME": "/tmp", "WORKBENCH_DATA_DIR": "/nonexistent/wb-data",
           "WORKBENCH_CONFIG_DIR": "/nonexistent/wb-config"}
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          env=env, cwd="/", timeout=120)


def test_a_healthy_project_in_a_read_only_folder_is_read_not_called_damaged(folder: Path) -> None:
    path = folder / "p.fcw"
    article = folder / "article.txt"
    article.write_text("Local sources said the bridge at Khasham was shelled overnight.\n", encoding="utf-8")
    project = project_ops.create_project(path)
    doc_ops.import_files(project, [article])
    project.close()
    folder.chmod(0o555)
    before = sorted(p.name for p in folder.iterdir())

    listed = run("list", path, "documents")
    assert listed.returncode == 0, listed.stderr
    assert "Khasham" in listed.stdout and "damaged" not in listed.stderr

    checked = run("check", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "damaged" not in checked.stdout

    out = Path(tempfile.mkdtemp(prefix="wb-ro-out-", dir="/tmp"))
    out.chmod(0o777)
    try:
        exported = run("export", path, "--format", "md", "-o", out / "report.md")
        assert exported.returncode == 0, exported.stderr
        assert (out / "report.md").is_file()
    finally:
        shutil.rmtree(out, ignore_errors=True)

    changed = run("claim", "add", path, "--document", "x", "--quote", "bridge")
    assert changed.returncode == 2
    assert "read-only" in changed.stderr and "damaged" not in changed.stderr

    assert sorted(p.name for p in folder.iterdir()) == before  # nothing was created beside it


def test_changes_still_in_the_wal_are_read_in_a_read_only_folder(folder: Path) -> None:
    path = folder / "p.fcw"
    project_ops.create_project(path).close()
    # a writer that died without a checkpoint: its last import is only in p.fcw-wal (and p.fcw-shm)
    code = ("import os, sys; from pathlib import Path; from workbench.ops import documents, project; "
            "p = project.open_project(Path(sys.argv[1])); "
            "documents.import_data(p, 'Pro-opposition media reported clashes near Mayadin.'.encode(), 'a.txt'); "
            "os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, check=True, timeout=120)
    assert Path(f"{path}-wal").stat().st_size > 0 and Path(f"{path}-shm").exists()
    folder.chmod(0o555)
    listed = run("list", path, "documents")
    assert listed.returncode == 0, listed.stderr
    assert "Mayadin" in listed.stdout
    folder.chmod(0o755)
    Path(f"{path}-shm").unlink()  # without its index the log cannot be read there: said so, not "damaged"
    folder.chmod(0o555)
    refused = run("list", path, "documents")
    assert refused.returncode == 2
    assert "p.fcw-wal" in refused.stderr and "damaged" not in refused.stderr
