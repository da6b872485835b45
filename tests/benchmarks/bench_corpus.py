"""Generated articles and projects for the benchmarks (no Qt here).

The text imitates the war news the app is made for (see ../shared/seeds): a
headline, a byline, dated updates whose claims arrive second- and third-hand,
transliteration variants of the same villages, curly quotes, image captions
with "click to enlarge" lines, donation appeals, a few emoji (some outside the
Basic Multilingual Plane, so that code points and UTF-16 units differ), an
Arabic paragraph now and then, and a reader comment thread at the end. Every
sentence is assembled from the fragments below; none is copied from a real
article. Generation is deterministic (seeded), so sizes and counts are stable.
"""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from workbench.domain.model import Claim, Passage, Stance, new_id, utc_now
from workbench.domain.selectors import make_quote
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops.project import Project
from workbench.store import claims as store_claims
from workbench.store import documents as store_docs
from workbench.store import passages as store_passages
from workbench.store import reasoning, sources

# Villages with the spellings different outlets use for them.
PLACES = (
    ("Tal Sarmin", "Tell Sarmeen", "Tal Sarmeen"),
    ("Jdeidat al-Bir", "Jdeidet al-Beer", "Jedaydat al-Bir"),
    ("Abu Hardoub", "Abu Hardub", "Abou Hardoub"),
    ("Mayadin", "Mayadeen", "al-Mayadin"),
    ("Qasr Marwan", "Kasr Marwan", "Qaser Marwan"),
    ("Wadi Sabkha", "Wadi al-Sabkhah", "Wadi Sabkhah"),
    ("Deir Ezzor", "Deir ez-Zor", "Dayr az-Zawr"),
    ("Hajin", "Hajeen", "Hadjin"),
)
ACTORS = (
    "the Syrian Arab Army (SAA)",
    "army units",
    "the SAA’s 17th Division",
    "fighters of the Jazira Tribal Forces",
    "the US-backed SDF",
    "the SDF’s Deir Ezzor Military Council",
    "ISIS cells",
    "Daesh remnants",
    "pro-government militiamen",
    "the National Defence Forces (NDF)",
    "tribal fighters",
    "Russian military police",
)
ATTRIBUTIONS = (
    "according to the ISIS-linked Amaq agency",
    "local sources said",
    "pro-opposition outlet Euphrates Post reported",
    "Sputnik quoted an unnamed military source as saying",
    "a pro-government Telegram channel claimed",
    "the state news agency SANA said",
    "activists of the Deir Ezzor 24 network said",
    "a source at the military hospital told reporters",
    "residents reached by phone said",
    "an SDF spokesman denied, according to Hawar News",
    "opposition media claimed",
    "the Syrian Observatory for Human Rights (SOHR) reported",
)
EVENTS = (
    "repelled an attack on their positions in",
    "handed over their checkpoints in",
    "shelled the outskirts of",
    "raised the flag over the municipal building in",
    "withdrew from the grain silos east of",
    "clashed for several hours with gunmen near",
    "captured a weapons depot outside",
    "lost two armoured vehicles near",
    "evacuated the families of fighters from",
    "set up a new checkpoint at the southern entrance of",
    "opened a humanitarian corridor out of",
)
DETAILS = (
    "at least four soldiers were killed and seven others wounded",
    "the reported “deal” was nothing but fake news",
    "no official source has confirmed the handover",
    "the shooting started shortly after 9 pm and continued until after midnight",
    "“at least twelve mortar rounds” fell near the flour mill",
    "the bodies were brought to the hospital before dawn",
    "the claims could not be independently verified",
    "photos circulated online appear to have been taken two years earlier",
    "the village remains under the control of the army",
    "dozens of families fled toward the Euphrates river",
)
TIMES = (
    "on Monday",
    "late on Tuesday",
    "before dawn on Wednesday",
    "on December 4",
    "hours later",
    "on the morning of December 6",
    "overnight",
    "on Friday afternoon",
    "earlier this week",
)
EMOJI = ("🔴", "⚡", "📷", "🇸🇾", "⚠️", "📍", "🎥")
ARABIC = (
    "قالت مصادر محلية إن اشتباكات عنيفة اندلعت فجر اليوم في قرية تل سرمين شرقي دير الزور، "
    "فيما نفت وكالة رسمية وقوع أي مواجهات، وأكدت أن وحدات الجيش «لم تغادر مواقعها». "
    "ولم يتسنَّ التحقق من هذه الروايات من مصدر مستقل."
)
CAPTIONS = (
    "Smoke rises over the eastern part of {p} in a photo shared by local activists.",
    "Fighters pose near a checkpoint at the entrance of {p}. Date unknown.",
    "A map of the area around {p}, as published by a pro-government channel.",
)
APPEALS = (
    "Euphrates Monitor is independent and reader-funded. Every contribution helps us keep reporters on the ground.",
    "Donate",
    "Support Euphrates Monitor",
)
COMMENTERS = ("Karim Haddad", "jason sixx", "Maria Volkova", "Abu Omar", "Peter K", "Layla Mansour")
COMMENTS = (
    "lol, the same fake story every month. Who do you think believes this?",
    "I’ve seen the video, it was filmed in another village. Check the minaret!",
    "Thanks for the update, please keep reporting from the ground.",
    "You guys should name your sources instead of “local sources” every time.",
    "my cousin lives there and says it was quiet all night",
)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _sentence(rng: random.Random) -> str:
    place = rng.choice(rng.choice(PLACES))
    actor = rng.choice(ACTORS)
    s = f"{_cap(rng.choice(ATTRIBUTIONS))}, {actor} {rng.choice(EVENTS)} {place} {rng.choice(TIMES)}."
    if rng.random() < 0.5:
        s += f" The same source added that {rng.choice(DETAILS)}."
    if rng.random() < 0.04:
        s = f"{rng.choice(EMOJI)} {s}"
    return s


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def article_text(target_chars: int, seed: int = 1, *, title: str = "", date: str = "December 5, 2017") -> str:
    """A live-blog article of about ``target_chars`` code points (never less), with a comment thread."""
    rng = random.Random(seed)
    title = title or f"Live: Fighting Around {rng.choice(PLACES)[0]} — Conflicting Reports of an Army “Handover”"
    parts = [title, "", "By Nour Kassab, Euphrates Monitor", date, ""]
    size = sum(len(p) + 1 for p in parts)
    comments_budget = max(400, target_chars // 50)
    n = 0
    while size < target_chars - comments_budget:
        n += 1
        block: list[str] = []
        if n % 5 == 1:
            block += [f"Update {n // 5 % 24:02d}:{n * 7 % 60:02d}", ""]
        block += [_paragraph(rng), ""]
        if n % 9 == 0:
            block += [rng.choice(CAPTIONS).format(p=rng.choice(rng.choice(PLACES))), "Click to enlarge the image", ""]
        if n % 31 == 0:
            block += [rng.choice(APPEALS), ""]
        if n % 47 == 0 or n == 3:
            block += [ARABIC, ""]
        parts += block
        size += sum(len(p) + 1 for p in block)
    parts += ["3 comments", ""]
    while size < target_chars:
        block = [rng.choice(COMMENTERS), "", rng.choice(COMMENTS), ""]
        parts += block
        size += sum(len(p) + 1 for p in block)
    return "\n".join(parts)


def short_article(seed: int, chars: int = 3000, date: str = "") -> str:
    """A ~3 KB article with a distinct headline (for import benchmarks)."""
    rng = random.Random(seed)
    place = rng.choice(PLACES)
    title = f"{_cap(rng.choice(ACTORS))} in {place[1]}? Report No. {seed} Questioned"
    return article_text(chars, seed=seed, title=title, date=date or f"December {1 + seed % 28}, 2017")


_SENTENCE_RE = re.compile(r"[^\s.][^.\n]{30,200}\.")


def passage_ranges(text: str, count: int, seed: int = 7, phase: float = 0.0) -> list[tuple[int, int]]:
    """``count`` non-overlapping sentence ranges spread evenly over the text (code points).

    ``phase`` (0 to 1) shifts the picks between sentences: ranges made with
    phase 0.5 never overlap those made with phase 0 when there are at least
    two sentences per pick.
    """
    spans = [(m.start(), m.end()) for m in _SENTENCE_RE.finditer(text)]
    if len(spans) < count:
        raise ValueError(f"the text has only {len(spans)} sentences, {count} wanted")
    step = len(spans) / count
    rng = random.Random(seed)
    out = []
    for i in range(count):
        a, b = spans[int((i + phase) * step)]
        # sometimes only part of the sentence, as a fact-checker selects it
        if rng.random() < 0.3:
            b = a + max(10, (b - a) // 2)
        out.append((a, b))
    return out


@dataclass(frozen=True)
class BigDoc:
    """A generated article stored in the big project, with what the benchmarks check against."""

    id: str
    text: str  # canonical text as stored (code points)
    ranges: list[tuple[int, int]]  # the highlighted ranges
    free_ranges: list[tuple[int, int]]  # sentences between them, not highlighted yet
    claim_ids: list[str]

    @property
    def highlights(self) -> int:
        return len(self.ranges)


@dataclass(frozen=True)
class BigProject:
    path: Path
    small_id: str  # a short article, opened with the project
    doc: BigDoc


@dataclass(frozen=True)
class ClaimsProject:
    path: Path
    doc_ids: list[str]
    claim_ids: list[str]
    evidence: int
    highlights_per_doc: dict[str, int]


STANCES = (Stance.SUPPORTS, Stance.REFUTES, Stance.CONTEXT)
CLAIMANTS = ("local sources", "Amaq", "SANA", "Euphrates Post", "Sputnik", "Hawar News", "SOHR")


@contextlib.contextmanager
def texts_read_once(project: Project) -> Iterator[None]:
    """Seed through the ops layer quickly: one transaction, each document's text read once.

    Each ops call that makes a passage re-reads the whole document text to
    check the range and build the quote selector (~33 ms for a 10 MB text, so
    10,000 calls would take minutes). Documents are immutable, so while
    seeding the text is served from memory. The ops calls nest inside one
    ``project.write()`` (they become savepoints): a single commit instead of
    one fsync per highlight. Everything else is the real ops path.
    """
    texts: dict[str, str] = {}
    real_text = store_docs.text

    def cached_text(db: object, doc_id: str) -> str:
        if doc_id not in texts:
            texts[doc_id] = real_text(db, doc_id)  # type: ignore[arg-type]
        return texts[doc_id]

    with pytest.MonkeyPatch.context() as mp, project.write():
        mp.setattr(store_docs, "text", cached_text)
        yield


def add_highlights(project: Project, doc_id: str, ranges: list[tuple[int, int]], per_claim: int = 10) -> list[str]:
    """Create one highlight per range through the ops layer; return the claim ids made.

    Every ``per_claim`` ranges make one claim: the first range is where the
    claim appears, the others are evidence with rotating stances.
    """
    claim_ids: list[str] = []
    with texts_read_once(project):
        for i, (a, b) in enumerate(ranges):
            if i % per_claim == 0:
                claim_id, _ = claim_ops.create_claim_from_passage(
                    project, doc_id, a, b, claimant=CLAIMANTS[len(claim_ids) % len(CLAIMANTS)]
                )
                claim_ids.append(claim_id)
            else:
                claim_ops.add_passage_evidence(project, claim_ids[-1], doc_id, a, b, STANCES[i % 3])
    return claim_ids


def add_claims_across(project: Project, doc_ranges: dict[str, list[tuple[int, int]]], claims: int) -> list[str]:
    """``claims`` claims, each stated in one document and with evidence in the next one (or two).

    Claim i appears at the next free range of document i mod n; it gets one
    piece of evidence in document i+1 mod n, and every other claim a second
    one in document i+2 mod n. Returns the claim ids.
    """
    doc_ids = list(doc_ranges)
    cursors = dict.fromkeys(doc_ids, 0)

    def take(doc_id: str) -> tuple[int, int]:
        i = cursors[doc_id]
        cursors[doc_id] = i + 1
        return doc_ranges[doc_id][i]

    claim_ids: list[str] = []
    with texts_read_once(project):
        for i in range(claims):
            home = doc_ids[i % len(doc_ids)]
            claim_id, _ = claim_ops.create_claim_from_passage(
                project, home, *take(home), claimant=CLAIMANTS[i % len(CLAIMANTS)]
            )
            claim_ids.append(claim_id)
            for k in range(1, 2 + i % 2):
                other = doc_ids[(i + k) % len(doc_ids)]
                claim_ops.add_passage_evidence(
                    project, claim_id, other, *take(other), STANCES[(i + k) % 3], credibility=1 + i % 6
                )
    return claim_ids


def import_text(project: Project, text: str, name: str) -> str:
    outcome = doc_ops.import_data(project, text.encode("utf-8"), name)
    if outcome.status is not doc_ops.ImportStatus.IMPORTED:
        raise AssertionError(f"{name}: {outcome.line()}")
    return outcome.document_id


def write_articles(folder: Path, count: int, chars: int = 3000) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        p = folder / f"report-{i:03d}.txt"
        p.write_text(short_article(1000 + i, chars), encoding="utf-8")
        paths.append(p)
    return paths


def seed_claims(project: Project, doc_ids: list[str], count: int, fields: Callable[[int], dict[str, Any]],
                tags: Callable[[int], tuple[str, ...]]) -> list[str]:
    """``count`` claims spread over the documents, each quoting its own passage (an appearance), through the store
    functions in one transaction; ``fields(i)`` gives claim i's status, rating, summary…, ``tags(i)`` its tags."""
    texts = {d: doc_ops.get_document(project, d).text for d in doc_ids}
    per_doc = -(-count // len(doc_ids))
    ranges = {d: passage_ranges(texts[d], per_doc) for d in doc_ids}
    at = utc_now()
    ids = []
    with project.write() as db:
        claimants = [sources.get_or_create(db, name)[0] for name in CLAIMANTS]
        for i in range(count):
            doc = doc_ids[i % len(doc_ids)]
            a, b = ranges[doc][i // len(doc_ids)]
            passage = Passage(id=new_id(), document_id=doc, start=a, end=b, quote=make_quote(texts[doc], a, b))
            store_passages.insert(db, passage, at)
            claim = Claim(id=new_id(), text=texts[doc][a:b], claimant_id=claimants[i % len(claimants)],
                          claim_date="2017-12-05", created_at=at, updated_at=at, **fields(i))
            store_claims.insert_claim(db, claim)
            store_claims.insert_appearance(db, new_id(), claim.id, passage.id, at)
            if tags(i):
                reasoning.set_tags(db, claim.id, tags(i))
            ids.append(claim.id)
    return ids
