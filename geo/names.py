"""How names are compared: one folding for gazetteer keys and for text, keeping offsets intact.

Folding maps every character to exactly one character (lower case, no diacritics, one form of the
Arabic alef and yeh, one apostrophe), so a match in folded text has the same offsets in the original.
"""

from __future__ import annotations

import unicodedata

SAME_LETTER = {
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ک": "ك",
    "ـ": " ",
    "ı": "i",
}


class _FoldTable(dict):
    """A str.translate table filled on first sight of each character (text is folded often)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in SAME_LETTER:
            folded = SAME_LETTER[char]
        else:
            base = unicodedata.normalize("NFD", char)[0]
            lower = base.lower()
            folded = lower if len(lower) == 1 else base
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics, same length as `text`."""
    return text.translate(_TABLE)


def script_of(text: str) -> str:
    """The script of the first letter: Latin, Cyrillic, Arabic, Hebrew, Han or Other."""
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            for script in ("LATIN", "CYRILLIC", "ARABIC", "HEBREW", "CJK"):
                if name.startswith(script):
                    return {"CJK": "Han"}.get(script, script.title())
            return "Other"
    return "Other"


def is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) == "Mn"
