"""Check-worthiness of a reported statement: offline rules in the spirit of ClaimBuster (a claim worth checking
states a specific event, a number, a date, a named actor or a place; an opinion or a headline does not).
Pure Python, no model.

``assess(sentence, claimant, headline)`` → (score, kind). The score adds a weight per feature found in the
statement (the sentence without its attribution): a number (digits or a number word), a date or time, an event
verb (killed, seized, shelled, arrested…), a casualty or military noun, a named actor or place other than the
claimant, a place after a preposition; it subtracts for opinion cues (evaluative words, "in our view", "should",
"believe", characterisations like "described … as “…”", a call to action). ``kind`` is "headline" for a
title-case line, "opinion" when opinion cues outweigh the facts, "vague" when it states nothing specific (no
number, event, date or place: "said it was aware of the reports"), else "claim".
"""

from __future__ import annotations

import re

from workbench.domain.search_text import word_list

_NUMBER_WORDS = frozenset(word_list(
    "two three four five six seven eight nine ten eleven twelve dozen dozens hundreds thousands hundred "
    "thousand million billion half first second third"))
_EVENT_VERBS = re.compile(
    r"\b(?:kill(?:ed|ing)?|wound(?:ed|ing)?|injur(?:ed|ing)|die[ds]?|dead|destroy(?:ed|ing)?|damag(?:ed|ing)|"
    r"captur(?:ed|ing)|recaptur(?:ed|ing)|seiz(?:ed|ing)|took|taken|retak(?:en|ing)|retook|shell(?:ed|ing)|"
    r"struck|strikes?|hit|bomb(?:ed|ing)?|attack(?:ed|ing)?|launch(?:ed|ing)|fir(?:ed|ing)|arrest(?:ed|ing)|"
    r"detain(?:ed|ing)|withdr(?:ew|awn)|explod(?:ed|ing)|kidnapp(?:ed|ing)|abduct(?:ed|ing)|escap(?:ed|ing)|"
    r"released?|loot(?:ed|ing)|downed|shot|intercept(?:ed|ing)|dock(?:ed|ing)|dropp(?:ed|ing)|sent|signed|"
    r"repell(?:ed|ing)|recaptured|handed|raised|produc(?:ed|es|ing)|used|supplied|supplying|deliver(?:ed|ing)|"
    r"held|holding|volunteer(?:ed|ing)|promised|abandon(?:ed|ing)|clash(?:ed|es)|ambush(?:ed)?|"
    r"infiltrat(?:ed|e)|occup(?:ied|y)|burn(?:ed|t)|collapsed|recruited|documented|registered|violations?|"
    r"drove|driven|fled|stormed|besieged|executed|tortured|smuggl(?:ed|ing))\b",
    re.I)
_NOUNS = re.compile(
    r"\b(?:civilians?|soldiers?|fighters?|militants?|troops|casualties|victims?|children|women|tanks?|"
    r"vehicles?|drones?|missiles?|rockets?|shells?|mortars?|barrels?|trucks?|convoy|checkpoints?|villages?|"
    r"towns?|hospital|prison|airport|airbase|bridge|border|crossing|road|highway|detainees|prisoners|"
    r"suspects|weapons|chemical|dollars|kilometres|km|miles|tonnes|gunmen|van|car|cars|plates|guards|"
    r"bodies|wounded|dead|jets|warplanes|aircraft|artillery|positions)\b", re.I)
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|yesterday|today|tonight|overnight|morning|evening|"
    r"night|hours?|days?|weeks?|months?|year|since|midnight|dawn)\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d\d\b", re.I)
_DIGITS = re.compile(r"\d")
_PLACE = re.compile(r"\b(?:in|near|at|from|to|of|outside|around|over|north|south|east|west)\s+(?:the\s+)?"
                    r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w’'-]+")
_NAME = re.compile(r"(?<!^)(?<![.!?“\"]\s)\b(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w’'-]+")
_OPINION = re.compile(
    r"\b(?:shameful|barbaric|cynical|disgrace(?:ful)?|outrageous|heinous|cowardly|brutal|criminal|crime against|"
    r"baseless|slander|propaganda|fairy tale|lies|lie|nonsense|absurd|ridiculous|respected|capable|"
    r"heroic|brave|glorious|terrible|horrible|tragic|disaster|catastroph\w*|never been worse|worst|best|"
    r"in (?:our|my) view|we believe|i believe|believe[sd]?|think|thinks|hope[sd]?|should|must|ought|"
    r"nobody trusts|does not respect|do not respect|urged|urges|called on|calls on|appeal(?:ed)? to|"
    r"harsher|harsh|shows the need|need for|unlikely|likely|probably|perhaps|maybe|seems|apparently|"
    r"it is hard to|judge for themselves|who benefits|treated with caution|fabrications?|"
    r"will continue|until the last)\b", re.I)
_CHARACTERISE = re.compile(r"\b(?:described|describing|called|calling|branded|dismissed|labelled|termed)\b"
                           r"[^.“\"]{0,60}\bas\b|\b(?:called|calling|branded|dismissed)\b[^.“\"]{0,40}[“\"]",
                           re.I)
_ATTRIBUTION_TAIL = re.compile(r",?[”\"]?,?\s+(?:[\w’'-]+\s+){0,8}?(?:said|says|added|reported|told|wrote|stated|"
                               r"reads|claimed|announced)\b.*$", re.S)

_DENIALS = frozenset(word_list("denied denies deny rejected rejects reject refuted dismissed"))
HEADLINE = "headline"
OPINION = "opinion"
VAGUE = "vague"  # shown as "little to check"
# how each kind not proposed as a claim to check is marked in the window and on the command line
KIND_LABELS = {VAGUE: "little to check", OPINION: "opinion", HEADLINE: "headline"}
CLAIM = "claim"


def _is_headline(sentence: str) -> bool:
    words = [w for w in sentence.split() if w[:1].isalpha()]
    if len(words) < 4 or sentence.rstrip().endswith((".", "”", "\"")):
        return False
    return sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def features(sentence: str, claimant: str = "") -> dict[str, float]:
    """The features of a statement, each with its weight (what ``assess`` adds up)."""
    text = sentence
    for part in claimant.split():
        if len(part) > 2:
            text = text.replace(part, " ")
    found: dict[str, float] = {}
    words = [w.strip(",.;:“”\"()").casefold() for w in text.split()]
    if _DIGITS.search(text) or any(w in _NUMBER_WORDS for w in words):
        found["number"] = 2.0
    if _DATE.search(text):
        found["date"] = 1.0
    events = len(_EVENT_VERBS.findall(text))
    if events:
        found["event"] = 1.5 + 0.25 * min(events - 1, 2)
    if _NOUNS.search(text):
        found["military/casualty"] = 1.0
    if _PLACE.search(text):
        found["place"] = 1.0
    names = {m.group(0) for m in _NAME.finditer(text)}
    if names:
        found["named"] = min(1.5, 0.5 * len(names))
    opinion = len(_OPINION.findall(text)) + len(_CHARACTERISE.findall(text))
    if opinion:
        found["opinion"] = -2.0 * opinion
    return found


def assess(sentence: str, claimant: str = "", *, headline: bool | None = None, cue: str = "") -> tuple[float, str]:
    """(check-worthiness score, kind) of an attributed statement; see the module docstring. ``cue``: the
    attribution's verb (a denial of a specific accusation is worth checking)."""
    found = features(sentence, claimant)
    if cue.casefold() in _DENIALS:
        found["denial"] = 1.5
    score = round(sum(found.values()), 2)
    if headline if headline is not None else _is_headline(sentence):
        return score, HEADLINE
    facts = sum(found.get(k, 0.0) for k in ("number", "event", "military/casualty", "denial"))
    facts += 0.5 * (found.get("date", 0.0) + found.get("place", 0.0))
    if "opinion" in found and facts < 2.0:
        return score, OPINION
    if facts == 0 and score < 1.5:
        return score, VAGUE  # no opinion in it, but nothing specific to check either ("said it was aware")
    return score, CLAIM
