"""Text people typed, made safe to show and to search with."""

import re
import unicodedata

# Control characters (NUL, escapes, ...), invisible formatting characters (the bidirectional
# marks, embeddings, overrides and isolates U+200E-F, U+202A-E, U+2066-9, zero-width joiners)
# and line or paragraph separators: invisible on screen, they can disguise a name
# ("report\u202etxt.exe") or break what reads it.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}

# A word of any script: letters and digits, no punctuation, symbols or underscores.
WORD = re.compile(r"[^\W_]+")


def visible(text: str) -> str:
    """``text`` without control, formatting and separator characters."""
    return "".join(c for c in text if unicodedata.category(c) not in INVISIBLE_CATEGORIES)


def plain_words(text: str) -> list[str]:
    """The words of ``text``: what a search engine matches, with no character it could read as
    syntax (quotes, brackets, operators, wildcards, backslashes)."""
    return WORD.findall(text)


def search_key(text: str) -> str:
    """How a search is matched to its promoted pages: its words, lower case, one space apart
    ("Multi-disciplinary  teams" and "multi disciplinary teams" are the same search)."""
    return " ".join(plain_words(text)).lower()
