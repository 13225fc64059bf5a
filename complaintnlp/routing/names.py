"""Russian names of places in the cases agency names need (pymorphy3 inflection).

Agency names put the place in the genitive («Министерство здравоохранения *Тверской области*»,
«Администрация *города Курска*») or, after «по», in the dative («Отделение Социального фонда
России *по Курской области*»). Region names are phrases («Ханты-Мансийский автономный округ -
Югра»), so they are inflected word by word: adjectives agree with the head noun, proper nouns
after the head of «Республика Татарстан» stay in the nominative, a part after a dash is a name
in apposition and is inflected on its own. Words pymorphy3 does not know («Максатиха») are left
as they are rather than guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.morphology import adjective_name

__all__ = ["inflect_city", "inflect_phrase", "municipality_parts", "region_in_case"]

_CASES = {"gent", "datv", "nomn", "ablt", "loct", "accs"}
_HEADS = {"область", "край", "республика", "округ", "район", "кожуун", "улус", "поселение",
          "город", "образование"}
_DASH = re.compile(r"\s+[-–—]\s+")
# official spelling of region names in the oblique cases (capital «Республики» after an
# adjective: «Удмуртской Республики», «Чувашской Республики – Чувашии»)
_CAPITAL_AFTER_ADJ = {"республика"}


def _morph():
    from ..text.morphology import get_morph

    return get_morph()


def _match_case(src: str, word: str) -> str:
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=20_000)
def _inflect_word(word: str, case: str, gender: str | None, number: str, pos: str) -> str:
    """Inflect one word (``pos`` ``"ADJF"`` or ``"NOUN"``); unknown words are kept."""
    if "-" in word and pos == "ADJF":
        head, _, tail = word.rpartition("-")
        return f"{head}-{_inflect_word(tail, case, gender, number, pos)}"
    morph = _morph()
    lower = word.lower()
    best = None
    for p in morph.parse(lower):
        if not p.is_known or p.tag.POS != pos:
            continue
        if "nomn" not in p.tag and p.tag.case is not None:
            continue  # the input is nominative: «Лесной» is not «лесной» (genitive of «лесная»)
        best = p
        break
    if best is None:
        return word
    grams = {case, number}
    if pos == "ADJF" and number == "sing" and gender:
        grams.add(gender)
    form = best.inflect(grams)
    if form is None:
        return word
    return _match_case(word, form.word)


def _noun_info(word: str) -> tuple[str | None, str]:
    for p in _morph().parse(word.lower()):
        if p.tag.POS == "NOUN" and p.is_known:
            return p.tag.gender, ("plur" if p.tag.number == "plur" else "sing")
    return None, "sing"


@lru_cache(maxsize=20_000)
def inflect_phrase(phrase: str, case: str) -> str:
    """Inflect a noun phrase with an adjective-noun head («Тверская область»).

    Parameters
    ----------
    phrase : str
        Nominative phrase.
    case : str
        pymorphy3 case: ``"gent"``, ``"datv"`` …

    Returns
    -------
    str
        The phrase in ``case``; words after the head noun stay as they are.

    Examples
    --------
    >>> inflect_phrase("Тверская область", "gent")
    'Тверской области'
    >>> inflect_phrase("Краснодарский край", "datv")
    'Краснодарскому краю'
    >>> inflect_phrase("Республика Татарстан", "gent")
    'Республики Татарстан'
    >>> inflect_phrase("Максатихинский район", "gent")
    'Максатихинского района'
    >>> inflect_phrase("Ханты-Мансийский автономный округ - Югра", "gent")
    'Ханты-Мансийского автономного округа – Югры'
    """
    if case not in _CASES:
        raise ValueError(f"unknown case {case!r}")
    parts = _DASH.split(phrase.strip())
    if len(parts) > 1:
        first = parts[0].split()
        # «Республика Северная Осетия – Алания»: the name after the head stays nominative
        keep = first[-1].lower() not in _HEADS
        return " – ".join([inflect_phrase(parts[0], case),
                           *(p if keep else _apposition(p, case) for p in parts[1:])])
    words = phrase.split()
    head = next((i for i, w in enumerate(words) if w.lower() in _HEADS), None)
    if head is None:
        # a single noun (a name) or something we do not know how to inflect
        if len(words) == 1:
            return _apposition(words[0], case)
        return phrase
    gender, number = _noun_info(words[head])
    out = []
    for i, w in enumerate(words):
        if i < head:
            out.append(_inflect_word(w, case, gender, number, "ADJF"))
        elif i == head:
            form = _inflect_word(w, case, gender, number, "NOUN")
            if head > 0 and w.lower() in _CAPITAL_AFTER_ADJ:
                form = form[:1].upper() + form[1:]
            out.append(form)
        else:
            out.append(w)
    return " ".join(out)


def _apposition(name: str, case: str) -> str:
    """A proper name in apposition («Югра» → «Югры»); kept when unknown or indeclinable."""
    if " " in name or "(" in name:
        return name
    for p in _morph().parse(name.lower()):
        if p.is_known and p.tag.POS == "NOUN" and {"Geox"} & p.tag.grammemes:
            form = p.inflect({case})
            if form is not None:
                return _match_case(name, form.word)
            break
    return name


@lru_cache(maxsize=20_000)
def inflect_city(name: str, case: str = "gent") -> str:
    """A town's name in ``case`` as in «Администрация города Курска».

    Only words pymorphy3 knows as place names (or adjectives of a two-word name) are inflected;
    others («Максатиха») stay nominative, which is the accepted official spelling after «города».

    Examples
    --------
    >>> inflect_city("Курск")
    'Курска'
    >>> inflect_city("Вышний Волочёк")
    'Вышнего Волочка'
    >>> inflect_city("Набережные Челны")
    'Набережных Челнов'
    >>> inflect_city("Москва", "datv")
    'Москве'
    >>> inflect_city("Максатиха")
    'Максатиха'
    >>> inflect_city("Заречный"), inflect_city("Новогуровский"), inflect_city("Лесной", "datv")
    ('Заречного', 'Новогуровского', 'Лесному')
    >>> inflect_city("Ханты-Мансийск"), inflect_city("Йошкар-Ола"), inflect_city("Орехово-Зуево")
    ('Ханты-Мансийска', 'Йошкар-Олы', 'Орехово-Зуево')
    """
    words = name.split()
    if "-" in name and len(words) == 1:
        # «Санкт-Петербург», «Ростов-на-Дону»: the head part only
        m = re.match(r"^(Санкт|Ростов|Комсомольск|Петропавловск|Каменск|Орехово|Гусь)-", name)
        if name.startswith("Санкт-"):
            return "Санкт-" + inflect_city(name[6:], case)
        if m and name.startswith("Ростов-на-"):
            return inflect_city("Ростов", case) + name[len("Ростов"):]
        if name.endswith(("о", "е", "э", "и", "у")):  # «Орехово-Зуево», «Улан-Удэ»: unchanged
            return name
        # «Ханты-Мансийск» → «Ханты-Мансийска», «Йошкар-Ола» → «Йошкар-Олы» (pymorphy3 knows
        # them as one word; the capitals of the parts are restored)
        form = _apposition(name, case)
        parts, orig = form.split("-"), name.split("-")
        if len(parts) != len(orig):
            return name
        return "-".join(p[:1].upper() + p[1:] if o[:1].isupper() else p
                        for p, o in zip(parts, orig, strict=True))
    if len(words) == 1:
        adjective = adjective_name(name)
        if adjective is not None:  # «Заречный» → «города Заречного», «Лесной» → «Лесного»
            _lemma, gender, number = adjective
            return _inflect_word(name, case, gender, number, "ADJF")
        return _apposition(name, case)
    if len(words) == 2:
        gender, number = None, "sing"
        for p in _morph().parse(words[1].lower()):
            if p.is_known and p.tag.POS == "NOUN" and "Geox" in p.tag.grammemes:
                gender = p.tag.gender
                number = "plur" if p.tag.number == "plur" else "sing"
                break
        else:
            return name
        adj = _inflect_word(words[0], case, gender, number, "ADJF")
        return f"{adj} {_apposition(words[1], case)}"
    return name


def region_in_case(region: str, case: str = "gent") -> str:
    """A region's canonical gazetteer name in ``case`` (federal cities get «города»).

    Examples
    --------
    >>> region_in_case("Курская область")
    'Курской области'
    >>> region_in_case("Москва")
    'города Москвы'
    >>> region_in_case("Республика Саха (Якутия)")
    'Республики Саха (Якутия)'
    >>> region_in_case("Чувашская республика - Чувашия")
    'Чувашской Республики – Чувашии'
    >>> region_in_case("Кемеровская область - Кузбасс", "datv")
    'Кемеровской области – Кузбассу'
    """
    if region in ("Москва", "Санкт-Петербург", "Севастополь"):
        if region == "Санкт-Петербург":
            return "Санкт-Петербурга" if case == "gent" else inflect_city(region, case)
        return "города " + inflect_city(region, case)
    return inflect_phrase(region, case)


def municipality_parts(name: str) -> tuple[str, str | None]:
    """Split a gazetteer municipality name into ``(stem, type)``.

    Examples
    --------
    >>> municipality_parts("Максатихинский район")
    ('Максатихинский', 'район')
    >>> municipality_parts("Волосовский муниципальный район")
    ('Волосовский', 'муниципальный район')
    >>> municipality_parts("Старооскольский городской округ")
    ('Старооскольский', 'городской округ')
    >>> municipality_parts("Курск")
    ('Курск', None)
    >>> municipality_parts("район имени Лазо")
    ('имени Лазо', 'район')
    """
    if name.startswith("район имени "):
        return name[len("район "):], "район"
    for t in ("муниципальный район", "муниципальный округ", "городской округ", "район",
              "кожуун", "улус", "округ"):
        if name.endswith(" " + t):
            return name[: -len(t) - 1], t
    return name, None
