"""Feature extraction shared by training and inference (pure Python + NumPy).

A message is reduced to its *words* (tokens with a letter or digit), each seen as a pair
``(form, lemma)``: ``form`` is the lower-cased token with ё → е and digits → ``0``, ``lemma`` its
pymorphy3 lemma. Three groups of features are derived from them:

* word terms — lemma unigrams and bigrams (``"яма"``, ``"яма дорога"``);
* character n-grams of each form padded with spaces (``" ям"``, ``"ямы "`` …), like
  scikit-learn's ``char_wb`` analyzer, so they are a per-word property and can be cached;
* the form (or, when the form is unknown, the lemma) looked up in the navec vocabulary.

Training and inference call the same functions, so the features the model was fitted on are
exactly the features it sees at prediction time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import Text, prepare

__all__ = ["analyze", "char_ngrams", "word_terms"]

_DIGITS = re.compile(r"\d")
_MAX_WORD = 24  # longer tokens (URLs left-overs, garbage) contribute only their head


def analyze(text: str | Text) -> tuple[list[str], list[str]]:
    """Return ``(forms, lemmas)`` of the word tokens of ``text``.

    Examples
    --------
    >>> analyze("Яма на улице Ленина 5 😡")
    (['яма', 'на', 'улице', 'ленина', '0'], ['яма', 'на', 'улица', 'ленин', '0'])
    """
    t = prepare(text)
    hit = t.memo.get("topic_features")  # the classifier and the router read the same Text
    if hit is None:
        hit = t.memo["topic_features"] = tuple(map(tuple, _analyze(t)))
    return list(hit[0]), list(hit[1])


def _analyze(t: Text) -> tuple[list[str], list[str]]:
    forms: list[str] = []
    lemmas: list[str] = []
    for tok, lem in zip(t.tokens, t.lemmas, strict=True):
        info = _word_form(tok.text)
        if info is not None:
            form, numeric = info
            forms.append(form)
            lemmas.append(form if numeric else lem)
    return forms, lemmas


@lru_cache(maxsize=200_000)
def _word_form(token: str) -> tuple[str, bool] | None:
    """``(form, has a digit)`` of a word token; ``None`` for punctuation and symbols."""
    if not any(ch.isalnum() for ch in token):
        return None
    if any(ch.isdigit() for ch in token):
        f = _DIGITS.sub("0", token.lower())
        return ("0" if f.isdigit() else f), True
    return token.lower().replace("ё", "е")[:_MAX_WORD], False


def word_terms(lemmas: list[str], ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    """Lemma n-grams (space-joined).

    >>> word_terms(["яма", "на", "дорога"])
    ['яма', 'на', 'дорога', 'яма на', 'на дорога']
    """
    lo, hi = ngram_range
    out: list[str] = []
    n_tok = len(lemmas)
    for n in range(lo, hi + 1):
        if n == 1:
            out.extend(lemmas)
        else:
            out.extend(" ".join(lemmas[i:i + n]) for i in range(n_tok - n + 1))
    return out


def char_ngrams(form: str, ngram_range: tuple[int, int] = (3, 5)) -> list[str]:
    """Character n-grams of one word form padded with spaces.

    >>> char_ngrams("яма", (3, 4))
    [' ям', 'яма', 'ма ', ' яма', 'яма ']
    """
    padded = f" {form} "
    lo, hi = ngram_range
    size = len(padded)
    out: list[str] = []
    for n in range(lo, hi + 1):
        if size < n:
            break
        out.extend(padded[i:i + n] for i in range(size - n + 1))
    return out
