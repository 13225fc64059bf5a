"""Canonical street names: nominative case, the full type word, the conventional word order.

Adjectival names put the type after the name («Советская улица», «Красный проспект»); names in the
genitive or with a number put it first («улица Ленина», «улица 8 Марта», «проспект Мира»).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.morphology import parse_word
from .patterns import MONTHS, NAME_TAILS, TYPE_GENDER

__all__ = ["canonical_street", "is_adjective", "street_name_key"]

_ADJ_END = re.compile(r"(?:ая|яя|ой|ей|ую|юю|ий|ый|ое|ее|ого|его|ому|ему|ом|ем|ым|им)$")
_ORD_RE = re.compile(r"^(\d{1,3})(?:-?(?:[а-я]{1,3}))?$")
_ORD_SUFFIX = {"femn": "я", "masc": "й", "neut": "е"}


@lru_cache(maxsize=50_000)
def is_adjective(word: str) -> bool:
    """True when ``word`` reads as a singular qualitative/relative adjective (not a surname).

    >>> is_adjective("Советской"), is_adjective("Ленина"), is_adjective("последние")
    (True, False, False)
    """
    w = word.lower().replace("ё", "е")
    if not _ADJ_END.search(w):
        return False
    for p in parse_word(w)[:4]:
        tag = p.tag
        if "ADJF" in tag and "Poss" not in tag and "plur" not in tag and "Apro" not in tag:
            return True
        if _adjectival_surname(p, w):
            return True
    return False


_FEM_ADJ_END = re.compile(r"(?:ская|ской|скую|цкая|цкой|цкую|вская|вской|вскую)$")


def _adjectival_surname(p: object, w: str) -> bool:
    """«Кожуховская»: a feminine surname of adjective form names an adjectival street."""
    tag = p.tag  # type: ignore[attr-defined]
    return "Surn" in tag and "femn" in tag and "sing" in tag and \
        _FEM_ADJ_END.search(w) is not None


@lru_cache(maxsize=50_000)
def _adj_gender_case(word: str) -> tuple[frozenset[str], frozenset[str]]:
    genders, cases = set(), set()
    w = word.lower()
    for p in parse_word(w):
        if ("ADJF" in p.tag and "plur" not in p.tag) or _adjectival_surname(p, w):
            if p.tag.gender:
                genders.add(str(p.tag.gender))
            if p.tag.case:
                cases.add(str(p.tag.case))
    return frozenset(genders), frozenset(cases)


def agrees(word: str, street_type: str) -> bool:
    """Can adjective ``word`` qualify ``street_type`` (gender, and not a surname genitive)?

    >>> agrees("Железнодорожной", "улица"), agrees("Чайковского", "проспект")
    (True, False)
    """
    g, c = _adj_gender_case(word)
    gender = TYPE_GENDER.get(street_type, "femn")
    if gender not in g:
        return False
    if gender in ("masc", "neut") and c <= {"gent", "accs"}:
        return False  # «пр-т Чайковского»: a surname, not «Чайковский проспект»
    return True


_HUSHING = frozenset("жшчщ")
_NO_SOFT_ENDING = frozenset("гкх")
_IRREGULAR_ADJ = frozenset({"Surn", "Supr", "Anum", "Apro", "Poss"})


def _nominative_of(normal_form: str, gender: str) -> str | None:
    """Nominative singular of a regular adjective from its dictionary form (masculine
    nominative) by the spelling rules, without building the paradigm (pymorphy3's ``inflect``
    is ≈30× slower); ``None`` when the rules do not apply.

    >>> _nominative_of("железнодорожный", "femn"), _nominative_of("синий", "femn")
    ('железнодорожная', 'синяя')
    >>> _nominative_of("горячий", "neut"), _nominative_of("морской", "neut")
    ('горячее', 'морское')
    """
    if gender == "masc":
        return normal_form
    if len(normal_form) < 3 or "-" in normal_form or not normal_form[:1].isalpha():
        return None
    end, stem = normal_form[-2:], normal_form[:-2]
    last = stem[-1:]
    if end in ("ый", "ой"):
        if gender == "femn":
            return stem + "ая"
        return stem + ("ее" if end == "ый" and last in _HUSHING else "ое")
    if end == "ий":
        if last in _NO_SOFT_ENDING:
            return stem + ("ая" if gender == "femn" else "ое")
        if last in _HUSHING:
            return stem + ("ая" if gender == "femn" else "ее")
        return stem + ("яя" if gender == "femn" else "ее")
    return None


@lru_cache(maxsize=50_000)
def _inflect(word: str, gender: str) -> str:
    w = word.lower().replace("ё", "е")
    for p in parse_word(w):
        if ("ADJF" in p.tag and "Poss" not in p.tag) or _adjectival_surname(p, w):
            if p.is_known and "ADJF" in p.tag and not p.tag.grammemes & _IRREGULAR_ADJ:
                # same result as ``inflect`` on 25,000 adjective forms of the SPb petitions
                fast = _nominative_of(p.normal_form, gender)
                if fast is not None:
                    return fast
            f = p.inflect({"nomn", "sing", gender})
            if f is not None:
                return f.word
    return w


def _cap(word: str, written: str) -> str:
    """``word`` capitalised, and each part after a hyphen capitalised as it was written
    («Ново-Садовой» → «Ново-Садовая»; «северо-западной» → «Северо-западная»)."""
    parts, wparts = word.split("-"), written.split("-")
    if len(parts) != len(wparts):
        return word[:1].upper() + word[1:]
    return "-".join(p[:1].upper() + p[1:] if i == 0 or wp[:1].isupper() else p
                    for i, (p, wp) in enumerate(zip(parts, wparts, strict=True)))


def _unshout(word: str) -> str:
    """«ГОГОЛЯ» → «Гоголя» (a dictionary word written in capitals); «ВЛКСМ» stays."""
    if len(word) >= 4 and word.isupper() and word.isalpha():
        parses = parse_word(word.lower())
        if parses and parses[0].is_known and "Abbr" not in parses[0].tag:
            return word[:1] + word[1:].lower()
    return word


@lru_cache(maxsize=50_000)
def _person_word(word: str) -> bool:
    """A lower-case word read as a surname, first name or patronymic («маркса», «люксембург»)."""
    return any(g in p.tag for p in parse_word(word)[:2] for g in ("Surn", "Name", "Patr"))


def canonical_street(words: list[str], street_type: str, before_type: bool = False) -> str:
    """Canonical street from the written name words and the canonical type.

    >>> canonical_street(["Железнодорожной"], "улица")
    'Железнодорожная улица'
    >>> canonical_street(["ленина"], "улица"), canonical_street(["2-ой", "Пролетарской"], "улица")
    ('улица Ленина', '2-я Пролетарская улица')
    >>> canonical_street(["Морском"], "проспект", True), canonical_street(["8", "марта"], "улица")
    ('Морской проспект', 'улица 8 Марта')
    >>> canonical_street(["Абылай", "хана"], "улица"), canonical_street(["11"], "линия")
    ('улица Абылай хана', '11-я линия')
    >>> canonical_street(["4-я", "Кожуховской"], "улица")
    '4-я Кожуховская улица'
    >>> canonical_street(["ГОГОЛЯ"], "улица"), canonical_street(["ВЛКСМ"], "улица")
    ('улица Гоголя', 'улица ВЛКСМ')

    """
    gender = TYPE_GENDER.get(street_type, "femn")
    ws = [_unshout(w.strip(".,").replace("ё", "е").replace("Ё", "Е"))
          for w in words if w.strip(".,")]
    if not ws:
        return street_type
    if street_type in ("микрорайон", "квартал"):  # «микрорайон Юбилейный», «квартал 12»
        out0 = [_cap(_inflect(w, gender), w) if is_adjective(w) else
                (w if w[:1].isdigit() else w[:1].upper() + w[1:]) for w in ws]
        return f"{street_type} {' '.join(out0)}"
    ws = ["Набережная" if w.lower().startswith("набережн") else w for w in ws]
    last = ws[-1]
    if last == "Набережная":
        return " ".join(ws) + f" {street_type}"
    adjectival = (is_adjective(last) and (before_type or agrees(last, street_type))) or \
        (len(ws) == 1 and _ORD_RE.match(last) is not None)
    out: list[str] = []
    for i, w in enumerate(ws):
        m = _ORD_RE.match(w)
        if m:
            nxt = ws[i + 1].lower() if i + 1 < len(ws) else ""
            if nxt in MONTHS or (not adjectival and not nxt):
                out.append(m.group(1))
            elif adjectival:
                out.append(f"{m.group(1)}-{_ORD_SUFFIX[gender]}")
            else:
                out.append(w)
            continue
        low = w.lower()
        if adjectival and is_adjective(w):
            out.append(_cap(_inflect(w, gender), w))
        elif low in NAME_TAILS and i > 0:
            out.append(low)
        elif i > 0 and ws[i - 1].isdigit() and low in MONTHS:
            out.append(low.capitalize())
        elif i == 0 or w[:1].isupper() or _person_word(low):
            out.append(w[:1].upper() + w[1:])  # «карла маркса» → «Карла Маркса»
        else:
            out.append(w)
    name = " ".join(out)
    return f"{name} {street_type}" if adjectival else f"{street_type} {name}"


def street_name_key(street: str) -> str:
    """A comparison key of a street: lower-case stems of its name words, type words dropped.

    >>> street_name_key("улица Ленина") == street_name_key("ул. ленина")
    True
    >>> street_name_key("Кабанбай батыра") == street_name_key("улица Кабанбай батыра")
    True
    """
    from .patterns import street_type_of

    s = street.lower().replace("ё", "е")
    words = re.findall(r"\d+|[^\W\d_]+", s)
    out = []
    for w in words:
        if street_type_of(w) is not None and len(words) > 1:
            continue
        if w in ("им", "имени", "г", "д", "дом"):
            continue
        out.append(w if w.isdigit() else w[:max(3, len(w) - 2)])
    return " ".join(out)
