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
from collections.abc import Sequence
from functools import lru_cache

from ..text import Text, prepare

__all__ = ["analyze", "char_ngrams", "place_mask", "word_terms"]

_DIGITS = re.compile(r"\d")
_MAX_WORD = 24  # longer tokens (URLs left-overs, garbage) contribute only their head


def analyze(text: str | Text, mask_places: bool = False,
            mask_words: frozenset[str] | None = None) -> tuple[list[str], list[str]]:
    """Return ``(forms, lemmas)`` of the word tokens of ``text``.

    With ``mask_places``, the words of place and address mentions are left out (see
    :func:`place_mask`; ``mask_words``: lemmas of place names left out wherever they are):
    where a problem is says nothing about what it is.

    Examples
    --------
    >>> analyze("Яма на улице Ленина 5 😡")
    (['яма', 'на', 'улице', 'ленина', '0'], ['яма', 'на', 'улица', 'ленин', '0'])
    >>> analyze("в д. Малиновка Тульской обл нет света", mask_places=True)[0]
    ['в', 'нет', 'света']
    >>> analyze("в питере нет света", mask_places=True, mask_words=frozenset({"питер"}))[0]
    ['в', 'нет', 'света']
    """
    t = prepare(text)
    key = ("topic_features", mask_places, mask_words) if mask_places else "topic_features"
    hit = t.memo.get(key)  # the classifier and the router read the same Text
    if hit is None:
        hit = t.memo[key] = tuple(map(tuple, _analyze(t, mask_places, mask_words)))
    return list(hit[0]), list(hit[1])


def _analyze(t: Text, mask_places: bool = False, mask_words: frozenset[str] | None = None
             ) -> tuple[list[str], list[str]]:
    words = _words(t)
    skip = place_mask([tok.text for tok in t.tokens], t.lemmas, mask_words) \
        if mask_places else ()
    if skip:
        words = [w for w in words if w[0] not in skip]
    return [w[1] for w in words], [w[2] for w in words]


def _words(t: Text) -> list[tuple[int, str, str]]:
    """``(token index, form, lemma)`` of each word token of ``t``, memoised on ``t`` (the
    classifier masks places, the router does not: both read these)."""
    hit = t.memo.get("topic_words")
    if hit is None:
        hit = []
        for k, (tok, lem) in enumerate(zip(t.tokens, t.lemmas, strict=True)):
            info = _word_form(tok.text)
            if info is not None:
                form, numeric = info
                hit.append((k, form, form if numeric else lem))
        t.memo["topic_words"] = hit
    return hit


# A type word before a name: always an address marker when abbreviated …
_BEFORE_ABBR = frozenset("""
дер пос пгт рп ул пр-т просп пер мкр мкрн б-р наб пл ш туп пр-д снт тер обл р-н респ гор
""".split())
# … a marker only before a capitalised name when written out («на улице холодно»)
_BEFORE_WORD = frozenset("""
деревня деревни деревне деревню поселок поселка поселке посёлок посёлка посёлке село села селе
хутор хутора хуторе станица станицы станице улица улицы улице улицу проспект проспекта
проспекте переулок переулка переулке микрорайон микрорайона микрорайоне бульвар бульвара
бульваре набережная набережной шоссе площадь площади проезд проезда проезде город города
городе городу район района районе
""".split())
# one-letter abbreviations, markers only with a dot or before a capitalised word
_BEFORE_LETTER = frozenset("г д с п х ст".split())
# a type word after an adjectival name: «Тульской обл.», «Калининском районе», «Пермский край»
_AFTER = frozenset("""
обл область области областью край края крае р-н район района районе районом респ ао округ округа
округе
""".split())
_MARKERS = _BEFORE_ABBR | _BEFORE_WORD | _BEFORE_LETTER | _AFTER
_ADJ_END = ("ской", "ская", "ский", "ском", "скую", "ского", "цкой", "цкий", "цком", "цкая",
            "ный", "ной", "ная", "ном", "ого", "ий", "ая", "ое", "ом")


def place_mask(tokens: list[str], lemmas: Sequence[str] | None = None,
               words: frozenset[str] | None = None) -> set[int]:
    """Indices of the tokens of place and address mentions: type words («ул.», «д.», «обл»),
    the names they mark and house numbers after them, and any token whose lemma (or lower-case
    form) is in ``words`` (the default model's are the towns of 10,000+ people and their
    informal names: «в питере», «москва бутово», «екб»).

    A fast token rule, not the gazetteer lookup of the address stage.

    >>> toks = ["в", "д", ".", "Малиновка", "Тульской", "обл", "нет", "света"]
    >>> sorted(place_mask(toks))
    [1, 2, 3, 4, 5]
    >>> sorted(place_mask(["на", "улице", "холодно"]))
    []
    """
    out: set[int] = set()
    n = len(tokens)
    lows = [t.lower() for t in tokens]
    markers = _MARKERS
    for i, low in enumerate(lows):
        if low not in markers:  # most tokens: no type word
            continue
        if low in _AFTER and i > 0 and tokens[i - 1].lower().endswith(_ADJ_END) and \
                (tokens[i - 1][:1].isupper() or low not in ("район", "района", "районе")):
            out.update((i - 1, i))
            if i + 1 < n and tokens[i + 1] == ".":
                out.add(i + 1)
            continue
        j = i + 1
        dotted = j < n and tokens[j] == "."
        if dotted:
            j += 1
        if j >= n:
            continue
        nxt = tokens[j]
        name = nxt[:1].isupper() and not nxt[1:2].isupper()  # «Ленина», not «ЛЕКАРСТВАМИ»
        if low in _BEFORE_ABBR:
            marked = nxt[:1].isalnum()
        elif low in _BEFORE_LETTER:
            marked = (dotted and nxt[:1].isalnum()) or name
        elif low in _BEFORE_WORD:
            marked = name
        else:
            continue
        if not marked:
            continue
        out.update(range(i, j + 1))
        # a name of two capitalised words («Великий Новгород», «Красные Зори») and a number
        k = j + 1
        if name and k < n and tokens[k][:1].isupper() and tokens[k][:1].isalpha() and \
                not tokens[k][1:2].isupper():
            out.add(k)
            k += 1
        if k < n and tokens[k][:1].isdigit():
            out.add(k)
    if words and lemmas is not None:
        out.update(k for k, (low, lem) in enumerate(zip(lows, lemmas, strict=True))
                   if lem in words or low in words)
    return out


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
