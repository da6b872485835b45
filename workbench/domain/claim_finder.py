"""Claim finder: sentences that attribute a statement to someone (reported speech). Pure Python.

Recognised: "according to X", "X said / reported / claimed / denied / confirmed / … that", quote-first
("“…,” the statement reads"), "X, citing Y, said", "X quoted Y as saying", "Y told X (an outlet)", "X was
quoted as saying", "the X-linked agency Y reported", and nesting ("X, citing Y, said the Z agency
claimed…"). Each suggestion names the claimant (who made the statement) and the attribution chain: the
sources between the article and the claimant, nearest the article first. "He", "the same sources",
"the statement" are resolved to the previous suggestion's claimant.

Claimants are then made actors (workbench.domain.claimants: no documents, verb phrases or section words;
short names → the fuller name used earlier; registry names and aliases → the source's name), and each
suggestion gets a check-worthiness score and kind (workbench.domain.checkworthy; ``rank`` orders them).

Precision and recall on the annotated fixtures are measured in tests/unit/search/test_claim_finder.py and,
with claimant accuracy and the check-worthiness order, by the eval suite tests/eval/suite_claims.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.domain.checkworthy import assess
from workbench.domain.claimants import ClaimantResolver, KnownSource, clean, is_document
from workbench.domain.model import Segment, SegmentKind
from workbench.domain.search_text import word_list
from workbench.domain.sentences import sentences

_VERBS = word_list(
    "said says say reported reports claimed claims denied denies confirmed confirms announced announces "
    "stated states added adds told tells alleged alleges insisted insists revealed reveals accused "
    "accuses warned warns acknowledged acknowledges admitted admits asserted asserts rejected rejects "
    "described describes declared declares quoted quotes cited cites wrote writes reads noted notes "
    "stressed explained argued posted claim deny confirm announce report state tell allege insist reveal "
    "accuse warn acknowledge admit assert reject declare")
_RELAY = {"quoted", "quotes", "cited", "cites"}
_AMBIGUOUS = {"report", "claim", "state", "reports", "claims", "states", "notes", "quotes", "cites", "reads", "denies"}
_MODALS = {"could", "would", "can", "cannot", "will", "should", "must", "may", "might", "did", "does", "do",
           "to", "not", "never", "shall", "let", "didn't", "couldn't", "won't", "wouldn't", "can't"}
_NOT_BEFORE_VERB: set[str] = set()  # filled below: determiners, conditionals, modals, prepositions
_PREPOSITIONS = {"on", "in", "at", "for", "with", "over", "about", "from", "into", "against", "after", "before"}
_PARTICIPLES = {"asked", "speaking", "quoted", "cited", "contacted", "reached", "interviewed", "commenting",
                "responding", "writing", "citing", "according", "reacting", "answering", "questioned"}
_CONDITIONAL = {"if", "unless", "once", "than", "as", "whether", "when", "until"}
_LOWER_SUBJECTS = frozenset(word_list(
    "local pro-government pro-opposition activists residents sources officials witnesses a an the several many "
    "some most few two three dozens other various both all his her their"))
_PUBLISH_VERBS = {"published", "issued", "released", "circulated", "posted", "spread", "spreading", "shared",
                  "carried", "publishing", "releasing"}
_PUBLISHED = re.compile(r"\b(" + "|".join(_PUBLISH_VERBS) + r")\s+"
                        r"(?:a\s+|the\s+)?(?:reports?|statements?|claims?|video|footage|photos)\s+"
                        r"(?:that|claiming|saying|alleging|showing)\b")
_PARTICIPLE = re.compile(r",\s+(saying|claiming|adding|insisting|alleging|stressing|warning)\b")
_TOLD = {"told", "tells"}
_VERB_RE = re.compile(r"(?<![\w-])(" + "|".join(_VERBS) + r")(?![\w-])")
_WHICH_CITED = re.compile(r",\s+(?:which|who)\s+(?:cited|quoted)\s+([^,;.]+)|,\s+(?:citing|quoting)\s+([^,;.]+)")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_CITING = re.compile(r"^\s*(?:citing|quoting)\s+(.+?)\s*$", re.S)
_QUOTE_FIRST = re.compile(r"^[“\"«‘].+?[,.!?]?[”\"»’],?\s+(.+?)\s+(was\s+quoted\s+as\s+saying|" + "|".join(_VERBS)
                          + r")\b", re.S)
_DETERMINERS = {"the", "a", "an", "these", "those", "this", "its", "their", "his", "her", "such", "of", "by", "our",
                "to", "no", "any", "unconfirmed", "same", "first", "initial", "earlier", "new", "latest", "other"}
_ADVERBS = {"also", "later", "again", "reportedly", "then", "previously", "earlier", "officially", "directly",
            "openly", "repeatedly", "allegedly", "first", "had", "has", "have", "would", "will", "immediately",
            "publicly", "quickly", "once", "already", "initially", "subsequently", "never", "not", "further",
            "separately", "meanwhile", "flatly", "strongly", "firmly", "in", "turn", "itself", "himself",
            "started", "began", "continued", "kept"}
_PASSIVE = {"was", "were", "been", "be", "is", "are", "being"}
_PRONOUNS = {"he", "she", "they", "it", "we"}
_ANAPHORA = re.compile(r"^(?:the\s+same\s+\w+|the\s+(?:sources?|statement|report))$", re.I)
_MEDIA = {"outlet", "agency", "channel", "website"}
_TIME_WORDS = frozenset(word_list(
    "on in at over during after before since late early the past last this next two three four five days "
    "hours weeks day week month morning evening night afternoon monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep oct nov dec"))
_CLAUSE_START = re.compile(r"\b(?:that|after|before|when|while|because|since|although|though|until|where|"
                           r"whereas|once|if)\b", re.I)
_TRAILING_TIME = re.compile(r"\s+(?:(?:late|early)\s+)?(?:on|in|at|last|this|yesterday|today|overnight|earlier|"
                            r"later)(?:\s+(?:the\s+)?(?:morning|evening|night|afternoon|week|month|monday|tuesday|"
                            r"wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
                            r"august|september|october|november|december|\d+\w*)){0,3}$", re.I)
_LEADING = re.compile(r"^(?:however|moreover|meanwhile|but|and|also|separately|later|earlier|furthermore|"
                      r"in addition|still|yet|so|then|now|instead|besides)\b\s*", re.I)
_DESCRIPTORS = {"agency", "outlet", "website", "channel", "network", "newspaper", "daily", "station", "tv",
                "radio", "outlets", "group", "spokesman", "spokeswoman", "spokesperson", "commander", "office",
                "wing", "service", "site", "portal", "account", "page", "broadcaster", "media"}
_NAME_TOKEN = re.compile(r"^(?:(?:al|el|ad|an|ar|as|ash|at|az|ed|en|er|es|et|ez)-)?[A-Z0-9][\w’'.-]*$")
_AFFILIATION = re.compile(r"^(?:pro-\S+|\S+-(?:linked|affiliated|backed|run|owned|controlled|led)|state|official|"
                          r"opposition|government|independent|local|russian|syrian|turkish|kurdish|iranian)$", re.I)


_NOT_BEFORE_VERB.update(_DETERMINERS | _CONDITIONAL | _MODALS | _PREPOSITIONS)

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
    score: float = 0.0  # check-worthiness: higher for a specific event, number, date, named actor, place
    kind: str = "claim"  # "claim", or "vague" / "opinion" / "headline": shown, not proposed as a claim to check


def find_attributions(text: str, segments: Iterable[Segment] = (), *, include: Iterable[SegmentKind] = (
        SegmentKind.BODY,), known: Iterable[KnownSource] = ()) -> list[AttributionSuggestion]:
    """Suggestions for the sentences of the wanted segments (body only unless asked), in text order.

    Each claimant is an actor (see ``workbench.domain.claimants``): a short or partial name becomes the fuller
    name used earlier in the article, and a name or alias of a ``known`` source (name, aliases) in the
    project's registry becomes that source's name. Each suggestion carries its check-worthiness ``score`` and
    ``kind`` (claim, opinion or headline; see ``workbench.domain.checkworthy``); ``rank`` orders them.
    """
    wanted = set(include)
    segs = list(segments) or [Segment(0, len(text), SegmentKind.BODY)]
    out: list[AttributionSuggestion] = []
    previous: AttributionSuggestion | None = None
    resolver = ClaimantResolver(text, tuple(known))
    for seg in segs:
        if seg.kind not in wanted:
            continue
        for a, b in sentences(text, seg.start, seg.end):
            sentence = text[a:b]
            found = _analyse(sentence, previous)
            if found is None:
                opened = _quote_opened_before(text, seg.start, a, sentence)
                if opened < 0:
                    continue
                a, sentence = opened, text[opened:b]  # "“… . … ,” the statement reads.": the whole quotation
                found = _analyse(sentence, previous)
                if found is None:
                    continue
            claimant, chain, cue, affiliation, named, phrase = found
            if claimant == named or not named or (is_document(named) and not clean(named)):
                # not already resolved to the previous claimant; "the statement": its issuer, if named earlier
                claimant = resolver.resolve(named or claimant, b, previous.claimant if previous else "", phrase)
            else:
                resolver.history.append((named, claimant))
            if not claimant:
                continue  # a section word, "No group", a document nobody issued
            chain = tuple(dict.fromkeys(c for c in (resolver.actor(c, b) for c in chain)
                                        if c and c.casefold() != claimant.casefold()))
            score, kind = assess(sentence, claimant, headline=_is_headline(sentence), cue=cue)
            if kind == "headline":
                claimant = _headline_claimant(claimant)
            previous = AttributionSuggestion(a, b, sentence, claimant, chain, cue, seg.kind, affiliation,
                                             score, kind)
            out.append(previous)
    return out


_QUOTE_CLOSED_THEN_VERB = re.compile(r"^[^“\"«]*?[”\"»],?\s+\S")


def _quote_opened_before(text: str, start: int, a: int, sentence: str) -> int:
    """Where a quotation opened in an earlier sentence of the segment when ``sentence`` closes it and goes on
    ("…troops,” the statement reads."), else -1."""
    if not _QUOTE_CLOSED_THEN_VERB.match(sentence):
        return -1
    opened = max(text.rfind(q, start, a) for q in "“«\"")
    if opened < 0 or any(text.find(q, opened + 1, a) >= 0 for q in "”»"):
        return -1
    return opened


def _headline_claimant(claimant: str) -> str:
    """"Daesh" of "Daesh Claims Capture Of Two Villages": the words before a title-case speech verb."""
    words = claimant.split()
    for i, w in enumerate(words):
        if i and w.casefold() in {*_VERBS, "say", "claim", "report", "deny", "announce"}:
            return " ".join(words[:i])
    return claimant


def rank(found: Iterable[AttributionSuggestion]) -> list[AttributionSuggestion]:
    """Most check-worthy first: claims, then statements with little to check, opinions and headlines, then by
    score, then in text order."""
    order = {"claim": 0, "vague": 1, "opinion": 2, "headline": 3}
    return sorted(found, key=lambda s: (order.get(s.kind, 1), -s.score, s.start))


def analyse(sentence: str, previous: AttributionSuggestion | None = None
            ) -> tuple[str, tuple[str, ...], str, str] | None:
    """(claimant, chain, cue, affiliation) of a sentence that attributes a statement, else None."""
    found = _analyse(sentence, previous)
    return None if found is None else found[:4]


def _analyse(sentence: str, previous: AttributionSuggestion | None = None
             ) -> tuple[str, tuple[str, ...], str, str, str, str] | None:
    """(claimant, chain, cue, affiliation, name before anaphora, whole speaker phrase) of an attributing
    sentence."""
    speakers: list[str] = []
    cue = ""
    body = sentence
    for m in _ACCORDING.finditer(sentence):
        np = re.split(r"[,;:.]|\s+that\s+|\s+which\s+|\s+who\s+", sentence[m.end():], maxsplit=1)[0]
        if np.strip():
            speakers.append(np.strip())
            cue = cue or "according to"
        end = m.end() + len(np)
        cited = _WHICH_CITED.match(sentence, end)
        if cited:  # "According to X, which cited Y, …"
            speakers.append(cited.group(1) or cited.group(2))
            end = cited.end()
        body = body.replace(sentence[m.start():end], " ")
    quoted = _QUOTE_FIRST.match(sentence)
    headline = _is_headline(sentence)
    colon = _HEADLINE_SPEAKER.match(sentence) if headline else None
    if colon and (colon.group(1).casefold() in _NOT_SPEAKERS or "·" in sentence or "|" in sentence):
        colon = None
    if quoted:
        relay = _told_target(sentence[quoted.end():]) if quoted.group(2) in _TOLD else ""
        speakers += [relay, quoted.group(1)] if relay else [quoted.group(1)]
        cue = cue or "quote"
    elif colon:
        speakers.append(colon.group(1))
        cue = cue or "headline"
    else:
        verb_speakers, verb_cue = _verb_speakers(body, headline)
        speakers += verb_speakers
        cue = cue or verb_cue
    speakers = [s for s in (_clean_np(s) for s in speakers) if s]
    if not speakers:
        return None
    chain = list(dict.fromkeys(speakers))
    claimant = chain.pop()
    phrase = claimant
    affiliation = _affiliation(claimant)
    claimant = _name_of(claimant)
    named = claimant
    chain = [_name_of(c) for c in chain]
    if previous is not None:  # "according to the same sources": the chain of the statement before
        resolved: list[str] = []
        for c in chain:
            if _ANAPHORA.match(c) or c.casefold() in _PRONOUNS:
                resolved += [*previous.chain, previous.claimant]
            else:
                resolved.append(c)
        chain = resolved
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
    chain_out = tuple(c for c in dict.fromkeys(chain) if c.casefold() != claimant.casefold())
    return claimant, chain_out, cue, affiliation, named, phrase


_NOT_SPEAKERS = {"share", "source", "sources", "update", "updated", "watch", "read", "photo", "video", "related",
                 "tags", "comments", "follow", "note", "editor's note", "breaking", "live", "exclusive", "opinion"}
_NOUN_FOLLOWERS = frozenset(word_list(
    "yet of over against for were was are is and or about have has in on from by which could would cannot can "
    "remain remained"))
_HEADLINE_SPEAKER = re.compile(r"^((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*):\s+\S")


def _is_headline(sentence: str) -> bool:
    """A title-case line without a final full stop: "Daesh Claims It Seized Army Vehicles"."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    if len(words) < 4 or sentence.rstrip().endswith("."):
        return False
    return sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def _verb_speakers(body: str, headline: bool = False) -> tuple[list[str], str]:
    """Speakers of the speech verbs of a clause, outermost first."""
    speakers: list[str] = []
    cue = ""
    prev_end = 0
    text = body.lower() if headline else body  # "Daesh Claims It Seized…": title-case verbs count
    for m in _VERB_RE.finditer(text):
        verb = m.group(1)
        if headline and verb in _TOLD | {"tell"}:
            continue  # "Tell Sarmeen" is a place
        before = body[prev_end:m.start()]
        words = before.split()
        while words and _is_adverb(words[-1]):
            words.pop()
        if not words:
            continue
        raw = words[-1].strip("“”\"")
        last = raw.casefold()
        if last in _NOT_BEFORE_VERB or (raw in _PASSIVE and verb != "quoted"):
            continue  # "the reports", "If confirmed", "were never confirmed"
        if verb in _AMBIGUOUS and (_noun_use(body[m.end():]) or last in _PUBLISH_VERBS):
            continue  # "any of the ISIS claims yet", "Nahar claims, Nahar photos"
        if raw in _PASSIVE:
            words = words[:-1]  # "X was quoted as saying": X is the speaker
        if speakers and (not words or words[-1].casefold() in {"and", "or", "but"} or "," in before.strip(" ,")):
            continue  # a second verb of the same subject, or a clause that is not the reported statement
        subject, extra = _subject(" ".join(words), nested=bool(speakers))
        if not subject:
            continue
        after = body[m.end():]
        if verb in _TOLD:
            target = _told_target(after)
            if target:
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
    if not speakers:
        published = _PUBLISHED.search(body)
        participle = _PARTICIPLE.search(body)
        if published:
            subject, _extra = _subject(body[:published.start()], nested=False)
            speakers, cue = ([subject], published.group(1)) if subject else ([], "")
        elif participle:
            lead = _strip_leading(body[:participle.start()].split(",")[0]).split()
            name = []
            for w in lead:
                if not (_NAME_TOKEN.match(w) or w.casefold() in {"the", "itself"}):
                    break
                name.append(w)
            if name and name[-1].casefold() == "itself":
                name.pop()
            if name:
                speakers, cue = [" ".join(name)], participle.group(1)
    return speakers, cue


def _is_adverb(word: str) -> bool:
    w = word.casefold().strip(",")
    return w in _ADVERBS or (w.endswith("ly") and len(w) > 4 and w not in {"early", "daily", "italy", "only"})


def _noun_use(after: str) -> bool:
    """Whether what follows "claims"/"reports" shows it is a noun ("claims yet.", "claims, photos")."""
    nxt = after.lstrip()
    if not nxt or nxt[0] in ",.;:!?)":
        return True
    word = nxt.split()[0].casefold().strip(",.;:")
    return word in _NOUN_FOLLOWERS


def _told_target(after: str) -> str:
    """The outlet in "told the state news agency SANA (that)": a relay, not an audience like "reporters"."""
    head = re.split(r"\s+that\b|[,.;:“\"]", after, maxsplit=1)[0].split()[:6]
    if not head or head[0].casefold() in {"me", "us", "him", "her", "them", "you", "reporters", "journalists"}:
        return ""
    last = max((i for i, w in enumerate(head) if _NAME_TOKEN.match(w)), default=-1)
    return " ".join(head[:last + 1]) if last >= 0 else ""


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
    words = text.split()
    if words and words[-1].casefold() in {"who", "which"} and "," in text:
        return _antecedent(text.rsplit(",", 1)[0]), extra  # "…commander Khaled al-Sweidan, who reportedly said"
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
    text = _TRAILING_TIME.sub("", _strip_leading(text.strip()))
    if text.endswith(" and"):  # "The SDF responded to … and accused": the subject of the first verb
        text = _leading_np(text)
    words = text.split()
    if not words or len(words) > 12 or words[0].casefold() in _PARTICIPLES:
        return "", []
    if (not nested and words[0][:1].islower() and words[0].casefold() not in _LOWER_SUBJECTS
            and not words[0].startswith(("pro-", "al-")) and len(words) > 6):
        return "", []
    return text, extra


def _leading_np(text: str) -> str:
    out: list[str] = []
    for w in text.split():
        if w[:1].islower() and (w.endswith("ed") or w in _PASSIVE | {"has", "had", "have", "will", "would"}):
            break
        out.append(w)
    return " ".join(out)


def _antecedent(text: str) -> str:
    """The trailing name of a clause: "…attributed on Sunday to JTF field commander Khaled al-Sweidan"."""
    out: list[str] = []
    for w in reversed(text.split()):
        if _NAME_TOKEN.match(w) or w.casefold() in _DESCRIPTORS | {"field", "senior", "military", "local"}:
            out.append(w)
        else:
            break
    return " ".join(reversed(out))


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
                j = i + 1
                while j < len(words) and (lowered[j] in _TIME_WORDS or lowered[j].isdigit()):
                    j += 1  # "in the last 48 hours ISIS"
                return " ".join(words[j if j > i + 1 and j < len(words) else i:])
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
        # "the ISIS-linked Amaq": the name; "the Russian Defense Ministry" keeps its nationality (part of the name)
        while len(rest) > 1 and _AFFILIATION.match(rest[0]) and "-" in rest[0] and _NAME_TOKEN.match(rest[1]):
            rest = rest[1:]
        if _NAME_TOKEN.match(rest[0]):
            return " ".join(rest)
    return np
