"""Matching keys for place names: a tiny suffix stripper shared by the build script and the matcher.

A key is the lower-cased word with ``ё`` → ``е`` and its inflectional ending removed, so the
nominative name and its inflected forms meet on one key (``Тверь``/``Твери`` → ``твер``,
``Нижний Новгород``/``Нижнем Новгороде`` → ``нижн новгород``). Hyphenated words are keyed part by
part (``Петропавловске-Камчатском`` → ``петропавловск-камчатск``). Forms that the stripper misses
(fleeting vowels: ``Орла`` → ``орёл``) are caught by also keying pymorphy's lemmas of each token.

Changing :data:`KEY_VERSION` invalidates the keys stored in the packaged gazetteer, which are then
recomputed on load.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["KEY_VERSION", "edit_distance", "name_key", "phrase_key", "word_key"]

#: Version of the key function; stored in the data file.
KEY_VERSION = "1"

_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими",
    "ых", "их", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю",
    "ом", "ем", "ам", "ям", "ах", "ях", "ью",
    "ы", "и", "а", "я", "у", "ю", "е", "о", "ь", "й",
)
_END_RE = re.compile(r"^(.{2,}?)(?:" + "|".join(_ENDINGS) + r")$")
_CLEAN_RE = re.compile(r"[\u200b-\u200f\u00ad«»\"'`’]")


@lru_cache(maxsize=300_000)
def word_key(word: str) -> str:
    """Key of one word (hyphenated parts keyed separately).

    >>> word_key("Твери"), word_key("Тверь"), word_key("Южно-Сахалинске")
    ('твер', 'твер', 'южн-сахалинск')
    >>> word_key("Уфе") == word_key("Уфа")
    True
    """
    w = _CLEAN_RE.sub("", word.lower().replace("ё", "е"))
    if "-" in w:
        return "-".join(_strip(p) for p in w.split("-"))
    return _strip(w)


def _strip(w: str) -> str:
    if not w.isalpha():
        return w
    m = _END_RE.match(w)
    return m.group(1) if m else w


def phrase_key(words: list[str] | tuple[str, ...]) -> str:
    """Space-joined keys of several words.

    >>> phrase_key(["Великих", "Луках"])
    'велик лук'
    """
    return " ".join(word_key(w) for w in words)


def name_key(name: str) -> str:
    """Key of a multi-word name, tokenised like the matcher does (punctuation kept as tokens).

    >>> name_key("Нижний Новгород"), name_key("Н.Новгород")
    ('нижн новгород', 'н . новгород')
    """
    from ..text.tokenize import tokenize

    return phrase_key([t.text for t in tokenize(name)])


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` as soon as it exceeds ``limit``.

    >>> edit_distance("бежецк", "бежецкк", 2), edit_distance("тверь", "москва", 2)
    (1, 3)
    """
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
