"""Russian morphology through pymorphy3, loaded lazily and cached per word form."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import check_text

if TYPE_CHECKING:  # pragma: no cover
    from pymorphy3 import MorphAnalyzer

__all__ = ["Lemmatizer", "fold", "get_morph", "lemmatize", "lemmatize_word", "parse_word"]

_LOCK = threading.Lock()
_MORPH: MorphAnalyzer | None = None


def get_morph() -> MorphAnalyzer:
    """The shared :class:`pymorphy3.MorphAnalyzer` (created once, thread-safe)."""
    global _MORPH
    if _MORPH is None:
        with _LOCK:
            if _MORPH is None:
                from pymorphy3 import MorphAnalyzer

                _MORPH = MorphAnalyzer()
    return _MORPH


def _is_cyrillic_word(word: str) -> bool:
    return any("а" <= ch <= "я" or ch == "ё" for ch in word)


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """``word`` in lower case with ё → е, the form every lookup compares (cached).

    >>> fold("Ёлкино")
    'елкино'
    """
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def lemmatize_word(word: str) -> str:
    """Lemma of one word form, lower-cased; non-Cyrillic tokens are only lower-cased.

    >>> lemmatize_word("Улицы")
    'улица'
    >>> lemmatize_word("iPhone")
    'iphone'
    """
    w = word.lower().replace("ё", "е")
    if not _is_cyrillic_word(w) or (not w.isalpha() and "-" not in w):
        return w
    parses = parse_word(w)  # one pymorphy3 call per word form, shared with the other stages
    if not parses:
        return w
    return parses[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def parse_word(word: str) -> tuple[Any, ...]:
    """All pymorphy3 parses of a lower-cased word form (cached)."""
    try:
        return tuple(get_morph().parse(word.lower().replace("ё", "е")))
    except ValueError:  # pymorphy3 calls unicodedata.name(), which fails on unnamed letters
        return ()


class Lemmatizer:
    """Text → list of lemmas; :func:`lemmatize` is the default instance.

    Parameters
    ----------
    keep_punct : bool
        Keep punctuation tokens (default: drop them).

    Examples
    --------
    >>> lemmatize("на улицах НЕ убирают снег!!!")
    ['на', 'улица', 'не', 'убирать', 'снег']
    """

    def __init__(self, keep_punct: bool = False) -> None:
        self.keep_punct = keep_punct

    def __call__(self, text: str) -> list[str]:
        check_text(text)
        from .tokenize import _TOKEN  # the default tokenizer's pattern: no Token objects needed

        out: list[str] = []
        append = out.append
        keep = self.keep_punct
        for word in _TOKEN.findall(text):
            if not keep and not word.isalnum() and not any(ch.isalnum() for ch in word):
                continue
            append(lemmatize_word(word))
        return out


lemmatize = Lemmatizer()
