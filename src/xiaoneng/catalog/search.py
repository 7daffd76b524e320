"""Search helpers of the service catalog: keywords and pinyin initials (拼音首字母).

People type "yyzz" for 营业执照 or "jhdj" for 结婚登记 on a phone keyboard. The initials of an
item's name and of its keywords are computed once, when the catalog services write the item,
and stored on it (`ServiceItem.search_initials`), so a search is one query over the items and
never Python over all of them. Pure functions: no ORM here.
"""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

KEYWORDS_MAX_LENGTH = 300
KEYWORD_MAX_LENGTH = 20
_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
_INITIAL = re.compile(r"[a-z0-9]+")


def keyword_list(text: str | None) -> list[str]:
    """The distinct keywords of `text`, split at spaces, commas, 、 or semicolons, in order."""
    seen: list[str] = []
    for word in _SEPARATORS.split((text or "").strip()):
        if word and word not in seen:
            seen.append(word)
    return seen


def pinyin_initials(text: str) -> str:
    """Lower-case pinyin initials of the Chinese characters of `text`; Latin letters and digits
    are kept as they are (lower-cased), everything else (brackets, punctuation) is dropped.

    营业执照 → "yyzz"; 工业产品生产许可证核发(初审) → "gycpscxkzhfcs"; 12345热线 → "12345rx".
    Heteronyms take pypinyin's most common reading (重庆 → "cq" thanks to its phrase table).
    """
    parts = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")
    return "".join(_INITIAL.findall("".join(parts).lower()))


def search_initials(name: str, keywords: str = "") -> str:
    """What `ServiceItem.search_initials` holds: the initials of the name, then of each keyword,
    separated by spaces (so "yyzz" finds 营业执照遗失补领 and an item whose keyword is 营业执照)."""
    words = [pinyin_initials(name), *(pinyin_initials(k) for k in keyword_list(keywords))]
    return " ".join(w for w in words if w)[:400]


def is_initials_query(word: str) -> bool:
    """A word worth matching against the initials: two or more Latin letters (and digits)."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", word))
