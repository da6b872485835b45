"""Which pieces of evidence are independent of each other: their origins (source, affiliation, outlet).

The rule, as the Evidence tab and the reports state it (``RULE``, ``RULE_DETAIL``):

- A piece of evidence comes from its **source** (with the source's **affiliation**) and from the **outlet** that
  carried it: for a passage, its document's publisher and web site; for a web page, its web site. A publisher
  named like a source of the registry (its name or an alias) is that source, affiliation included.
- A web site is the address's registrable domain (``www.southfront.org`` and ``news.southfront.org`` are
  ``southfront.org``; ``bbc.co.uk`` keeps three labels). On a platform the account is the outlet, not the
  platform (``t.me/southfront``, ``x.com/name``, ``youtube.com/@name``); a copy on ``web.archive.org`` counts as
  the page it copies; an address that does not tell its outlet (a short link, ``archive.ph/…``, a video
  without its channel) gives none.
- Names are compared by their letters and digits only, case-folded: "South Front", "SouthFront" and the
  ``southfront`` of ``southfront.org`` are one outlet; affiliations too ("pro-government", "Pro Government"). An
  affiliation that names no camp ("independent", "none", "unaffiliated"…) joins nobody.
- Pieces of one stance that share any origin count once; sharing is transitive (A shares an outlet with B, B an
  affiliation with C: one group). This never counts two echoes of one voice twice, and may count two voices as
  one — the safe side for a fact-checker.
- A piece with no origin at all — no source, and a note or a file, or a passage whose document names no
  publisher or address, or an address that does not tell its outlet — is **source unknown**: listed and counted
  in the totals, never as independent.

Pure Python: the caller passes what it knows of documents and the registry (``Outlets``).
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from workbench.domain import evidence_kinds
from workbench.domain.model import EvidenceView, Source

RULE = ("Independent: one source, outlet (publisher or web site) or affiliation counts once; "
        "evidence of unknown source is not counted.")
RULE_DETAIL = (
    "How independent corroboration is counted:\n"
    "• A piece of evidence comes from its source and from the outlet that carried it — a passage's publisher and "
    "web site, a web page's site (its domain; on a platform such as Telegram or X, the account).\n"
    "• A passage without a source of its own counts as its publisher; a web page without one as its site.\n"
    "• Pieces that share a source, an outlet or an affiliation count once.\n"
    "• Evidence whose source is unknown (a note or file without a source, a passage whose document names no "
    "publisher or address) is listed as “source unknown” and never counted as independent.")

# hosts where the account, not the host, is the outlet: host → (platform label, path segments naming no account,
# path prefixes after which the next segment is the account)
_PLATFORMS: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {}
for _hosts, _label, _skip, _prefix in (
    (("twitter.com", "x.com"), "x.com", {"i", "intent", "home", "search", "hashtag", "share", "explore",
                                         "settings", "status"}, set()),
    (("t.me", "telegram.me"), "t.me", {"joinchat", "addstickers", "share", "proxy"}, {"s"}),
    (("facebook.com", "fb.com"), "facebook.com", {"watch", "sharer.php", "story.php", "permalink.php",
                                                  "photo.php", "photo", "share", "events", "groups"}, {"pg", "pages"}),
    (("instagram.com",), "instagram.com", {"p", "reel", "reels", "stories", "explore", "tv"}, set()),
    (("tiktok.com",), "tiktok.com", {"video", "tag", "discover", "t"}, set()),
    (("youtube.com",), "youtube.com", {"watch", "shorts", "embed", "playlist", "results", "live", "feed"},
     {"channel", "c", "user"}),
    (("vk.com",), "vk.com", {"wall", "video", "photo", "away.php", "feed"}, set()),
    (("reddit.com",), "reddit.com", {"comments"}, {"r", "u", "user"}),
    (("linkedin.com",), "linkedin.com", {"posts", "feed", "pulse"}, {"in", "company"}),
    (("threads.net",), "threads.net", {"t"}, set()),
    (("medium.com",), "medium.com", {"p", "tag", "search"}, set()),
):
    for _host in _hosts:
        _PLATFORMS[_host] = (_label, frozenset(_skip), frozenset(_prefix))
# hosts that give one sub-domain to each of their users: the whole host is the outlet
_USER_SUBDOMAINS = frozenset({"blogspot.com", "wordpress.com", "substack.com", "tumblr.com", "livejournal.com",
                              "github.io", "medium.com", "weebly.com", "wixsite.com", "telegra.ph"})
# addresses that do not tell their outlet: short links, archives by opaque id, video short links
_NO_OUTLET = frozenset({"archive.ph", "archive.is", "archive.today", "archive.li", "archive.vn", "archive.md",
                        "archive.fo", "bit.ly", "t.co", "goo.gl", "ow.ly", "tinyurl.com", "youtu.be", "buff.ly",
                        "is.gd", "dlvr.it", "shorturl.at", "cutt.ly", "rb.gy"})
# second-level labels under a two-letter country domain that are not an outlet's name (bbc.co.uk, sana.gov.sy)
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "gob", "gouv", "ac", "edu", "mil", "or", "ne", "go",
                           "nic", "ltd", "plc", "sch", "info", "news", "web", "int"})


@functools.lru_cache(maxsize=8192)
def normalise_name(text: str) -> str:
    """An outlet or source name reduced to its letters and digits, case-folded ("South Front" → "southfront").

    Remembered: corroboration compares every piece of evidence's outlet with every name and alias of the sources
    registry (``Outlets.source_named``) at each refresh of a claim's evidence, the same few hundred names each
    time (100 calls, 1.6 ms of the first highlight added after opening a 10 MB article, issue 15)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Site:
    """The outlet an address belongs to: ``label`` as shown ("southfront.org", "t.me/southfront"), ``key``
    compared, ``name`` the normalised outlet name ("southfront")."""

    label: str
    key: str
    name: str


def _registrable(host: str) -> str:
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def site_of(url: str) -> Site | None:
    """The web site (or platform account) an address belongs to; None when the address does not tell."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").casefold()
    except ValueError:
        return None
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
        return Site(host, f"site:{host}", "")
    except ValueError:
        pass
    path = [p for p in parts.path.split("/") if p]
    if host.endswith("archive.org") and len(path) >= 3 and path[0] == "web":  # web.archive.org/web/<when>/<url>
        original = parts.path.split("/", 3)[3] if parts.path.count("/") >= 3 else ""
        if parts.query:
            original += "?" + parts.query
        if "://" not in original and original:
            original = "http://" + original
        return site_of(original) if original else None
    domain = _registrable(host)
    if domain in _NO_OUTLET or host in _NO_OUTLET:
        return None
    if domain in _PLATFORMS and host.count(".") <= 2 and (host == domain or host.split(".")[0] in (
            "www", "m", "mobile", "web", "old", "mbasic")):
        label, skip, prefixes = _PLATFORMS[domain]
        if path and path[0].casefold() in prefixes:
            path = path[1:]
        account = path[0].lstrip("@") if path else ""
        if not account or account.casefold() in skip or account.endswith(".php"):
            return None
        return Site(f"{label}/{account}", f"site:{label}/{account.casefold()}", normalise_name(account))
    if domain in _USER_SUBDOMAINS and host != domain and not host.startswith("www."):
        return Site(host, f"site:{host}", normalise_name(host.split(".")[0]))
    return Site(domain, f"site:{domain}", normalise_name(domain.split(".")[0]))


@dataclass(frozen=True, slots=True)
class Outlets:
    """What corroboration knows beyond the evidence: each passage's document — id → (publisher, URL) — and the
    sources registry (a publisher named like a source is that source)."""

    documents: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    registry: Sequence[Source] = ()

    def source_named(self, name: str) -> Source | None:
        wanted = normalise_name(name)
        if not wanted:
            return None
        for src in self.registry:
            if normalise_name(src.name) == wanted or any(normalise_name(a) == wanted for a in src.aliases):
                return src
        return None


@dataclass(frozen=True, slots=True)
class Origin:
    """The origins of one piece of evidence: ``keys`` compared between pieces, ``label`` shown ("" unknown)."""

    keys: frozenset[str]
    label: str


# affiliations that say a source belongs to no camp: two "independent" sources are not one voice
NO_AFFILIATION = frozenset({"independent", "none", "unaffiliated", "nonaffiliated", "noaffiliation", "neutral",
                            "unknown", "na", "nonpartisan"})


def _source_keys(src: Source) -> set[str]:
    keys = {f"source:{src.id}"}
    keys |= {f"name:{n}" for n in map(normalise_name, (src.name, *src.aliases)) if n}
    affiliation = normalise_name(src.affiliation)
    if affiliation and affiliation not in NO_AFFILIATION:
        keys.add(f"affiliation:{affiliation}")
    return keys


def _site_keys(site: Site | None) -> set[str]:
    if site is None:
        return set()
    return {site.key} | ({f"name:{site.name}"} if site.name else set())


def _url_carrier(view: EvidenceView, outlets: Outlets) -> tuple[set[str], str]:
    """The web site of the evidence's address."""
    site = site_of(view.evidence.url)
    return _site_keys(site), site.label if site else ""


def _document_carrier(view: EvidenceView, outlets: Outlets) -> tuple[set[str], str]:
    """The publisher and web site of the document a passage is quoted from."""
    if view.passage is None:
        return set(), ""
    publisher, url = outlets.documents.get(view.passage.document_id, ("", ""))
    publisher = " ".join(publisher.split())
    site = site_of(url) if url else None
    keys = _site_keys(site)
    known = outlets.source_named(publisher) if publisher else None
    if known is not None:
        keys |= _source_keys(known)
    elif normalise_name(publisher):
        keys.add(f"name:{normalise_name(publisher)}")
    label = known.name if known is not None else publisher or (site.label if site else "")
    return keys, label


CARRIERS: dict[str, Callable[[EvidenceView, Outlets], tuple[set[str], str]]] = {
    "url": _url_carrier, "document": _document_carrier}
"""How each ``KindSpec.carrier`` finds the outlet that carried a piece of evidence."""


def _carrier(view: EvidenceView, outlets: Outlets) -> tuple[set[str], str]:
    """The outlet that carried a piece of evidence: (keys, label); none for a kind without a carrier."""
    find = CARRIERS.get(evidence_kinds.get(view.evidence.kind).carrier)
    return find(view, outlets) if find is not None else (set(), "")


def origin(view: EvidenceView, outlets: Outlets) -> Origin:
    """Where a piece of evidence comes from (see the module docstring)."""
    carrier_keys, carrier = _carrier(view, outlets)
    src = view.source
    if src is None:
        return Origin(frozenset(carrier_keys), carrier)
    own = _source_keys(src)
    if not carrier or own & carrier_keys:
        return Origin(frozenset(own | carrier_keys), src.name)
    return Origin(frozenset(own | carrier_keys), f"{src.name} via {carrier}")


def groups(origins: Iterable[Origin]) -> list[int]:
    """A group number for each origin (from 1, in order of first appearance; 0 for an unknown origin): origins
    that share a key, directly or through others, get the same number."""
    items = list(origins)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, o in enumerate(items):
        for key in sorted(o.keys):
            if key in first:
                a, b = find(first[key]), find(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                first[key] = i
    numbers: dict[int, int] = {}
    out = []
    for i, o in enumerate(items):
        if not o.keys:
            out.append(0)
            continue
        out.append(numbers.setdefault(find(i), len(numbers) + 1))
    return out
