"""Find a calendar date in a short string: English, numeric, and the month names of the languages the
workbench meets most (German, French, Spanish, Portuguese, Italian, Dutch, Turkish, Russian, Ukrainian,
Arabic in both month-name series, Hebrew) plus the CJK ``2018年3月12日`` / ``2018년 3월 12일`` forms.
Arabic-Indic and Persian digits are read as digits.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Month names of other languages, lower-case, by month number (genitive forms for Russian and Ukrainian).
_FOREIGN_MONTHS: dict[int, str] = {
    1: "januar jänner janvier enero janeiro gennaio januari ocak января январь січня يناير كانون_الثاني ינואר",
    2: "februar février fevrier febrero fevereiro febbraio februari şubat февраля февраль лютого فبراير شباط פברואר",
    3: "märz mars marzo março maart mart марта март березня مارس آذار מרץ",
    4: "avril abril aprile nisan апреля апрель квітня أبريل ابريل إبريل نيسان אפריל",
    5: "mai mayo maio maggio mei mayıs мая май травня مايو أيار מאי",
    6: "juni juin junio junho giugno haziran июня июнь червня يونيو يونيه حزيران יוני",
    7: "juli juillet julio julho luglio temmuz июля июль липня يوليو يوليه تموز יולי",
    8: "août aout agosto augustus ağustos августа август серпня أغسطس آب אוגוסט",
    9: "september septembre septiembre setiembre setembro settembre eylül сентября сентябрь вересня سبتمبر أيلول "
       "ספטמבר",
    10: "oktober octobre octubre outubro ottobre ekim октября октябрь жовтня أكتوبر تشرين_الأول אוקטובר",
    11: "novembre noviembre novembro kasım ноября ноябрь листопада نوفمبر تشرين_الثاني נובמבר",
    12: "dezember décembre decembre diciembre dezembro dicembre december aralık декабря декабрь грудня ديسمبر "
        "كانون_الأول דצמבר",
}  # fmt: skip
FOREIGN_MONTH_NUMBERS = {name.replace("_", " "): month for month, names in _FOREIGN_MONTHS.items()
                         for name in names.split()}
_FOREIGN = "|".join(re.escape(n) for n in sorted(FOREIGN_MONTH_NUMBERS, key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    # 06.12.2017 or 6/12/2017: day first, as most of the world writes it (month first when the day is > 12)
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})[./](?P<mon>\d{1,2})[./](?P<year>\d{4})(?!\d)"),
    # 12. März 2018, 5 février 2018, 1er mai 2018, 8 de enero de 2018, 12 марта 2018 г., 20 בדצמבר 2017
    re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:\.|er|º|°)?\s+(?:de\s+|ב-?)?(?P<fmonth>" + _FOREIGN
               + r")(?!\w)\.?,?\s+(?:de\s+|del\s+)?(?P<year>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<mon>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]?"),
)
_NUMERIC_DMY = _DATE_PATTERNS[3]
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _month(parts: dict[str, str | None]) -> int:
    if parts.get("month"):
        return _MONTHS[str(parts["month"]).lower()[:3]]
    if parts.get("fmonth"):
        return FOREIGN_MONTH_NUMBERS[str(parts["fmonth"]).lower()]
    return int(str(parts["mon"]))


def parse_date(value: str) -> str:
    """Find a calendar date in a short string and return it as ISO YYYY-MM-DD.

    Args:
        value: e.g. "November 30, 2017", "30 November 2017", "Dec. 13, 2017", "date 2017-09-25 Donate",
            "2017-09-25T08:00:00Z", "5 février 2018", "12 марта 2018", "2018年3月12日".

    Returns:
        The first valid date found, or "" when there is none.
    """
    value = value.translate(_DIGITS)
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(value):
            parts = match.groupdict()
            try:
                year = int(parts["year"])
                month = _month(parts)
                day = int(parts["day"])
                if pattern is _NUMERIC_DMY and month > 12 >= day:
                    day, month = month, day
                if not 1800 <= year <= 2200:
                    continue
                return date(year, month, day).isoformat()
            except (KeyError, ValueError):
                continue
    return ""
