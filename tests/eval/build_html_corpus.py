"""Rebuild the HTML evaluation corpora under ``tests/corpus/html/`` from local git mirrors.

Not run by the tests: the corpus is committed. This records how it was made, so it can be re-made or
extended from a newer snapshot of the upstream repositories::

    python -m tests.eval.build_html_corpus AEB_GIT_DIR TRAFILATURA_GIT_DIR

``AEB_GIT_DIR`` is a (bare) clone of github.com/scrapinghub/article-extraction-benchmark and
``TRAFILATURA_GIT_DIR`` one of github.com/adbar/trafilatura. Only data is copied (HTML pages, ground truth,
licence texts), never code. See ``tests/corpus/html/*/ORIGIN.md``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import subprocess
from pathlib import Path

from tests.eval.base import CORPUS_DIR

HTML_DIR = CORPUS_DIR / "html"
TRAFILATURA_SUBSET_SIZE = 150
TRAFILATURA_SUBSET_SEED = 17
_SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")
_KEPT_FIELDS = ("title", "author", "date", "comments", "license")


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True).stdout


def _head(git_dir: Path) -> str:
    return _git(git_dir, "rev-parse", "HEAD").decode().strip()


def _show(git_dir: Path, path: str) -> bytes:
    return _git(git_dir, "show", f"HEAD:{path}")


def _ls(git_dir: Path, folder: str) -> set[str]:
    out = _git(git_dir, "ls-tree", "-z", "--name-only", "HEAD", f"{folder}/")
    return {name for name in out.decode("utf-8").split("\0") if name}


def build_aeb(git_dir: Path) -> None:
    """Copy the 181 gzipped pages, the ground truth and the licence, byte for byte."""
    out = HTML_DIR / "aeb"
    (out / "html").mkdir(parents=True, exist_ok=True)
    for path in sorted(_ls(git_dir, "html")):
        (out / "html" / Path(path).name).write_bytes(_show(git_dir, path))
    (out / "ground-truth.json").write_bytes(_show(git_dir, "ground-truth.json"))
    (out / "LICENSE").write_bytes(_show(git_dir, "LICENSE"))
    print(f"aeb: {len(list((out / 'html').iterdir()))} pages from commit {_head(git_dir)}")


def _stored_name(original: str) -> str:
    """A portable file name: the original when it is plain ASCII, else a slug and a short hash."""
    stem = original.removesuffix(".html")
    slug = _SAFE_NAME_RE.sub("-", stem).strip("-")[:60] or "page"
    if slug == stem:
        return f"{stem}.html.gz"
    return f"{slug}-{hashlib.sha1(original.encode()).hexdigest()[:8]}.html.gz"


def build_trafilatura(git_dir: Path) -> None:
    """Copy a fixed random subset of trafilatura's evaluation pages and write their expectations as JSON."""
    out = HTML_DIR / "trafilatura"
    (out / "html").mkdir(parents=True, exist_ok=True)
    evaldata: dict[str, dict[str, object]] = json.loads(_show(git_dir, "tests/evaldata.json"))
    available = {folder: {Path(p).name for p in _ls(git_dir, f"tests/{folder}")} for folder in ("cache", "eval")}

    def source(item: dict[str, object]) -> str | None:
        name = str(item["file"])
        return next((f"tests/{folder}/{name}" for folder in ("cache", "eval") if name in available[folder]), None)

    urls = sorted(url for url, item in evaldata.items() if source(item))
    chosen = sorted(random.Random(TRAFILATURA_SUBSET_SEED).sample(urls, TRAFILATURA_SUBSET_SIZE))
    pages = []
    for url in chosen:
        item = evaldata[url]
        path = source(item)
        assert path is not None
        stored = _stored_name(str(item["file"]))
        (out / "html" / stored).write_bytes(gzip.compress(_show(git_dir, path), compresslevel=9, mtime=0))
        page: dict[str, object] = {"url": url, "file": stored, "upstream_file": path,
                                   "with": item["with"], "without": item["without"]}
        page.update({key: item[key] for key in _KEPT_FIELDS if item.get(key)})
        pages.append(page)
    document = {
        "source": "https://github.com/adbar/trafilatura (tests/evaldata.json)",
        "commit": _head(git_dir),
        "subset": f"{TRAFILATURA_SUBSET_SIZE} of {len(urls)} pages, random.Random({TRAFILATURA_SUBSET_SEED}).sample "
                  "over the sorted URLs",
        "pages": pages,
    }
    (out / "expectations.json").write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    (out / "LICENSE").write_bytes(_show(git_dir, "LICENSE"))
    print(f"trafilatura: {len(pages)} of {len(urls)} pages from commit {_head(git_dir)}")


def main() -> None:
    """Command line: both git directories, in that order."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("aeb", type=Path, help="git dir of scrapinghub/article-extraction-benchmark")
    parser.add_argument("trafilatura", type=Path, help="git dir of adbar/trafilatura")
    args = parser.parse_args()
    build_aeb(args.aeb)
    build_trafilatura(args.trafilatura)


if __name__ == "__main__":
    main()
