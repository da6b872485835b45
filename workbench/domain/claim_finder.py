"""Claim finder: sentences that attribute a statement to someone (reported speech). Pure Python.

Recognised: "according to X", "X said / reported / claimed / denied / confirmed / … that", quote-first
("“…,” the statement reads"), "X, citing Y, said", "X quoted Y as saying", "Y told X (an outlet)", "X was
quoted as saying", "the X-linked agency Y reported", and nesting ("X, citing Y, said the Z agency
claimed…"). Each suggestion names the claimant (who made the statement) and the attribution chain: the
sources between the article and the claimant, nearest the article first. "He", "the same sources",
"the statement" are resolved to the previous suggestion's claimant.

Precision and recall on the annotated fixtures are measured in tests/unit/domain/test_claim_finder.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.domain.model import Segment, SegmentKind
from workbench.domain.search_text import sentences

_VERBS = ("said says say reported reports claimed claims denied denies confirmed confirms announced announces "
          "stated states added adds told tells alleged alleges insisted insists revealed reveals accused accuses "
          "warned warns acknowledged acknowledges admitted admits asserted asserts rejected rejects described "
          "describes declared declares quoted quotes cited cites wrote writes reads noted notes stressed "
          "explained argued posted").split()
_RELAY = {"quoted", "quotes", "cited", "cites"}
_TOLD = {"told", "tells"}
_VERB_RE = re.compile(r"\b(" + "|".join(_VERBS) + r")\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_CITING = re.compile(r"^\s*(?:citing|quoting)\s+(.+?)\s*$", re.S)
_QUOTE_FIRST = re.compile(r"^[“\"«‘].+?[,.!?]?[”\"»’],?\s+(.+?)\s+(?:was\s+quoted\s+as\s+saying|" + "|".join(_VERBS)
                          + r")\b", re.S)
_DETERMINERS = {"the", "a", "an", "these", "those", "this", "its", "their", "his", "her", "such", "of", "by", "our",
                "to", "no", "any", "unconfirmed", "same", "first", "initial", "earlier", "new", "latest", "other"}
_ADVERBS = {"also", "later", "again", "reportedly", "then", "previously", "earlier", "officially", "directly",
            "openly", "repeatedly", "allegedly", "first", "had", "has", "have", "would", "will", "immediately",
            "publicly", "quickly", "once", "already", "initially", "subsequently", "never", "not", "further",
            "separately", "meanwhile", "flatly", "strongly", "firmly", "in", "turn", "had", "itself", "himself"}
_PASSIVE = {"was", "were", "been", "be", "is", "are", "being"}
_PRONOUNS = {"he", "she", "they", "it", "we"}
_ANAPHORA = re.compile(r"^(?:the\s+)?(?:same\s+)?(?:sources?|outlet|agency|statement|channel|website|report|"
                       r"spokesman|official|commander|ministry)$", re.I)
_MEDIA = {"outlet", "agency", "channel", "website"}
_TIME_WORDS = set("on in at over during after before since late early the past last this next two three four five "
                  "days hours weeks day week month morning evening night afternoon monday tuesday wednesday "
                  "thursday friday saturday sunday january february march april may june july august september "
                  "october november december jan feb mar apr jun jul aug sep oct nov dec".split())
_CLAUSE_START = re.compile(r"\b(?:that|after|before|when|while|because|since|although|though|until|where|"
                           r"whereas|once|if)\b")
_LEADING = re.compile(r"^(?:however|moreover|meanwhile|but|and|also|separately|later|earlier|furthermore|"
                      r"in addition|still|yet|so|then|now|instead|besides)\b\s*", re.I)
_DESCRIPTORS = {"agency", "outlet", "website", "channel", "network", "newspaper", "daily", "station", "tv",
                "radio", "outlets", "group", "spokesman", "spokeswoman", "spokesperson", "commander", "office",
                "wing", "service", "site", "portal", "account", "page", "broadcaster", "media"}
_NAME_TOKEN = re.compile(r"^(?:(?:al|el|ad|an|ar|as|ash|at|az|ed|en|er|es|et|ez)-)?[A-Z0-9][\w’'.-]*$")
_AFFILIATION = re.compile(r"^(?:pro-\S+|\S+-(?:linked|affiliated|backed|run|owned|controlled|led)|state|official|"
                          r"opposition|government|independent|local|russian|syrian|turkish|kurdish|iranian)$", re.I)


@dataclass(frozen=True, slots=True)
class AttributionSuggestion:
    """A sentence that reports someone's statement, with who made it and through whom it came."""

    start: int
    end: int
    sentence: str
    claimant: str
    chain: tuple[str, ...]
    cue: str
    segment: SegmentKind = SegmentKind.BODY
    affiliation: str = ""


def find_attributions(text: str, segments: Iterable[Segment] = (), *, include: Iterable[SegmentKind] = (
        SegmentKind.BODY,)) -> list[AttributionSuggestion]:
    """Suggestions for the sentences of the wanted segments (body only unless asked), in text order."""
    wanted = set(include)
    segs = list(segments) or [Segment(0, len(text), SegmentKind.BODY)]
    out: list[AttributionSuggestion] = []
    previous: AttributionSuggestion | None = None
    for seg in segs:
        if seg.kind not in wanted:
            continue
        for a, b in sentences(text, seg.start, seg.end):
            found = analyse(text[a:b], previous)
            if found is None:
                continue
            claimant, chain, cue, affiliation = found
            previous = AttributionSuggestion(a, b, text[a:b], claimant, chain, cue, seg.kind, affiliation)
            out.append(previous)
    return out


def analyse(sentence: str, previous: AttributionSuggestion | None = None
            ) -> tuple[str, tuple[str, ...], str, str] | None:
    """(claimant, chain, cue, affiliation) of a sentence that attributes a statement, else None."""
    speakers: list[str] = []
    cue = ""
    body = sentence
    for m in _ACCORDING.finditer(sentence):
        np = re.split(r"[,;:.]|\s+that\s+|\s+which\s+|\s+who\s+", sentence[m.end():], maxsplit=1)[0]
        if np.strip():
            speakers.append(np.strip())
            cue = cue or "according to"
        body = body.replace(sentence[m.start():m.end() + len(np)], " ")
    quoted = _QUOTE_FIRST.match(sentence)
    if quoted:
        speakers.append(quoted.group(1))
        cue = cue or "quote"
    else:
        verb_speakers, verb_cue = _verb_speakers(body)
        speakers += verb_speakers
        cue = cue or verb_cue
    speakers = [s for s in (_clean_np(s) for s in speakers) if s]
    if not speakers:
        return None
    chain = list(dict.fromkeys(speakers))
    claimant = chain.pop()
    affiliation = _affiliation(claimant)
    claimant = _name_of(claimant)
    chain = [_name_of(c) for c in chain]
    folded = claimant.casefold()
    if previous is not None and (folded in _PRONOUNS or _ANAPHORA.match(claimant)):
        if folded.split()[-1] in _MEDIA and previous.chain:
            claimant = previous.chain[0]  # "the same outlet": the outlet that relayed the previous statement
        else:
            if folded in _PRONOUNS or "same" in folded or not chain:
                chain = chain or list(previous.chain)
            claimant = previous.claimant
    if claimant.casefold() in _PRONOUNS or not claimant:
        return None
    return claimant, tuple(c for c in dict.fromkeys(chain) if c.casefold() != claimant.casefold()), cue, affiliation


def _verb_speakers(body: str) -> tuple[list[str], str]:
    """Speakers of the speech verbs of a clause, outermost first."""
    speakers: list[str] = []
    cue = ""
    prev_end = 0
    for m in _VERB_RE.finditer(body):
        verb = m.group(1)
        before = body[prev_end:m.start()]
        words = before.split()
        if not words:
            continue
        last = words[-1].casefold().strip("“”\"")
        if last in _DETERMINERS or last in _PASSIVE and verb not in _RELAY | {"quoted"}:
            continue  # "the reports", "these claims", "were never confirmed"
        if last in _PASSIVE and verb == "quoted":
            words = words[:-1]  # "X was quoted as saying": X is the speaker
        if speakers and (not words or words[-1].casefold() in {"and", "or", "but"} or "," in before.strip(" ,")):
            continue  # a second verb of the same subject, or a clause that is not the reported statement
        subject, extra = _subject(" ".join(words) if words else "", nested=bool(speakers))
        if not subject:
            continue
        after = body[m.end():]
        if verb in _TOLD:
            relay = re.match(r"\s+(.+?)(?=\s+that\b|\s*[,.;:]|\s+about\b|$)", after)
            target = relay.group(1) if relay else ""
            if target and any(_NAME_TOKEN.match(t) for t in target.split()[-3:]):
                speakers += [target, *extra, subject] if not speakers else [*extra, subject]
            else:
                speakers += [subject, *extra]
        elif verb in _RELAY:
            obj = re.match(r"\s+(.+?)(?=\s+as\s+say|\s+who\b|\s+that\b|\s*[,.;:]|$)", after)
            speakers += [subject, *extra]
            if obj and not after.lstrip().startswith("as saying"):
                speakers.append(obj.group(1))
        else:
            speakers += [subject, *extra]
        cue = cue or verb
        prev_end = m.end()
        if verb in _RELAY:
            prev_end = len(body) if not re.search(r"\bthat\b", after) else m.end() + after.index("that")
    return speakers, cue


def _subject(prefix: str, nested: bool) -> tuple[str, list[str]]:
    """The speaker just before a verb and any "citing Y" beside it: ("X", ["Y"])."""
    extra: list[str] = []
    text = prefix.strip()
    while True:
        words = text.split()
        if words and words[-1].casefold().strip(",") in _ADVERBS:
            text = " ".join(words[:-1]).rstrip()
            continue
        break
    if nested:
        text = re.split(r"\bthat\b", text)[-1]
        if "," in text:
            return "", []
    if text.endswith(","):
        parts = [p.strip() for p in text.rstrip(",").split(",")]
        if len(parts) >= 2:
            inner = parts[-1]
            cited = _CITING.match(inner)
            if cited:
                extra.append(cited.group(1))
                text = parts[-2]
            elif inner.split()[0].casefold() in {"a", "an", "the", "who", "which"} or inner[:1].islower():
                text = parts[-2]  # "Name, a commander of the DMC,"
            else:
                text = inner  # "An SDF commander, Name,"
        else:
            text = parts[0]
    else:
        text = text.rsplit(",", 1)[-1]
        text = _CLAUSE_START.split(text)[-1]
    text = _strip_leading(text.strip())
    words = text.split()
    if not words or len(words) > 12:
        return "", []
    if not nested and words[0][:1].islower() and words[0].casefold() not in {
            "local", "pro-government", "pro-opposition", "activists", "residents", "sources", "officials",
            "witnesses", "a", "an", "the"} and not words[0].startswith(("pro-", "al-")):
        if len(words) > 6:
            return "", []
    return text, extra


def _strip_leading(text: str) -> str:
    while True:
        new = _LEADING.sub("", text).strip()
        if new == text:
            break
        text = new
    words = text.split()
    if words and words[0].casefold() in _TIME_WORDS - {"the", "this", "last", "two", "three", "four", "five"}:
        lowered = [w.casefold() for w in words]
        for i in range(len(words) - 1, 0, -1):
            if lowered[i] in {"the", "a", "an"}:
                return " ".join(words[i:])
        i = 0
        while i < len(words) and (lowered[i].strip(",") in _TIME_WORDS or lowered[i].strip(",").isdigit()):
            i += 1
        return " ".join(words[i:])
    return text


def _clean_np(np: str) -> str:
    np = np.strip(" ,;:“”\"«»‘’")
    np = re.sub(r"\s+", " ", np)
    return np


def _affiliation(np: str) -> str:
    return next((w for w in np.split() if _AFFILIATION.match(w) and "-" in w), "")


def _name_of(np: str) -> str:
    """The name inside a noun phrase: "the ISIS-linked news agency al-Fajr" → "al-Fajr"."""
    np = re.sub(r"\s*\([^)]*\)", "", np).strip()
    words = np.split()
    if not words:
        return np
    lowered = [w.casefold() for w in words]
    # descriptor followed by a name: "the pro-opposition website Nahr Post"
    for i, w in enumerate(lowered[:-1]):
        if w in _DESCRIPTORS:
            rest = words[i + 1:]
            if rest and all(_NAME_TOKEN.match(t) for t in rest):
                return " ".join(rest)
    # a name followed by its descriptor: "the Wadi Media agency", "the ISIS-linked Amaq agency"
    if lowered[-1] in _DESCRIPTORS - {"office", "wing", "media", "commander", "spokesman", "group"} and len(words) > 1:
        core = [w for w in words[:-1] if w.casefold() not in {"the", "a", "an"} and not _AFFILIATION.match(w)]
        if core and all(_NAME_TOKEN.match(t) for t in core) and lowered[-2] != "news":
            return " ".join(core)
    if lowered[0] in {"the"} and len(words) > 1:
        rest = words[1:]
        while len(rest) > 1 and _AFFILIATION.match(rest[0]) and _NAME_TOKEN.match(rest[1]):
            rest = rest[1:]
        if _NAME_TOKEN.match(rest[0]):
            return " ".join(rest)
    return np
