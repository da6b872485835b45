"""A real browser for the static site: Debian's Chromium driven by Playwright, JavaScript off, never a download.

``serve(folder)`` serves a folder on 127.0.0.1 (a free port, a thread) like ``python -m http.server``;
``browser()`` launches /usr/bin/chromium headless; ``open_page`` opens a URL in a fresh context of a given width
with JavaScript disabled (the site ships none, so what the reader sees is what is tested).
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def available() -> str:
    """Why the browser cannot run here ("" when it can)."""
    if shutil.which(CHROMIUM) is None:
        return f"{CHROMIUM} is missing (apt-get install chromium; `make test` installs it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return ""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over http on 127.0.0.1; yields the base URL (ending in "/")."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(chromium: Any, url: str, width: int = 1280, height: int = 900) -> Any:
    """A page of a fresh context (JavaScript disabled, the given viewport width) showing ``url``."""
    context = chromium.new_context(java_script_enabled=False, viewport={"width": width, "height": height},
                                   device_scale_factor=1)
    page = context.new_page()
    page.goto(url)
    return page
