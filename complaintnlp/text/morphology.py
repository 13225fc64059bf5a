"""Russian morphology through pymorphy3, loaded lazily and cached per word form."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import check_text

if TYPE_CHECKING:  # pragma: no cover
    from pymorphy3 import MorphAnalyzer

__all__ = ["NOT_NAME_POS", "Lemmatizer", "adjective_name", "fold", "get_morph", "lemmatize",
           "lemmatize_word", "parse_word"]

#: Parts of speech a word naming a street or a place never has as its best reading.
NOT_NAME_POS = frozenset({"VERB", "INFN", "PREP", "CONJ", "PRCL", "NPRO", "ADVB", "PRED", "GRND",
                          "NUMR", "INTJ", "COMP", "PRTS", "ADJS"})

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


_ADJECTIVE_ENDINGS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие")


@lru_cache(maxsize=20_000)
def adjective_name(name: str) -> tuple[str, str | None, str] | None:
    """(lemma, gender, number) of a one-word name that is an adjective in the nominative
    («Заречный», «Лесной», «Полярные»), None for a noun name («Курск», «Максатиха»).

    >>> adjective_name("Заречный"), adjective_name("Курск")
    (('заречный', 'masc', 'sing'), None)
    """
    lower = fold(name)
    if " " in lower or not lower.endswith(_ADJECTIVE_ENDINGS):
        return None
    parses = parse_word(lower)
    if any(p.tag.POS == "NOUN" and "Geox" in p.tag.grammemes and p.tag.case == "nomn"
           for p in parses):
        return None
    for p in parses:
        if p.tag.POS == "ADJF" and p.tag.case == "nomn":
            number = "plur" if p.tag.number == "plur" else "sing"
            return fold(p.normal_form), p.tag.gender, number
    return None


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
