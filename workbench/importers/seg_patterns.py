"""Line patterns for segmentation, grouped in named rule families.

Each family holds whole-line patterns (``fullmatch`` on a normalised line of at
most ``MAX_SHORT_LINE`` characters) and phrase patterns (``search`` in a line of
any length once quoted speech is removed, and only when the line does not report
speech: "said", "told", "according to"…). ``segments`` and ``boilerplate`` look
lines up here; the evaluation suite can switch a family off to measure it.

Speed, so that 1 MB of text stays under half a second: whole-line patterns
are written in lower case and matched on the lower-cased line without
IGNORECASE (about three times faster; ``_CASED`` holds the few whose capitals
matter, such as bylines); patterns that look inside a line (agency credits,
"… on our Facebook page", PDF running headers) and every phrase pattern run only
when the line holds one of their key substrings; a payment platform's name and
an appeal word are matched by proximity, not by a quadratic regex.

Families:

* ``core``: donation amounts, "Donate", "Support <Outlet>", image prompts,
  sharing and subscription prompts, comment-widget chrome, "Read more",
  "Related:", tags, "N comments", time stamps such as "3 days ago".
* ``syndication``: republication headers (``Region:``, ``Theme:``,
  ``In-depth Report:``, ``Topic:``, ``Category:``), bylines (``By [Name](#)``,
  "Par …", "Posted by …"), "Originally published …", "Republished from …",
  short ``Source:`` lines, "The original source of this article is …".
* ``appeals``: donation appeals in their usual wordings, PayPal / Patreon lines,
  crypto wallets, bank details, membership offers.
* ``disclaimers``: "Disclaimer:", "The views expressed … are solely those of the
  author(s)", "does not necessarily reflect", cross-posting permissions.
* ``prompts``: newsletter / follow / share prompts, social network buttons,
  "Related Topics" and "Read also" headings, footer links, advertisements,
  "log in to comment" prompts.
* ``credits``: image credits and captions ("Photo: …", "Image source, …",
  "(Photo by … /AFP)", "FILE PHOTO: …"), wire trailers ("(Reporting by …;
  Editing by …)"), "3 Min Read", page footers and filing lines of PDFs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

MAX_SHORT_LINE = 300
MAX_PHRASE_LINE = 3000
FAMILIES = frozenset({"core", "syndication", "appeals", "disclaimers", "prompts", "credits"})

MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?"
    r"|sep(?:t(?:ember)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
    r"|januar|februar|märz|mai|juni|juli|oktober|dezember"
    r"|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
)
DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?:{MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
)
TIME = r"(?:\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h|gmt|utc|cet|est))?)"
RELATIVE_TIME = (
    r"(?:(?:\d+|an?|one|a\s+few)\s+(?:sec(?:ond)?|min(?:ute)?|hr|hour|day|week|month|year)s?\s+ago"
    r"|just\s+now|yesterday(?:\s+at\s+" + TIME + r")?|\d{1,3}\s?(?:s|m|min|h|hr|d|w|mo|y)\b"
    r"|vor\s+(?:\d+|einer?|einem)\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)"
    r"|il\s+y\s+a\s+(?:\d+|une?)\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)"
    r"|hace\s+(?:\d+|una?)\s+\w+|منذ\s+(?:\d+\s+)?\S+(?:\s+\S+)?)"
)
DATE_RE = re.compile(DATE, re.IGNORECASE)
HAS_DIGIT_RE = re.compile(r"\d")
TIME_RE = re.compile(TIME, re.IGNORECASE)
RELATIVE_TIME_RE = re.compile(RELATIVE_TIME, re.IGNORECASE)

SORT_ORDER = r"(?:oldest|newest|top\s+rated|best|most\s+voted|most\s+liked|popular)"

_SHORT: dict[str, tuple[str, ...]] = {
    "core": (
        r"[$€£]\s?\d[\d,.]*|\d[\d,.\s]*\s?[$€£]",  # donation amounts: "0 $", "2,500 $", "$50"
        r"(?:date\s+\S+\s+)?donat(?:e|ion|ions)(?:\s+now)?!?",
        r"(?:please\s+)?support\s+(?:us|our\s+\w+(?:\s+\w+)?)[!.]?",
        r"click\s+(?:here\s+)?to\s+(?:see|view|enlarge|open)\b.{0,40}",
        r"(?:share|share\s+this(?:\s+\w+){0,2}|share\s+on\s+\w+|share\s+via\s+\w+|tweet|print|email)\s*:?",
        r"subscribe\b.{0,80}",
        r"(?:sign\s+up|follow\s+us)\b.{0,200}",
        r"(?:oldest\s+)?newest\s+most\s+voted|notify\s+of|inline\s+feedbacks",
        rf"{SORT_ORDER}(?:\s*[|•·]\s*{SORT_ORDER})+",  # a sort row: "Oldest | Newest | Top rated"
        r"(?:view|load|show)\s+(?:all|more)\s+comments|load\s+more(?:\.{3}|…)?",
        r"would\s+love\s+(?:your\s+thoughts|to\s+hear\s+your\s+opinion),?\s+(?:please\s+)?(?:leave\s+a\s+)?comment\.?x?",
        r"you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment\.?",
        r"read\s+more\b.{0,100}",
        r"related(?:\s+(?:articles|posts|stories|news|topics))?(?:\s*:.{0,200})?",
        r"tags?\s*:.{0,200}",
        r"(?:advertisement|sponsored(?:\s+content)?|reply|report|log\s*in|login|sign\s+in|anzeige|publicité|إعلان"
        r"|save|hide|award|give\s+award|permalink|embed|delete|\d{1,3}\s*%\s+upvoted)",
        r"(?:name|e-?mail|website|url|comment|message)\s*\*|name|website|post\s+comment|submit(?:\s+comment)?"
        r"|save\s+my\s+name,?\s+e-?mail.{0,120}|notify\s+me\s+of\s+(?:new|follow-up)\s+(?:comments|posts).{0,80}",
        RELATIVE_TIME,
        r"(?:leave\s+a\s+(?:comment|reply)|add\s+(?:a\s+)?comment)(?:\s+cancel\s+reply)?",
        r"(?:reader\s+)?comments?(?:\s*\(\d+\))?",
        r"\d+\s+(?:comments?|responses?|replies|thoughts\s+on\s+.{1,200})(?:\s*[|•·]\s*sort\s+by\b.{0,40})?:?",
        r"join\s+the\s+discussion",
    ),
    "syndication": (
        r"(?:region|regions|theme|themes|topic|topics|category|categories|in-depth\s+report|filed\s+under|section|labels"
        r"|keywords|subjects?|rubrik|thema|themen|rubrique|catégories?)\s*:\s*[^.!?]{1,150}",
        r"forwarded\s+from\b.{1,80}|posted\s+by\s+\S{1,40}(?:\s+[^.!?]{0,50})?",
        r"(?:cet\s+article\s+a\s+(?:d['’]abord\s+)?été\s+(?:initialement\s+|originellement\s+)?publié"
        r"|article\s+(?:initialement|originellement)\s+publié|dieser\s+(?:artikel|beitrag)\s+erschien\s+"
        r"(?:zuerst|ursprünglich)|(?:zuerst|erstmals)\s+erschienen)\b.{0,300}",
        r"(?:this\s+(?:article|story|piece|post|report)\s+)?(?:was\s+)?(?:originally|first)\s+"
        r"(?:published|appeared|posted)\b.{0,300}",
        r"(?:republished|reposted|reprinted|cross-?posted)\s+(?:from|with|by|here|under|courtesy)\b.{0,300}",
        r"the\s+original\s+source\s+of\s+this\s+(?:article|story|post)\s+is\b.{0,200}",
        r"(?:sources?|quelle|quellen|المصدر)\s*:\s*[^.!?]{1,80}",
        r"(?:source|via)\s*:\s*<?https?://\S{1,200}",
    ),
    "appeals": (
        r"(?:paypal|patreon|subscribestar|liberapay|ko-?fi|buy\s*me\s*a\s*coffee|bitcoin|btc|eth|ethereum|ltc"
        r"|litecoin|xmr|monero|usdt|doge(?:coin)?)(?:\s*\(\w+\))?(?:\s+(?:address|wallet))?\s*:\s*\S.{0,150}",
        r"(?:iban|bic|swift(?:\s+code)?|bic\s*/\s*swift|swift\s*/\s*bic|account\s+(?:holder|name|number|no\.?)"
        r"|bank(?:\s+name|\s+transfer|\s+details|\s+account)?|sort\s+code|routing\s+number|beneficiary"
        r"|kontoinhaber|empfänger|verwendungszweck|bankverbindung)\s*:\s*[^!?]{0,120}",
        r"become\s+a\s+(?:member|patron|supporter|subscriber|sponsor|donor)\b.{0,80}",
        r"dear\s+readers?\b.{0,300}",
        r"(?:jetzt\s+)?spenden!?|faire\s+un\s+don|faites\s+un\s+don|تبرع(?:\s+الآن)?",
    ),
    "disclaimers": (
        r"disclaimer\b.{0,3000}",
    ),
    "prompts": (
        r"(?:twitter|facebook|telegram|whatsapp|reddit|linkedin|vk|pinterest|tumblr|pocket|flipboard|e-?mail"
        r"|messenger|copy\s+link|print\s+this\s+(?:page|article))",
        r"(?:follow|join|find)\s+(?:us|our\s+\w+(?:\s+\w+)?)(?:\s+on\b.{0,120}|\s*:.{0,120})?",
        r"(?:type|enter)\s+your\s+e-?mail.{0,40}|your\s+e-?mail(?:\s+address)?\s*[…:.]{0,3}",
        r"thanks\s+for\s+reading\b.{0,200}",
        r"#?[^\W\d_]\w*(?:[\s,]+#[^\W\d_]\w*){1,20}",  # hashtags (a leading "#" was stripped as Markdown)
        r"(?:[👁👀]\ufe0f?\s*[\d.,]+\s*[km]?|[\d.,]+\s*[km]?\s+views?)",
        r"(?:https?://)?(?:t\.me|telegram\.me|youtube\.com|youtu\.be)/\S{1,80}",
        r"(?:اقرأ|إقرأ)\s+(?:أيضاً|أيضا|ايضا)\s*:?.{0,150}|شارك\b.{0,25}",
        r"(?:get|receive)\s+(?:our|the)\s+(?:\w+\s+){0,2}newsletter.{0,150}",
        r"(?:share|partager|teilen)\s+(?:this|on|via|the|article|story|post|page|live|sur|auf)\b.{0,50}"
        r"|(?:artikel|seite|beitrag)\s+teilen|شارك\s+على.{0,40}|(?:share|teilen|partager)\s*:.{0,100}",
        r"(?:please\s+)?(?:log\s*in|sign\s*in|register|anmelden|connectez-vous|identifiez-vous)\b.{0,200}",
        r"(?:to\s+(?:comment|reply)|um\s+(?:zu\s+)?kommentar\w*|pour\s+(?:commenter|réagir))\b.{0,200}",
        r"(?:like\s+this|gefällt\s+mir)\s*:?|like\s+loading\.{0,3}",
        r"(?:listen\s+to|watch)\s+(?:the\s+)?(?:full\s+)?(?:interview|episode|podcast|audio|video|programme)\b.{0,80}",
        r"(?:related\s+topics|more\s+on\s+this\s+story|you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?"
        r"|most\s+read|top\s+stories|see\s+also|read\s+also|also\s+read|lesen\s+sie\s+auch|mehr\s+zum\s+thema"
        r"|(?:à\s+)?lire\s+aussi|(?:voir|lire)\s+également)\b\s*:?.{0,150}",
        r"note\s+to\s+readers\s*:.{0,600}",
        r"download(?:\s+(?:the\s+)?(?:pdf|report|full\s+report|app))?|cite\s+this(?:\s+(?:article|page|publication))?",
        r"view\s+(?:this\s+)?(?:email|e-mail|newsletter)\s+(?:in|on)\s+(?:your|a|the)\s+(?:browser|web).{0,20}"
        r"|forward\s+(?:this\s+(?:email|newsletter)\s+)?to\s+a\s+friend",
        r"you\s+(?:are\s+receiving|received)\s+this\s+(?:email|e-mail|newsletter|message)\b.{0,200}"
        r"|unsubscribe\b.{0,80}|update\s+(?:your\s+)?(?:subscription\s+)?preferences.{0,40}"
        r"|our\s+mailing\s+address\s+is\b.{0,150}",
        r"أضف\s+تعليق\S*|اترك\s+تعليق\S*|إضافة\s+تعليق|إعجاب(?:\s*\(\d+\))?",
        r"(?:privacy(?:\s+policy)?|terms\s+of\s+(?:service|use)|cookie\s+settings|impressum|imprint|contact\s+us"
        r"|about\s+us|do\s+not\s+sell\s+my\s+(?:personal\s+)?(?:data|information))",
        r"تابعونا\s+على.{0,60}|تابعنا\s+على.{0,60}",
        r"réagir|reagieren|kommentieren",
    ),
    "credits": (
        r"(?:file\s+)?(?:photo|photos|image|images|picture|foto|fotos|bild|illustration|featured\s+image|main\s+image"
        r"|top\s+image|cover\s+image|header\s+image|photograph|caption|photo\s+credit|image\s+credit|crédits?\s+photo"
        r"|crédits?|bildnachweis|bildquelle|fotonachweis"
        r"|image\s+source|credit|credits)\s*:.{1,400}",
        r"(?:image\s+source|image\s+caption|media\s+caption|photo\s+caption),.{1,400}",
        r"\(?(?:photo|image|picture|foto)s?\s+(?:by|credit|courtesy|:)[^()]{1,200}\)?",
        r"!\[[^\]]*\]\([^)]*\)",
        r"getty\s+images|shutterstock|wikimedia\s+commons",
        r"\(\s*(?:reporting|writing|editing|additional\s+reporting|compiled|translated|produced|edited)\s+by\b[^()]{2,400}\)",
        r"(?:(?:additional\s+)?reporting|writing|editing)\s+by\s+[^;]{2,80}(?:;\s*(?:additional\s+reporting|writing"
        r"|editing|compiled|translated)\s+by\s+[^;]{2,80})+\.?",
        r"our\s+standards\s*:.{0,120}",
        r"\d+\s+min(?:ute)?s?\s+read",
        r"page\s+\d+(?:\s+(?:of|/)\s+\d+)?|seite\s+\d+(?:\s+von\s+\d+)?",
        r"\[fr\s+doc\.?[^\]]{0,120}\]|billing\s+code\s+[\w-]{2,20}",
    ),
}

# Whole-line patterns whose letter case matters (names are capitalised), matched on the line as it is;
# every other pattern is written in lower case and matched on the lower-cased line (three times faster).
_CASED: dict[str, tuple[str, ...]] = {
    "core": (r"(?:[Pp]lease\s+)?[Ss]upport\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}[!.]?",),
    "syndication": (
        r"(?:[Bb]y|BY|[Pp]ar|[Vv]on|[Pp]or|(?:[Ww]ritten|[Pp]roduced|[Cc]ompiled|[Ee]dited|[Pp]osted|[Rr]eported)"
        r"(?:\s+and\s+(?:written|produced|compiled|edited))?\s+by|[Aa]uthor\s*:|[Aa]utor\s*:|بقلم)\s+"
        r"[^\W\d_][\w.'’-]*(?:\s+(?:[A-ZÀ-ÞĀ-ſ][\w.'’-]*|al|el|de|da|di|du|van|von|bin|ibn|and|&|staff|correspondent"
        r"|reporter|desk|team|bureau|editors?|newsroom|[a-z]+-[A-Z][\w'’-]*)){0,6}(?:\s*,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*"
        r"(?:\s*[|•·–—-]\s*[^|]{0,60}|\s+(?:at|on|um|am|le)\s+[\w:.,/ ]{1,30})?",
    ),
    "appeals": (r"(?:bc1|[13])[a-km-zA-HJ-NP-Z1-9]{25,62}|0x[0-9a-fA-F]{40}",),  # crypto wallet addresses
    "credits": (r"[a-z]{2,5}(?:[/-][a-z]{2,5}){1,6}",),  # wire desk initials: "kam/ser/hc", "bur-sk/mjs"
}
# Whole-line patterns that look inside the line: tried only when the line holds one of the gate strings
# (lower-cased, except for agency credits), so that ordinary paragraphs cost a few substring tests.
_GATED: tuple[tuple[str, tuple[str, ...], bool, str], ...] = (
    ("prompts", ("on our",), False,
     r".{0,100}\bon\s+our\s+(?:facebook|twitter|telegram|instagram|youtube|vk)\s+(?:page|channel|account).{0,40}"),
    ("credits", ("(",), False,
     r"[^()]{0,300}\((?:photo|image|picture|foto|credit)s?\s*(?:by|credit|courtesy|:)[^()]{1,150}\)"),
    ("credits", ("REUTERS", "AFP", "AP Photo", "EPA", "ANADOLU", "SANA"), True,
     r"[^()]{0,400}\b(?:REUTERS|AFP(?:\s+PHOTO)?|AP\s+Photo|EPA|ANADOLU|SANA)\s?/\s?[\w .'’-]{1,60}"
     r"(?:/[\w .'’-]{1,40})?\.?"),
    ("credits", (" / ",), False,  # PDF running headers: "Federal Register / Vol. 83, No. 45 / …"
     r"(?:[^/\n]{1,60}\s/\s){2,}[^/\n]{1,80}"),
)  # fmt: skip
_GATED_RE = tuple((family, gate, cased, re.compile(p)) for family, gate, cased, p in _GATED)

# Phrase patterns: (family, keys, pattern). A pattern is searched only in a line holding one of its keys
# (lower-cased substrings), after quoted speech is removed, and never in a line that reports speech.
_PHRASES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("appeals", ("if you",), r"if\s+you['’]?(?:re|\s+are)?\s+able,?\s+and\s+if\s+you\s+like\s+our"),
    ("appeals", ("please", "consider"),
     r"(?:please|consider)\s+(?:\w+\s+)?(?:support(?:ing)?|donat(?:e|ing)|fund(?:ing)?|help(?:ing)?|contribut(?:e|ing))\b"),
    ("appeals", ("support", "donat"),
     r"(?:support(?:ing)?|donat(?:e|ing)\s+to)\s+(?:us|my\s+(?:work|writing|newsletter)|our\s+(?:work|project"
     r"|journalism|reporting|team|site|website|efforts?|mission)|this\s+(?:site|website|project|blog|channel|page))\b"),
    ("appeals", ("support",),
     r"support\s+(?:independent|our|quality|free|reader-funded)\s+(?:journalism|media|reporting|news|voices?)"),
    ("appeals", ("need your",), r"we\s+need\s+your\s+(?:help|support|donations?|contributions?)"),
    ("appeals", ("donation", "contribution"),
     r"(?:make|making)\s+a\s+(?:one-off\s+|monthly\s+|small\s+|tax-deductible\s+)?(?:donation|contribution)"),
    ("appeals", ("donate",), r"donate\s+(?:now|today|here|via|to\s+us|in\s+crypto|with|by)\b"),
    ("appeals", ("support", "donation", "contribution", "gift"),
     r"(?:your|every|each)\s+(?:support|donation|contribution|gift)s?\s+(?:helps?|keeps?|makes?|allows?|enables?"
     r"|matters?)"),
    ("appeals", ("reader-", "reader don"), r"reader-(?:funded|supported)|runs\s+on\s+reader\s+donations"),
    ("appeals", ("without your",), r"wouldn['’]t\s+be\s+possible\s+without\s+your|without\s+your\s+(?:help|support)"),
    ("appeals", ("unterstützen", "soutenez", "un don"),
     r"unterstützen\s+sie\s+(?:uns|unsere|unabhängigen)|soutenez[- ](?:nous|notre\s+travail|notre\s+journalisme"
     r"|la\s+rédaction)|faites\s+un\s+don"),
    ("appeals", ("depends", "relies", "any amount"),
     r"(?:our|this)\s+(?:work|site|project|journalism|reporting)\s+(?:depends|relies)\s+(?:entirely\s+|solely\s+)?"
     r"on\s+(?:you|readers|your)|any\s+amount\s+helps"),
    ("disclaimers", ("expressed",),
     r"(?:views|opinions)\s+expressed\s+(?:in\s+this\s+(?:article|piece|post|op-ed|column|report)|here(?:in)?"
     r"|by\s+(?:the\s+)?(?:authors?|contributors?|writers?|guest))"),
    ("disclaimers", ("sole",), r"sole(?:ly)?\s+(?:responsibility|those)\s+of\s+the\s+authors?"),
    ("disclaimers", ("necessarily",),
     r"(?:do|does)\s+not\s+necessarily\s+(?:reflect|represent)\s+(?:the\s+)?(?:views|opinions|position|policy"
     r"|editorial)"),
    ("disclaimers", ("responsible",),
     r"(?:alone\s+is|are\s+solely|is\s+solely)\s+responsible\s+for\s+the\s+contents?"
     r"|not\s+be\s+(?:held\s+)?responsible\s+for\s+any\s+inaccurate"),
    ("disclaimers", ("copyrighted",), r"contains\s+copyrighted\s+material"),
    ("disclaimers", ("permission",), r"(?:grants?|granted)\s+permission\s+to\s+(?:cross-?post|repost|republish)"),
    ("disclaimers", ("exprimées", "engagent", "meinung"),
     r"opinions\s+exprimées.{0,80}(?:n['’]engagent|que\s+(?:leur|son)\s+auteur)|n['’]engagent\s+que\s+(?:leur|son"
     r"|ses)\s+auteur|(?:gibt|geben)\s+(?:die\s+)?meinung\s+(?:des|der)\s+autor"),
    ("disclaimers", ("cross-post", "crosspost", "repost", "republish"),
     r"may\s+(?:freely\s+)?(?:cross-?post|repost|republish)\w*\b.{0,120}\bas\s+long\s+as\s+the\s+source"),
    ("prompts", ("email address", "required fields"),
     r"your\s+email\s+address\s+will\s+not\s+be\s+published|required\s+fields\s+are\s+marked"),
    ("prompts", ("comments are closed",), r"comments\s+are\s+closed"),
)  # fmt: skip


def _compile_short(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


SHORT_RE = {family: _compile_short(patterns) for family, patterns in _SHORT.items()}
class _Near:
    """A phrase "search" that finds an appeal word within ``reach`` characters of a payment platform's name
    (a regex with ``.{0,200}`` on both sides would be quadratic on long lines)."""

    _PLATFORM_RE = re.compile(r"paypal|patreon|subscribestar")
    _APPEAL_RE = re.compile(r"\b(?:you|your|us|our|please)\b")

    def __init__(self, reach: int = 200, most: int = 5) -> None:
        self.reach, self.most = reach, most

    def search(self, text: str) -> bool:
        for count, match in enumerate(self._PLATFORM_RE.finditer(text)):
            if count >= self.most:
                break
            window = text[max(0, match.start() - self.reach) : match.end() + self.reach]
            if self._APPEAL_RE.search(window):
                return True
        return False


PHRASE_RE: tuple[tuple[str, tuple[str, ...], re.Pattern[str] | _Near], ...] = (
    *((family, keys, re.compile(p)) for family, keys, p in _PHRASES),
    ("appeals", ("paypal", "patreon", "subscribestar"), _Near()),
)
_PHRASE_KEYS = tuple(sorted({key for _, keys, _ in PHRASE_RE for key in keys}))
_REPORTED_KEYS = (
    "said", "says", "told", "tells", "according to", "reported", "claimed", "added", "stated", "quoted", "urged",
    "sagte", "selon", "a déclaré",
)  # fmt: skip
_COPYRIGHT_KEYS = ("©", "(c)", "rights reserved", "copyright")


LOWER_CASE_PATTERNS = (
    *(p for patterns in _SHORT.values() for p in patterns),
    *(p for _, _, cased, p in _GATED if not cased),
    *(p for _, _, p in _PHRASES),
)


@lru_cache(maxsize=16)
def _short_for(families: frozenset[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The enabled families' whole-line patterns as two patterns (lower-cased line, line as it is), a named
    group per family, tried in ``_SHORT`` order."""
    lower = [f"(?P<{f}>{SHORT_RE[f].pattern})" for f in _SHORT if f in families]
    cased = [f"(?P<{f}>{'|'.join(_CASED[f])})" for f in _CASED if f in families]
    return (re.compile("|".join(lower)) if lower else None, re.compile("|".join(cased)) if cased else None)


COPYRIGHT_RE = re.compile(r"©|\(c\)\s*\d{4}|\ball rights reserved\b|^copyright\b")  # on the lower-cased line
QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|‚[^‘’]*[‘’]|‘[^’]*’(?!\w)")
_DISCLAIMER_START_RE = re.compile(r"disclaimer\b")
MD_LINK_RE = re.compile(r"(?<!!)\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")


def reports_speech(text: str) -> bool:
    """Tell whether a line reports speech ("said", "told", "according to"…): cheap substring tests."""
    lower = text.lower()
    return any(key in lower for key in _REPORTED_KEYS)


def family_of(norm: str, families: frozenset[str] = FAMILIES) -> str | None:
    """Return the family of the first pattern a normalised line matches, or None.

    Args:
        norm: a line as ``normalise_line`` returns it (Markdown links already unwrapped).
        families: the families to try.
    """
    if not norm:
        return None
    head = norm[:MAX_PHRASE_LINE]
    lower = head.lower()
    if len(norm) <= MAX_SHORT_LINE:
        short, cased = _short_for(families)
        match = (short.fullmatch(lower) if short else None) or (cased.fullmatch(norm) if cased else None)
        if match:
            return match.lastgroup
        for family, gate, is_cased, pattern in _GATED_RE:
            hay = norm if is_cased else lower
            gated = family in families and any(g in hay for g in gate) and pattern.fullmatch(hay)
            if gated and (" / " not in gate or HAS_DIGIT_RE.search(norm)):  # running headers have page numbers
                return family
        copyright_line = "core" in families and len(norm) <= 200 and any(k in lower for k in _COPYRIGHT_KEYS)
        if copyright_line and COPYRIGHT_RE.search(lower):
            return "core"
    if "disclaimers" in families and _DISCLAIMER_START_RE.match(lower):
        return "disclaimers"
    if not any(key in lower for key in _PHRASE_KEYS):
        return None
    found = {key for key in _PHRASE_KEYS if key in lower}
    candidates = [(family, phrase) for family, keys, phrase in PHRASE_RE
                  if family in families and not found.isdisjoint(keys)]  # fmt: skip
    unquoted = QUOTED_RE.sub(" ", head).lower()
    if reports_speech(unquoted):
        return None
    for family, phrase in candidates:
        if phrase.search(unquoted):
            return family
    return None
