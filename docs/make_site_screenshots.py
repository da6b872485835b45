"""Make docs/site-index.png, docs/site-claim.png and docs/site-claim-mobile.png: the static site (``workbench export
PROJECT --format site``) of a small sample project, as Chromium shows it with JavaScript off.

    .venv/bin/python docs/make_site_screenshots.py [OUT_DIR]

Builds the sample project of tests/e2e/site_sample.py in a temporary folder, exports the site with the same
command line a user has, serves it on 127.0.0.1 and photographs the index (1280 px wide) and the corrected
claim's page (1280 px, and the first 1,500 px of it on a 390 px phone). Needs Debian's ``chromium`` and the
``playwright`` package (the test extra); no browser is downloaded.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(out: Path) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]
    import site_browser
    import site_sample

    from workbench import cli

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = site_sample.build(folder / "sample.fcw")
        site = folder / "site"
        if cli.main(["export", str(sample.path), "--format", "site", "-o", str(site)]) != 0:
            sys.exit("the export failed")
        claim = f"claims/{sample.ids['corrected'][:8]}/index.html"
        with site_browser.serve(site) as base, site_browser.browser() as browser:
            for name, path, width, full in (("site-index.png", "index.html", 1280, True),
                                            ("site-claim.png", claim, 1280, True),
                                            ("site-claim-mobile.png", claim, 390, False)):  # the first screens
                page = site_browser.open_page(browser, base + path, width, 1500 if not full else 900)
                page.screenshot(path=str(out / name), full_page=full)
                page.context.close()
                print(out / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
