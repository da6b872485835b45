"""Use cases of search and discovery: full-text search, index rebuild, related passages, claim finder.

``search(project, query, kinds, filters)`` is what both the search panel and ``workbench search`` run:
the query is parsed (words, "phrases", OR, -word, prefix*), every name in it that belongs to an entity or
a source with aliases is replaced by all its spellings, each other bare word is matched by its stem ("clashes"
finds "clashed"; "quoted" words and phrases match exactly), SQLite FTS5 ranks the candidate chunks by
bm25 (titles weigh 4×, body 1×, comments and boilerplate 0.4×) whatever their number, and each hit is
located exactly in its original text (code points) with a snippet and the spelling that matched.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections.abc import Callable, Iterable

from workbench.domain.changes import Changes
from workbench.domain.claim_finder import AttributionSuggestion, find_attributions, rank
from workbench.domain.discovery import KINDS, RelatedPassage, SearchFilters, SearchHit, SearchResults
from workbench.domain.model import SegmentKind, Stance
from workbench.domain.related_rank import (
    STRONG,
    Term,
    date_terms,
    number_terms,
    place_cue,
    score_sentence,
    sentence_score,
)
from workbench.domain.related_terms import related_words, stem
from workbench.domain.search_text import (
    AliasGroup,
    AliasIndex,
    Clause,
    Match,
    NormalisedText,
    Query,
    Variant,
    any_of,
    expand,
    find_matches,
    matcher,
    parse_query,
    snippet,
    to_match,
    token_words,
    word_list,
)
from workbench.domain.sentences import sentences
from workbench.domain.transliteration import ARTICLES, VariantAliasIndex
from workbench.domain.variants import extract_names
from workbench.errors import BadArgument
from workbench.ops import claims as claim_ops
from workbench.ops import entities as entity_ops
from workbench.ops import verdicts
from workbench.ops.search_index import index_state
from workbench.store import documents as store_docs
from workbench.store import entities as store_entities
from workbench.store import search as store_search
from workbench.store import search_query as sq
from workbench.store import sources as store_sources
from workbench.store.project import Project

TEXT_COLUMNS = "{title body aside}"
RERANKED = 2  # a window-ranked search counts occurrences in twice the hits it shows, then keeps the best
REBUILD_BATCH = 500


# ----- the index -------------------------------------------------------------------------------------
def rebuild_index(project: Project, progress: Callable[[int, int, str], None] | None = None,
                  cancel: threading.Event | None = None, batch: int = REBUILD_BATCH) -> int:
    """Rebuild the whole index, ``batch`` documents per transaction (the GUI can use the project between
    them). Returns the number of documents indexed; a cancelled rebuild leaves the index "stale"."""
    with project.write() as db:
        store_search.set_state(db, "stale")
        store_search.clear(db)
        doc_ids = store_search.document_ids(db)
    total = len(doc_ids)
    done = 0
    for i in range(0, total, batch):
        if cancel is not None and cancel.is_set():
            return done
        if progress:
            progress(done, total, f"Indexing documents {done + 1}–{min(total, done + batch)} of {total}")
        with project.write() as db:
            store_search.index_documents(db, doc_ids[i:i + batch])
        done = min(total, i + batch)
    if progress:
        progress(total, total, "Indexing claims, evidence and sources")
    with project.write() as db:
        store_search.index_all_but_documents(db)
        store_search.optimize(db)
        store_search.set_state(db, "ready")
    return total


def reindex_document(project: Project, doc_id: str) -> None:
    """Index one document again (what an import does for it), in its own transaction."""
    with project.write() as db:
        store_search.index_document(db, doc_id)


def ensure_index(project: Project, progress: Callable[[int, int, str], None] | None = None) -> bool:
    """Rebuild the index if it is stale; True when a rebuild ran."""
    if index_state(project) == "ready":
        return False
    rebuild_index(project, progress)
    return True


# ----- search ----------------------------------------------------------------------------------------
def alias_index(project: Project) -> AliasIndex:
    with project.read() as db:
        return _alias_index(db)


def _alias_index(db: object, *, variants: bool = True) -> AliasIndex:
    """Entities' and sources' alias lists; with ``variants``, also the corpus's automatic spelling groups and the
    well-known groups (ISIS / ISIL / Daesh), minus the spellings the user split off."""
    index = VariantAliasIndex()
    for name, aliases in store_entities.alias_groups(db):  # type: ignore[arg-type]
        index.add(AliasGroup(name, aliases))
    index.kinds.update({e.name: e.kind for e in store_entities.list_all(db)})  # type: ignore[arg-type]
    if variants:
        index.use(entity_ops.spelling_index_of(db))
    return index


def _filter_expr(kinds: Iterable[str] | None, filters: SearchFilters, years: tuple[int, int] = (1980, 2040)
                 ) -> list[str]:
    wanted = set(kinds or KINDS)
    bad = wanted - set(KINDS)
    if bad:
        raise BadArgument(f"Unknown kind(s) {', '.join(sorted(bad))}: use {', '.join(KINDS)}.")
    if filters.segments:
        wanted &= {"document", "passage"}
    if filters.status:
        wanted &= {"claim", "evidence"}
    if filters.date_from or filters.date_to:
        wanted -= {"source"}
    if not wanted:
        return []
    parts = []
    if wanted != set(KINDS):
        parts.append("tags : (" + " OR ".join(f'"k{k}"' for k in sorted(wanted)) + ")")
    if filters.segments:
        parts.append("tags : (" + " OR ".join(f'"s{s}"' for s in sorted(filters.segments)) + ")")
    if filters.status:
        parts.append(f'tags : "st{filters.status}"')
    if filters.document_id:
        parts.append(f'tags : "{store_search.doc_token(filters.document_id)}"')
    if filters.date_from or filters.date_to:
        tokens = store_search.date_range_tags(filters.date_from, filters.date_to, *years)
        parts.append("tags : (" + " OR ".join(f'"{t}"' for t in tokens) + ")" if tokens else 'tags : "y0"')
    return parts


def search(project: Project, query: str, kinds: Iterable[str] | None = None, filters: SearchFilters | None = None,
           *, limit: int = 50, per_document: int = 3) -> SearchResults:
    """Ranked hits for what the user typed (see the module docstring)."""
    filters = filters or SearchFilters()
    parsed = parse_query(query, stem=True)  # bare words by their stem; "quoted" words and phrases exact
    if not parsed:
        return SearchResults()
    with project.read() as db:
        q = expand(parsed, _alias_index(db))
        parts = _filter_expr(kinds, filters)
        if (kinds is not None and not parts and set(kinds) != set(KINDS)) or (not parts and _narrowed(filters)):
            return SearchResults()
        match = " AND ".join([to_match(q), *parts])
        positive = [i for i, c in enumerate(q.clauses) if not c.negated]
        ranked = sq.candidates(db, match, limit=limit * 3 + 20, clauses=[to_match(Query((q.clauses[i],)))
                                                                          for i in positive],
                               date_from=filters.date_from, date_to=filters.date_to, document_id=filters.document_id)
        hits = SearchResults()
        hits.truncated, hits.cap = ranked.broad, sq.WINDOW
        seen: dict[str, int] = {}
        scores: list[float] = []  # each hit's unrounded bm25 (a word in most pieces weighs 1e-6, as in FTS5)
        want = limit if ranked.exact else RERANKED * limit  # the window's order is refined among more hits
        for row in ranked.rows:
            key = row.document_id if row.kind == "document" else f"{row.kind}:{row.owner_id}"
            if seen.get(key, 0) >= (per_document if row.kind == "document" else 1):
                continue
            text = sq.chunk_texts(db, [row]).get(row.id, "")
            label, claim_id = sq.labels(db, [row]).get((row.kind, row.owner_id), ("", ""))
            skip = 0
            if row.kind == "document" and row.field == "text" and f"title:{row.document_id}" in seen:
                skip = _title_line_end(text, row.title)  # the title hit already stands for the headline
            found = _matches(text, q, skip)
            if found is None:
                continue
            hit = _hit(row, text, q, label, claim_id, found)
            if not ranked.exact:  # the window's order assumed one occurrence of each clause: count them
                scores.append(counted_bm25(ranked, row.id, found, positive))
                hit = dataclasses.replace(hit, score=round(scores[-1], 4))
            hits.append(hit)
            if row.field == "title":
                seen[f"title:{row.document_id}"] = 1
            seen[key] = seen.get(key, 0) + 1
            if len(hits) >= want:
                break
        if not ranked.exact:
            best = sorted(range(len(hits)), key=lambda i: -scores[i])[:limit]
            hits[:] = [hits[i] for i in best]
    return hits


def _narrowed(filters: SearchFilters) -> bool:
    return bool(filters.segments or filters.status or filters.date_from or filters.date_to)


def _run(text: str, matches: list, i: int) -> tuple[int, int]:
    """The span of match ``i`` and the matches right after it ("Qasr" "al" "Hayr" → "Qasr al-Hayr")."""
    start, end = matches[i].start, matches[i].end
    for m in matches[i + 1:]:
        gap = text[end:m.start]
        if len(gap) > 3 or gap.strip(" -–'’"):
            break
        end = m.end
    return start, end


def _title_line_end(text: str, title: str) -> int:
    """Where the chunk's first line ends when that line is the document's title (else 0)."""
    first = text.lstrip()
    if not title or not first.startswith(title[:60]):
        return 0
    return len(text) - len(first) + len(first.split("\n", 1)[0])


def counted_bm25(ranked: sq.Ranked, row_id: int, found: list[Match], positive: list[int]) -> float:
    """A window-ranked chunk's bm25 once the occurrences of each positive clause (``positive``: their indexes in
    the query) in its text are counted."""
    return ranked.bm25(row_id, [sum(1 for m in found if m.clause == i) for i in positive])


def _matches(text: str, q: Query, skip: int = 0) -> list[Match] | None:
    """The query's matches in a chunk's text from ``skip`` on (None when skipping leaves none)."""
    matches = [m for m in find_matches(NormalisedText(text), q) if m.start >= skip]
    return None if skip and not matches else matches


def _hit(row: sq.ChunkRow, text: str, q: Query, label: str, claim_id: str, matches: list[Match]) -> SearchHit:
    snip, marks = snippet(text, matches)
    first = matches[0] if matches else None
    named = [m for m in matches if q.clauses[m.clause].entity]  # matches of a name with several spellings
    entity = q.clauses[named[0].clause].entity if named else ""
    shown = named[0] if named else first
    surfaces: list[str] = []
    for m in named or matches:
        surface = text[m.start:m.end]
        if surface not in surfaces:
            surfaces.append(surface)
    base = row.start if row.kind in ("document", "passage") and row.field != "title" else 0
    span = _run(text, matches, matches.index(shown)) if shown else (0, 0)
    start, end = base + span[0], base + span[1]
    if row.kind == "document" and row.field == "title":
        start = end = 0
    return SearchHit(kind=row.kind, id=row.owner_id, document_id=row.document_id, document_title=row.title,
                     published=row.published, field=row.field, segment=row.segment, start=start, end=end,
                     snippet=snip, marks=tuple(marks), matched_variant=text[shown.start:shown.end] if shown else "",
                     entity=entity, variants=tuple(surfaces), score=round(-row.rank, 4), matches=len(matches),
                     claim_id=claim_id, label=label)


# ----- related passages ---------------------------------------------------------------------------------
_STOPWORDS = frozenset(word_list(
    "the a an and or but of to in on at by for from with without about into over under after before since "
    "during between against than then that this these those there their they them it its he she his her "
    "him we our you your was were is are be been being has have had do does did will would can could "
    "should may might must not no nor so as if while when where which who whom whose what why how all any "
    "some many more most other such only own same also just very said says say told reported according "
    "claimed claims denied confirmed added one two three four five six seven eight nine ten near east "
    "west north south eastern western northern southern village town city area province countryside day "
    "days week hours night morning monday tuesday wednesday thursday friday saturday sunday december "
    "november october september january february march april june july august later earlier في من على إلى "
    "عن أن ان التي الذي ما لا لم قد كان كانت هذا هذه ذلك مع بعد قبل "
    # generic words that make poor evidence terms
    "still next among each every whether however although across around including within upon per via "
    "part past taken take takes took made make makes making get got give given gave put set come came "
    "going went gone keep kept let seem seemed known know knew think thought want wanted need needed use "
    "used using suffered registered according time times year years month months first last new old "
    "even ever never again already yet much well back way ways fact facts thing things kind lot little "
    "several whole full fully during since ago today yesterday tomorrow single any anything nothing "
    "something everything none"))


def _widen(clause: Clause) -> Clause:
    """A claim's word as a related-passage term: its other forms (by stem) and words that tell the same story."""
    word = clause.variants[0].words[0]
    variants: dict[tuple[tuple[str, ...], bool], Variant] = {}
    for w in sorted(related_words(word)):
        root = stem(w)
        v = Variant((root,), w, True) if root else Variant((w,), w)
        variants.setdefault((v.words, v.prefix), v)
    return Clause(tuple(variants.values()))


def _idf(db: object, clauses: list[Clause]) -> list[float]:
    """Each clause's idf over the index's chunks (a clause matches the union of its variants)."""
    all_words = sorted({w for c in clauses for v in c.variants if not v.prefix for w in v.words})
    prefixes = sorted({v.words[0] for c in clauses for v in c.variants if v.prefix})
    df, total = sq.doc_frequencies(db, all_words, prefixes)  # type: ignore[arg-type]
    total = max(total, 1)

    def freq_of(v: Variant) -> int:
        return df.get(v.words[0] + "*", 0) if v.prefix else min(df.get(w, 0) for w in v.words)

    out = []
    for c in clauses:
        freq = min(total, max(freq_of(v) for v in c.variants))  # the union lies between max and sum
        out.append(math.log(1 + (total - freq + 0.5) / (freq + 0.5)) if freq else 0.0)
    return out


_KIND_WEIGHT = {"date": 1.6, "place": 1.5, "organisation": 1.5, "person": 1.5, "name": 1.5, "number": 1.2,
                "event": 1.3, "word": 1.0}


def _single_names(text: str) -> set[str]:
    """Capitalised one-word names of a text that are not only part of a longer name ("Army" of "Syrian Arab Army")."""
    found = [[w for w in token_words(n) if w not in ARTICLES] for n in extract_names(text)]  # al-Duwayr: one word
    longer = {w for words in found if len(words) > 1 for w in words}
    return {words[0] for words in found if len(words) == 1} - longer


def _key_terms(db: object, text: str, quotes: list[str], context: str, aliases: AliasIndex) -> list[Term]:
    """What related sentences should share with the claim: its names (every spelling), dates, numbers, event words
    and rarest words, each with an idf weight; names of the claim's document title count half (the place a claim
    is about is often named only there)."""
    claim = " ".join([text, *quotes])
    kinds = getattr(aliases, "kinds", {})
    names = _single_names(claim)
    terms: list[tuple[Clause, str, str, float]] = []  # clause, kind, label, factor
    for c, label in date_terms(claim):
        terms.append((c, "date", label, 1.0))
    for c, label in number_terms(claim):
        terms.append((c, "number", label, 1.0))
    dated = {w for c, _l in date_terms(claim) for v in c.variants for w in v.words}

    def add_words(source: str, factor: float, only_names: bool) -> None:
        nt = NormalisedText(source)
        q = expand(Query(tuple(Clause((Variant((w,), w),)) for w in token_words(source))), aliases)
        for c in q.clauses:
            w = c.variants[0].words[0]
            if c.entity or (w in names and len(c.variants[0].words) == 1 and len(w) > 2 and w not in _STOPWORDS):
                found = find_matches(nt, Query((c,)))
                label = " ".join(source[found[0].start:found[0].end].split()) if found else c.entity or w
                kind = kinds.get(c.entity, "") or ("place" if found and place_cue(source, found[0].start) else "name")
                terms.append((c, kind, label, factor))
            elif only_names or w in _STOPWORDS or w in dated or (len(w) < 3 and not w.isdigit()) or w.isdigit():
                continue
            else:
                wide = _widen(c)
                found = find_matches(nt, Query((c,)))
                label = source[found[0].start:found[0].end] if found else w
                terms.append((wide, "event" if len(wide.variants) > 1 else "word", label, factor))

    add_words(claim, 1.0, False)
    names = _single_names(context)
    add_words(context, 0.5, True)
    unique: dict[frozenset[tuple[tuple[str, ...], bool]], tuple[Clause, str, str, float]] = {}
    for t in terms:
        unique.setdefault(frozenset((v.words, v.prefix) for v in t[0].variants), t)
    chosen = list(unique.values())
    idf = _idf(db, [c for c, _k, _l, _f in chosen])
    scored = [Term(c, k, round(i * _KIND_WEIGHT.get(k, 1.0) * f, 4), label)
              for (c, k, label, f), i in zip(chosen, idf, strict=True) if i > 0]
    strong = [t for t in scored if t.kind in STRONG]
    rest = sorted((t for t in scored if t.kind not in STRONG), key=lambda t: -t.weight)[:10]
    return sorted(strong + rest, key=lambda t: -t.weight)


RELATED_CANDIDATES = 120  # chunks read per claim
RELATED_MIN_SCORE = 2.0  # a sentence sharing less than this (about one rare word) is not suggested


def related_passages(project: Project, claim_id: str, *, limit: int = 20, per_document: int = 2,
                     variants: bool = True) -> list[RelatedPassage]:
    """Sentences in other documents' bodies that share the claim's places, actors, dates, numbers and event words
    (every spelling; ``variants=False`` uses the user's entities only), best first by bm25 over those terms, each
    with its reasons. Nothing is linked: the user decides (``add_related_as_evidence``)."""
    with project.read() as db:
        text, quotes, own_docs, linked = sq.claim_context(db, claim_id)
        context = " ".join(store_docs.get(db, d).metadata.title or "" for d in sorted(own_docs))
        terms = _key_terms(db, text, quotes, context, _alias_index(db, variants=variants))
        if not terms:
            return []
        q = Query(tuple(t.clause for t in terms))
        parts = [f"{TEXT_COLUMNS} : ({any_of(Query(q.clauses[:12]))})", 'tags : "kdocument"', 'tags : "sbody"']
        excluded = ['"stitle"'] + [f'"{store_search.doc_token(d)}"' for d in sorted(own_docs)]
        match = " AND ".join(parts) + " NOT tags : (" + " OR ".join(excluded) + ")"
        clauses = [f"{TEXT_COLUMNS} : ({any_of(Query((c,)))})" for c in q.clauses[:12]]
        ranked = sq.candidates(db, match, limit=RELATED_CANDIDATES, clauses=clauses, any_clause=True)
        rows = [r for r in ranked.rows if r.field == "text"]
        texts = sq.chunk_texts(db, rows)
    find_in = matcher(q)  # one query, ~120 chunks: prepared once
    spans: list[tuple[sq.ChunkRow, str, int, int, list[Match]]] = []
    for row in rows:
        chunk = texts.get(row.id, "")
        matches = find_in(NormalisedText(chunk))
        for a, b in sentences(chunk):
            if row.title and chunk[a:b].strip() == row.title.strip():
                continue  # the headline repeated in the text
            inside = [m for m in matches if a <= m.start and m.end <= b]
            if len({m.clause for m in inside}) >= min(2, len(terms)):
                spans.append((row, chunk, a, b, inside))
    if not spans:
        return []
    average = sum(len(chunk[a:b].split()) for _r, chunk, a, b, _m in spans) / len(spans)
    found: list[tuple[float, sq.ChunkRow, str, int, int, list[Match], int, int]] = []
    for row, chunk, a, b, inside in spans:
        start, end = row.start + a, row.start + b
        if any(d == row.document_id and s < end and start < e for d, s, e in linked):
            continue  # already linked to the claim
        score, shared = sentence_score(terms, inside, len(chunk[a:b].split()), average)
        if score < RELATED_MIN_SCORE or not any(terms[i].kind in STRONG or terms[i].kind == "event" for i in shared):
            continue
        found.append((score, row, chunk, a, b, inside, start, end))
    found.sort(key=lambda f: (-f[0], f[1].published == "", f[1].title, f[6]))
    out: list[RelatedPassage] = []
    per_doc: dict[str, int] = {}
    for _score, row, chunk, a, b, inside, start, end in found:
        if per_doc.get(row.document_id, 0) < per_document:
            # the reasons are worded only for the passages shown (the same score as ``sentence_score``'s)
            scored = score_sentence(terms, inside, chunk[a:b], a, len(chunk[a:b].split()), average)
            shown = tuple(dict.fromkeys(chunk[m.start:m.end] for m in inside))
            marks = tuple((m.start - a, m.end - a) for m in inside)
            out.append(RelatedPassage(row.document_id, row.title, row.published, start, end, chunk[a:b],
                                      scored.score, shown, marks, scored.reasons))
            per_doc[row.document_id] = per_doc.get(row.document_id, 0) + 1
        if len(out) >= limit:
            break
    return out


def add_related_as_evidence(project: Project, claim_id: str, passage: RelatedPassage,
                            stance: Stance | str) -> tuple[str, Changes]:
    """Link a suggested passage to the claim as evidence (the user's decision)."""
    return claim_ops.add_passage_evidence(project, claim_id, passage.document_id, passage.start, passage.end,
                                          Stance(stance))


# ----- claim finder ---------------------------------------------------------------------------------------
def suggest_claims(project: Project, doc_id: str, *, comments: bool = False,
                   boilerplate: bool = False) -> list[AttributionSuggestion]:
    """Sentences of the document that report someone's statement (body only unless asked), minus those
    already made into claims; claimants resolved to the registry's sources by name or alias; most
    check-worthy first (opinions and headlines last, marked by their ``kind``)."""
    include = [SegmentKind.BODY] + ([SegmentKind.COMMENTS] if comments else []) + (
        [SegmentKind.BOILERPLATE] if boilerplate else [])
    with project.read() as db:
        doc = store_docs.get(db, doc_id)
        stated = [(s, e) for _d, s, e in sq.claim_context_for_document(db, doc_id)]
        known = [(src.name, src.aliases) for src in store_sources.list_all(db)]
    found = find_attributions(doc.text, doc.segments, include=include, known=known)
    return rank(s for s in found if not any(a < s.end and s.start < b for a, b in stated))


def make_claim(project: Project, doc_id: str, suggestion: AttributionSuggestion) -> tuple[str, Changes]:
    """Turn a suggestion into a claim: the sentence is where it appears, the claimant and the attribution
    chain are filled in (one transaction, one undo step)."""
    with project.write():
        claim_id, changes = claim_ops.create_claim_from_passage(project, doc_id, suggestion.start, suggestion.end,
                                                                claimant=suggestion.claimant)
        if suggestion.chain:
            changes |= verdicts.set_attribution(project, claim_id, list(suggestion.chain))
    return claim_id, changes
