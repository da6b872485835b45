"""Documents' canonical texts kept in memory per open project, the few used last (documents never change after
import). The window's open of a document fills it, so that the first highlight added afterwards — which needs the
text around the selection for its quote selector — does not read a 10 MB text back from the file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SIZE = 4


def cached_text(project: Any, doc_id: str, read: Callable[[], str]) -> str:
    """The text of ``doc_id``: from the cache, else ``read()`` (then cached, most recently used last)."""
    cache: dict[str, str] = project.__dict__.setdefault("_text_cache", {})
    text = cache.pop(doc_id, None)
    if text is None:
        text = read()
    cache[doc_id] = text
    while len(cache) > SIZE:
        cache.pop(next(iter(cache)))
    return text
