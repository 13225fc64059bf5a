"""The built-in gazetteer of Russia: regions, municipalities and ~155,000 settlements.

The packaged file ``complaintnlp/data/gazetteer/gazetteer.tsv.gz`` is built by
``corpora/gazetteer/build_gazetteer.py`` (see the README next to the data file for provenance and
licences). :func:`default_gazetteer` loads it once, lazily and thread-safely.

Matching is a dictionary lookup: every place name is stored under the keys of its words
(:mod:`complaintnlp.geo.keys`), and each token of a message contributes its own key and the keys
of its pymorphy3 lemmas, so «в Твери», «из Бежецка», «в Нижнем Новгороде», «Петропавловске-
Камчатском» meet their nominative names without a regular expression per place.

Names that are also common words («Мирный», «Октябрьский», «Горки», «Луч», «Дружба») are only
accepted with a type word («пос. Мирный»), capitalised in mid-sentence, inside a region or
district named in the same message, or — for large towns written in lower case after «в/из/под» —
by their population («в орле», «в курске»).

Users extend or override the gazetteer with their own places through data files
(:meth:`Gazetteer.extend`), parsed as data only.
"""

from __future__ import annotations

import base64
import binascii
import csv
import gzip
import hashlib
import heapq
import io
import json
import math
import re
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..addresses.patterns import PERSON_TITLES
from ..errors import DataFormatError
from ..text import Text, prepare
from ..text.morphology import NOT_NAME_POS, adjective_name, fold, parse_word
from .keys import KEY_VERSION, edit_distance, name_key, word_key
from .location import Place, PlaceMention

__all__ = ["Gazetteer", "default_gazetteer"]

_KIND = {"R": "region", "M": "municipality", "D": "district", "S": "settlement"}
_KIND_CODE = {v: k for k, v in _KIND.items()}

# type words: key -> (category, canonical type)
_SETTLEMENT_TYPE_WORDS = {
    "г": "г", "город": "г", "гор": "г",
    "пгт": "пгт", "рп": "рп", "пос": "п", "поселк": "п", "поселок": "п", "посел": "п", "п": "п",
    "с": "с", "сел": "с", "д": "д", "дер": "д", "деревн": "д", "деревушк": "д",
    "ст-ц": "ст-ца", "ст-ца": "ст-ца", "ст-цы": "ст-ца", "ст-це": "ст-ца", "ст-цу": "ст-ца",
    "ст-цей": "ст-ца", "станиц": "ст-ца", "х": "х", "хутор": "х", "аул": "аул", "нп": "нп", "снт": "снт", "слобод": "сл", "сл": "сл",
    "ст": "ст",  # «ст. Островская»: a stanitsa or a railway station (only with its dot)
}
# single-letter abbreviations are type words only with their dot (а «с» alone is a preposition)
_NEEDS_DOT = {"с", "д", "п", "х", "сл", "ст"}
_MUNI_TYPE_WORDS = {"район", "р-н", "р-на", "р-не", "р-ну", "р-ном", "р-он", "рн", "округ",
                    "административн", "муниципальн", "городск", "улус", "кожуун", "го", "мр",
                    "ао", "црб"}  # «Губкинской ЦРБ»: the central hospital of that district
_REGION_TYPE_WORDS = {"област", "обл", "кра", "кр", "республик", "респ", "автономн", "округ",
                      "ао", "областн", "краев"}  # «кр»: the key of «края»
_STREET_WORDS = {"ул", "улиц", "пр", "пр-т", "пр-кт", "просп", "проспект", "пер", "переулк",
                 "переулок", "б-р", "бульвар", "бульв", "ш", "шоссе", "пл", "площад", "наб",
                 "набережн", "проезд", "тупик", "им", "имен", "аллея", "алле", "линия", "лин",
                 "мост", "парк", "сквер", "станци", "метро", "ост", "остановк", "тц", "трц",
                 "жк", "кафе", "рек", "река", "р", "озер", "пруд", "ручь", "залив", "кан", "магазин", "рынок", "ресторан", "гостиниц", "завод", "кинотеатр",
                 "бц", "ск", "снт", "дк", "спорткомплекс", "стадион"}
#: a town's park after «в <town>» («в Старой Руссе парк у курорта зарос»)
_PARK_WORDS = frozenset({"парк", "сквер", "сад", "рощ"})
# words of _STREET_WORDS that name a landmark, not a street: «в парке Красноярска» is in the city
_LANDMARK_WORDS = frozenset({"мост", "парк", "сквер", "станци", "ост", "остановк", "рынок",
                             "завод", "стадион"})
#: prepositions of a place phrase after a town heading the message («касимов в парке …»)
_HEADING_PREPS = frozenset({"в", "во", "на", "у", "возле", "около", "за", "напротив"})
_LOC_PREPS = {"в", "во", "из", "под", "до", "около", "возле", "у", "близ", "г", "город", "к"}
# informal town names (word keys) that are also first names or words: places only after
# «в/из/до…» («во Владе», «из Хабара»), never heading a sentence
_ALIAS_NEEDS_PREP = frozenset({"влад", "хабар", "ярик"})
# great rivers that share a name with a town, in the forms that follow «на/через/за/вдоль/по»
_RIVER_FORMS = frozenset("""
обь оби обью дон дону доном ока оку оке ангара ангару ангаре амур амуру амуре кама каму каме камой
волга волгу волге волгой лена лену лене иртыш иртыша иртыше енисей енисея енисее исеть исети нева
неву неве томь томи сура суру суре
""".split())
_SENT_END = {".", "!", "?", "…", "\n"}
#: nouns after which a town's name in the genitive is the town even when it is also a surname
#: («жители Энгельса», «глава Курчатова», «соцзащита Энгельса»; not «глава Ивана Петрова»)
_RESIDENTS = frozenset("""
жители жителей жителям жителями жителях житель жительница глава главе главы главу главой мэр мэра
мэру мэром мэрия мэрии мэрию администрация администрации администрацию администрацией
соцзащита соцзащиты соцзащите соцзащиту соцзащитой власти властей властям
""".split())
_PERSON = {"Surn", "Name", "Patr"}
_NONPLACE = {"Surn", "Name", "Patr", "Geox", "Orgn", "Trad"}
_CONTENT_POS = {"NOUN", "ADJF", "ADJS", "PRTF", "PRTS", "ADVB", "VERB", "INFN", "NUMR", "PREP",
                "CONJ", "PRCL", "NPRO", "COMP", "GRND", "PRED", "INTJ"}
_TOWN_TYPES = frozenset({"г", "пгт", "рп"})
_TYPE_RANK = {"г": 3.0, "пгт": 1.0, "рп": 1.0, "дп": 0.5, "кп": 0.5, "с": 0.3, "ст-ца": 0.3}
_MAX_CANDIDATES = 30
_ADJ_RE = re.compile(r"(?:ая|яя|ий|ый|ой|ое|ее|ого|ому|ом|ую|ской|цкой|ских)$")
_BIG = 50_000
# type words that follow a street's name: «Гражданский пр.», «Банного пер.», «Бабушкина ул.»
_STREET_AFTER = {"улиц", "ул", "проспект", "пр", "пр-т", "пр-кт", "просп", "переулок", "переулк",
                 "пер", "шоссе", "ш", "бульвар", "б-р", "бульв", "площад", "пл", "набережн", "наб",
                 "проезд", "алле", "аллея", "лини", "тупик", "мост", "канал", "сквер", "парк",
                 "сад", "рощ"}
_HOUSE_NO_RE = re.compile(r"^\d{1,4}(?:[а-я]|/\d+|-\d+)?$", re.I)  # «в орле», «в курске»: lower-case common-word names of towns this large

#: Name of the packaged data file in ``complaintnlp/data/gazetteer/``.
DATA_FILE = "gazetteer.json.gz"


@lru_cache(maxsize=100_000)
def _token_info(word: str) -> tuple[frozenset[str], bool, bool, bool]:
    """(keys, is a common word, can be a person's name, known to the dictionary) of a token."""
    lower = word.lower().replace("ё", "е")
    keys = {word_key(lower)}
    if not any(ch.isalpha() for ch in lower):
        return frozenset({lower}), False, False, True
    common = person = known = False
    for p in parse_word(lower)[:4]:
        known = known or p.is_known
        nf = p.normal_form.replace("ё", "е")
        if p.score >= 0.05:
            keys.add(word_key(nf))
        grams = p.tag.grammemes
        if p.is_known and p.score >= 0.1:
            if grams & _PERSON:
                person = True
            elif not grams & _NONPLACE and p.tag.POS in _CONTENT_POS:
                common = True
    return frozenset(keys), common, person, known


@lru_cache(maxsize=50_000)
def _common_noun(low: str) -> bool:
    """The dictionary reads ``low`` first as a common noun (no name): «автобус», «магазин»."""
    parses = parse_word(low)
    return bool(parses) and parses[0].is_known and parses[0].tag.POS == "NOUN" and \
        not parses[0].tag.grammemes & _NONPLACE


def _name_continues(toks: Any, start: int, end: int) -> bool:
    """An adjective matched alone runs on into a capitalised noun: the name is longer than the
    match («Малые Вёшки», «Большая Лиса»; not «Никольском Ивановского района»)."""
    if end >= len(toks) or not toks[end].text[:1].isupper() or not toks[end].text.isalpha() \
            or toks[end].start - toks[start].end > 1 or toks[end].text.isupper():
        return False
    return _adjective_noun(toks[start].text.lower(), toks[end].text.lower())


#: an adjective formed from a town's name: (stem, suffix) of «кимрской», «донецкий»
_ADJ_OF_TOWN = re.compile(r"^([а-я]{2,}?)(ск|цк)(?:ий|ой|ая|ое|ого|ому|им|ом|ую|ие|их|ими|ей|ые|ым"
                          r"|ых)$")


_GENERIC_ADJECTIVE_STEMS = frozenset("""
совет ленин первомай октябрь киров пролетар комсомоль красноармей дзержин калинин свердлов
куйбышев жданов ворошилов чапаев буденнов фрунзен горьков чкалов гагарин централь
заводь завод полев лес садов нов стар красн бел черн зелен верхн нижн больш мал
""".split())


def _adjective_stems(name: str) -> set[str]:
    """Stems of the adjectives of a town's (folded) name: Козельск → «козель» (козельский),
    Гудермес → «гудермес», Кимры → «кимр», Шуя → «шуй», Тула → «туль», Чугуевка →
    «чугуев», Рамонь → «рамон», Асино → «асинов», Лиски → «лискин», Донецк → «донец».

    >>> sorted(_adjective_stems("кимры"))
    ['кимр', 'кимрин', 'кимры']
    """
    out = {name}
    if name.endswith(("ск", "цк")):
        out.add(name[:-2] + ("ц" if name.endswith("цк") else ""))
    last = name[-1:]
    if last in "ыи":
        out.update((name[:-1], name[:-1] + "ин"))
    elif last == "я":
        out.update((name[:-1] + "й", name[:-1]))
    elif last == "а":
        out.update((name[:-1], name[:-1] + "ь"))
        if name.endswith("ка"):
            out.add(name[:-2])
    elif last == "ь":
        out.add(name[:-1])
    elif last == "о":
        out.update((name[:-1], name[:-1] + "ов"))
    return out


_REGION_ADJ = re.compile(r"^([а-я-]{3,}(?:ск|цк|н))(?:ая|ой|ую|ий|ого|ому|ом|ый)$")


def _after_hash(t: Text, tok: Any) -> bool:
    """The token was written as a hashtag («#Киров», «#Влад»): a place's name there."""
    o = t.normalized.to_original(tok.start)
    return o > 0 and t.original[o - 1] == "#"


def _geox_score(word: str) -> float:
    """Share of the dictionary's readings of ``word`` that are place names («Елец» 0.75,
    «Зима» 0)."""
    return sum(p.score for p in parse_word(word.lower()) if "Geox" in p.tag)


@lru_cache(maxsize=10_000)
def _adjective_noun(first: str, nxt: str) -> bool:
    a = parse_word(first)
    b = parse_word(nxt)
    return bool(a) and bool(b) and a[0].tag.POS == "ADJF" and "Geox" not in a[0].tag and \
        b[0].tag.POS == "NOUN" and "Geox" not in b[0].tag and "Surn" not in b[0].tag and \
        "Name" not in b[0].tag and _not_type_word(nxt)


def _not_type_word(word: str) -> bool:
    """Not a type word or a word of a place's kind («район», «область», «улица» …)."""
    key = word_key(word)
    return key not in _ALL_TYPE_KEYS and key not in _STREET_WORDS


@lru_cache(maxsize=10_000)
def _addressed(word: str) -> bool:
    """``word`` speaks to someone: «ты», «вы», an imperative or a verb in the second person."""
    low = word.lower()
    if low in ("ты", "вы", "тебе", "вам", "тебя", "вас"):
        return True
    return any(p.score >= 0.2 and ("impr" in p.tag or "2per" in p.tag)
               for p in parse_word(low)[:3])


def _emoji_gap(t: Text, toks: Any, i: int) -> bool:
    """Whether an emoji (blanked by normalisation: two or more spaces) precedes token ``i``."""
    if i <= 0 or i >= len(toks):
        return False
    gap = t.clean[toks[i - 1].end:toks[i].start]
    return len(gap) >= 2 and gap.isspace()


_DASH_RE = re.compile(r"\s*[–—]\s*|\s*-\s+|\s+-\s*")


def _region_name_key(name: str) -> str:
    """A region's full name folded for lookup: case, ё, and the dash before a second name
    («Чувашская республика - Чувашия» = «Чувашская Республика — Чувашия»)."""
    return _DASH_RE.sub(" - ", " ".join(name.split()).lower().replace("ё", "е"))


@lru_cache(maxsize=50_000)
def _person_genitive(word: str) -> bool:
    """«Бабушкина», «Энгельса»: a person's name in the genitive (streets are named so)."""
    for p in parse_word(word.lower())[:4]:
        g = p.tag.grammemes
        if g & _PERSON and "gent" in g:
            return True
    return False


@lru_cache(maxsize=50_000)
def _surface_forms(word: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(the word itself, its toponym lemmas, its other lemmas), lower case, ё → е."""
    lower = word.lower().replace("ё", "е")
    geox: set[str] = set()
    other: set[str] = set()
    for p in parse_word(lower)[:4]:
        target = geox if "Geox" in p.tag.grammemes else other
        target.add(p.normal_form.replace("ё", "е"))
        if "plur" in p.tag.grammemes:  # «в Горках» → горки
            try:
                nom = p.inflect({"nomn", "plur"})
            except (ValueError, AttributeError):
                nom = None
            if nom is not None:
                target.add(nom.word.replace("ё", "е"))
    return frozenset({lower}), frozenset(geox), frozenset(other)


#: «на улицах Кемерово», «по дорогам Твери»: plural street words are followed by a town
_PLURAL_STREET_WORDS = frozenset(
    "улицах улицам улицами улиц проспектах переулках площадях дворах дорогах".split())


#: street and house type words that open an address after a town's name
_ADDRESS_OPENERS = frozenset({"ул", "улиц", "пр", "пр-т", "пр-кт", "просп", "проспект", "пер",
                              "переулк", "переулок", "б-р", "бульвар", "бульв", "шосс", "пл",
                              "площад", "наб", "набережн", "проезд", "мкр", "микрорайон",
                              "мкрн", "квартал", "кв-л", "тракт"})


def _opens_address(toks: Any, k: int) -> bool:
    """Token ``k`` is a street type word followed by a name or a number («ул тельмана», «пр.
    мира 52», «мкр 29»)."""
    if k >= len(toks) or word_key(toks[k].text) not in _ADDRESS_OPENERS:
        return False
    j = k + 1
    if j < len(toks) and toks[j].text == ".":
        j += 1
    return j < len(toks) and (toks[j].text[:1].isalpha() or toks[j].text[:1].isdigit())


_NAME_GRAMMEMES = frozenset({"Surn", "Name", "Patr", "Geox"})


def _type_word_opens_name(toks: Any, k: int) -> bool:
    """The street type word at ``k`` is followed by a capitalised name («Котельнич ул Советская
    д 102»): it belongs to that name, not to the word before it («…по Тихорецкому пр. В
    подъезде…», «…Магнитогорской улице. Просьба…»: a sentence follows)."""
    j = k + 1
    if j < len(toks) and toks[j].text == ".":
        if len(toks[k].text) > 4:
            return False  # a full word and a full stop: the sentence ends
        j += 1
    if j < len(toks) and k > 0 and toks[k - 1].text.islower() and toks[j].text.islower() and \
            len(toks[j].text) > 2:
        # written all in lower case («слободской ул гоголя», «энгельс ул тельмана 12»): a name
        # reading follows the type word (a surname, a genitive, an adjective; not «дом», «течёт»)
        parses = parse_word(toks[j].text)
        if not parses or not parses[0].is_known:
            return True  # a word the dictionary does not know: a name («грозный ул лорсанова»)
        tag = parses[0].tag
        return tag.POS not in NOT_NAME_POS and (
            tag.POS == "ADJF" or tag.case == "gent" or bool(tag.grammemes & _NAME_GRAMMEMES))
    if not (j < len(toks) and len(toks[j].text) > 1 and toks[j].text[:1].isupper()
            and toks[j].text[:1].isalpha()):
        return False
    parses = parse_word(toks[j].text.lower())
    return not parses or parses[0].tag.POS not in NOT_NAME_POS


@lru_cache(maxsize=50_000)
def _agrees(surface: str, name: str) -> bool:
    """Can ``surface`` be a form of the one-word adjectival place name ``name``? «Заречного» of
    Заречный yes, «Заречной» no (the feminine: «на Заречной» is a street). Other names: True."""
    low = fold(surface)
    adjective = adjective_name(name)
    if adjective is None or low == fold(name):
        return True
    lemma, gender, number = adjective
    forms = [p for p in parse_word(low)[:6]
             if p.tag.POS == "ADJF" and fold(p.normal_form) == lemma]
    if not forms:
        return True
    if number == "plur":
        return any("plur" in p.tag for p in forms)
    return any(p.tag.gender == gender and "sing" in p.tag for p in forms)


class Gazetteer:
    """Places of Russia with a fast matcher.

    Build one with :meth:`load` (the packaged data, optionally plus user files) or use
    :func:`default_gazetteer`. Ids are positions in the internal tables: stable for one data file.

    Examples
    --------
    >>> gaz = default_gazetteer()
    >>> [(m.text, m.candidates[0].name) for m in gaz.find_places("яма в Твери, а в Бежецке нет")]
    [('Твери', 'Тверь'), ('Бежецке', 'Бежецк')]
    >>> gaz.region("НСО").name
    'Новосибирская область'
    >>> gaz.lookup("Великие Луки")[0].region
    'Псковская область'
    """

    def __init__(self) -> None:
        self._kind: list[str] = []
        self._name: list[str] = []
        self._type: list[str] = []
        self._region: list[int] = []
        self._muni: list[int] = []
        self._pop: list[int] = []
        self._lat_e5: list[int] = []
        self._lon_e5: list[int] = []
        self._oktmo: list[str] = []
        self._flags: list[str] = []
        self._capital: dict[int, str] = {}
        # the packaged index: parallel lists sorted by the key of the first word of a name
        self._ifirst: list[str] = []
        self._itail: list[str] = []
        self._iflags: list[str] = []
        self._iid: list[int] = []
        # user additions: first word key -> list of (tail keys, place id, flags)
        self._index: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
        self._places: dict[int, Place] = {}
        self._region_by_name: dict[str, int] = {}
        self._big: dict[str, list[tuple[str, int]]] | None = None  # first letter → towns
        self._fuzzy_cache: dict[str, list[tuple[int, str]]] = {}  # word key → _fuzzy result
        self._adjective_index: dict[str, list[int]] | None = None  # adjective stem → towns
        self._region_adjectives: dict[str, int] | None = None  # «амурск» → Амурская область
        self._alias_names: set[str] = set()
        self._entry_cache: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
        # first word key -> (one-word entries, {second word key: [(ordinal, tail, id, flags)]})
        self._grouped_cache: dict[str, tuple[list[tuple[int, str]],
                                             dict[str, list[tuple[int, tuple[str, ...], int,
                                                                  str]]]]] = {}
        self._town_cache: dict[tuple[str, int], tuple[int, bool]] = {}
        self._first_keys: set[str] | None = None  # every first word key (built on first use)
        self._lock = threading.Lock()
        # bumped by every change of the index: place mentions memoised on a Text go stale
        self._generation = 0

    def __getstate__(self) -> dict[str, Any]:  # picklable for joblib workers: no lock
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None,
             extra: Iterable[str | Path] = ()) -> Gazetteer:
        """Load the packaged gazetteer (or ``path``), then apply user files ``extra``.

        Parameters
        ----------
        path : str or Path, optional
            A file in the packaged format (``gazetteer.json.gz``, see
            ``corpora/gazetteer/build_gazetteer.py``); default: the packaged one.
        extra : iterable of str or Path
            CSV or JSON files of user places (see :meth:`extend`).
        """
        gaz = cls()
        if path is None:
            ref = resources.files("complaintnlp") / "data" / "gazetteer" / DATA_FILE
            raw, source = ref.read_bytes(), DATA_FILE
        else:
            raw, source = Path(path).read_bytes(), str(path)
        if path is None:
            _verify_packaged(raw)
        if raw[:2] == b"\x1f\x8b":
            try:
                raw = gzip.decompress(raw)
            except (EOFError, OSError, zlib.error) as e:
                raise DataFormatError(f"corrupt or truncated gzip ({e})", path=source) from None
        try:
            doc = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise DataFormatError(f"not a gazetteer file ({e})", path=source) from None
        del raw
        gaz._read(doc, source)
        for f in extra:
            gaz.extend(f)
        return gaz

    def _read(self, doc: Any, source: str) -> None:
        if not isinstance(doc, dict) or doc.get("format") != "complaintnlp-gazetteer" \
                or doc.get("version") != 2:
            raise DataFormatError("not a complaintnlp gazetteer file (format version 2)",
                                  path=source)
        try:
            n = int(doc["count"])
            txt, i32, idx = doc["text"], doc["int32"], doc["index"]
            self._kind = list(map(_KIND.__getitem__, txt["kind"]))
            self._name = txt["name"].split("\n")
            self._type = txt["type"].split("\n")
            self._oktmo = txt["oktmo"].split("\n")
            self._flags = txt["flags"].split("\n")
            self._region = _unpack_i32(i32["region"])
            self._muni = _unpack_i32(i32["municipality"])
            self._pop = _unpack_i32(i32["population"])
            self._lat_e5 = _unpack_i32(i32["lat_e5"])
            self._lon_e5 = _unpack_i32(i32["lon_e5"])
            cols = (self._kind, self._name, self._type, self._oktmo, self._flags, self._region,
                    self._muni, self._pop, self._lat_e5, self._lon_e5)
            if any(len(c) != n for c in cols):
                raise DataFormatError("columns of different lengths", path=source)
            self._capital = {int(k): v for k, v in doc.get("capital", {}).items()}
            if doc.get("key_version") != KEY_VERSION:  # keys of another matcher: rebuild
                for pid, fl in enumerate(self._flags):
                    if self._kind[pid] == "settlement" or "t" in fl:
                        self._add_key(name_key(self._name[pid]), pid, fl)
                for target, alias, fl in doc.get("aliases", ()):
                    self._add_key(name_key(alias), int(target), fl + "a")
            else:
                self._ifirst = idx["first"].split("\n")
                self._itail = idx["tail"].split("\n")  # split lazily in _entries
                self._iflags = idx["flags"].split("\n")
                self._iid = _unpack_i32(idx["id"])
                if not (len(self._ifirst) == len(self._itail) == len(self._iflags)
                        == len(self._iid)):
                    raise DataFormatError("index columns of different lengths", path=source)
            self._alias_names = {a.lower().replace("ё", "е") for _t, a, _f in
                                 doc.get("aliases", ())}
        except (KeyError, TypeError, ValueError, binascii.Error) as e:
            if isinstance(e, DataFormatError):
                raise
            raise DataFormatError(f"malformed gazetteer ({e!r})", path=source) from None

    def _add_key(self, key: str, pid: int, flags: str) -> None:
        self._generation += 1
        first, *tail = key.split(" ")
        self._entry_cache.clear()
        self._grouped_cache.clear()
        self._index.setdefault(first, []).append((tuple(tail), pid, flags))
        if self._first_keys is not None:
            self._first_keys.add(first)

    def _entries(self, first: str) -> list[tuple[tuple[str, ...], int, str]]:
        """Index entries whose name starts with the word key ``first``."""
        hit = self._entry_cache.get(first)
        if hit is not None:
            return hit
        out: list[tuple[tuple[str, ...], int, str]] = []
        keys = self._ifirst
        i = bisect_left(keys, first)
        n = len(keys)
        while i < n and keys[i] == first:
            tail = self._itail[i]
            out.append((tuple(tail.split(" ")) if tail else (), self._iid[i], self._iflags[i]))
            i += 1
        extra = self._index.get(first)
        if extra:
            out.extend(extra)
        if len(self._entry_cache) > 50_000:
            self._entry_cache.clear()
            self._grouped_cache.clear()
        self._entry_cache[first] = out
        return out

    def __len__(self) -> int:
        return len(self._name)

    # ------------------------------------------------------------------ places
    def place(self, pid: int) -> Place:
        """The :class:`Place` with id ``pid``."""
        p = self._places.get(pid)
        if p is None:
            p = self._places[pid] = self._make_place(pid)
        return p

    def _make_place(self, pid: int) -> Place:
        r = self._region[pid]
        m = self._muni[pid]
        return Place(id=pid, kind=self._kind[pid], name=self._name[pid],
                     type=self._type[pid] or None,
                     region=self._name[r] if r >= 0 else (
                         self._name[pid] if self._kind[pid] == "region" else None),
                     municipality=self._name[m] if m >= 0 else None,
                     population=self._pop[pid], lat=_coord(self._lat_e5[pid]),
                     lon=_coord(self._lon_e5[pid]),
                     oktmo=self._oktmo[pid] or None)

    def is_alias(self, word: str) -> bool:
        """``word`` (any case) is an informal name of a place: «мск», «Питер», «Екб».

        >>> default_gazetteer().is_alias("мск"), default_gazetteer().is_alias("Ленина")
        (True, False)
        """
        return fold(word) in self._alias_names

    def _named_settlements(self, word: str, cands: list[tuple[int, str]], min_population: int,
                           towns_only: bool = False) -> list[tuple[int, str]]:
        """The readings of ``cands`` that are settlements (towns — «г», «пгт», «рп» — with
        ``towns_only``) of ``min_population``+ named exactly ``word`` (nominative, any case)."""
        w = fold(word)
        return [(p, f) for p, f in cands if self._pop[p] >= min_population
                and self._kind[p] == "settlement" and fold(self._name[p]) == w
                and (not towns_only or self._type[p] in _TOWN_TYPES)]

    def names_settlement(self, word: str, min_population: int = 1_000) -> bool:
        """``word`` (any case or inflection) names a settlement of ``min_population``+, or is an
        informal name of one («Сегеже», «кдр»; not «Фонари»).

        >>> g = default_gazetteer()
        >>> g.names_settlement("Сегеже"), g.names_settlement("кдр"), g.names_settlement("Фонари")
        (True, True, False)
        """
        key = ("settlement", fold(word), min_population)
        cache = self._town_cache
        hit = cache.get(key)
        if hit is None or hit[0] != self._generation:
            alias = self.is_alias(word)
            ok = any(p.kind == "settlement" and (p.population >= min_population or alias)
                     for p in self.lookup(word)[:3])
            if len(cache) > 50_000:
                cache.clear()
            hit = cache[key] = (self._generation, ok)
        return hit[1]

    def towns_of_adjective(self, word: str, min_population: int = 5_000) -> list[Place]:
        """Towns of ``min_population``+ that the adjective ``word`` is formed from («Кимрской»
        → Кимры, «гудермесской» → Гудермес, «шуйской» → Шуя, «боровских» → Боровск), largest
        first; empty for a word that is no such adjective.

        >>> g = default_gazetteer()
        >>> [p.name for p in g.towns_of_adjective("Кимрской")], g.towns_of_adjective("Кимры")
        (['Кимры'], [])
        """
        m = _ADJ_OF_TOWN.match(fold(word))
        if m is None:
            return []
        index = self._adjective_index
        if index is None:
            with self._lock:  # built once, on first use (not at load: it stays fast)
                index = {}
                for pid, name in enumerate(self._name):
                    if self._kind[pid] != "settlement" or self._pop[pid] < 1_000 or \
                            " " in name or name[-2:] in ("ий", "ый", "ой", "ое", "ая", "ие"):
                        continue
                    for stem in _adjective_stems(fold(name)):
                        index.setdefault(stem, []).append(pid)
                self._adjective_index = index
        stem = m.group(1) + ("ц" if m.group(2) == "цк" else "")
        if stem in _GENERIC_ADJECTIVE_STEMS:
            return []  # «Советской», «Первомайской»: streets, districts, farms everywhere
        pids = [p for p in index.get(stem, ()) if self._pop[p] >= min_population]
        return [self.place(p) for p in sorted(pids, key=lambda p: -self._pop[p])]

    def is_town_name(self, word: str, min_population: int = 50_000) -> bool:
        """``word`` is exactly (nominative, any case) the name of a town of ``min_population``+.

        >>> g = default_gazetteer()
        >>> g.is_town_name("Якутск"), g.is_town_name("Якутска"), g.is_town_name("Ленина")
        (True, False, False)
        """
        low = word.lower().replace("ё", "е")
        key = (low, min_population)
        cache = self._town_cache
        hit = cache.get(key)
        if hit is None or hit[0] != self._generation:
            ok = any(self._kind[pid] == "settlement" and self._pop[pid] >= min_population
                     and self._name[pid].lower().replace("ё", "е") == low
                     for pid, _ in self._ids_for_key(word_key(low)))
            if len(cache) > 50_000:
                cache.clear()
            hit = cache[key] = (self._generation, ok)
        return hit[1]

    def is_town_form(self, word: str, min_population: int = 20_000) -> bool:
        """``word`` is a case form of the name of a town of ``min_population``+ («Сызрани»,
        «Касимов»), and not a person's name in the genitive («Кирова», «Пушкина»).

        >>> g = default_gazetteer()
        >>> g.is_town_form("Сызрани"), g.is_town_form("Кирова"), g.is_town_form("Ленина")
        (True, False, False)
        """
        if self.is_town_name(word, min_population):
            return True
        if _person_genitive(word):
            return False
        forms = frozenset().union(*_surface_forms(word))
        return any(self._kind[pid] == "settlement" and self._pop[pid] >= min_population
                   and " " not in self._name[pid] and fold(self._name[pid]) in forms
                   for k in _token_info(word)[0] for pid, _ in self._ids_for_key(k))

    def iter_places(self, kind: str | None = None) -> Iterator[Place]:
        """Every place (of one ``kind``: region, municipality, district, settlement).

        >>> next(default_gazetteer().iter_places("region")).kind
        'region'
        """
        for pid, k in enumerate(self._kind):
            if kind is None or k == kind:  # not cached: a full scan would fill the cache
                yield self._places.get(pid) or self._make_place(pid)

    def capital(self, region: str | Place) -> Place | None:
        """The administrative centre of a region.

        >>> default_gazetteer().capital("Тверская область").name
        'Тверь'
        """
        reg = region if isinstance(region, Place) else self.region(region)
        if reg is None:
            return None
        cap = self._capital.get(reg.id)
        if not cap:
            return None
        for pl in self.lookup(cap, kind="settlement", region=reg.name):
            if pl.name == cap:
                return pl
        return None

    def _region_names(self) -> dict[str, int]:
        names = self._region_by_name
        if not names:
            for pid, k in enumerate(self._kind):
                if k == "region":
                    full = _region_name_key(self._name[pid])
                    names[full] = pid
                    names[re.split(r" - | \(", full)[0]] = pid
        return names

    def region_id(self, pid: int) -> int:
        """Id of the region containing place ``pid`` (itself for a region)."""
        return pid if self._kind[pid] == "region" else self._region[pid]

    def municipality_id(self, pid: int) -> int:
        """Id of the municipality containing place ``pid`` (-1 if none)."""
        return pid if self._kind[pid] in ("municipality", "district") else self._muni[pid]

    # ------------------------------------------------------------------ lookups
    def _ids_for_key(self, key: str) -> list[tuple[int, str]]:
        first, *tail = key.split(" ")
        t = tuple(tail)
        return [(pid, fl) for tl, pid, fl in self._entries(first) if tl == t]

    def lookup(self, name: str, kind: str | None = None,
               region: str | None = None) -> list[Place]:
        """Places called ``name`` (any case or inflection), largest first.

        Parameters
        ----------
        name : str
            A name or alias: «Тверь», «Твери», «Питер», «Калининский район», «Калинин».
        kind : {"region", "municipality", "district", "settlement"}, optional
        region : str, optional
            Keep places of this region (any form :meth:`region` understands).

        Examples
        --------
        >>> [p.name for p in default_gazetteer().lookup("Свердловск")][:1]
        ['Екатеринбург']
        >>> default_gazetteer().lookup("Калининский район", region="Тверская обл.")[0].name
        'Калининский район'
        """
        words = _words(name)
        typed = any(word_key(w) in _ALL_TYPE_KEYS for w in words)
        ids: dict[int, None] = {}
        for k in _key_variants(words):
            for pid, fl in self._ids_for_key(k):
                if "t" in fl and not typed:
                    continue  # «Свердловск» is not «Свердловская область»
                ids[pid] = None
        reg_id = -1
        if region is not None:
            rp = self.region(region)
            if rp is None:
                return []
            reg_id = rp.id
        out = []
        for pid in ids:
            if kind is not None and self._kind[pid] != kind:
                continue
            if reg_id >= 0 and self.region_id(pid) != reg_id:
                continue
            out.append(pid)
        out.sort(key=lambda i: (-(self._kind[i] == "region"), -self._pop[i]))
        return [self.place(i) for i in out]

    def region_of_adjective(self, word: str) -> Place | None:
        """The region «<adjective> область / край» whose adjective ``word`` is, in any case
        («Амурской» → Амурская область, «пермском» → Пермский край), or None.

        >>> g = default_gazetteer()
        >>> g.region_of_adjective("Амурской").name, g.region_of_adjective("тамбовской").name
        ('Амурская область', 'Тамбовская область')
        >>> g.region_of_adjective("Ленина") is None
        True
        """
        m = _REGION_ADJ.match(fold(word))
        if m is None:
            return None
        index = self._region_adjectives
        if index is None:
            index = {}
            for pid, kind in enumerate(self._kind):
                words = self._name[pid].split()
                if kind == "region" and len(words) == 2 and words[1] in ("область", "край") \
                        and (mm := _REGION_ADJ.match(fold(words[0]))) is not None:
                    index[mm.group(1)] = pid
            self._region_adjectives = index
        pid = index.get(m.group(1))
        return self.place(pid) if pid is not None else None

    def region(self, name: str) -> Place | None:
        """The region called ``name`` («Тверская обл.», «НСО», «Татарстан», «Питер»), or None.

        >>> g = default_gazetteer()
        >>> g.region("Тверская обл.").name, g.region("ХМАО").name, g.region("Питер").name
        ('Тверская область', 'Ханты-Мансийский автономный округ — Югра', 'Санкт-Петербург')
        >>> g.region("Чувашская республика - Чувашия").name  # any case and dash
        'Чувашская Республика — Чувашия'
        >>> g.region("Нарния") is None
        True
        """
        if not isinstance(name, str) or not name.strip():
            return None
        key = _region_name_key(name)
        exact = self._region_names().get(key)
        if exact is None and "-" in key:  # «Северная Осетия-Алания»
            exact = self._region_names().get(key.replace("-", " - "))
        if exact is not None:
            return self.place(exact)
        words = _words(name)
        best = None
        for k in _key_variants(words):
            for pid, _fl in self._ids_for_key(k):
                if self._kind[pid] == "region":
                    return self.place(pid)
                if self._kind[pid] == "settlement" and self._pop[pid] >= 1_000_000 \
                        and best is None:
                    best = self._region[pid]  # Москва, Питер → their region
        return self.place(best) if best is not None and best >= 0 else None

    # ------------------------------------------------------------------ matching
    def find_places(self, text: str | Text, region: str | None = None) -> list[PlaceMention]:
        """Place names in ``text``: spans of the original string, candidates best first.

        ``region`` (optional) is the caller's default region: its places rank first among
        equal readings (a region named in the text still wins).

        Examples
        --------
        >>> g = default_gazetteer()
        >>> [(m.text, m.type_word, m.candidates[0].name) for m in
        ...  g.find_places("в Калининском районе Тверской обл., дер. Горки, мирный протест")]
        [('Калининском районе', 'районе', 'Калининский район'), ('Тверской обл.', 'обл', 'Тверская область'), ('дер. Горки', 'дер', 'Горки')]
        >>> [m.candidates[0].name for m in g.find_places("живу в нижнем новгороде, Н.Новгород")]
        ['Нижний Новгород', 'Нижний Новгород']
        """
        t = prepare(text)
        # the address stage and the geolocator look at the same Text: memoise on it
        key = ("places", region)
        hit = t.memo.get(key)
        if hit is not None and hit[0] is self and hit[1] == self._generation:
            return list(hit[2])
        found = self._find_places(t, region)
        t.memo[key] = (self, self._generation, tuple(found))
        return found

    def _find_places(self, t: Text, region: str | None) -> list[PlaceMention]:
        toks = t.tokens
        n = len(toks)
        if n == 0:
            return []
        infos = [_token_info(tok.text) for tok in toks]
        # ---- pass 1: candidates at each token (longest first), type words, common-word rules
        mentions = []
        first_keys = self._first_keys
        if first_keys is None:
            self._add_spaced_names()
            first_keys = self._first_keys = set(self._ifirst).union(self._index)
        i = 0
        while i < n:
            if first_keys.isdisjoint(infos[i][0]) and (infos[i][3] or len(toks[i].text) < 7):
                i += 1  # no name starts with this word, and it is no typo of a town
                continue
            hits = self._match_at(toks, infos, i)
            if hits and infos[i][1] and not toks[i].text[:1].isupper() and \
                    not _near_type_word(toks, i) and not _sentence_head(t, toks, i) and \
                    not _opens_address(toks, i + 1):
                # a lower-case common word not after «в/из/…»: a place only as part of a
                # longer name («нижний тагил»), or a region's name after «на» («на камчатке»)
                after_na = i > 0 and toks[i - 1].text.lower() == "на"
                hits = [(e, h) for e, h in hits if e > i + 1 or (after_na and any(
                    "a" in f and self._kind[p] == "region" for p, f in h))]
            if not hits and not infos[i][3] and len(toks[i].text) >= 7:
                fz = self._fuzzy(toks[i].text)
                if fz:
                    hits = [(i + 1, fz)]
            m = None
            for end, ids in sorted(hits, key=lambda h: -h[0]):
                m = self._qualify(t, toks, infos, i, end, ids)
                if m is not None:
                    break
            if m is None:
                i += 1
                continue
            if mentions and mentions[-1][5] > m[4]:  # overlaps the previous mention
                if m[4] <= mentions[-1][4]:
                    mentions.pop()  # «д. Александровка» covers a match of «д» alone
                else:
                    i += 1
                    continue
            mentions.append(m)
            i = max(m[5], i + 1)
        if not mentions:
            return []
        ctx_regions: set[int] = set()  # regions named or implied by unambiguous places
        named_regions: set[int] = set()  # regions named explicitly
        ctx_munis: set[int] = set()
        default_reg = self.region(region) if region else None
        for (_s, _e, ids, _tw, _ts, _te, strong) in mentions:
            if not strong:
                continue
            uniq = {pid for pid, _ in ids}
            regs = {self.region_id(pid) for pid in uniq}
            top = max(uniq, key=lambda p: (self._kind[p] == "region", self._pop[p]))
            if self._kind[top] == "region":
                named_regions.add(top)
                ctx_regions.add(top)
            elif len(regs) == 1:
                ctx_regions.add(self.region_id(top))
                if len(uniq) == 1 and self._kind[top] in ("municipality", "district"):
                    ctx_munis.add(top)
            elif self._kind[top] == "settlement" and self._pop[top] >= 100_000 and \
                    all(self._pop[p] * 20 < self._pop[top] for p in uniq if p != top):
                ctx_regions.add(self.region_id(top))
        if ctx_regions:  # «Калининского района Тверской области»: the district of that region
            for (_s, _e, ids, _tw, _ts, _te, strong) in mentions:
                inside = {pid for pid, _ in ids
                          if self._kind[pid] in ("municipality", "district")
                          and self._region[pid] in ctx_regions}
                if strong and len(inside) == 1:
                    ctx_munis.update(inside)
        # ---- pass 2: accept weak mentions by context, rank candidates
        out: list[PlaceMention] = []
        for (s_tok, _e, ids, tw, ts, te, strong) in mentions:
            if tw is not None and (ctx_munis or named_regions) and \
                    any(self._kind[p] == "settlement" for p, _ in ids):
                # «д. Петровка …, Медвенский р-н»: the named district outweighs the type word
                # (people write «деревня» for a хутор or посёлок): add the place of that name
                # in that district which the type word had left out
                # (likewise in a named region when the type word left none there: «д. Бутово
                # Белгородской области» is the село Бутово)
                have = {pid for pid, _ in ids}
                in_named = any(self.region_id(p) in named_regions for p in have)
                ids = list(ids) + [
                    (pid, fl) for end, hits in self._match_at(toks, infos, s_tok) if end == _e
                    for pid, fl in hits if pid not in have and self._kind[pid] == "settlement"
                    and (self._muni[pid] in ctx_munis
                         or (not in_named and self.region_id(pid) in named_regions))]
            if not strong:
                ids = [(pid, fl) for pid, fl in ids
                       if self.region_id(pid) in ctx_regions or self._muni[pid] in ctx_munis]
                if not toks[s_tok].text[:1].isupper() or (
                        infos[s_tok][1] and _sentence_head(t, toks, s_tok)):
                    # lower case, or a common word capitalised only as a sentence's first word
                    # («Яма на дороге…»): only towns
                    ids = [(pid, fl) for pid, fl in ids if self._pop[pid] >= 10_000]
                if len(ids) > 3:  # a common word that happens to name places everywhere
                    continue
                if not ids:
                    continue
            ranked = heapq.nlargest(_MAX_CANDIDATES, {pid for pid, _ in ids},
                                    key=lambda pid: self._score(pid, ctx_regions,
                                                                named_regions, ctx_munis,
                                                                default_reg))
            os_, oe = t.normalized.span_to_original(toks[ts].start, toks[te - 1].end)
            out.append(PlaceMention(start=os_, end=oe, text=t.original[os_:oe],
                                    candidates=tuple(self.place(p)
                                                     for p in ranked[:_MAX_CANDIDATES]),
                                    type_word=tw))
        return out

    def _add_spaced_names(self, min_population: int = 1_000) -> None:
        """Hyphenated town names written with spaces («ростов на дону», «улан удэ», «ханты
        мансийск»): keyed as aliases on first use (not at load: it stays fast)."""
        with self._lock:
            if self._first_keys is not None:
                return
            pop, kind = self._pop, self._kind
            for pid, name in enumerate(self._name):
                if "-" in name and pop[pid] >= min_population and kind[pid] == "settlement":
                    spaced = name.replace("-", " ")
                    self._add_key(name_key(spaced), pid, self._flags[pid] + "a")
                    self._alias_names.add(fold(spaced))

    def _grouped(self, first: str) -> tuple[list[tuple[int, str]],
                                            dict[str, list[tuple[int, tuple[str, ...], int, str]]]]:
        """:meth:`_entries` of ``first`` split into one-word names and longer names grouped by
        their second word, so that matching looks up the next token instead of scanning every
        «Красный …» / «Новый …» name."""
        hit = self._grouped_cache.get(first)
        if hit is not None:
            return hit
        singles: list[tuple[int, str]] = []
        by_next: dict[str, list[tuple[int, tuple[str, ...], int, str]]] = {}
        for o, (tail, pid, fl) in enumerate(self._entries(first)):
            if tail:
                by_next.setdefault(tail[0], []).append((o, tail, pid, fl))
            else:
                singles.append((pid, fl))
        if len(self._grouped_cache) > 50_000:
            self._grouped_cache.clear()
        self._grouped_cache[first] = (singles, by_next)
        return singles, by_next

    def _match_at(self, toks: Any, infos: list, i: int) -> list[tuple[int, list[tuple[int, str]]]]:
        """Entries whose key starts at token ``i``: [(end token, [(id, flags)])]."""
        found: dict[int, list[tuple[int, str]]] = {}
        n = len(toks)
        nxt = infos[i + 1][0] if i + 1 < n else ()
        for k in infos[i][0]:
            singles, by_next = self._grouped(k)
            if not by_next:
                if singles:
                    found.setdefault(i + 1, []).extend(singles)
                continue
            hits: list[tuple[int, int, int, str]] = []  # (ordinal, end, id, flags)
            for k2 in nxt:
                for o, tail, pid, fl in by_next.get(k2, ()):
                    j = i + 2
                    ok = True
                    for tk in tail[1:]:
                        if j >= n or tk not in infos[j][0]:
                            ok = False
                            break
                        j += 1
                    if ok:
                        hits.append((o, j, pid, fl))
            if singles:
                found.setdefault(i + 1, []).extend(singles)
            hits.sort()  # the index order, as a plain scan of the entries would give
            for _o, j, pid, fl in hits:
                found.setdefault(j, []).append((pid, fl))
        return list(found.items())

    def _qualify(self, t: Text, toks: Any, infos: list, start: int, end: int,
                 ids: list[tuple[int, str]]) -> tuple | None:
        """Apply type words and the common-word rules to one raw match."""
        n = len(toks)
        first = toks[start].text
        if end - start == 1 and _name_continues(toks, start, end):
            return None  # «деревня Малые Вёшки»: not the village Малая the gazetteer knows
        if end - start > 1:
            # «в деревне Малое Сидорово»: the places named exactly so, if any (not «Малая
            # Сидорова», whose key is the same)
            surface = fold(" ".join(toks[k].text for k in range(start, end)))
            exact = [(p, f) for p, f in ids if fold(self._name[p]) == surface]
            if exact:
                ids = exact
        # preceding type word («г.», «пос.», «в дер.»), skipping a dot after an abbreviation
        tw_before = None
        j = start - 1
        if j >= 0 and toks[j].text == ".":
            j -= 1
            dotted = True
        else:
            dotted = False
        if j >= 0:
            wk = word_key(toks[j].text)
            if wk in _SETTLEMENT_TYPE_WORDS and (dotted or wk not in _NEEDS_DOT) and \
                    toks[j].text.lower() not in ("городом", "городами", "городах", "городу") and \
                    not (len(toks[j].text) == 1 and toks[j].text.isupper() and not dotted) and \
                    not _in_abbreviation(toks, j):
                tw_before = (j, _SETTLEMENT_TYPE_WORDS[wk])
            elif ((wk in _STREET_WORDS and toks[j].text.lower() not in _PLURAL_STREET_WORDS) or (
                    j >= 1 and word_key(toks[j - 1].text) in _STREET_WORDS
                    and toks[j].text == ".")) and not (
                    wk in _LANDMARK_WORDS and end - start == 1 and
                    any((self._pop[p] >= 100_000 or (self._pop[p] >= 15_000
                                                     and not infos[start][2]))
                        and self._kind[p] == "settlement" and
                        fold(self._name[p]) != fold(first) for p, _ in ids)) and not (
                    _after_hash(t, toks[start]) or (
                        j >= 1 and _ADJ_RE.search(toks[j - 1].text.lower()) is not None
                        and toks[j - 1].text[:1].isupper() and end - start == 1
                        and any(self._pop[p] >= 50_000 and self._kind[p] == "settlement"
                                and fold(self._name[p]) != fold(first) for p, _ in ids))):
                # «ул. Ленина», «пр. Мира», «сквер Победы»: a street or landmark named after a
                # place (but «в парке Красноярска», «в парке Мичуринска» — 15,000+ and no
                # person's name: the park of the town; «на Коммунистическом проспекте
                # Южно-Сахалинска»: the street has its name, the town follows in the genitive;
                # «на улице #Екатеринбург»: a hashtag)
                return None
            elif wk in ("республик", "респ"):
                tw_before = (j, "республика")
            elif wk in ("район", "р-н") and not (
                    j >= 1 and toks[j - 1].text[:1].isupper()
                    and _ADJ_RE.search(toks[j - 1].text.lower()) is not None):
                # (not «Ленинский район Новосибирска»: that «район» has its name, and the town
                # in the genitive after it is the city the district belongs to)
                tw_before = (j, "район")
        # following type word («Тверская обл.», «Калининском районе», «Ханты-Мансийский АО»)
        tw_after = None
        if end < n:
            wk = word_key(toks[end].text)
            if toks[end].text in ("МО", "МР", "ГО") and toks[end - 1].text.lower().endswith(
                    ("ского", "цкого", "ский", "цкий", "ском", "цком")):
                wk = "район"  # «Рамешковского МО»: a municipal okrug, not Московская область
            if wk in _REGION_TYPE_WORDS or wk in _MUNI_TYPE_WORDS:
                e2 = end + 1
                if e2 < n and toks[e2].text == "." and wk in ("обл", "респ", "р-н", "ао"):
                    e2 += 1
                if wk in ("автономн", "муниципальн", "городск", "административн") and e2 < n \
                        and word_key(toks[e2].text) in ("округ", "област", "район"):
                    e2 += 1
                tw_after = (e2, wk)
        nxt = word_key(toks[end].text) if end < n else ""
        if nxt in _STREET_AFTER and tw_before is None and \
                not _type_word_opens_name(toks, end) and (
                _ADJ_RE.search(toks[end - 1].text.lower()) or _person_genitive(toks[end - 1].text)):
            # «Московская улица» (but «Ржев, ул. Советская», «в станице Ессентукской парк»,
            # «станица Старотитаровская ул Красноармейская» are places)
            return None
        kept: list[tuple[int, str]] = []
        tw: str | None = None
        ts, te = start, end
        if tw_after is not None:
            wk = tw_after[1]
            for pid, fl in ids:
                k = self._kind[pid]
                if k == "region" and wk in _REGION_TYPE_WORDS and _region_type_ok(
                        self._type[pid], wk):
                    kept.append((pid, fl))
                elif k in ("municipality", "district") and wk in _MUNI_TYPE_WORDS and \
                        wk not in ("обл", "област", "кра", "кр", "республик", "респ"):
                    kept.append((pid, fl))
            if kept:
                te = tw_after[0]
                tw = t.clean[toks[end].start:toks[end].end]
                return (start, end, kept, tw, ts, te, True)
        if tw_before is not None:
            j, styp = tw_before
            if styp in ("республика",):
                kept = [(p, f) for p, f in ids if self._kind[p] == "region"]
                # «Республика Алтай» is not the Алтайский край of the alias «Алтай»
                kept = [(p, f) for p, f in kept if self._type[p] == "республика"] or kept
            elif styp == "район":
                kept = [(p, f) for p, f in ids if self._kind[p] in ("municipality", "district")]
            else:
                sett = [(p, f) for p, f in ids if self._kind[p] == "settlement"]
                if end - start == 1 and infos[start][1] and not toks[start].text[:1].isupper() \
                        and len(toks[j].text) > 4 and _common_noun(toks[start].text.lower()):
                    # «у нас в деревне автобус отменили»: a lower-case common noun after the
                    # written-out type word names a village only if one of some size is so
                    # named («в деревне займище», «с. кошки»; not the hamlet Автобус of 2 souls)
                    sett = [(p, f) for p, f in sett if self._pop[p] >= 20]
                if styp == "г" and infos[start][1] and not toks[start].text[:1].isupper():
                    # a town's name stays nominative after «город»: «над городом зимой» is not
                    # the town of Зима (villages agree: «в селе Никольском»)
                    surf = toks[start].text.lower().replace("ё", "е")
                    sett = [(p, f) for p, f in sett
                            if self._name[p].lower().replace("ё", "е").split()[0] == surf]
                same = [(p, f) for p, f in sett if _type_compatible(self._type[p], styp)]
                if end - start == 1:
                    surface = toks[start].text
                    if same and not self._has_exact(surface, same) and \
                            self._has_exact(surface, sett):
                        # «д. Пушкарное»: the сёла named so, not the деревня Пушкарная (people
                        # write «деревня» for a село more often than they misspell its name)
                        same = []
                    kept = self._prefer_exact(surface, same or sett)
                else:
                    kept = same or sett
            if kept and len(toks[start].text) <= 2 and end - start == 1:
                forms = frozenset().union(*_surface_forms(toks[start].text))
                kept = [(p, f) for p, f in kept
                        if fold(self._name[p]) in forms]
            if kept:
                tw = toks[j].text
                return (start, end, kept, tw, j, end, True)
        # no type word: names that need one (adjectival regions / districts) are dropped
        cands = [(p, f) for p, f in ids if "t" not in f]
        if not cands or (len(first) <= 2 and not first.isupper()):
            return None
        if first.isupper() and len(first) <= 3:  # «УК», «ВО», «МО»: only known abbreviations
            cands = [(p, f) for p, f in cands if "a" in f]
            if not cands:
                return None
        _keys, common, person, _known = infos[start]
        multi = end - start > 1
        if multi and (person or fold(first) in PERSON_TITLES) and \
                max(self._pop[p] for p, _ in cands) < 10_000 and \
                _person_genitive(toks[end - 1].text):
            # «Карла Маркса», «Розы Люксембург», «на Маршала Жукова»: a street, not the hamlet
            return None
        if multi:
            common = all(infos[k][1] for k in range(start, end) if len(toks[k].text) > 1)
            person = False
        upper_only = [(p, f) for p, f in cands if "u" in f]
        if upper_only and (fold(first) not in self._alias_names or (
                not first.isupper() and not (len(first) >= 3 and first.islower()))):
            # abbreviations match only letter for letter («НАО», not «НА») and in capitals,
            # or in lower case from three letters on («хмао», «еао»; not «мо», «рб»)
            cands = [(p, f) for p, f in cands if "u" not in f]
            if not cands:
                return None
        if not multi:
            cands = self._prefer_exact(toks[start].text, cands)
            cands = [(p, f) for p, f in cands if _agrees(toks[start].text, self._name[p])]
            if not cands:
                return None  # «на Заречной»: a street, not the town of Заречный
            if any(len(part) <= 2 and part not in ("на", "де", "ла")
                   for part in word_key(first).split("-")):
                forms = frozenset().union(*_surface_forms(first))
                cands = [(p, f) for p, f in cands if "a" in f or
                         self._name[p].lower().replace("ё", "е") in forms]
                if not cands:
                    return None
        shouting = len(first) > 3 and first.isupper()  # «ДЕНЕЖНЫЕ СРЕДСТВА»
        capital = first[:1].isupper() and not shouting
        prev = toks[start - 1].text.lower() if start > 0 else ""
        if prev == '"' and end < n and toks[end].text == '"':
            return None  # «трасса «Байкал»», «ТЦ «Радуга»», «УК «Восток»»: a name in quotes
        if tw_before is None and prev not in _LOC_PREPS and \
                _inside_quotes(t.clean, toks[start].start, toks[end - 1].end):
            return None  # «фестиваль «Мир Сибири»», «кафе «У Озера Селигер»»: part of a name
        if prev in ("день", "дня", "дню", "днём", "днем", "дне") and fold(first) == "победы":
            return None  # «С Днём Победы»
        exact_town = not multi and self.is_town_name(first)
        if end < n and prev not in _LOC_PREPS and not any("a" in f for _, f in cands) and \
                not exact_town and (
                _HOUSE_NO_RE.match(toks[end].text) or (
                    toks[end].text.lower() in ("д", "дом") and end + 1 < n
                    and (toks[end + 1].text == "." or toks[end + 1].text[:1].isdigit()))):
            return None  # «со стороны Энергетиков 9а», «Ново-Александровская д.5А»: a street
        if _opens_address(toks, end) and (_sentence_head(t, toks, start) or prev in (",", ";") or (
                not first[:1].isupper() and not (common or person))):
            # «энгельс ул тельмана 12», «Шахты ул. Советская 150», «максатиха ул. красноармейская»,
            # «…электроэнергии зеленоградск ул московская», «…бомжи ночуют,владимир ул горького
            # 77»: a town heading a street address (at a sentence's head or after a comma; else
            # only in lower case and a word the dictionary does not read as a common word or a
            # person's name)
            surface = fold(" ".join(toks[k].text for k in range(start, end)))
            floor = 10_000 if (common or person) else 3_000
            towns = [(p, f) for p, f in cands if self._kind[p] == "settlement" and (
                (self._pop[p] >= floor and fold(self._name[p]) == surface)
                or ("a" in f and surface in self._alias_names))]
            if towns:
                return (start, end, towns, None, start, end, True)
        if nxt in _STREET_AFTER and max(self._pop[p] for p, _ in cands) < _BIG and \
                toks[end].text.lower() not in _PLURAL_STREET_WORDS and not (
                prev in _LOC_PREPS and toks[end].text.lower() == "улицы") and not (
                prev in ("в", "во") and nxt in _PARK_WORDS) and \
                not _type_word_opens_name(toks, end):
            return None  # «Зеленков переулок»: a street named after a place (not «в Елизово
            # улицы не метут»)
        sent_start = start == 0 or prev in _SENT_END or "\n" in t.clean[
            toks[start - 1].end:toks[start].start]
        mid_cap = capital and not sent_start
        # «в Энгельсе», and «жители Энгельса»: a person's name or a common word is a place here
        loc_prep = prev in _LOC_PREPS or prev in _RESIDENTS or _after_hash(t, toks[start])
        if not multi and not loc_prep and word_key(first) in _ALIAS_NEEDS_PREP:
            return None  # «Влад, привет», «хабар в конверте»: a name or a word, not the town
        if prev == "на" and not multi:
            regions = [(p, f) for p, f in cands if "a" in f and self._kind[p] == "region"]
            if regions:  # «на камчатке», «на ямале»: a region called by a name taking «на»
                return (start, end, regions, None, start, end, True)
        if not capital and not loc_prep and \
                not any("a" in f for _, f in cands) and max(self._pop[p] for p, _ in cands) < 2_000:
            # a lower-case word that is also the name of a hamlet («пухто», «на птицефабрике»,
            # «суши роллы доставка»): only inside a region named in the message
            return (start, end, cands, None, start, end, False)
        if prev in ("на", "по") and not multi and not any("a" in f for _, f in cands) and (
                (person and _person_genitive(first)) or
                any(fold(first) == fold(self._name[p]) + "а" for p, _ in cands)):
            return None  # «сквер на Куйбышева», «по Энгельса»: a street (the town: «в Энгельсе»)
        if prev in ("на", "по") and not multi and _ADJ_RE.search(first.lower()) and \
                max(self._pop[p] for p, _ in cands) < _BIG:
            return None  # «остановку на Заводской снесли», «по Садовой»: a street
        if prev == "на" and not multi and not any("a" in f for _, f in cands) and \
                max(self._pop[p] for p, _ in cands) < 10_000:
            # «на Байкале», «на Иртыш»: lakes, rivers, streets; villages take «в»
            return (start, end, cands, None, start, end, False)
        if not multi and fold(first) in _RIVER_FORMS and (
                prev in ("на", "через", "за", "вдоль", "по")
                or (not loc_prep and fold(first) not in ("обь", "оби"))):
            # «паром через Обь», «на Обь за щукой», «Кама в Березниках опять в пене»: the river
            # (the town: «в Оби»; «Обь, ул. Ленина 5» heads an address)
            return None
        all_caps = multi and all(toks[k].text[:1].isupper() for k in range(start, end)
                                 if toks[k].text[:1].isalpha())
        big = [(p, f) for p, f in cands if self._pop[p] >= _BIG or self._kind[p] == "region"]
        curated = [(p, f) for p, f in cands if "a" in f]
        head = _sentence_head(t, toks, start) and (end >= n or toks[end].text in ",:;—-–(" or (
            start == 0 and toks[end].text == "."))  # «Асино. В поликлинике …»
        name_common = any("c" in f for _, f in cands)
        if (common or person or name_common) and head and not multi and end + 1 < n and \
                toks[end].text == "," and (word_key(toks[end + 1].text) in _STREET_WORDS or (
                    not person and end + 2 < n and toks[end + 1].text[:1].isalpha()
                    and _HOUSE_NO_RE.match(toks[end + 2].text))):
            # «…не её участок. Курчатов, ул Строителей 10», «слободской, советская 80»: a town
            # heading a street address
            towns = self._named_settlements(first, cands, 10_000)
            if towns:
                return (start, end, towns, None, start, end, True)
        if (common or person or name_common) and head and big:
            # «иваново, текстильщиков, света нет», «калуга, правгород»: a town heading the message
            return (start, end, big, None, start, end, True)
        if (common or person or name_common) and head and capital and not multi and not (
                end + 1 < n and _addressed(toks[end + 1].text)):
            # «Касимов, фонари не горят», «Тайга, ямы»: a town of 15,000+ heading the message,
            # written as its name is (a surname or a word would rarely open it with a comma;
            # «Строитель, подскажи …» addresses a person); every reading stays a candidate
            # («Никольское, Аннинского района» is the village of that district)
            if self._named_settlements(first, cands, 15_000, towns_only=True):
                return (start, end, cands, None, start, end, True)
        if (common or person or name_common) and capital and not multi and end < n and \
                toks[end].text[:1].islower() and _sentence_head(t, toks, start) and \
                not (end + 1 < n and toks[end + 1].text[:1].isupper() and person) and \
                _geox_score(first) > 0:
            # «Ефремов собаки стаей бегают», «Елец в поликлинику не дозвониться»: a town of
            # 20,000+ heading a sentence (a person would be «Иванов Пётр», «Иванову»; a word the
            # dictionary never reads as a place is the word: «Зима скоро кончится»)
            towns = [(p, f) for p, f in cands if self._pop[p] >= 20_000
                     and self._kind[p] == "settlement" and (
                         fold(self._name[p]) == fold(first)
                         or ("a" in f and fold(first) in self._alias_names))]
            if towns:
                return (start, end, towns, None, start, end, True)
        if (common or name_common) and not person and not capital and not multi and \
                start == 0 and end < n and toks[end].text[:1].isalpha() and \
                _geox_score(first) >= 0.4:
            # «калуга яма на дороге», «ессентуки воды нет»: the message opens with the name
            # of a town of 100,000+ in lower case (the word is also a fish, a mineral water …;
            # not when the dictionary reads it mostly as a common word: «находка», «шахты»)
            towns = self._named_settlements(first, cands, 100_000)
            if towns:
                return (start, end, towns, None, start, end, True)
        if (common or person or name_common) and not capital and not multi and start == 0 and \
                end + 1 < n and toks[end].text.lower() in _HEADING_PREPS and \
                (not common or _geox_score(first) >= 0.4):
            # «касимов в центральном парке граффити», «елец на площади ямы»: a town of 20,000+
            # in lower case opening the message before a place phrase (a lower-case surname
            # or word rarely opens one; not «находка на дороге»: mostly a common word)
            towns = self._named_settlements(first, cands, 20_000, towns_only=True)
            if towns:
                return (start, end, towns, None, start, end, True)
        if not capital and not multi and big and prev in (",", ";", "—") and \
                (end >= n or toks[end].text in ".!?,;)") and \
                (not common or _geox_score(first) >= 0.4):
            # «…инсулин не выдают третий месяц,грозный», «…где она??,улан-удэ»: a big town in
            # lower case set off by punctuation (the writer's signature; not «…, мирный»: a word)
            towns = self._named_settlements(first, big, _BIG) or \
                [(p, f) for p, f in big if "a" in f and fold(first) in self._alias_names]
            if towns:
                return (start, end, towns, None, start, end, True)
        if (common or person or name_common) and capital and big and prev in (",", ";", "—") \
                and (end >= n or toks[end].text in ".!?,;)"):
            # «не дают пособие, Орёл. Куда обращаться?»: a big town set off by punctuation
            return (start, end, big, None, start, end, True)
        if (common or person or name_common) and capital and big and not multi and \
                (sent_start or _emoji_gap(t, toks, start)) and (
                end >= n or toks[end].text in ".!?…" or _emoji_gap(t, toks, end)):
            # «…мне уже 24. Грозный. Когда будет жильё?», «как всегда 😏 Энгельс»: a big town
            # in the nominative as a sentence of its own (the writer's signature)
            towns = [(p, f) for p, f in big if self._kind[p] == "settlement" and (
                fold(self._name[p]) == fold(first)
                or ("a" in f and fold(first) in self._alias_names))]
            if towns:
                return (start, end, towns, None, start, end, True)
        if (common or person or name_common) and capital and not multi and start > 0 and \
                prev in (".", "!", "?", "…") and (end >= n or toks[end].text in ".!?…"):
            # «ямы на дорогах. Касимов.»: a town of 15,000+ as a sentence of its own
            if self._named_settlements(first, cands, 15_000, towns_only=True):
                return (start, end, cands, None, start, end, True)
        if (common or person or name_common) and not capital and not head and \
                end + 1 < n and toks[end].text[:1].isalpha() and \
                _HOUSE_NO_RE.match(toks[end + 1].text) and _sentence_head(t, toks, start):
            # «кропоткин красная 180»: a town heading a street address
            towns = [(p, f) for p, f in cands if self._pop[p] >= 10_000
                     and self._kind[p] == "settlement"]
            if towns:
                return (start, end, towns, None, start, end, True)
        if multi and not capital and common:
            towns = self._named_settlements(
                " ".join(toks[k].text for k in range(start, end)), cands, _BIG)
            if towns:
                # «набережные челны», «старый оскол» in lower case: the whole name of a big
                # town made of common words does not occur by chance
                return (start, end, towns, None, start, end, True)
        if curated and (capital or loc_prep or not common or multi):
            # a known alias of several words («ростов на дону») does not occur by chance
            return (start, end, cands, None, start, end, True)
        if person:
            # «на Ленина», «дом Кирова»: a person's name unless after «в/из/под…»
            mid = [(p, f) for p, f in cands if self._pop[p] >= 10_000]
            if prev in _RESIDENTS and (not mid or (end < n and toks[end].text[:1].isupper())):
                return (start, end, cands, None, start, end, False)  # «глава Ивана Петрова»
            if loc_prep and (capital or mid):
                return (start, end, cands if capital else mid, None, start, end, True)
            return (start, end, cands, None, start, end, False)
        name_common = any("c" in f for _, f in cands)
        if common or name_common:
            if (mid_cap and loc_prep) or all_caps or (mid_cap and not common):
                return (start, end, cands, None, start, end, True)
            if mid_cap and big:
                # «Спасибо дорожникам Кургана»: a common word capitalised mid-sentence that is
                # also a big town's name is the town
                return (start, end, big, None, start, end, True)
            if loc_prep and big:
                return (start, end, big, None, start, end, True)
            # kept only inside a region named in the message (see find_places)
            return (start, end, cands, None, start, end, False)
        if len(first) <= 2 and not first.isupper():
            return None
        return (start, end, cands, None, start, end, True)

    def _fuzzy(self, word: str) -> list[tuple[int, str]]:
        """Towns of 100,000+ one typo away (two for long names): «новасибирск», «екатиренбург»."""
        big = self._big
        if big is None:
            by_first: dict[str, list[tuple[str, int]]] = {}
            for p in range(len(self._name)):
                if self._kind[p] == "settlement" and self._pop[p] >= 100_000 \
                        and " " not in self._name[p]:
                    k = word_key(self._name[p])
                    by_first.setdefault(k[:1], []).append((k, p))
            big = self._big = by_first
        k = word_key(word)
        hit = self._fuzzy_cache.get(k)
        if hit is not None:
            return list(hit)
        limit = 2 if len(k) >= 9 else 1
        out = []
        for name_k, pid in big.get(k[:1], ()):
            if abs(len(name_k) - len(k)) <= limit and edit_distance(k, name_k, limit) <= limit:
                out.append((pid, "f"))
        if len({self._name[p] for p, _ in out}) != 1:
            out = []
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[k] = out
        return list(out)

    def _has_exact(self, surface: str, cands: list[tuple[int, str]]) -> bool:
        """Some candidate's name is a lemma of the written word, or an adjectival name the
        word is a form of («в станице ленинградской» — Ленинградская)."""
        names = self._name
        return any(fold(names[p]) in forms for forms in _surface_forms(surface) for p, _ in cands) \
            or any(adjective_name(names[p]) is not None and _agrees(surface, names[p])
                   for p, _ in cands)

    def _prefer_exact(self, surface: str, cands: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Keep the candidates whose name is the word's own lemma (Горки, not Горка)."""
        if len(cands) < 2:
            return cands
        aliases = self._alias_names
        names, pop = self._name, self._pop
        first: list[tuple[int, str]] | None = None
        for forms in _surface_forms(surface):
            exact = [(p, f) for p, f in cands
                     if fold(names[p]) in forms
                     or ("a" in f and not forms.isdisjoint(aliases))]
            if not exact:
                continue
            if first is None:
                first = exact
                if max(pop[p] for p, _ in exact) >= 10_000:
                    return exact
            elif (big := max(pop[p] for p, _ in exact)) >= 100 * (
                    small := max(1, max(pop[p] for p, _ in first))) or (
                    big >= 50_000 and big >= 20 * small):
                # «из Энгельса»: the town Энгельс, not the hamlet «Энгельса» spelt like the word
                return exact
        return first if first is not None else cands

    def _score(self, pid: int, ctx_regions: set[int], named_regions: set[int],
               ctx_munis: set[int], default_reg: Place | None = None) -> float:
        kind = self._kind[pid]
        s = math.log10(self._pop[pid] + 10)
        if kind == "region":
            s += 4.0
        elif kind == "settlement":
            s += _TYPE_RANK.get(self._type[pid], 0.0)
        if kind != "region":
            if self.region_id(pid) in named_regions:
                s += 6.0
            elif self.region_id(pid) in ctx_regions:
                s += 4.0
            elif default_reg is not None and self.region_id(pid) == default_reg.id:
                s += 3.0
        if ctx_munis and self._muni[pid] in ctx_munis:
            s += 3.0
        return s

    # ------------------------------------------------------------------ extension
    def add_place(self, name: str, kind: str = "settlement", *, type: str | None = None,
                  region: str | None = None, municipality: str | None = None,
                  population: int = 0, lat: float | None = None, lon: float | None = None,
                  oktmo: str | None = None, aliases: Iterable[str] = (),
                  needs_type_word: bool = False) -> Place:
        """Add a place (or override the existing one of the same kind, name and region).

        Examples
        --------
        >>> g = Gazetteer.load()
        >>> p = g.add_place("Южный", "district", type="мкр", region="Тверская область",
        ...                 municipality="Тверь", lat=56.82, lon=35.93, aliases=["Южка"])
        >>> g.find_places("опять нет воды на Южке")[0].candidates[0].name
        'Южный'
        """
        if kind not in _KIND_CODE:
            raise ValueError(f"kind must be one of {sorted(_KIND_CODE)}, got {kind!r}")
        reg_id = -1
        if region:
            rp = self.region(region)
            if rp is None:
                raise ValueError(f"unknown region {region!r}")
            reg_id = rp.id
        muni_id = -1
        if municipality:
            for pid in self._lookup_ids(municipality):
                if self._kind[pid] in ("municipality", "district", "settlement") and \
                        (reg_id < 0 or self.region_id(pid) == reg_id):
                    muni_id = self.municipality_id(pid) if self._kind[pid] == "settlement" \
                        and self._muni[pid] >= 0 else pid
                    break
            if muni_id < 0:
                muni_id = self.add_place(municipality, "municipality",
                                         region=region).id if region else -1
        with self._lock:
            existing = [pid for pid in self._lookup_ids(name)
                        if self._kind[pid] == kind and self._name[pid] == name
                        and (reg_id < 0 or self.region_id(pid) == reg_id)]
            if existing:
                pid = existing[0]
                self._type[pid] = type or self._type[pid]
                self._muni[pid] = muni_id if muni_id >= 0 else self._muni[pid]
                self._pop[pid] = population or self._pop[pid]
                if lat is not None and lon is not None:
                    self._lat_e5[pid], self._lon_e5[pid] = _e5(lat), _e5(lon)
                self._oktmo[pid] = oktmo or self._oktmo[pid]
                self._places.pop(pid, None)
            else:
                pid = len(self._name)
                self._kind.append(kind)
                self._name.append(name)
                self._type.append(type or "")
                self._region.append(reg_id if kind != "region" else -1)
                self._muni.append(muni_id)
                self._pop.append(int(population))
                self._lat_e5.append(_e5(lat))
                self._lon_e5.append(_e5(lon))
                self._oktmo.append(oktmo or "")
                flags = "t" if needs_type_word else ""
                self._flags.append(flags)
                self._add_key(name_key(name), pid, flags + "x")
            for a in aliases:
                self._add_key(name_key(a), pid, "ax")
                self._alias_names.add(a.lower().replace("ё", "е"))
        return self.place(pid)

    def _lookup_ids(self, name: str) -> list[int]:
        out: list[int] = []
        for k in _key_variants(_words(name)):
            out.extend(pid for pid, _ in self._ids_for_key(k))
        return out

    def extend(self, source: str | Path | Iterable[Mapping[str, Any]]) -> int:
        """Add user places from a CSV or JSON file (or from records); return how many.

        A CSV file needs a ``name`` column; optional columns: ``kind`` (settlement,
        municipality, district, region; default settlement), ``type``, ``region``,
        ``municipality``, ``population``, ``lat``, ``lon``, ``oktmo``, ``aliases`` (separated
        by ``|``). A JSON file holds a list of objects with the same fields (``aliases`` a
        list). Files are parsed as data only; a bad row raises
        :class:`~complaintnlp.errors.DataFormatError` naming the file, line and field.

        Examples
        --------
        >>> g = Gazetteer.load()
        >>> g.extend([{"name": "Пролетарка", "kind": "district", "region": "Тверская область",
        ...            "municipality": "Тверь", "lat": 56.86, "lon": 35.87}])
        1
        >>> g.lookup("на Пролетарке", kind="district")[0].region
        'Тверская область'
        """
        path: str | None = None
        if isinstance(source, (str, Path)):
            path = str(source)
            p = Path(source)
            try:
                data = p.read_bytes()
            except OSError as e:
                raise DataFormatError(f"cannot read ({e.strerror})", path=path) from None
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                raise DataFormatError(f"not UTF-8 (byte {e.start})", path=path) from None
            if p.suffix.lower() == ".json" or text.lstrip().startswith("["):
                try:
                    records = json.loads(text)
                except json.JSONDecodeError as e:
                    raise DataFormatError(f"invalid JSON: {e.msg}", path=path,
                                          line=e.lineno) from None
                if not isinstance(records, list):
                    raise DataFormatError("expected a JSON list of objects", path=path)
                rows = [(i + 1, r) for i, r in enumerate(records)]
            else:
                reader = csv.DictReader(io.StringIO(text))
                if not reader.fieldnames or "name" not in reader.fieldnames:
                    raise DataFormatError("missing column", path=path, line=1, field="name")
                rows = [(reader.line_num, r) for r in reader]
        else:
            rows = [(i + 1, r) for i, r in enumerate(source)]
        n = 0
        for line, r in rows:
            if not isinstance(r, Mapping):
                raise DataFormatError("expected an object", path=path, line=line)
            name = str(r.get("name") or "").strip()
            if not name:
                raise DataFormatError("empty name", path=path, line=line, field="name")
            kw: dict[str, Any] = {}
            for fld, conv in (("population", int), ("lat", float), ("lon", float)):
                v = r.get(fld)
                if v in (None, ""):
                    continue
                try:
                    kw[fld] = conv(v)
                except (TypeError, ValueError):
                    raise DataFormatError(f"bad number {v!r}", path=path, line=line,
                                          field=fld) from None
            aliases = r.get("aliases") or []
            if isinstance(aliases, str):
                aliases = [a.strip() for a in aliases.split("|") if a.strip()]
            try:
                self.add_place(name, str(r.get("kind") or "settlement"),
                               type=r.get("type") or None, region=r.get("region") or None,
                               municipality=r.get("municipality") or None,
                               oktmo=str(r["oktmo"]) if r.get("oktmo") else None,
                               aliases=aliases, **kw)
            except ValueError as e:
                field = "region" if "region" in str(e) else "kind"
                raise DataFormatError(str(e), path=path, line=line, field=field) from None
            n += 1
        return n


_NONE_I32 = -(2**31)


def _unpack_i32(b64: str) -> list[int]:
    arr = array("i")
    arr.frombytes(base64.b64decode(b64))
    if sys.byteorder == "big":
        arr.byteswap()
    return arr  # type: ignore[return-value]


def _coord(v: int) -> float | None:
    return None if v == _NONE_I32 else v / 1e5


def _e5(v: float | None) -> int:
    return _NONE_I32 if v is None else round(float(v) * 1e5)


_ANY_TYPE_WORD = (set(_SETTLEMENT_TYPE_WORDS) | _MUNI_TYPE_WORDS | _REGION_TYPE_WORDS
                  | {"республик", "респ"})


#: first words of community publics named after their town
_PUBLIC_WORDS = frozenset("""
подслушано подслушка типичный типичная типичное наш наша наше мой моя мое город жесть чп дтп
инцидент новости доска объявления барахолка купи продай отдам
""".split())


def _inside_quotes(s: str, a: int, b: int, reach: int = 40) -> bool:
    """``s[a:b]`` lies inside a short quoted name: an odd number of quotes on its line before
    it (within ``reach`` characters of an opening one) and a closing one after it."""
    line = s.rfind("\n", 0, a) + 1
    before = s.count('"', line, a)
    if before % 2 == 0:
        return False
    opening = s.rfind('"', line, a)
    closing = s.find('"', b, b + reach)
    if a - opening > reach or closing < 0:
        return False
    first = s[opening + 1:a].split()[:1]
    # «Подслушано Кострома», «Типичный Курган», «ЧП Липецк»: a public named after its town
    return not (first and fold(first[0]) in _PUBLIC_WORDS)


def _sentence_head(t: Text, toks: Any, i: int) -> bool:
    """Token ``i`` starts the message, a sentence or a line."""
    if i == 0:
        return True
    prev = toks[i - 1].text
    return prev in _SENT_END or "\n" in t.clean[toks[i - 1].end:toks[i].start]


def _in_abbreviation(toks: Any, j: int) -> bool:
    """«П.С. Мусор» (Петроградская сторона), «В.О.»: a one-letter word glued to a preceding
    «X.» is part of an abbreviation, not the type word «с.» / «п.» / «д.»."""
    return (len(toks[j].text) == 1 and j >= 2 and toks[j - 1].text == "."
            and toks[j - 1].end == toks[j].start and len(toks[j - 2].text) == 1
            and toks[j - 2].text.isalpha())


def _near_type_word(toks: Any, i: int) -> bool:
    """A location preposition or a type word before token ``i``, or a type word after it."""
    j = i - 1
    if j >= 0 and toks[j].text == ".":
        j -= 1
    if j >= 0:
        w = toks[j].text.lower()
        if w in _LOC_PREPS or word_key(w) in _ANY_TYPE_WORD:
            return True
    k = i + 1
    while k < len(toks) and k <= i + 3:  # «калининском районе», «нижнем новгороде»
        wk = word_key(toks[k].text)
        if wk in _MUNI_TYPE_WORDS or wk in _REGION_TYPE_WORDS:
            return True
        k += 1
    return False


def _region_type_ok(region_type: str, wk: str) -> bool:
    if wk in ("област", "обл", "областн"):
        return "область" in region_type
    if wk in ("кра", "кр", "краев"):
        return region_type == "край"
    if wk in ("республик", "респ"):
        return region_type == "республика"
    return "автономн" in region_type


def _type_compatible(place_type: str, word_type: str) -> bool:
    if word_type == "п":
        return place_type in ("п", "пгт", "рп", "дп", "кп", "нп", "гп")
    if word_type in ("пгт", "рп"):
        return place_type in ("пгт", "рп", "дп", "кп", "гп", "п")
    if word_type == "ст":
        return place_type in ("ст-ца", "ст")
    return place_type == word_type


def _words(name: str) -> list[str]:
    from ..text.tokenize import tokenize

    return [t.text for t in tokenize(name)]


_LEAD_PREPS = {"в", "во", "на", "из", "с", "со", "у", "под", "до", "по", "около", "возле", "к"}
_ALL_TYPE_KEYS = (_REGION_TYPE_WORDS | _MUNI_TYPE_WORDS | set(_SETTLEMENT_TYPE_WORDS)) - {"н"}


def _key_variants(words: list[str]) -> list[str]:
    """Keys to try for a free-form name: as is, by lemmas, and without type words."""
    while len(words) > 1 and words[0].lower() in _LEAD_PREPS:
        words = words[1:]
    if not words:
        return []
    variants: list[list[str]] = [[word_key(w) for w in words]]
    infos = [_token_info(w) for w in words]
    lem = []
    for w, (keys, _, _, _) in zip(words, infos):
        k0 = word_key(w)
        others = sorted(keys - {k0})
        lem.append(others[0] if others else k0)
    variants.append(lem)
    out: list[str] = []
    for v in variants:
        for cut in (v, _strip_type_words(v)):
            if cut:
                k = " ".join(cut)
                if k not in out:
                    out.append(k)
    return out


def _strip_type_words(keys: list[str]) -> list[str]:
    ks = list(keys)
    while ks and (ks[-1] in _ALL_TYPE_KEYS or ks[-1] == "."):
        ks.pop()
    while len(ks) > 1 and (ks[0] in _ALL_TYPE_KEYS or ks[0] == "."):
        ks.pop(0)
    while len(ks) > 1 and ks[0] == ".":
        ks.pop(0)
    return ks


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def _verify_packaged(raw: bytes) -> None:
    """Check the packaged file against the SHA-256 recorded next to it (``gazetteer.sha256``)."""
    ref = resources.files("complaintnlp") / "data" / "gazetteer" / (DATA_FILE + ".sha256")
    try:
        expected = ref.read_text(encoding="ascii").split()[0]
    except (FileNotFoundError, IndexError):
        raise DataFormatError("the packaged gazetteer has no recorded checksum",
                              path=DATA_FILE) from None
    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected:
        raise DataFormatError(f"checksum mismatch (sha256 {actual[:12]}…, expected "
                              f"{expected[:12]}…): the packaged gazetteer is damaged or was "
                              "modified; reinstall complaintnlp", path=DATA_FILE)


def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded on first call (thread-safe) and cached.

    >>> default_gazetteer() is default_gazetteer()
    True
    """
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Gazetteer.load()
    return _DEFAULT
