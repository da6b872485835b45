"""Claimants as actors: the claim finder's raw speaker phrase turned into the name of a person, organisation,
outlet or "local sources". Pure Python.

Rules, in order (``ClaimantResolver.resolve``):

1. Clean the phrase (``clean``): cut an appositive ("Mazloum Ferhad, a spokesman for …" → "Mazloum Ferhad"),
   drop ranks and titles ("Major General", "Dr.", "Sheikh"), keep the name after a role ("ministry spokesman
   Igor Levshin", "his brother Khaled Haj Kaddour"), take the organisation of a collective ("his colleagues at
   the Nedaa Syria network" → "the Nedaa Syria network"), drop a trailing speech or publishing verb ("… Sputnik
   released" → "… Sputnik") and a document word ("the Sawt al-Jabal statement" → "Sawt al-Jabal", "the document
   circulated by the Health Directorate" → "the Health Directorate"), and a descriptor word after a name
   ("Jaish al-Izza faction" → "Jaish al-Izza").
2. A document or a bare role noun ("the statement", "the network", "the general", "the monitor") is resolved to
   the earlier actor it refers to: an earlier claimant whose phrase holds that noun, else a name mentioned
   beside that noun earlier in the article ("the Nedaa Syria network"), else the previous claimant.
3. A short or partial name is resolved to the fuller name introduced earlier in the article ("Al-Khabil" →
   "Ahmad al-Khabil", "Ahrar" → "Ahrar Network", "Deir Hamal council" → "Deir Hamal Military Council").
4. A name or alias of a source already in the registry becomes that source's name ("Russian MoD" → "Ministry
   of Defence of the Russian Federation"), also when the phrase only contains the alias ("the White Helmets civil
   defence group") or is a distinctive part of the source's name ("the Syrian Observatory").

A phrase that is still no actor after all this (a section word such as "Report", "No group") gives "".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.domain.search_text import word_list

KnownSource = tuple[str, tuple[str, ...]]

_TITLES = frozenset(word_list(
    "major general brigadier colonel col col. lieutenant lt lt. captain capt capt. sergeant commander dr dr. "
    "doctor sheikh shaikh sheik mr mr. mrs mrs. ms ms. mullah imam father bishop judge president prime minister "
    "prof prof. professor ambassador senator deputy governor mayor emir amir field marshal admiral "
    "staff maj. gen. sgt."))
_ROLES = frozenset(word_list(
    "spokesman spokeswoman spokesperson commander director chief head leader minister official officer envoy "
    "brother sister son daughter father mother wife husband cousin uncle colleague correspondent reporter "
    "journalist activist volunteer doctor nurse resident witness analyst sheikh member founder chairman "
    "secretary adviser advisor mayor governor general colonel ambassador surgeon medic elder fighter researcher "
    "chair chairwoman chairperson president"))
_COLLECTIVES = frozenset(word_list(
    "colleagues staff employees editors workers officials members representatives volunteers"))
_DOCUMENTS = frozenset(word_list(
    "statement statements document documents report reports interview account communique communiqué message "
    "post video footage letter release tweet announcement bulletin note leaflet publication broadcast "
    "press-release readout transcript file files memo"))
_SPEECH_OR_PUBLISH = frozenset(word_list(
    "say says said claim report deny denies warn warns reported reports claimed claims released releases "
    "published publishes posted posts issued issues circulated shared added adds stated wrote writes announced "
    "told tells denied confirmed"))
_SECTION_WORDS = frozenset(word_list(
    "report update updated analysis editorial opinion exclusive breaking watch video photos photo explainer "
    "feature factbox timeline live comment comments share read related note tags"))
_GENERIC = frozenset(word_list(
    "ministry council forces army group agency network office police government committee front brigade "
    "division corps faction directorate monitor organisation organization media news channel website outlet "
    "centre center service services command military national syrian russian turkish iranian kurdish "
    "international human rights observatory defence defense health local security state"))
_DESCRIPTOR_TAIL = frozenset(word_list(
    "faction group agency outlet website channel network newspaper daily station tv radio portal account "
    "page broadcaster militia movement"))
_AFFILIATED = re.compile(r"^(?:pro-\S+|\S+-(?:linked|affiliated|backed|run|owned|controlled|led|based))$", re.I)
_NEGATIVE = frozenset(word_list("no none nobody neither"))
_ARTICLES = frozenset(word_list("the a an this that these those its their his her our"))
_CONNECTORS = frozenset(word_list("of for the and de la le van von bin ibn bint abu abou al el"))
MAX_NAME_WORDS = 6  # "Syrian Observatory for Human Rights"; a longer capitalised run is a headline
_NAME = re.compile(r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w’'.-]*")
_NAME_RUN = re.compile(
    r"(?:(?<=\s)|^|(?<=[(“\"‘]))((?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w’'-]*"
    r"(?:[ \t]+(?:(?:of|for|the|and|bin|ibn|abu|de|al|el)[ \t]+)*(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w’'-]*)*)")
_RUN_STARTERS = frozenset(word_list(
    "support click read share on in at the however according after before while when moreover meanwhile by from "
    "but and also earlier later then this that these those it its his her their our we they he she a an for "
    "with as if since until yesterday today"))


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _strip_article(text: str) -> str:
    words = text.split()
    while words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _is_name(word: str) -> bool:
    return bool(_NAME.fullmatch(word))


def clean(raw: str) -> str:
    """The actor's name inside a speaker phrase (rule 1); "" when the phrase names no actor."""
    text = " ".join(raw.replace("\n", " ").split()).strip(" ,;:“”\"«»‘’")
    text = re.sub(r"\s*\([^)]*\)", "", text)
    # "Mazloum Ferhad, a spokesman for …", "Dr. Amal Sabbagh, who treated them …": the name before the comma
    if "," in text:
        head = text.split(",", 1)[0]
        if head.strip():  # "Name, a spokesman …", "Name, who …", "An SDF commander, Name" (the first part)
            text = head.strip()
    words = text.split()
    if not words:
        return ""
    if words[0].casefold() in _NEGATIVE:
        return ""  # "No group has claimed responsibility"
    # a trailing verb that slipped into the phrase: "… media outlet Sputnik released"
    while len(words) > 1 and words[-1].casefold() in _SPEECH_OR_PUBLISH:
        words.pop()
    # a leading affiliation: "Kurdish-led Northern Defence Forces", "pro-government activists" stay as they are
    while len(words) > 1 and _AFFILIATED.match(words[0]) and _is_name(words[1]):
        words = words[1:]
    # "his colleagues at the Nedaa Syria network": the organisation
    lowered = [w.casefold() for w in words]
    for i, w in enumerate(lowered[:-1]):
        if w in _COLLECTIVES and lowered[i + 1] in {"at", "of", "from", "in"} and i + 2 < len(words):
            rest = words[i + 2:]
            if any(_is_name(t) for t in rest):
                words = rest
                break
    # "the document circulated by the Idlib Health Directorate", "a statement from X", "the report of X"
    lowered = [w.casefold() for w in words]
    for i, w in enumerate(lowered):
        if w in _DOCUMENTS and (words[i].islower() or len(words) == 1):
            j = i + 1
            if j < len(words) and lowered[j] in {"circulated", "issued", "published", "released", "posted",
                                                 "signed", "sent", "shared", "written"}:
                j += 1
            if j < len(words) and lowered[j] in {"by", "of", "from"} and j + 1 < len(words):
                words = words[j + 1:]
                break
            if i > 0 and (i == len(words) - 1 or lowered[i + 1:i + 2] in (["of"], ["by"], ["from"])):
                words = words[:i]  # "the Sawt al-Jabal statement", "the NDF statement"
                break
    # titles and roles before a name: "Major General Nabil Qassem", "ministry spokesman Igor Levshin"
    words = _after_role(words)
    # a descriptor before a name: "the Russian state-run media outlet Sputnik", "the news agency Anadolu"
    for i in range(len(words) - 2, -1, -1):
        if words[i].islower() and words[i] in _DESCRIPTOR_TAIL:
            rest = words[i + 1:]
            if _is_name(rest[0]) and all(_is_name(w) or w.casefold() in _CONNECTORS for w in rest):
                words = rest
            break
    # "Jaish al-Izza faction", "Nedaa Syria network": the name before a descriptor
    if len(words) > 1 and words[-1].islower() and words[-1] in _DESCRIPTOR_TAIL:
        core = [w for w in words[:-1] if w.casefold() not in _ARTICLES]
        if core and all(_is_name(w) for w in core):
            words = core
    name = " ".join(words).strip(" ,;:")
    if _fold(_strip_article(name)) in _SECTION_WORDS or not _strip_article(name):
        return ""
    return name


def _after_role(words: list[str]) -> list[str]:
    """The name after titles or a role word: ["ministry", "spokesman", "Igor", "Levshin"] → ["Igor", "Levshin"]."""
    lowered = [w.casefold() for w in words]
    last_role = -1
    for i, w in enumerate(lowered[:-1]):
        if w in _ROLES or w in _TITLES or w.rsplit("-", 1)[-1] in _ROLES:  # "co-chair", "vice-president"
            last_role = i
    if last_role < 0:
        return words
    rest = words[last_role + 1:]
    # the rest must be a person's name: at least two name words, none a title
    while rest and rest[0].casefold() in _TITLES:
        rest = rest[1:]
    if len(rest) >= 2 and all(_is_name(w) or w.casefold() in _CONNECTORS for w in rest) and _is_name(rest[0]):
        return rest
    return words


@dataclass
class ClaimantResolver:
    """Resolves the claimants of one article, in text order (rules 2-4)."""

    text: str
    known: tuple[KnownSource, ...] = ()
    history: list[tuple[str, str]] = field(default_factory=list)  # (raw phrase, resolved claimant)

    def resolve(self, raw: str, upto: int, previous: str = "", phrase: str = "") -> str:
        """The actor for a speaker name ``raw`` (``phrase``: the whole speaker phrase it was taken from) found
        in a sentence ending at ``upto``; "" when there is none."""
        phrase = phrase or raw
        name = _keep_capital_descriptor(clean(raw), phrase)
        bare = _fold(_strip_article(name))
        if not bare:
            # a document with no owner ("the statement", "the document"): whoever issued one earlier in the
            # article ("The X Council issued a statement"), else the previous claimant
            if not is_document(raw):
                return ""
            issuer = self._issuer(_fold(raw).split()[-1], upto)
            return self._remember(raw, self._known(issuer) or issuer or previous)
        words = bare.split()
        if not any(_is_name(w) for w in _strip_article(name).split()) and len(words) <= 2:
            # "the network", "the general", "the ministry", "the council statement"
            found = self._antecedent(words[-1], upto)
            if not found and len(words) == 1 and words[-1] in _ROLES | _GENERIC:
                found = previous
            if found:
                return self._remember(raw, self._known(found) or found)
        fuller = self._fuller(_strip_article(name), upto)
        result = self._known(phrase) or self._known(raw) or self._known(fuller) or fuller
        return self._remember(raw, result)

    def actor(self, raw: str, upto: int) -> str:
        """A relay of the attribution chain as an actor (rules 1, 3 and 4; nothing remembered)."""
        name = clean(raw)
        if not _strip_article(name) or all(w in _GENERIC for w in _fold(_strip_article(name)).split()):
            return ""
        return self._known(raw) or name

    def _remember(self, raw: str, claimant: str) -> str:
        if claimant:
            self.history.append((raw, claimant))
        return claimant

    def _issuer(self, noun: str, upto: int) -> str:
        """The last actor said earlier to have issued a ``noun`` ("The Tabqa Civil Council issued a statement")."""
        issued = re.compile(rf"\s+(?:\w+\s+)?(?:issued|released|published|posted|put\s+out|sent|circulated|"
                            rf"shared)\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+)?{re.escape(noun)}s?(?![\w-])", re.I)
        before = self.text[:upto]
        found = ""
        for m in _NAME_RUN.finditer(before):
            if issued.match(before, m.end()):
                found = clean(_run_name(m.group(1))) or found
        return found

    def _antecedent(self, noun: str, upto: int) -> str:
        """An earlier actor referred to as "the <noun>"."""
        pattern = re.compile(rf"(?<![\w-]){re.escape(noun)}(?![\w-])", re.I)
        for raw, claimant in reversed(self.history):
            if pattern.search(raw) or pattern.search(claimant):
                return claimant
        # a name mentioned next to the noun: "the Nedaa Syria network", "Major General Nabil Qassem"
        before = self.text[:upto]
        best = ""
        for m in _NAME_RUN.finditer(before):
            run = m.group(1)
            after = before[m.end():m.end() + len(noun) + 2]
            before_run = before[max(0, m.start() - len(noun) - 2):m.start()]
            if pattern.search(after) or pattern.search(before_run) or pattern.search(run):
                cleaned = clean(run)
                if cleaned and cleaned.casefold() != noun:
                    best = cleaned
        return best

    def _fuller(self, name: str, upto: int) -> str:
        """The fuller name introduced earlier in the article of which ``name`` is a part, or that an acronym
        stands for ("Northern Defence Forces (NDF)")."""
        acronym = re.fullmatch(r"[A-Z][A-Z0-9&-]{1,9}", name)
        if acronym:
            m = re.search(rf"((?:[A-Z][\w’'-]*\s+(?:(?:of|for|the|and)\s+)*){{1,7}})\(\s*{re.escape(name)}\s*\)",
                          self.text[:upto])
            if m:
                return clean(m.group(1).strip())
        words = [_fold(w) for w in name.split()]
        if not words or not any(w not in _GENERIC for w in words):
            return name
        best = name
        candidates = [c for _r, c in self.history]
        if not acronym:  # an acronym is spelled out in brackets only: "ISIS Allegedly Captured…" is a headline
            candidates += [_run_name(m.group(1)) for m in _NAME_RUN.finditer(self.text[:upto])]
        for cand in candidates:
            cand_words = [_fold(w) for w in cand.split()]
            if len(cand_words) <= len(words) or len(cand_words) > MAX_NAME_WORDS:
                continue  # longer than a name: a title-case headline
            if not _ordered_subset(words, cand_words):
                continue
            if cand_words[0] != words[0] and cand_words[-1] != words[-1]:
                continue
            if not _is_name(cand.split()[0]):
                continue
            if len(cand_words) > len(best.split()) or best == name:
                best = cand
        return best

    def _known(self, phrase: str) -> str:
        """The registry name of a source whose name or alias the phrase is, holds, or distinctively is part of."""
        if not self.known or not phrase:
            return ""
        bare = _fold(_strip_article(re.sub(r"\s*\([^)]*\)", "", phrase)))
        if not bare:
            return ""
        for name, aliases in self.known:
            if bare in {_fold(_strip_article(n)) for n in (name, *aliases)}:
                return name
        for name, aliases in self.known:
            for spelling in (name, *aliases):
                s = _fold(_strip_article(spelling))
                if s and re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", bare):
                    return name
        words = bare.split()
        if any(w not in _GENERIC for w in words) or len(words) >= 2:
            for name, aliases in self.known:
                for spelling in (name, *aliases):
                    parts = _fold(_strip_article(spelling)).split()
                    if len(parts) > len(words) and _contiguous(words, parts):
                        return name
        return ""


def _keep_capital_descriptor(name: str, phrase: str) -> str:
    """"Ahrar" from "the opposition Ahrar Network": the capitalised descriptor is part of the name."""
    if not name:
        return name
    m = re.search(rf"(?<![\w-]){re.escape(name)}\s+([A-Z][a-z]+)\b", phrase)
    if m and m.group(1).casefold() in _DESCRIPTOR_TAIL | {"post", "news", "press", "times", "media"}:
        return f"{name} {m.group(1)}"
    return name


def _run_name(run: str) -> str:
    """A run of capitalised words without the sentence-opening words before it: "Support Levant Frontline"."""
    words = run.split()
    while words and words[0].casefold() in _RUN_STARTERS:
        words = words[1:]
    return clean(" ".join(words))


def is_document(raw: str) -> bool:
    """Whether a speaker phrase names a document (statement, report, communiqué…)."""
    return any(w.casefold().strip(",.") in _DOCUMENTS for w in raw.split())


def _ordered_subset(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` appears in ``long`` in the same order, and the last words agree or ``short``'s
    words are all in ``long`` (names: "al-khabil" in "ahmad al-khabil")."""
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


def _contiguous(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def resolve_all(text: str, phrases: Iterable[tuple[str, int]], known: Iterable[KnownSource] = ()) -> list[str]:
    """Resolve a sequence of (speaker phrase, sentence end) in text order (for tests and tools)."""
    resolver = ClaimantResolver(text, tuple(known))
    out: list[str] = []
    for raw, upto in phrases:
        out.append(resolver.resolve(raw, upto, out[-1] if out else ""))
    return out


# Words that make a name a body's. Nationalities and other adjectives of _GENERIC ("Turkish Foreign Minister
# Mevlut Cavusoglu") describe people as often as bodies, so they do not count.
_ADJECTIVES = frozenset(word_list("national syrian russian turkish iranian kurdish international human local state"))
_BODY_WORDS = (_GENERIC - _ADJECTIVES) | _DESCRIPTOR_TAIL | frozenset(word_list(
    "wing office bureau unit department administration authority authorities cabinet parliament presidency "
    "embassy mission coalition alliance party union federation association institute foundation company "
    "society crescent cross spokesperson's press"))
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]+")


def is_person(name: str, kind: str, job_title: str = "") -> bool:
    """Whether a source is a person (schema.org Person) rather than a body (Organization), from its kind: a
    "person" is one; an "official" is one unless the name is a body's ("SDF media wing", "Ministry of Health",
    an acronym such as "SANA"); a source of no kind with a job title is one; every other kind (outlet, agency,
    organisation…) is a body."""
    kind = kind.strip().casefold()
    if kind == "person":
        return True
    if kind == "official":
        words = re.findall(r"[\w’'-]+", name)
        if len(words) == 1 and _ACRONYM.fullmatch(words[0]):
            return False
        return not any(w.casefold().strip("’'") in _BODY_WORDS for w in words)
    return not kind and bool(job_title.strip())
