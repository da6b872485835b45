"""Guess a document's language and writing direction from its text, with no model and no dependency.

How (measured on the project's corpus and on the translated messages of the system's gettext catalogues;
see ``tests/eval/suite_metadata_text.py`` and the note on issue 17):

1. Letters are counted by script (Unicode ranges). A script that one language owns gives the answer
   (Hangul → ko, Greek → el, Thai → th, Hebrew → he…); kana among Han characters → ja, Han alone → zh.
2. Arabic script: Urdu letters (ے ٹ ڈ ڑ ں) → ur, Sorani letters (ە ێ ۆ ڵ ڕ) → ckb, Pashto letters → ps;
   otherwise Persian and Arabic are told apart by their function words and Persian letters (پ چ ژ گ).
   Arabic is the default for Arabic script.
3. Cyrillic: letters that one language has (ў → be, і ї є ґ → uk, ђ ћ џ → sr, ѓ ќ ѕ → mk, ы э → ru,
   ъ without ы → bg).
4. Latin: function-word profiles (en, de, fr, es, it, pt, nl, tr, pl, sv), each word weighted by how
   many profiles share it; a language needs enough hits to be named, else "".

The writing direction is measured, not looked up: the share of strong right-to-left letters (Arabic,
Hebrew, Syriac, Thaana, NKo, Samaritan, Mandaic) among all strong letters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

SAMPLE_CHARS = 20_000
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi"})
_MIN_LETTERS = 2
_MIN_LATIN_HITS = 2
_MIN_HIT_SHARE = 0.08

# (first, last, script) sorted by first code point; everything else alphabetic is "other".
_SCRIPT_RANGES = sorted([
    (0x0041, 0x024F, "latin"), (0x1E00, 0x1EFF, "latin"), (0x0370, 0x03FF, "greek"), (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"), (0x0530, 0x058F, "armenian"), (0x0590, 0x05FF, "hebrew"),
    (0xFB1D, 0xFB4F, "hebrew"), (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"), (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0700, 0x074F, "syriac"), (0x0780, 0x07BF, "thaana"), (0x07C0, 0x07FF, "nko"), (0x0800, 0x083F, "samaritan"),
    (0x0840, 0x085F, "mandaic"), (0x0900, 0x097F, "devanagari"), (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"), (0x0A80, 0x0AFF, "gujarati"), (0x0B80, 0x0BFF, "tamil"),
    (0x0C00, 0x0C7F, "telugu"), (0x0D80, 0x0DFF, "sinhala"), (0x0E00, 0x0E7F, "thai"), (0x0E80, 0x0EFF, "lao"),
    (0x0F00, 0x0FFF, "tibetan"), (0x1000, 0x109F, "myanmar"), (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"), (0x3130, 0x318F, "hangul"), (0xAC00, 0xD7AF, "hangul"), (0x1200, 0x139F, "ethiopic"),
    (0x1780, 0x17FF, "khmer"), (0x3040, 0x30FF, "kana"), (0x31F0, 0x31FF, "kana"), (0xFF66, 0xFF9F, "kana"),
    (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"), (0xF900, 0xFAFF, "han"), (0x20000, 0x2FA1F, "han"),
])  # fmt: skip
_STARTS = [r[0] for r in _SCRIPT_RANGES]
_RTL_SCRIPTS = frozenset({"arabic", "hebrew", "syriac", "thaana", "nko", "samaritan", "mandaic"})
_SINGLE_LANGUAGE = {
    "greek": "el", "armenian": "hy", "hebrew": "he", "syriac": "syr", "thaana": "dv", "nko": "nqo",
    "devanagari": "hi", "bengali": "bn", "gurmukhi": "pa", "gujarati": "gu", "tamil": "ta", "telugu": "te",
    "sinhala": "si", "thai": "th", "lao": "lo", "tibetan": "bo", "myanmar": "my", "georgian": "ka",
    "hangul": "ko", "ethiopic": "am", "khmer": "km",
}  # fmt: skip

_WORD_RE = re.compile(r"[^\W\d_]+")
_LATIN_PROFILES = {
    "en": "the and of to in is that for on with was as by at from it are said has have were this an be not which "
          "or its his their had been after they he she but also will would who what there than more into about",
    "de": "der die das und ist nicht mit von den dem des ein eine einen einer sich auf für auch als nach bei aus "
          "wurde wurden sind war hat haben oder wie noch über zu im zum zur dass werden sie er es am vom gegen",
    "fr": "le la les des du une un et est dans que qui pour pas sur par au aux avec ce cette il elle ont été sont "
          "selon mais ou leur lors après entre plus se sa son ses nous vous d l qu n été aussi depuis",
    "es": "el la los las del de y en que un una por con para es se al lo como más pero sus su fue han ha este "
          "esta según entre sin sobre también muy ya hasta desde donde cuando fueron no está puede hay",
    "it": "il lo la gli le di del della dei delle che e è per con non un una sono da dal dalla nel nella al alla "
          "ha hanno anche più come ma secondo tra fra questo questa stato essere degli sulla sul l d dell nell "
          "sull all",
    "pt": "o os a as do da dos das de e em no na nos nas que um uma por para com não ao à se foi são mais mas "
          "como seu sua pelo pela também entre segundo já ter está disseram",
    "nl": "de het een en van is dat die in op te met voor zijn niet aan er om ook als bij door maar naar dan "
          "nog wordt werd worden heeft hebben was over tegen volgens uit zij hij deze dit",
    "tr": "ve bir bu da de için ile olarak olan çok daha ama gibi ise kadar sonra göre en ki mi o şu her değil "
          "var yok oldu olduğunu tarafından arasında ne veya günü",
    "pl": "i w nie na się z do że to jest o jak po a od za przez dla jego ich był była było są ale oraz także "
          "tym który która które już może",
    "sv": "och i att det som en på är av för med till den har de inte om ett var men från han hon sig vid "
          "efter också enligt eller under",
}  # fmt: skip
_ARABIC_PROFILES = {
    "ar": "في من على أن إلى الى التي الذي عن مع هذا هذه كان قد لم ما بين بعد قال وقال إن ان أو لا كما حيث "
          "منذ عند التى ذلك تلك وفي ومن",
    "fa": "است این که را در با از به می های یک شده برای آن هم تا کرد شد نیز گفت وی بود دارد خود اند "
          "کند کنند شود",
    "ur": "کے کی کا میں ہے ہیں نے کو سے اور پر کہ یہ وہ تھا تھے گیا کیا بھی ایک ہو",
}  # fmt: skip
_CYRILLIC_PROFILES = {
    "ru": "и в не на что с по как это он она к из у о для от был была были его их также которые который но",
    "bg": "на и в за да се от е с не по са това че при както към след но той тя които който бе още",
    "uk": "і в не на що з по як це він вона до із у про для від був була були його їх також які який але",
    "sr": "и у не на да се од је са по као за то из су који која што али био била",
}  # fmt: skip
_ARABIC_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا"})
_URDU_LETTERS = frozenset("ےٹڈڑں")
_SORANI_LETTERS = frozenset("ەێۆڵڕ")
_PASHTO_LETTERS = frozenset("ټډړښږځڅۍې")
_PERSIAN_LETTERS = frozenset("پچژگ")
# Letters that point to one Latin-script language (or two); each occurrence adds half a function word.
_LATIN_LETTERS = {
    "es": "ñ¿¡", "pt": "ãõ", "de": "ßä", "fr": "èêëœçâîôûù", "it": "òì", "tr": "ğşıİ", "pl": "łąęśźżńć",
    "sv": "åä",
}  # fmt: skip
_LETTER_WEIGHT = 0.5


def _weights(profiles: dict[str, str], fold: dict[int, str] | None = None) -> dict[str, dict[str, float]]:
    """word → {language: weight}: a word shared by k profiles weighs 1/k in each."""
    sets = {lang: {(w.translate(fold) if fold else w) for w in words.split()} for lang, words in profiles.items()}
    owners: dict[str, list[str]] = {}
    for lang, words in sets.items():
        for w in words:
            owners.setdefault(w, []).append(lang)
    return {w: {lang: 1 / len(langs) for lang in langs} for w, langs in owners.items()}


_LATIN_WEIGHTS = _weights(_LATIN_PROFILES)
_ARABIC_WEIGHTS = _weights(_ARABIC_PROFILES, _ARABIC_FOLD)
_CYRILLIC_WEIGHTS = _weights(_CYRILLIC_PROFILES)


def script_of(ch: str) -> str:
    """The script of one letter ("latin", "arabic", "han"…), or "other"."""
    code = ord(ch)
    i = bisect_right(_STARTS, code) - 1
    if i >= 0 and code <= _SCRIPT_RANGES[i][1]:
        return _SCRIPT_RANGES[i][2]
    return "other"


def script_counts(text: str) -> Counter[str]:
    """Letters of ``text`` counted by script (characters are counted first, in C: a distinct letter is
    classified once, not once per occurrence)."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        if ch.isalpha():
            counts[script_of(ch)] += n
    return counts


def _profile_scores(words: list[str], weights: dict[str, dict[str, float]]) -> tuple[dict[str, float], int]:
    """language → summed weight of the words of its profile, and how many words were in any profile."""
    scores: dict[str, float] = {}
    hits = 0
    for w in words:
        owners = weights.get(w)
        if owners:
            hits += 1
            for lang, weight in owners.items():
                scores[lang] = scores.get(lang, 0.0) + weight
    return scores, hits


def _best(scores: dict[str, float]) -> str:
    """The language with the highest score ("" when none scored)."""
    return max(scores, key=lambda lang: scores[lang]) if scores and max(scores.values()) > 0 else ""


def _latin_language(sample: str) -> str:
    words = [w.lower() for w in _WORD_RE.findall(sample)]
    scores, hits = _profile_scores(words, _LATIN_WEIGHTS)
    chars = Counter(sample)
    letters: dict[str, int] = {}
    for lang, group in _LATIN_LETTERS.items():
        letters[lang] = sum(chars[c] for c in group)
        scores[lang] = scores.get(lang, 0.0) + _LETTER_WEIGHT * letters[lang]
    best = _best(scores)
    if not best:
        return ""
    evidence = hits + _LETTER_WEIGHT * letters.get(best, 0)
    if evidence < _MIN_LATIN_HITS or evidence < _MIN_HIT_SHARE * len(words):
        return ""
    return best


def _arabic_script_language(sample: str, letters: int) -> str:
    chars = Counter({ch: n for ch, n in Counter(sample).items() if script_of(ch) == "arabic"})
    share = {name: sum(chars[c] for c in group) / letters
             for name, group in (("ur", _URDU_LETTERS), ("ckb", _SORANI_LETTERS), ("ps", _PASHTO_LETTERS))}
    for lang in ("ur", "ckb", "ps"):
        if share[lang] >= 0.005:
            return lang
    words = [w.translate(_ARABIC_FOLD) for w in _WORD_RE.findall(sample)]
    scores, _ = _profile_scores(words, _ARABIC_WEIGHTS)
    persian = scores.get("fa", 0.0) + sum(chars[c] for c in _PERSIAN_LETTERS) / 10
    return "fa" if persian > scores.get("ar", 0.0) else "ar"


def _cyrillic_language(sample: str) -> str:
    chars = Counter(ch.lower() for ch in sample)
    mark = {lang: sum(chars[c] for c in letters) for lang, letters in
            (("be", "ў"), ("uk", "іїєґ"), ("sr", "ђћџјљњ"), ("mk", "ѓќѕ"), ("ru", "ыэё"), ("bg", "ъ"))}
    if mark["be"] and mark["be"] * 4 >= mark["uk"]:
        return "be"
    if mark["uk"] > mark["ru"]:
        return "uk"
    if mark["sr"] > mark["ru"]:
        return "mk" if mark["mk"] else "sr"
    if mark["ru"]:
        return "ru"
    scores, _ = _profile_scores([w.lower() for w in _WORD_RE.findall(sample)], _CYRILLIC_WEIGHTS)
    if mark["bg"]:
        scores["bg"] = scores.get("bg", 0.0) + 1
    return _best(scores) or "ru"


def guess_language(text: str) -> str:
    """Guess the language of a text as an ISO 639-1 code ("en", "ar", "zh"…), or "" when unsure.

    Args:
        text: the text (only its first ``SAMPLE_CHARS`` characters are read).

    Returns:
        The code, or "" for too little text or a Latin-script text whose function words fit no profile.
    """
    sample = text[:SAMPLE_CHARS]
    counts = script_counts(sample)
    counts.pop("other", None)
    if sum(counts.values()) < _MIN_LETTERS:
        return ""
    cjk = counts["han"] + counts["kana"]
    if cjk and cjk >= max(counts.values()) and counts["hangul"] < cjk:
        return "ja" if counts["kana"] >= 0.05 * cjk else "zh"
    script, letters = counts.most_common(1)[0]
    if script in _SINGLE_LANGUAGE:
        return _SINGLE_LANGUAGE[script]
    if script == "arabic":
        return _arabic_script_language(sample, letters)
    if script == "cyrillic":
        return _cyrillic_language(sample)
    if script == "latin":
        return _latin_language(sample)
    return ""


def guess_direction(text: str) -> str:
    """The main writing direction of a text: "rtl" when at least half of its strong letters are
    right-to-left (Arabic, Hebrew, Syriac, Thaana, NKo, Samaritan, Mandaic), "ltr" otherwise, "" when
    it has no letters. Only the first ``SAMPLE_CHARS`` characters are read."""
    counts = script_counts(text[:SAMPLE_CHARS])
    rtl = sum(n for script, n in counts.items() if script in _RTL_SCRIPTS)
    ltr = sum(counts.values()) - rtl
    if not rtl + ltr:
        return ""
    return "rtl" if rtl >= ltr else "ltr"


def direction_of_language(code: str) -> str:
    """"rtl" for a language written right to left ("ar", "he", "fa"…), "ltr" for any other code, "" for ""."""
    code = normalise_language(code)
    if not code:
        return ""
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def normalise_language(value: str) -> str:
    """A language tag reduced to its primary subtag, lower-case ("en-GB" → "en", "AR_sy" → "ar"), or "" when
    it is not a plausible tag (two or three letters)."""
    primary = re.split(r"[-_\s]", value.strip(), maxsplit=1)[0].lower() if value else ""
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def normalise_direction(value: str) -> str:
    """"ltr", "rtl" or "" (anything else)."""
    value = value.strip().lower()
    return value if value in ("ltr", "rtl") else ""
