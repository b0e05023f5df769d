"""Search keys of unit names, and the same normalisation for what people type.

A unit is found by the characters of its name, by its full pinyin, by its initials and by any mix
of syllable prefixes (``dgsrmyywj``, ``renminyiyuanwanjiang``, ``huadurmyy`` →
广州市花都区人民医院 / 东莞市人民医院（万江院区）). The keys are built here, once, and kept by
``Organisation.save`` (see ``models.py``) for every way a unit is created or renamed.

Place names are read as places are named, not as pypinyin's general dictionary reads the
characters: 花都 is *huadu* (not *huadou*), 佛冈 *fogang*, 麻涌 *machong*, 塘厦 *tangxia*.
The readings of every shipped region (GB/T 2260, ``data/regions/guangdong.csv``) and of the
towns whose reading differs are listed in ``data/regions/place_readings.csv``; they are loaded
into pypinyin's phrase dictionary and, because pypinyin's forward maximum matching can cut a
place name apart (广州市花都区 → 广州 / 市花 / 都 / 区), matched first, longest first, before the
rest of the name goes to pypinyin.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypinyin
from django.conf import settings
from pypinyin import lazy_pinyin

PLACE_READINGS_FILE = Path(settings.BASE_DIR) / "data" / "regions" / "place_readings.csv"

PINYIN_MAX = 600  # 100 characters of at most 6 letters
SYLLABLES_MAX = 800  # the same with a separating space before each syllable
INITIALS_MAX = 100
NAME_KEY_MAX = 100

_SYLLABLE = re.compile(r"^[a-z]+$")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _is_han(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, "")


@functools.cache
def place_readings() -> dict[str, tuple[str, ...]]:
    """{place name: its syllables} from ``data/regions/place_readings.csv``, also loaded into
    pypinyin's phrase dictionary (tone-less readings: the keys use no tones)."""
    readings: dict[str, tuple[str, ...]] = {}
    with PLACE_READINGS_FILE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            syllables = tuple(row["reading"].split())
            if len(syllables) != len(row["name"]) or not all(_SYLLABLE.match(s) for s in syllables):
                raise ValueError(f"place_readings.csv: bad reading for {row['name']!r}: {row['reading']!r}")
            readings[row["name"]] = syllables
    pypinyin.load_phrases_dict({name: [[s] for s in syl] for name, syl in readings.items()})
    return readings


def normalize_text(value: str) -> str:
    """NFKC (full-width → half-width), lower case, and nothing but letters, digits and Chinese
    characters: brackets, punctuation, spaces and apostrophes (``chang'an``) are dropped.
    Used for the stored name key and for the query alike."""
    value = unicodedata.normalize("NFKC", value or "").lower()
    return "".join(ch for ch in value if ch.isalnum())


def _han_syllables(run: str) -> list[str]:
    """Syllables of a run of Chinese characters; a character pypinyin cannot read is left out."""
    readings = place_readings()
    longest = max(map(len, readings), default=1)
    out: list[str] = []
    pending = ""

    def flush() -> None:
        nonlocal pending
        if pending:
            for syllable in lazy_pinyin(pending, errors="ignore"):
                if _SYLLABLE.match(syllable):
                    out.append(syllable)
            pending = ""

    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 1, -1):
            found = readings.get(run[i : i + size])
            if found:
                flush()
                out.extend(found)
                i += size
                break
        else:
            pending += run[i]
            i += 1
    flush()
    return out


def name_syllables(name: str) -> list[str]:
    """The words a name is searched by: one pinyin syllable per Chinese character that has a
    reading, and each run of Latin letters or digits as one word (``TCL`` → ``tcl``)."""
    text = normalize_text(name)
    words: list[str] = []
    run = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if _is_han(ch):
            run += ch
            i += 1
            continue
        if run:
            words.extend(_han_syllables(run))
            run = ""
        match = _ASCII_WORD.match(text, i)
        if match:
            words.append(match.group())
            i = match.end()
        else:  # another script's letter or digit: not searchable by pinyin
            i += 1
    if run:
        words.extend(_han_syllables(run))
    return words


@dataclass(frozen=True)
class NameKeys:
    name_key: str  # normalised name (characters)
    pinyin: str  # full pinyin, no separators
    initials: str
    syllables: str  # " guang zhou shi hua du qu …": a space before every word


def name_keys(name: str) -> NameKeys:
    """All search keys of a unit name. Raises nothing; an unreadable name gives empty keys."""
    words = name_syllables(name)
    return NameKeys(
        name_key=normalize_text(name)[:NAME_KEY_MAX],
        pinyin="".join(words)[:PINYIN_MAX],
        initials="".join(w[0] for w in words)[:INITIALS_MAX],
        syllables="".join(" " + w for w in words)[:SYLLABLES_MAX],
    )


def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name: ``清远市人才市场`` → (``qingyuanshirencaishichang``, ``qysrcsc``)."""
    keys = name_keys(name)
    return keys.pinyin, keys.initials


def syllable_prefix_regex(query: str, *, anchored: bool) -> str:
    """A regular expression (the same in PostgreSQL and SQLite/Python) that matches the stored
    ``syllables`` key when ``query`` (already normalised, ``[a-z0-9]+``) is a run of prefixes of
    consecutive words: every character either continues the current word or starts the next one
    (skipping the rest of the current word). ``anchored``: the run starts at the first word."""
    if not query or not _ASCII_WORD.fullmatch(query):
        raise ValueError("query must be normalised letters and digits")
    parts = [("^ " if anchored else " ") + query[0]]
    parts += ["(?:[a-z0-9]* )?" + ch for ch in query[1:]]
    return "".join(parts)


def syllable_prefix_like(query: str, *, anchored: bool) -> str:
    """A LIKE pattern every key matched by ``syllable_prefix_regex`` also matches (the first
    character starts a word, the others follow in order): a cheap test that spares the regular
    expression the rows that cannot match."""
    if not query or not _ASCII_WORD.fullmatch(query):
        raise ValueError("query must be normalised letters and digits")
    return (" " if anchored else "% ") + query[0] + "%" + "%".join(query[1:]) + ("%" if len(query) > 1 else "")
