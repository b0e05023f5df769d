"""Full pinyin and initials of organisation names, for search like ``qysrcsc`` → 清远市人才市场."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def name_pinyin(name: str) -> tuple[str, str]:
    full = lazy_pinyin(name, errors="default")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(full).lower()[:400], "".join(initials).lower()[:100]
