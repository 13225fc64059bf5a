"""``AddressExtractor``: informal and formal Russian address mentions → :class:`Address`.

The extractor works on the clean text of :func:`complaintnlp.text.prepare` and maps every span back
to the original string. It finds, in this order of priority:

1. streets with a type word (``ул. Ленина``, ``на Морском проспекте``, ``2-я Пролетарская ул.``) and
   the house that follows («д. 5», «, 12к2», «у дома 7а») or precedes («дом 5 по ул. Ленина»);
2. streets without a type word followed by a house («на Ленина 5», «Советская, 12», «Абылай хана
   23»), and «дом 5 по Советской»;
3. intersections («угол Благоева и Горького», «на пересечении улиц X и Y»);
4. landmarks («у 7 школы», «остановка Южная», «ТЦ Тополь»);
5. settlements, municipalities, regions and city districts through the gazetteer.

Neighbouring parts separated only by commas and small words («в», «г.») form one mention.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import check_text
from ..text import MAX_TEXT_LENGTH, NormalizedText, Text, normalize_text
from ..text.morphology import NOT_NAME_POS, fold, lemmatize_word, parse_word
from .address import ADDRESS_PARTS, Address
from .patterns import (
    GENITIVE_NAMES,
    HOUSE_MARK_RE,
    HOUSE_RE,
    INSTITUTION_WORDS,
    LANDMARKS,
    MONTHS,
    NAME_TAILS,
    NOT_STREET,
    PERSON_TITLES,
    TYPE_ABBR,
    UNIT_WORDS,
    street_type_of,
)
from .streets import _inflect, agrees, canonical_street, is_adjective

__all__ = ["LONG_TEXT", "AddressExtractor", "extract_addresses"]

#: Longer strings are cleaned without full tokenisation, and places are looked up only in windows
#: around the streets and landmarks found (keeps any input well under a second per 100 KB).
LONG_TEXT = 20_000
#: At most this many candidates of each kind are examined in one text.
MAX_CANDIDATES = 1_000

_TOKEN_RE = re.compile(
    r"\d{1,10}(?:-[а-яё]{1,3}(?![а-яё]))?|[^\W\d_]{1,60}(?:-[^\W\d_]{1,60}){0,3}|\S")
_ORD_TOKEN = re.compile(r"^\d{1,3}(?:-?(?:я|ая|яя|й|ий|ый|ой|е|ое|ья|ый|го|ой|ей|ю|ую|м|ом))$",
                        re.I)
_PREP_BEFORE = frozenset("""
на по у в во возле около напротив адрес адресу адресу: угол углу от до и с со к за между
район районе перед вдоль против близ рядом ул улица проживаю живу дом
""".split())
_TITLE_WORDS = PERSON_TITLES | frozenset({"имама", "шейха"}) | frozenset(
    "героев братьев сестер сестёр александра реки канала острова".split())
_CROSS_KEYS = re.compile(r"^(?:угол|углу|угла|пересечени[еияю]|перекр[её]ст(?:ок|ке|ка|ку)"
                         r"|перекресток|перекрёсток|пересечение|между)$", re.I)
_NAME_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn")
_GAP_RE = re.compile(
    r"[\s,;:()\-—–/]{0,6}(?:(?:в|во|на|по|г|гор|город[ае]?|у|около|возле|рядом\x20с"
    r"|район[ае]?|р-н[ае]?|пос|п|с|д|дер|деревня|село|поселок|пгт)\.?[\s,;:\-—–]{1,4}){0,2}",
    re.I)
_PLACE_ABBR = {"город": "г.", "посёлок": "пос.", "поселок": "пос.", "пгт": "пгт",
               "посёлок городского типа": "пгт", "рабочий посёлок": "рп", "село": "с.",
               "деревня": "д.", "хутор": "х.", "станица": "ст-ца", "аул": "аул",
               "микрорайон": "мкр", "слобода": "сл.", "станция": "ст."}
#: settlement type codes of the gazetteer → full words
SETTLEMENT_TYPES = {
    "г": "город", "пгт": "посёлок городского типа", "рп": "рабочий посёлок", "п": "посёлок",
    "с": "село", "д": "деревня", "х": "хутор", "ст-ца": "станица", "аул": "аул",
    "дп": "дачный посёлок", "кп": "курортный посёлок", "нп": "населённый пункт",
    "сл": "слобода", "ст": "станция", "мкр": "микрорайон", "м": "местечко", "у": "улус",
}
_DISTRICT_ALIASES = {
    "академ": "Академгородок", "академе": "Академгородок", "академгородок": "Академгородок",
    "академгородке": "Академгородок", "академгородка": "Академгородок",
}
_LANDMARK_RES = [(re.compile(
    rf"(?<![^\W\d_])(?P<kw>{p})(?![^\W\d_])\s{{0,2}}(?:№|номер|n|#)?\s{{0,2}}(?P<num>\d{{1,4}})"
    rf"(?![\d:.,]\d)", re.I), canon) for p, canon in LANDMARKS]
_LANDMARK_PRE_RES = [(re.compile(
    rf"(?<![\d\w])(?P<num>\d{{1,4}})(?:-?(?:[а-яё]{{1,3}}))?\s{{1,2}}(?P<kw>{p})(?![^\W\d_])",
    re.I), canon) for p, canon in LANDMARKS]
_STOP_RE = re.compile(
    r"(?<![^\W\d_])(?:остановк[аиеуо]й?|ост\.)\s{1,2}(?:общественного\s{1,2}транспорта\s{1,2})?"
    r"[«\"]?(?P<name>[^\W\d_][\w-]{1,30}(?:\s(?-i:[А-ЯЁ])[\w-]{1,30})?)[»\"]?", re.I)
_ORG_RE = re.compile(
    r"(?<![^\W\d_])(?P<kw>ТЦ|ТРЦ|ТК|ЖК|ДК|СНТ|КДЦ|ТОЦ|БЦ)\s{0,2}[«\"]?"
    r"(?P<name>[А-ЯЁA-Z0-9][\w-]{0,30}(?:\s[А-ЯЁA-Z][\w-]{1,30})?)[»\"]?")
_METRO_RE = re.compile(r"(?<![^\W\d_])(?:метро|станци[яиюей]\s{1,2}метро|м\.)\s{0,2}"
                       r"[«\"]?(?P<name>[А-ЯЁ][\w-]{2,30}(?:\s[А-ЯЁ][\w-]{1,30})?)[»\"]?")
_RAYON_RE = re.compile(
    r"(?<![^\W\d_])(?P<adj>[А-ЯЁа-яё][а-яё]{2,30}(?:ск|цк|вск|нск)(?:ий|ого|ом|ому|им))"
    r"\s{1,2}(?P<kw>р-н[ае]?|р-на|район[ае]?|района|р\.|рн)\.?(?![^\W\d_])", re.I)
_UPPER_RE = re.compile(r"[А-ЯЁA-Z]")
_NEXT_WORD = re.compile(r"\s{0,2}([^\W\d_]{1,15})")
_LANDMARK_ANY = re.compile(r"школ|сош|гимнази|лице|сад|д/с|поликлиник|больниц", re.I)
_HOUSE_PRE = re.compile(r"[\s,]{0,4}(?:(?-i:В\.?\s?О|П\.?\s?С)\.?[\s,]{0,3})?"
                        r"(?:(?:в\x20районе|в\x20р-не)\s{1,2})?", re.I)
_HOUSE_BEFORE = re.compile(
    r"(?:(?<![^\W\d_])(?:д|дом|дома|доме|дому|домом|домами|домов|двор[еау]?|и|№|,)\.?\s{0,2}"
    r"(?:№\s{0,2})?)(?P<house>\d{1,4}(?:[а-яё]|\s{0,2}/\s{0,2}\d{1,4}|[\s,]{0,2}(?:к|корп|корпус|кор)"
    r"\.?\s{0,2}\d{1,3}|\s{0,2}(?:стр|строение)\.?\s{0,2}\d{1,3}){0,3})"
    r"(?:[\s,]{1,3}(?:по|на)\s{1,2}|\s{0,2}[,—–-]\s{0,2})$", re.I)
#: nouns in the genitive that name streets («улица Мира», «улица Победы»)
_GENITIVE_STREET_NOUNS = frozenset("""
мира победы свободы труда дружбы революции молодежи молодёжи коммуны независимости
космонавтики пионерии индустрии
""".split())


@lru_cache(maxsize=10_000)
def _weak_reading(low: str) -> bool:
    """The dictionary's best reading of ``low`` is a guess (score under 0.5) or unknown, and
    not a function word («ирчи»: an unlikely imperative)."""
    if low in NOT_STREET:
        return False
    parses = parse_word(low)
    if not parses:
        return True
    top = parses[0]
    return (top.score < 0.5 or not top.is_known) and top.tag.POS not in (
        "PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "PRED", "NUMR")


@lru_cache(maxsize=10_000)
def _first_name_genitive(low: str) -> bool:
    """A first name in the genitive («карла», «льва», «розы», «александра»)."""
    return any("Name" in p.tag and "gent" in p.tag and p.score >= 0.1
               for p in parse_word(low)[:4])


#: «улицы Садовой села Кочубеевское»: the genitive of a place's kind ends a street name
_PLACE_KIND_GENITIVES = frozenset("""
села деревни поселка посёлка города станицы хутора аула района области края республики округа
микрорайона поселения слободы
""".split())
#: «у 5 дома по Гагарина», «возле 14-го дома на Мира»: the number before «дома»
_HOUSE_NUM_FIRST = re.compile(
    r"(?<![^\W\d_])(?:у|возле|около|напротив|за|перед|между|рядом\s{1,2}с)\s{1,2}"
    r"(?P<house>\d{1,4}[а-яё]?)(?:-?(?:го|ого|м|ом))?\s{1,2}дом(?:а|ом|у|е)?"
    r"[\s,]{1,3}(?:по|на)\s{1,2}$", re.I)
_AFTER_PAIR = re.compile(r"\s{0,2}(?:[—–-]\s|,\s{0,2}(?:там|тут|здесь)\b|$|[.!]\s)", re.I)
_YEAR_AFTER = re.compile(r"\s{0,2}(?:года|году|г\.|гг|год\b|-го)", re.I)
#: street type words written out in full: a dot after them ends a sentence, not an abbreviation
_FULL_TYPE_WORD = re.compile(
    r"^(?:улиц[аеуыи]|улицей|проспект\w*|переулок|переулк\w+|бульвар\w*|шоссе|площад[ьи]|"
    r"площадью|набережн(?:ая|ой|ую)|проезд\w*|тупик\w*|микрорайон\w*|квартал\w*)$")
#: streets named by a plural noun in the genitive («улица Строителей»), found bare after «на/по»
_PLURAL_STREET_NAMES = frozenset("""
строителей энергетиков металлургов космонавтов пионеров комсомольцев партизан геологов
нефтяников шахтеров шахтёров железнодорожников мелиораторов машиностроителей химиков
текстильщиков декабристов связистов интернационалистов авиаторов танкистов летчиков лётчиков
гвардейцев моряков пограничников добровольцев физкультурников
""".split())
#: lower-case plural nouns after an adjective in street names («Уральских рабочих», «Красных
#: партизан», «Юных ленинцев»)
_PLURAL_TAILS = _PLURAL_STREET_NAMES | frozenset("""
рабочих зорь командиров коммунаров борцов героев ополченцев бойцов курсантов ленинцев зодчих
мостостроителей десантников казаков стрелков дивизий бригад
""".split())
_NUMBERED_NOT_HOUSE = re.compile(
    r"(?:школ\w*|сош|ц?гб|гкб|црб|окб|дгб|гп|гимнази\w*|лице\w*|сад\w*|д/с|поликлиник\w*|больниц\w*|отделени\w*|"
    r"маршрут\w*|автобус\w*|троллейбус\w*|трамва\w*|участ\w*|подстанци\w*|котельн\w*|"
    r"аптек\w*|магазин\w*|корпус\w*|палат\w*|кабинет\w*|цех\w*|выход\w*)\s{0,2}$", re.I)
_HOUSE_BEFORE_MARKED = re.compile(  # «возле д.7 ул. Лесная»
    r"(?<![^\W\d_])(?:д|дом|дома|доме)\.?\s{0,2}(?:№\s{0,2})?"
    r"(?P<house>\d{1,4}(?:[а-яё]|/\d{1,4}|к\d{1,3}){0,2})\s{1,2}$", re.I)
_SQUARE_METRES = re.compile(r"\s{0,2}кв\.?\s{0,2}м(?![а-яё])", re.I)
#: what a number before it counts, not a house («у 4 школы», «после 3 подъезда»)
_NUMBERED_GENITIVES = frozenset("""
школы школой школе садика сада садом детсада больницы больнице поликлиники поликлинике гимназии
лицея подъезда подъезде подъездом этажа этаже остановки остановке магазина аптеки маршрута
автобуса трамвая троллейбуса маршрутки километра км корпуса участка квартала
""".split())
#: «70 лет Октября», «50 лет ВЛКСМ», «78 Добровольческой бригады» (no type word needed)
_NUMBERED_STREET = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3})(?:-?(?:й|я|го|летия))?\s{1,2}(?:(?P<years>лет|летия)\s{1,2}"
    r"(?P<tail>октябр[яюе]|победы|влксм|комсомола|пионерии|ссср|октябрьской революции|"
    r"великого октября|советской армии|красной армии|советской власти|города|района|области|"
    r"республики|совхоза|колхоза|завода)|(?P<tail2>[а-яё]+(?:ой|ей)\s{1,2}"
    r"(?:бригады|дивизии|армии|гвардии)))(?![\w])", re.I)
_ABBREVIATIONS = frozenset({"влксм", "ссср"})
#: what may precede such a street: a preposition of place or a separator
_NUMBERED_STREET_BEFORE = frozenset(
    "на по с со у вдоль от до возле около напротив за перед , — - – :".split())
#: «Муринская дорога», «Токсовской дороге» (with a house number: see ``_road_streets``)
_ROAD_STREET = re.compile(
    r"(?<![\w-])(?P<adj>[А-ЯЁ][а-яё]{2,}(?:ская|цкая|ской|цкой|скую|цкую))\s{1,2}"
    r"(?P<road>дорог[аеиу])(?![а-яё])")
#: «у 150 дома», «напротив 64-го дома», «возле 12а дома»
_NUMBER_DOMA = re.compile(
    r"(?<![^\W\d_])(?:у|возле|около|напротив|вдоль|за|перед|рядом с|от|до|к|во дворе|в)\s{1,2}"
    r"(?:(?P<house>\d{1,4}[а-я]?)(?:-?(?:го|м|ом|ого))?\s{1,2}(?:дома|дом|доме|дому|домом)"
    r"(?![^\W\d_])|(?:дома|домом|доме|д\.)\s{0,2}(?:№\s{0,2})?(?P<house2>\d{1,4}[а-я]?)(?![\w/]))",
    re.I)
_END_OF_SENTENCE = re.compile(r"[.!?](?:\s|$)|\n")
_AND_HOUSE = re.compile(r"(\s{0,2}(?:и|,)\s{0,2})(?:д\.|дом|дома|№)\s{0,2}(?=\d)"
                        r"|(\s{0,2}и\s{1,2})(?=\d)", re.I)
#: settlement and district type words: the adjective after one names a place, not a street
_PLACE_TYPE_BEFORE = frozenset("""
ст ст-ца станица станице станицы пос посёлок поселок посёлке поселке п пгт рп с село селе г
город городе д дер деревня деревне мкр мкрн микрорайон микрорайоне р-н район районе снт х хутор
""".split())
#: prepositions (with the genitive) before a street named after a person («с Карла Маркса»)
_OTHER_STREET_PREPS = frozenset("с со от до у возле около напротив вдоль".split())
#: prepositions after which a bare street name is read (see AddressExtractor._near_street)
_NEAR_PREPS = frozenset("возле около напротив над с со".split())
_STREET_FIRST_NAMES = frozenset("карла розы клары льва фридриха".split())
#: «Большой», «Малой» … of a two-word street name after «на / по» («на Большой Садовой»)
_SIZE_ADJECTIVES = frozenset("""
большой малой старой новой верхней нижней средней
""".split())
#: the same adjectives in every case and gender (a street's first word in lower case)
_SIZE_WORDS = frozenset(f"{stem}{end}" for stem in ("больш", "мал", "стар", "нов", "верхн", "нижн",
                                                     "средн")
                        for end in ("ая", "яя", "ой", "ей", "ую", "юю", "ий", "ый", "ое", "ее",
                                    "ого", "его", "ом", "ем"))
#: units after a number that make it a price or an area even after a comma or «д.»
_MONEY_AND_AREA = frozenset("""
рублей рубля руб рублики тысяч тыс тыщ тыщи косарей м² м2 кв.м квм соток сотки сотка га гектаров
""".split())
_AFTER_NUM_BAD = re.compile(r"^(?:[:.,]\d|-\d|\s?[хx×*]\s?\d|\s{0,2}%|\s{0,2}(?:р\.|руб|₽|\$|т\.р)|\d)")
_DATE_BEFORE = re.compile(r"(?:[сcпо]|до|от|с\x20)\s{0,2}$|\d[.:/]\s{0,1}$")


@dataclass
class _Part:
    start: int  # clean offsets
    end: int
    fields: dict[str, str] = field(default_factory=dict)
    priority: int = 0


_ANY_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str


def _tokens(s: str) -> list[_Tok]:
    low = s.lower().replace("ё", "е")
    if len(low) != len(s):  # «İ» lower-cases to two characters: fold token by token
        return [_Tok(m.start(), m.end(), g, fold(g))
                for m in _TOKEN_RE.finditer(s) for g in (m.group(),)]
    return [_Tok(a, b, s[a:b], low[a:b])
            for m in _TOKEN_RE.finditer(s) for a, b in (m.span(),)]


def _is_word(tok: _Tok) -> bool:
    return tok.text[:1].isalpha()


def _house_from_match(m: re.Match[str]) -> tuple[str, str | None, str | None]:
    """(house, building, apartment) from a :data:`HOUSE_RE` match."""
    h = m.group("num")
    let = m.group("let") or m.group("let2") or m.group("let3")
    if let:
        h += let
    if m.group("frac"):
        h += "/" + m.group("frac")
    building = None
    if m.group("korp"):
        h += "к" + m.group("korp")
        building = m.group("korp")
    if m.group("str"):
        h += "с" + m.group("str")
        building = building or m.group("str")
    if m.group("lit") and not let:
        h += m.group("lit").upper()
    return h, building, m.group("apt") or m.group("apt2")


@lru_cache(maxsize=100_000)
def _morph_ok_lower(word: str, after_type: bool = False) -> bool:
    """A lower-case word that may name a street without a type word («ленина», «советской»);
    ``after_type``: right after a type word, where people in the genitive plural name one too
    («пр тракторостроителей», «ул энтузиастов»; not «у детей 9 класс»)."""
    if word in NOT_STREET or len(word) < 3:
        return False
    if word in NAME_TAILS or word in GENITIVE_NAMES:
        return True
    parses = parse_word(word)
    if not parses:
        return True
    top = parses[0]
    if any(t in p.tag for p in parses[:3] for t in _NAME_TAGS):
        return True
    if is_adjective(word):
        return True
    if after_type and top.tag.POS == "NOUN" and {"gent", "plur", "anim"} <= top.tag.grammemes:
        return True  # «строителей», «энтузиастов», «тракторостроителей»: people the street honours
    if top.tag.POS in NOT_NAME_POS or top.tag.POS == "NOUN":
        return False
    return "UNKN" in top.tag or not top.is_known


#: adjectives that make a phrase, not a street, with a type word after them («бесплатный
#: проезд», «горячая линия», «жилая площадь»): stems by canonical type
_NOT_NAME_BEFORE: dict[str, tuple[str, ...]] = {
    "проезд": ("бесплатн", "льготн", "платн", "свободн", "безопасн", "беспрепятствен", "сквозн",
               "удобн", "нормальн", "единствен", "прям", "ежедневн"),
    "линия": ("горяч", "прям", "телефон", "кабельн", "газов", "воздушн", "электрич", "берегов",
              "сплошн", "стоп", "трамвайн", "железнодорожн", "высоковольт"),
    "площадь": ("жил", "общ", "полезн", "посевн", "торгов", "нежил", "служебн"),
    "тупик": ("полн", "настоящ", "очередн"),
    "проспект": ("рекламн",),
}


_CAPITAL = re.compile(r"[A-ZА-ЯЁ]")
_SMALL = re.compile(r"[a-zа-яё]")


def _shouting(s: str) -> bool:
    """Most letters of ``s`` are capitals (at least 12 capitals, three times the small ones)."""
    upper = len(_CAPITAL.findall(s))
    return upper >= 12 and upper >= 3 * len(_SMALL.findall(s))


#: words before «на» that make the following surname a person («жалоба на Иванова»)
_ACCUSE_WORDS = frozenset("""
жалоба жалобу жалобы жалуюсь жалуемся пожаловаться заявление заявить донос управу управы
надежда надеемся надеюсь рассчитываем похож похожа похожи обиделся обиделась ссылаюсь
пожаловался пожаловалась пожаловались жалуется жалуются суд
""".split())

#: feminine adjectives that stand for a noun other than «улица» («на скорой», «на проходной»)
_NOT_BARE_STREET = frozenset("""
скорой проходной приемной дежурной столовой учительской ординаторской операционной парадной
лестничной детской горячей холодной прямой личной новой старой прошлой следующей последней
ближайшей соседней противоположной левой правой встречной проезжей главной входной передней
задней нижней верхней крайней средней общей частной платной бесплатной городской районной
областной федеральной российской местной дальней зимней летней весенней осенней ночной дневной
вечерней утренней ранней поздней большой малой маленькой полной пустой целой плохой хорошей
объездной окружной кольцевой
""".split())


_SURNAME_ADJ_GENT = re.compile(r"(?:[сц]кого)$")
_GUESSED_SURNAME = re.compile(r"(?:[оеё]ва|[иы]на|[сц]кого|енко|йко|ко)$")


def _genitive_person_kind(low: str, parses: Any) -> str | None:
    """How ``low`` can be a person's name in the genitive, the way streets are named after
    people: ``"surname"`` («Гагарина», «Коваленко», «Книповича», «Воровского», «Ойунского»),
    ``"female"`` («Терешковой», which may also be a feminine adjective: the caller tries
    adjectives first) or ``"plural"`` («Коммунаров», «Доваторцев»: a common word such as
    «детей» only when capitalised, which the caller checks); None otherwise."""
    female = plural = False
    for p in parses:
        tag = p.tag
        if p.score < 0.05 or "gent" not in tag:
            continue
        if "Surn" in tag and ("masc" in tag or "ms-f" in tag):
            return "surname"
        if "Patr" in tag and "masc" in tag:  # «Книповича»: surnames that look like patronymics
            return "surname"
        if "Surn" in tag and "femn" in tag:
            female = True
        elif tag.POS == "NOUN" and "anim" in tag and "plur" in tag and "Name" not in tag:
            plural = True
    # «на Воровского», «Якутск, Ойунского»: an adjectival surname, which «на» would otherwise
    # never take in the genitive without a noun after it (the caller checks that none follows)
    if _SURNAME_ADJ_GENT.search(low) is not None and any(
            p.tag.POS == "ADJF" and "gent" in p.tag and "masc" in p.tag and "sing" in p.tag
            and p.score >= 0.1 and not {"Apro", "Anum", "Poss", "Supr"} & p.tag.grammemes
            for p in parses[:4]):
        return "surname"
    return "female" if female else "plural" if plural else None


@lru_cache(maxsize=50_000)
def _bare_street_kind(low: str, case: str) -> str | None:
    """``"surname"``, ``"adjective"``, ``"prospect"``, ``"plural"`` (people in the plural,
    a common noun: the caller requires a capital) or None: can ``low`` after «на» (``case``
    ``"loct"``) or «по» (``"datv"``) name a street by itself?"""
    if low in NOT_STREET or low in _NOT_BARE_STREET or street_type_of(low) is not None:
        return None
    parses = parse_word(low)[:8]  # «ключевой»: the feminine locative is the 6th reading
    if not parses:
        return None
    person = _genitive_person_kind(low, parses)
    if person == "surname":
        return "surname"  # «на Гагарина», «по Лермонтова», «на Коваленко», «на Воровского»
    if not parses[0].is_known and _GUESSED_SURNAME.search(low) is not None:
        return "surname"  # a surname the dictionary does not know: «на Камозина», «на Завойко»
    for p in parses:
        tag = p.tag
        if case in ("loct", "datv") and "-" not in low and "Geox" in tag and "gent" in tag \
                and "masc" in tag and "sing" in tag and p.score >= 0.3:
            # «на Куйбышева», «по Чкалова»: a town's name would take the locative / dative
            return "surname"
    for p in parses:
        tag = p.tag
        if tag.POS == "ADJF" and "femn" in tag and "sing" in tag and case in tag and not (
                {"Apro", "Anum", "Poss", "Supr"} & tag.grammemes) and _ADJ_SUFFIX.search(low):
            return "adjective"  # «на Первомайской», «по Советской»
    if case == "loct" and low.endswith(("ском", "цком")) and any(
            p.tag.POS == "ADJF" and "masc" in p.tag and "loct" in p.tag and p.score >= 0.3
            for p in parses):
        return "prospect"  # «на Ленинском», «на Невском»: a prospect named by its adjective
    if person == "female":
        return "surname"  # «на Терешковой» (not an adjective: «на Большой Покровской» is one)
    if person == "plural" and (not parses[0].is_known or low in _PLURAL_STREET_NAMES):
        return "surname"  # «на доваторцев» (not «на детей»: capitalised, see _bare_street)
    return person


_ADJ_SUFFIX = re.compile(r"(?:[нкчщ]ой|[нкчщ]ей|ской|цкой|вой)$")
#: what may follow a heading street («Екб, Щорса от …», «Питер, Софийская у Бухарестской»)
_HEADING_NEXT = frozenset({"у", "от", "возле", "около", "напротив", "между", "угол", "д", "дом"})
_HEADING_ADJ = re.compile(r"(?:[нкчщвт]ая|[нкчщ]яя|ская|цкая|ьная)$")


_UNITS = ("один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
          "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать "
          "девятнадцать").split()
_UNITS_ORD = ("первый второй третий четвертый пятый шестой седьмой восьмой девятый десятый "
              "одиннадцатый двенадцатый тринадцатый четырнадцатый пятнадцатый шестнадцатый "
              "семнадцатый восемнадцатый девятнадцатый").split()
_TENS = "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
_TENS_ORD = ("двадцатый тридцатый сороковой пятидесятый шестидесятый семидесятый "
             "восьмидесятый девяностый").split()
_HUNDREDS = "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()
_HUNDREDS_ORD = ("сотый двухсотый трехсотый четырехсотый пятисотый шестисотый семисотый "
                 "восьмисотый девятисотый").split()
#: lemma → (value, place: 0 units, 1 tens, 2 hundreds)
_NUMBER_WORDS: dict[str, tuple[int, int]] = {
    **{w: (i + 1, 0) for i, w in enumerate(_UNITS)},
    **{w: (i + 1, 0) for i, w in enumerate(_UNITS_ORD)},
    **{w: (20 + 10 * i, 1) for i, w in enumerate(_TENS)},
    **{w: (20 + 10 * i, 1) for i, w in enumerate(_TENS_ORD)},
    **{w: (100 * (i + 1), 2) for i, w in enumerate(_HUNDREDS)},
    **{w: (100 * (i + 1), 2) for i, w in enumerate(_HUNDREDS_ORD)},
}
_HOUSE_IN_WORDS = re.compile(r"[\s,]{0,3}(?:дом|д\.)\s{1,2}(?:№\s?)?((?:[а-яё]+(?:\s{1,2}|$)){1,3})",
                             re.I)


def _number_in_words(words: list[str]) -> tuple[int, int] | None:
    """``(value, number of words)`` of a number written in words at the head of ``words``
    («сто сорок один», «восемьдесят семь», «пятый»), or None.

    >>> _number_in_words("сто сорок один в подъезде".split())
    (141, 3)
    >>> _number_in_words(["пятом", "этаже"]), _number_in_words(["нет"])
    ((5, 1), None)
    """
    total, used, last_place = 0, 0, 3
    for w in words:
        lem = lemmatize_word(w)
        hit = _NUMBER_WORDS.get(lem.replace("ё", "е"))
        if hit is None or hit[1] >= last_place:
            break
        total += hit[0]
        used += 1
        last_place = hit[1] if hit[0] >= 10 or hit[1] else -1
        if last_place < 0:
            break  # units end a number
    return (total, used) if used else None


def _house_in_words(s: str, parts: list[_Part]) -> None:
    """«ул горького дом пятнадцать», «дом сто сорок один»: a house number written in words
    right after a street (voice input, older writers)."""
    for part in parts:
        if "street" not in part.fields or "house" in part.fields:
            continue
        m = _HOUSE_IN_WORDS.match(s, part.end)
        if m is None:
            continue
        words = m.group(1).split()
        got = _number_in_words(words)
        if got is None or not 0 < got[0] < 1000 or (
                len(words) > got[1] and words[got[1]].lower() == "из"):
            continue  # (not «дом один из лучших»)
        value, n = got
        end = m.start(1)
        for w in words[:n]:
            end = s.index(w, end) + len(w)
        part.fields["house"] = str(value)
        part.end = end


def _before_name(toks: list[_Tok], start: int) -> int:
    """Index of the token before a name starting at ``start``, past an abbreviation's dot
    («ст. каневская» → «ст»); -1 at the text's start."""
    k = start - 1
    if k >= 0 and toks[k].text == ".":
        k -= 1
    return k


@lru_cache(maxsize=50_000)
def _heading_name_kind(low: str) -> str | None:
    """``"embankment"``, ``"adjective"``, ``"surname"``, ``"plural"`` or None: can ``low``,
    capitalised and alone, name a street next to its town («Пятигорская», «Щорса»)?"""
    if low in ("набережная", "набережной"):
        return "embankment"
    if low in _PLURAL_STREET_NAMES:
        return "plural"
    if low in NOT_STREET or low in _NOT_BARE_STREET or street_type_of(low) is not None:
        return None
    parses = parse_word(low)[:6]
    if not parses or (parses[0].tag.POS in NOT_NAME_POS and parses[0].tag.POS != "ADJF"):
        return None
    for p in parses:
        tag = p.tag
        if tag.POS == "ADJF" and "femn" in tag and "sing" in tag and "nomn" in tag and not (
                {"Apro", "Anum", "Poss", "Supr"} & tag.grammemes) and _HEADING_ADJ.search(low):
            return "adjective"
    person = _genitive_person_kind(low, parses)
    if person == "plural" and parses[0].is_known:
        return None  # «Курск, Детей …»: a common noun (the street names are listed above)
    return "surname" if person else None


def _emoji_after(s: str, toks: list[_Tok], k: int) -> bool:
    """An emoji (blanked: two or more spaces) or the end of the text follows token ``k``."""
    if k + 1 >= len(toks):
        return True
    gap = s[toks[k].end:toks[k + 1].start]
    return len(gap) >= 2 and gap.isspace()


@lru_cache(maxsize=50_000)
def _noun_in(low: str, case: str) -> bool:
    """Can ``low`` be a noun or an adjective in ``case`` («рынке», «шоссе», «районе»)?"""
    return any(p.tag.POS in ("NOUN", "ADJF") and (case in p.tag or "loc2" in p.tag)
               and p.score >= 0.05 for p in parse_word(low)[:4]) or \
        street_type_of(low) is not None


@lru_cache(maxsize=50_000)
def _agreeing_word(low: str, case: str) -> bool:
    """Can ``low`` be a noun (or another adjective) that a feminine singular adjective in
    ``case`` before it agrees with («детской площадке»)?"""
    for p in parse_word(low)[:4]:
        tag = p.tag
        if tag.POS in ("NOUN", "ADJF", "NUMR") and p.score >= 0.05 and case in tag and \
                "plur" not in tag and ("femn" in tag or "Ms-f" in tag or tag.POS == "NUMR"):
            return True
    return False


def _cap_abbr(word: str) -> str:
    """«влксм» → «ВЛКСМ», «октября» → «Октября»."""
    low = word.lower()
    return low.upper() if low in _ABBREVIATIONS else low[:1].upper() + low[1:]


def _unknown_word(word: str) -> bool:
    """A word of four letters or more that the dictionary does not know (only guesses)."""
    if len(word) < 4 or not word.isalpha() or word in NOT_STREET or \
            word.endswith(("йти", "ити", "ться", "тся")):
        return False  # (a misspelt verb: «как на улице сделайти»)
    parses = parse_word(word)
    return not parses or not parses[0].is_known


@lru_cache(maxsize=100_000)
def _continues_name(prev: str, word: str) -> bool:
    """Does lower-case ``word`` continue a street name after ``prev``?"""
    parses = parse_word(word)
    if not parses:
        return False
    if is_adjective(prev) and not is_adjective(word):
        return any(p.tag.POS == "NOUN" and "gent" in p.tag for p in parses[:2])
    if prev in _SIZE_WORDS and is_adjective(word):
        return True  # «ул. большая покровская», «малая садовая»
    prev_parses = parse_word(prev)
    if any("Name" in p.tag for p in prev_parses[:2]):
        return any("Surn" in p.tag for p in parses[:3]) or \
            re.search(r"(?:ск|цк)(?:ой|ого|ая)$", word) is not None
    return False


@lru_cache(maxsize=100_000)
def _morph_ok_cap(word: str) -> bool:
    """A capitalised word that may name a street («Ленина», «Советская», «Сатпаева»)."""
    low = word.lower().replace("ё", "е")
    if low in NOT_STREET or len(low) < 2:
        return False
    parses = parse_word(low)
    if parses and parses[0].tag.POS in NOT_NAME_POS and not any(
            t in p.tag for p in parses[:3] for t in _NAME_TAGS):
        return False
    return True


class AddressExtractor:
    """Find address mentions in a message; :func:`extract_addresses` is the default instance.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Places (settlements, municipalities, regions, city districts). Default:
        :func:`complaintnlp.geo.default_gazetteer`, loaded on the first call.
    places : bool
        Report settlements, municipalities, regions and districts (alone or as parts of a street
        address). Default True.
    landmarks : bool
        Report landmarks («у 7 школы», «остановка Южная»). Default True.

    Examples
    --------
    >>> [(a.text, a.street, a.house) for a in extract_addresses("яма на Ленина 5, уже 3 дня")]
    [('Ленина 5', 'улица Ленина', '5')]
    >>> a = extract_addresses("Тверь, ул. Советская, д. 12к2 кв 5")[0]
    >>> a.settlement, a.street, a.house, a.building, a.apartment
    ('Тверь', 'Советская улица', '12к2', '2', '5')
    >>> a.normalized
    'г. Тверь, ул. Советская, д. 12к2, кв. 5'
    >>> [(a.street, a.cross_street) for a in extract_addresses("на углу Благоева и Горького")]
    [('улица Благоева', 'улица Горького')]
    >>> [(a.landmark, a.text) for a in extract_addresses("у 7 школы опять не чистят")]
    [('школа № 7', '7 школы')]
    >>> extract_addresses("автобус 32 не ходит с 1 числа, звоните 8-920-123-45-67")
    []
    """

    def __init__(self, gazetteer: Any = None, places: bool = True, landmarks: bool = True) -> None:
        self._gazetteer = gazetteer
        self.places = places
        self.landmarks = landmarks
        self._lock = threading.Lock()
        self._cache: dict[tuple[int, str], tuple[tuple[int, int, Any], ...]] = {}

    @property
    def gazetteer(self) -> Any:
        """The gazetteer in use (the default one is loaded on first access)."""
        if self._gazetteer is None:
            with self._lock:
                if self._gazetteer is None:
                    from ..geo.gazetteer import default_gazetteer

                    self._gazetteer = default_gazetteer()
        return self._gazetteer

    def _gaz(self, gazetteer: Any) -> Any:
        """The gazetteer of one call (given) or the extractor's own."""
        return gazetteer if gazetteer is not None else self.gazetteer

    # ------------------------------------------------------------------ API
    def __call__(self, text: str | Text, gazetteer: Any = None) -> list[Address]:
        """Address mentions of ``text`` in text order (see the class docstring)."""
        t: Text | None
        if isinstance(text, Text):
            t, norm = text, text.normalized
        else:
            check_text(text, "text")
            # a string is only cleaned (no full tokenisation and lemmatisation: fast); places are
            # looked up in short windows around the streets found and the place-like words
            t = None
            norm = normalize_text(text[:MAX_TEXT_LENGTH])
            if len(text) > MAX_TEXT_LENGTH:
                norm = NormalizedText(text, norm.text, norm.segments, norm._starts)
        s = norm.text
        if not s.strip():
            return []
        original = None
        if _shouting(s):
            # in a message written in capitals, capitals say nothing about street names: read
            # it in lower case («К ОТЦУ С ИНСУЛЬТОМ» is no street; «НА ЛЕНИНА» still is); places
            # are still looked up as written («КУРГАН»)
            low = s.lower()
            if len(low) == len(s):
                s, original = low, s
        parts = self._find(s, t, gazetteer, original)
        return self._assemble(parts, norm)

    def extract(self, text: str | Text) -> list[Address]:
        """Same as calling the extractor."""
        return self(text)

    def extract_batch(self, texts: Iterable[str | Text]) -> list[list[Address]]:
        """Address mentions of each text."""
        return [self(x) for x in texts]

    # ------------------------------------------------------------------ finding parts
    def _find(self, s: str, t: Text | None, gazetteer: Any,
              original: str | None = None) -> list[_Part]:
        toks = _tokens(s)
        parts: list[_Part] = []
        used = [False] * len(toks)
        has_digit = _ANY_DIGIT.search(s) is not None
        budget = MAX_CANDIDATES  # bounded work on absurd input («ул. » × 20 000)
        for i, tok in enumerate(toks):
            if used[i] or not _is_word(tok):
                continue
            typ = street_type_of(tok.low) if len(tok.low) <= 14 else None
            if typ is None:
                continue
            if typ == "набережная" and self._next_to_type(toks, i):
                continue  # «ул. Набережная», «Набережной улице»: a name here
            budget -= 1
            if budget < 0:
                break
            p = self._typed_street(s, toks, i, typ, used)
            if p is not None:
                parts.append(p)
        if has_digit:
            parts.extend(self._numbered_streets(s, toks, used))
            parts.extend(self._road_streets(s, toks, used))
            budget = MAX_CANDIDATES
            for i, tok in enumerate(toks):
                if used[i] or not tok.text[:1].isdigit():
                    continue
                budget -= 1
                if budget < 0:
                    break
                p = self._untyped_street(s, toks, i, used, gazetteer)
                if p is not None:
                    parts.append(p)
        budget = MAX_CANDIDATES
        for i, tok in enumerate(toks):
            if not used[i] and _CROSS_KEYS.match(tok.low):
                budget -= 1
                if budget < 0:
                    break
                p = self._crossing(s, toks, i + 1, used, key_start=tok.start,
                                   gazetteer=gazetteer)
                if p is not None:
                    parts.append(p)
                    continue
                p = self._crossing_before(s, toks, i, used)
                if p is not None:
                    parts.append(p)
        budget = MAX_CANDIDATES
        for i, tok in enumerate(toks):
            if tok.text == "/" and not used[i] and 0 < i < len(toks) - 1:
                p = self._crossing_slash(s, toks, i, used)
                if p is not None:
                    parts.append(p)
                continue
            if tok.low in ("и", "с") and not used[i] and 0 < i < len(toks) - 1:
                budget -= 1
                if budget < 0:
                    break
                p = self._crossing_dash(s, toks, i, used)
                if p is not None:
                    parts.append(p)
        budget = MAX_CANDIDATES
        for i, tok in enumerate(toks):
            if tok.low == "от" and not used[i] and 0 < i < len(toks) - 3:
                budget -= 1
                if budget < 0:
                    break
                p = self._from_to(s, toks, i, used)
                if p is not None:
                    parts.append(p)
        for i, tok in enumerate(toks):
            if tok.low in ("на", "по", "вдоль") and i + 1 < len(toks) and not used[i + 1]:
                k = i + 1
                if toks[k].low in ("всей", "всю", "всему") and k + 1 < len(toks) and \
                        toks[k + 1].text[:1].isupper() and not used[k + 1]:
                    k += 1  # «по всей Ново-Садовой», «вдоль всей Тотурбиева»
                p = self._bare_street(toks, k, used, gazetteer, s)
                if p is not None:
                    parts.append(p)
                    left = s[max(0, tok.start - 40):toks[k].start]
                    mm = _HOUSE_NUM_FIRST.search(left)
                    if mm is not None and "house" not in p.fields:
                        # «у 5 дома на Мира»: the house before the bare street
                        hm = HOUSE_RE.match(mm.group("house"))
                        if hm is not None:
                            p.fields["house"] = _house_from_match(hm)[0]
                            p.start = toks[k].start - len(left) + mm.start()
                        continue
                    house = self._bare_street_house(s, toks, p, used)
                    if house is not None:
                        parts.append(house)
        for i, tok in enumerate(toks):
            if tok.low in _OTHER_STREET_PREPS and i + 2 < len(toks) and not used[i + 1] and \
                    (toks[i + 1].low in _TITLE_WORDS or toks[i + 1].low in _STREET_FIRST_NAMES):
                # «остановку с Карла Маркса перенесли», «у Маршала Жукова» (a person after «у /
                # с» is as likely: only titles and the first names of streets everywhere)
                p = self._person_street(toks, i + 1, used, "gent")
                if p is not None:
                    parts.append(p)
            if tok.low in _NEAR_PREPS and i + 1 < len(toks) and not used[i + 1]:
                p = self._near_street(toks, i + 1, used, gazetteer, tok.low)
                if p is not None:
                    parts.append(p)
        if self.places:
            for i, tok in enumerate(toks):
                if tok.text == "," and 0 < i < len(toks) - 1:
                    p = self._heading_street(s, toks, i, used, gazetteer)
                    if p is not None:
                        parts.append(p)
        self._house_by_number(s, parts)
        _house_in_words(s, parts)
        parts.extend(self._more_houses(s, parts))
        if self.landmarks:
            parts.extend(self._landmarks(s, toks, used))
        if self.places:
            if original is not None:  # same tokens (lower-casing keeps every offset)
                parts.extend(self._places(original, t, _tokens(original), gazetteer, parts,
                                          used))
            else:
                parts.extend(self._places(s, t, toks, gazetteer, parts, used))
        return _drop_overlaps(parts)

    # ---- streets with a type word
    @staticmethod
    def _next_to_type(toks: list[_Tok], i: int) -> bool:
        j = i + 1
        if j < len(toks) and toks[j].text == ".":
            j += 1
        if j < len(toks) and street_type_of(toks[j].low) not in (None, "набережная"):
            return True
        k = i - 1
        if k >= 0 and toks[k].text == ".":
            k -= 1
        return k >= 0 and street_type_of(toks[k].low) not in (None, "набережная")

    def _name_after(self, toks: list[_Tok], j: int, all_lower: bool) -> int:
        """End token (exclusive) of a street name starting at token ``j`` (``j`` if none)."""
        n = len(toks)
        k = j
        if k < n and toks[k].low in ("им", "имени"):
            k += 1
            if k < n and toks[k].text == ".":
                k += 1
        while k + 1 < n and len(toks[k].text) == 1 and toks[k].text.isupper() and \
                toks[k + 1].text == "." and toks[k + 1].start == toks[k].end:
            k += 2  # initials: «пр. Ю. Гагарина»
        first = k
        while k < n and k - first < 3:
            tok = toks[k]
            if k == first:
                if tok.text[:1].isdigit():
                    nxt = toks[k + 1] if k + 1 < n else None
                    if _ORD_TOKEN.match(tok.low) and nxt is not None and _is_word(nxt) and \
                            street_type_of(nxt.low) is None and nxt.low not in NOT_STREET:
                        k += 1
                        continue
                    if nxt is not None and (nxt.low in MONTHS or nxt.low == "лет") and \
                            len(tok.text) <= 3:
                        k += 1
                        continue
                    break
                if tok.low.startswith("набережн") and street_type_of(tok.low):
                    k += 1
                    break
                if not _is_word(tok) or street_type_of(tok.low) is not None:
                    break
                if tok.text[:1].isupper():
                    if not _morph_ok_cap(tok.text) and not _weak_reading(tok.low):
                        break  # (a doubtful reading after a type word is a name: «ул. Ирчи Казака»)
                elif not _morph_ok_lower(tok.low, after_type=True) and not (
                        tok.low in GENITIVE_NAMES or tok.low in _TITLE_WORDS
                        or _unknown_word(tok.low)):
                    break  # (a word the dictionary does not know is a name: «ул мельникайте»)
                k += 1
                continue
            prev = toks[k - 1]
            if not _is_word(tok) or street_type_of(tok.low) is not None:
                break
            if (tok.low in _PLURAL_TAILS and prev.low.endswith(("ых", "их"))) or \
                    tok.low in NAME_TAILS or (prev.text.isdigit() and
                                         (tok.low in MONTHS or tok.low == "лет")) or \
                    (prev.low == "лет") or (prev.low in _TITLE_WORDS and
                                            tok.low not in NOT_STREET and
                                            _morph_ok_cap(tok.text)):  # not «Героев сломан»
                k += 1
                continue
            if prev.text[:1].isdigit() and _ORD_TOKEN.match(prev.low):
                k += 1
                continue
            if tok.text[:1].isupper() and not all_lower and tok.low not in NOT_STREET and \
                    tok.start - prev.end <= 1 and _morph_ok_cap(tok.text) and \
                    prev.text[:1].isupper():
                k += 1
                continue
            if _is_word(prev) and tok.start - prev.end <= 1 and tok.low not in NOT_STREET and \
                    tok.low not in _PLACE_KIND_GENITIVES and _continues_name(prev.low, tok.low):
                k += 1  # «Обуховской обороны», «Народного ополчения», «Софьи Ковалевской»
                continue
            break
        return k if k > first else j

    def _name_before(self, toks: list[_Tok], i: int, typ: str) -> int:
        """Start token of an adjectival / ordinal name just before the type word at ``i``."""
        k = i
        while k > 0 and i - k < 2:
            tok = toks[k - 1]
            if tok.text[:1].isdigit():
                if _ORD_TOKEN.match(tok.low) or (typ == "линия" and tok.text.isdigit()
                                                 and len(tok.text) <= 2) or (
                        typ in ("микрорайон", "квартал") and tok.text.isdigit()
                        and len(tok.text) <= 3):  # «5 мкр дом 507», «111 мкр д.14»
                    k -= 1
                break
            if tok.low.startswith("набережн") and _is_word(tok):
                k -= 1
                break
            if not _is_word(tok) or tok.low in NOT_STREET:
                break
            if not is_adjective(tok.low) or tok.low.startswith(_NOT_NAME_BEFORE.get(typ, "\0")):
                break
            if typ in _NOT_NAME_BEFORE and not tok.text[:1].isupper() and \
                    not any(p.is_known for p in parse_word(tok.low)[:2]):
                # «пачему проезд подорожал»: before a type word that is also a common noun, a
                # lower-case word pymorphy only guesses (a typo) is no name
                break
            k -= 1
        return k

    @staticmethod
    def _place_before_type(toks: list[_Tok], b_start: int, i: int, typ: str, all_lower: bool,
                           j: int) -> bool:
        """In «X ул Y» written in lower case, X is no street name: X does not agree with the
        type word («мкр железнодорожный ул граничная»), X follows a settlement type word («ст.
        каневская ул горького»), X heads the message («слободской ул гоголя»), or Y is a
        surname in the genitive («… ул гоголя»)."""
        if not all_lower:
            return False
        last_b = toks[i - 1]
        if not last_b.text[:1].isdigit() and not agrees(last_b.low, typ):
            return True
        k = _before_name(toks, b_start)
        if k < 0 or toks[k].text in ".!?\n":
            return True
        if toks[k].low in _PLACE_TYPE_BEFORE:
            return True
        return any("Surn" in p.tag and "gent" in p.tag for p in parse_word(toks[j].low)[:1])

    def _names_own_street(self, toks: list[_Tok], k: int, all_lower: bool) -> bool:
        """The type word at ``k`` is followed by a name of its own («мкр Железнодорожный ул
        Граничная»), so the words before it are no part of its street («ул. Ленинский
        проспект»)."""
        j = k + 1
        if j < len(toks) and toks[j].text == ".":
            j += 1
        return j < len(toks) and _is_word(toks[j]) and street_type_of(toks[j].low) is None and \
            toks[j].low not in ("д", "дом", "кв") and self._name_after(toks, j, all_lower) > j

    def _typed_street(self, s: str, toks: list[_Tok], i: int, typ: str,
                      used: list[bool]) -> _Part | None:
        tok = toks[i]
        j = i + 1
        dotted = j < len(toks) and toks[j].text == "." and toks[j].start == tok.end
        if dotted:
            j += 1
        all_lower = _UPPER_RE.search(s, max(0, tok.start - 200), tok.start + 200) is None
        full_word = len(tok.low) > 4 and "-" not in tok.low
        if dotted and _FULL_TYPE_WORD.match(tok.low):
            a_end = j  # «…держит в страхе всю улицу. Вчера…»: a sentence ends after the word
        else:
            a_end = self._name_after(toks, j, all_lower)
        b_start = self._name_before(toks, i, typ)
        if a_end > j and typ in _NOT_NAME_BEFORE and toks[j].low.startswith(_NOT_NAME_BEFORE[typ]):
            a_end = j  # «проезд бесплатный положен»: a phrase, not «Бесплатный проезд»
        after_ok = a_end > j
        before_ok = b_start < i
        if before_ok and b_start == i - 1:
            k = _before_name(toks, b_start)
            if k >= 0 and toks[k].low in _PLACE_TYPE_BEFORE and toks[k].low not in (
                    "мкр", "мкрн", "микрорайон", "микрорайоне", "р-н", "район", "районе"):
                # «станица Ленинградская ул кооперации»: the word after the settlement's type
                # word is the settlement, not a street named before its type word
                before_ok = False
        if before_ok and after_ok:
            last_b = toks[i - 1]
            if full_word and (last_b.text[:1].isdigit() or agrees(last_b.low, typ)):
                after_ok = False
            elif toks[j].text[:1].isupper() or toks[j].text[:1].isdigit() or \
                    self._place_before_type(toks, b_start, i, typ, all_lower, j):
                before_ok = False
            else:
                after_ok = False
        if not after_ok and not before_ok:
            if typ in ("микрорайон", "квартал") and j < len(toks) and \
                    toks[j].text[:1].isdigit() and len(toks[j].text) <= 3:
                a_end, after_ok = j + 1, True  # «мкр 5», «квартал 12»
            else:
                return None
        if len(tok.low) <= 2 and not dotted and tok.low not in ("ул",) and not after_ok and \
                not agrees(toks[i - 1].low, typ):
            return None  # «пл», «ш», «пр» alone are too ambiguous
        if after_ok and a_end < len(toks) and street_type_of(toks[a_end].low) is not None and \
                all(is_adjective(x.low) or _ORD_TOKEN.match(x.low) for x in toks[j:a_end]) and \
                not self._names_own_street(toks, a_end, all_lower):
            typ = street_type_of(toks[a_end].low) or typ  # «ул. Ленинский проспект»
            a_end += 1
            words = [x.text for x in toks[j:a_end - 1]]
            part = _Part(tok.start, toks[a_end - 1].end,
                         {"street": canonical_street(words, typ, before_type=True)}, priority=3)
            for k in range(i, a_end):
                used[k] = True
            self._attach_house(s, toks, part, used)
            return part
        if after_ok:
            words = [x.text for x in toks[j:a_end] if (_is_word(x) or x.text[:1].isdigit())
                     and not (len(x.text) == 1 and x.text.isupper())]
            words = [w for w in words if w.lower() not in ("им", "имени")]
            start, end = tok.start, toks[a_end - 1].end
            street = canonical_street(words, typ)
            span_toks = range(i, a_end)
        else:
            words = [x.text for x in toks[b_start:i]]
            start, end = toks[b_start].start, tok.end + (1 if dotted else 0)
            street = canonical_street(words, typ, before_type=True)
            span_toks = range(b_start, j)
        part = _Part(start, end, {"street": street}, priority=3)
        for k in span_toks:
            used[k] = True
        self._attach_house(s, toks, part, used)
        if "house" not in part.fields and after_ok:
            self._attach_cross(s, toks, part, a_end, used)
        return part

    def _attach_cross(self, s: str, toks: list[_Tok], part: _Part, k: int,
                      used: list[bool]) -> None:
        """«Улица Толе би и Байзакова — …»: a second street joined by «и» / «/»."""
        if k + 1 >= len(toks) or toks[k].low not in ("и", "/") or \
                not toks[k + 1].text[:1].isupper():
            return
        got = self._street_phrase(s, toks, k + 1)
        if got is None:
            return
        b, e = got
        if not _AFTER_PAIR.match(s, toks[e - 1].end):
            return
        part.fields["cross_street"] = b
        part.end = toks[e - 1].end
        for q in range(k, e):
            used[q] = True

    # ---- houses
    def _house_at(self, s: str, pos: int) -> tuple[re.Match[str], int] | None:
        """A house number starting at ``pos`` (after separators / «д.») → (match, mark start)."""
        m0 = _HOUSE_PRE.match(s, pos)
        p = m0.end() if m0 else pos
        mark = HOUSE_MARK_RE.match(s, p)
        mark_start = p
        q = mark.end() if mark else p
        if not mark and p - pos > 3:
            return None
        m = HOUSE_RE.match(s, q)
        if not m:
            return None
        # «Московское шоссе 25 км»: a quantity, unless marked as a house («д. 25»)
        if not self._number_ok(s, m.start(), m.end(), marked=mark is not None or
                               s[p:q].strip() != ""):
            return None
        return m, mark_start

    @staticmethod
    def _number_ok(s: str, a: int, b: int, marked: bool) -> bool:
        """Is the number at s[a:b] a house number (not a time, a quantity, a phone)?"""
        if a > 0 and (s[a - 1].isdigit() or s[a - 1] in "+-:/" or
                      (s[a - 1] == "." and a > 1 and s[a - 2].isdigit())):
            return False
        rest = s[b:b + 20]
        if _AFTER_NUM_BAD.match(rest) and not (marked and rest[:1] == ","):
            return False
        if b - a == 4 and s[a:a + 2] in ("19", "20") and _YEAR_AFTER.match(rest):
            return False  # «дом 1968 года»: when it was built
        m = _NEXT_WORD.match(rest)
        if m and (m.group(1).lower() in _MONEY_AND_AREA or (
                m.group(1).lower() in UNIT_WORDS and not marked)):
            return False  # «60 м², газ», «мкр Железнодорожный, 1400 рублей за свет»
        if _SQUARE_METRES.match(rest):
            return False  # «дом в станице Ессентукской, 80 кв. м»: an area
        if m and not marked and m.group(1).lower() in _NUMBERED_GENITIVES:
            return False  # «на Советской у 4 школы»: the school's number
        return True

    def _numbered_streets(self, s: str, toks: list[_Tok], used: list[bool]) -> list[_Part]:
        """Streets named by an anniversary or a unit, written without a type word: «на 70 лет
        Октября», «курск 50 лет октября», «78 Добровольческой бригады 15»."""
        out: list[_Part] = []
        for m in _NUMBERED_STREET.finditer(s):
            k = bisect_left(toks, m.start(), key=lambda tk: tk.start)
            last = bisect_left(toks, m.end(), key=lambda tk: tk.start)
            if k >= len(toks) or toks[k].start != m.start() or any(used[k:last]):
                continue
            if k > 0 and toks[k - 1].text.isdigit():
                continue  # «с 1 50 лет …»: part of a longer number
            prev = toks[k - 1].low if k > 0 else ""
            if k > 0 and prev not in _NUMBERED_STREET_BEFORE and not (
                    _HOUSE_PRE.match(s, m.end()) and self._house_at(s, m.end())) and \
                    not (k == 1 and self._town_name(toks[0].text, None)):
                continue  # «в этом году 80 лет Победы»: an anniversary, not a street
            words = (m.group("tail") or m.group("tail2")).split()
            tail = " ".join([_cap_abbr(words[0])] + [w.lower() for w in words[1:]])
            if m.group("years"):
                name = f"улица {m.group('num')} лет {tail}"
            else:
                name = f"улица {m.group('num')} {tail}"
            part = _Part(m.start(), m.end(), {"street": name}, priority=3)
            for q in range(k, last):
                used[q] = True
            self._attach_house(s, toks, part, used)
            out.append(part)
        return out

    def _road_streets(self, s: str, toks: list[_Tok], used: list[bool]) -> list[_Part]:
        """Streets called «<adjective> дорога» with a house number («Муринская дорога, дом 61»,
        «Токсовская дорога д. 3»); «дорога» alone is too common a word to be a type word."""
        out: list[_Part] = []
        for m in _ROAD_STREET.finditer(s):
            k = bisect_left(toks, m.start(), key=lambda tk: tk.start)
            last = bisect_left(toks, m.end("road"), key=lambda tk: tk.start)
            if k >= len(toks) or toks[k].start != m.start() or any(used[k:last]):
                continue
            adj = m.group("adj")
            name = _inflect(adj, "femn")
            part = _Part(m.start(), m.end("road"),
                         {"street": f"{name[:1].upper()}{name[1:]} дорога"}, priority=3)
            for q in range(k, last):
                used[q] = True
            self._attach_house(s, toks, part, used)
            if "house" not in part.fields:
                for q in range(k, last):
                    used[q] = False
                continue
            out.append(part)
        return out

    @staticmethod
    def _house_by_number(s: str, parts: list[_Part]) -> None:
        """«ул Вичугская у 150 дома», «на Ломоносова … возле 90 дома», «ул. Полярные Зори,
        площадка возле дома 38»: a house named with «дом» after a place preposition, later in
        the sentence of a street that has none."""
        if "дом" not in s:
            return
        starts = sorted(p.start for p in parts)
        n_streets = sum(1 for p in parts if "street" in p.fields)
        for part in parts:
            if "street" not in part.fields or "house" in part.fields:
                continue
            nxt = next((x for x in starts if x >= part.end), len(s))
            stop = min(nxt, part.end + 100)
            m = _END_OF_SENTENCE.search(s, part.end, stop)
            if m is not None:
                stop = m.start()
            hm = _NUMBER_DOMA.search(s, part.end, stop)
            if hm is None and m is not None and n_streets == 1:
                # «Ижевск, улица Азина. У дома 150 дорога разбита»: the only street of the
                # message, its house in the next sentence
                stop2 = min(nxt, m.end() + 100)
                m2 = _END_OF_SENTENCE.search(s, m.end(), stop2)
                hm = _NUMBER_DOMA.search(s, m.end(), m2.start() if m2 is not None else stop2)
                if hm is not None and hm.group().lower().startswith(("в ", "от", "до", "к ")):
                    hm = None  # only a place preposition («у / возле / вдоль дома 150»)
            if hm is not None:
                g = "house" if hm.group("house") else "house2"
                part.fields["house"] = hm.group(g)
                part.end = hm.end(g)

    def _attach_house(self, s: str, toks: list[_Tok], part: _Part, used: list[bool]) -> None:
        got = self._house_at(s, part.end)
        if got is not None:
            m, _ = got
            h, b, apt = _house_from_match(m)
            part.fields["house"] = h
            if b:
                part.fields["building"] = b
            if apt:
                part.fields["apartment"] = apt
            part.end = m.end()
        else:
            # «дом 31 по ул. Ворошилова», «у дома 5 по улице Ленина»
            left = s[max(0, part.start - 70):part.start]
            mm = _HOUSE_BEFORE.search(left) or _HOUSE_BEFORE_MARKED.search(left) or \
                _HOUSE_NUM_FIRST.search(left)
            if mm and mm.group().lstrip()[:1] == "№" and _NUMBERED_NOT_HOUSE.search(
                    left[:mm.start()]):
                mm = None  # «возле школы №3 на ул. Мира»: the school's number, not a house
            if mm:
                hm = HOUSE_RE.match(mm.group("house"))
                if hm:
                    h, b, apt = _house_from_match(hm)
                    part.fields["house"] = h
                    if b:
                        part.fields["building"] = b
                    part.start = part.start - len(left) + mm.start()
        k = bisect_left(toks, part.start, key=lambda tk: tk.start)
        while k < len(toks) and toks[k].start < part.end:
            used[k] = True
            k += 1

    # ---- streets without a type word
    def _untyped_street(self, s: str, toks: list[_Tok], i: int, used: list[bool],
                        gazetteer: Any = None) -> _Part | None:
        num = toks[i]
        if i == 0 or (not _is_word(toks[i - 1]) and toks[i - 1].text not in ",.№-"):
            return None
        hm = HOUSE_RE.match(s, num.start)
        if hm is None or (len(num.text) > 4 and num.text.isdigit()):
            return None
        # look back over «, д.», «дом №»
        k = i - 1
        marked = False
        while k >= 0 and (toks[k].text in (",", ".", "№", "-") or toks[k].low in (
                "д", "дом", "дома", "доме", "у", "около", "возле", "напротив")) and i - k <= 4:
            if toks[k].low in ("д", "дом", "дома", "доме", "№"):
                marked = True
            k -= 1
        if not self._number_ok(s, hm.start(), hm.end(), marked):
            return None
        if not marked and len(num.text) == 4 and num.text.isdigit():
            return None  # «в частной 3000», «вид на байкал 5000»: a price, not a house
        if k >= 0 and _is_word(toks[k]) and not used[k]:
            w = toks[k]
            name_start = self._untyped_name_start(s, toks, k, used, gazetteer)
            if name_start is not None:
                words = [x.text for x in toks[name_start:k + 1]]
                street = _untyped_canon(words)
                h, b, apt = _house_from_match(hm)
                fields = {"street": street, "house": h}
                if b:
                    fields["building"] = b
                if apt:
                    fields["apartment"] = apt
                part = _Part(toks[name_start].start, hm.end(), fields, priority=2)
                for q in range(name_start, len(toks)):
                    if toks[q].start >= part.end:
                        break
                    used[q] = True
                return part
        if marked and toks[k + 1].text == "№" and \
                _NUMBERED_NOT_HOUSE.search(s[max(0, toks[k + 1].start - 30):toks[k + 1].start]):
            return None  # «возле школы №5 на Заречной»: the school's number, not a house
        if marked:  # «дом 5 по Советской»
            j = i + 1
            while j < len(toks) and toks[j].start < hm.end():
                j += 1
            if j + 1 < len(toks) and toks[j].low in ("по", "на") and _is_word(toks[j + 1]):
                w = toks[j + 1]
                ok = (w.text[:1].isupper() and _morph_ok_cap(w.text)) or _morph_ok_lower(w.low)
                if ok and street_type_of(w.low) is None:
                    end_k = j + 2
                    if end_k < len(toks) and toks[end_k].low in NAME_TAILS:
                        end_k += 1
                    words = [x.text for x in toks[j + 1:end_k]]
                    h, b, apt = _house_from_match(hm)
                    start = toks[k + 1].start if k + 1 < i else num.start
                    part = _Part(start, toks[end_k - 1].end,
                                 {"street": _untyped_canon(words), "house": h}, priority=2)
                    if b:
                        part.fields["building"] = b
                    for q in range(k + 1, end_k):
                        used[q] = True
                    return part
        return None

    def _bare_street_house(self, s: str, toks: list[_Tok], part: _Part,
                           used: list[bool]) -> _Part | None:
        """The house of a bare street, marked and after the town: «на Маршала Жукова в Омске у
        дома 101» (a plain number there is too often something else). A part of its own, so
        that the street, the town and the house assemble into one address."""
        k = bisect_left(toks, part.end, key=lambda tk: tk.start)
        if not (k + 2 < len(toks) and toks[k].low in ("в", "во") and
                toks[k + 1].text[:1].isupper() and _is_word(toks[k + 1])):
            return None
        got = self._house_at(s, toks[k + 1].end)
        if got is None:
            return None
        m, mark_start = got
        mark = HOUSE_MARK_RE.match(s, mark_start)
        if mark is None or mark.group().strip()[:1] == "№":
            return None
        h, b, apt = _house_from_match(m)
        fields = {"house": h}
        if b:
            fields["building"] = b
        if apt:
            fields["apartment"] = apt
        q = k + 2
        while q < len(toks) and toks[q].start < m.end():
            used[q] = True
            q += 1
        return _Part(mark_start, m.end(), fields, priority=1)

    def _heading_town(self, toks: list[_Tok], k: int, gazetteer: Any, head: bool) -> bool:
        """Token ``k`` names a town (of 1,000+, or an informal name: «кдр», «Екб»); with
        ``head``, at the head of a sentence («Ессентуки, …») or after «в» («в Сегеже, …»)."""
        w = toks[k]
        if not _is_word(w) or len(w.low) < 3:
            return False
        before = toks[k - 1] if k > 0 else None
        if head and before is not None and before.text not in ".!?:" and \
                before.low not in ("в", "во"):
            return False
        return self._gaz(gazetteer).names_settlement(w.text)

    def _heading_street(self, s: str, toks: list[_Tok], i: int, used: list[bool],
                        gazetteer: Any = None) -> _Part | None:
        """A street named bare next to its town, as a heading: «Ессентуки, Пятигорская.»,
        «Екб, Щорса от Белинского до 8 Марта», «Строителей, Нерюнгри.», «в Сегеже, Набережная
        7А» — a feminine adjective in the nominative, a surname in the genitive, a plural name
        («Строителей») or «Набережная», followed by no noun it could qualify."""
        n = len(toks)
        for name_k, town_k in ((i + 1, i - 1), (i - 1, i + 1)):
            w = toks[name_k]
            if used[name_k] or not _is_word(w) or not w.text[:1].isupper() or \
                    w.text.isupper() or len(w.low) < 4:
                continue
            after = toks[name_k + 1] if name_k + 1 < n else None
            if name_k < town_k:  # «Строителей, Нерюнгри»: the name heads the sentence
                if name_k > 0 and toks[name_k - 1].text not in ".!?:":
                    continue
                tail = toks[town_k + 1] if town_k + 1 < n else None
                if tail is not None and tail.text not in ".,!?;:—–-" and \
                        not _emoji_after(s, toks, town_k):
                    continue
            elif after is not None and not (
                    after.text in ".,!?;:—–-()" or after.low in _HEADING_NEXT
                    or (after.text[:1].isdigit() and HOUSE_RE.match(s, after.start))):
                continue
            kind = _heading_name_kind(w.low)
            if kind == "surname" and _SURNAME_ADJ_GENT.search(w.low) and after is not None \
                    and _is_word(after) and _noun_in(after.low, "gent"):
                continue
            if kind is None or not self._heading_town(toks, town_k, gazetteer,
                                                      head=town_k < name_k):
                continue
            street = "Набережная улица" if kind == "embankment" else _untyped_canon([w.text])
            fields: dict[str, str] = {"street": street}
            end = w.end
            last = name_k
            if after is not None and after.text[:1].isdigit() and name_k > town_k:
                hm = HOUSE_RE.match(s, after.start)
                if hm is not None and self._number_ok(s, hm.start(), hm.end(), False):
                    h, b, apt = _house_from_match(hm)
                    fields["house"] = h
                    if b:
                        fields["building"] = b
                    if apt:
                        fields["apartment"] = apt
                    end = hm.end()
                    while last + 1 < n and toks[last + 1].start < end:
                        last += 1
            for q in range(name_k, last + 1):
                used[q] = True
            return _Part(w.start, end, fields, priority=1)
        return None

    def _bare_street(self, toks: list[_Tok], k: int, used: list[bool],
                     gazetteer: Any = None, s: str | None = None) -> _Part | None:
        """A street named without type word or house after «на/по»: «на Гагарина», «на
        Первомайской», «по Советской» — a surname in the genitive, or a feminine adjective in
        the case the preposition governs that no noun follows («на детской площадке» is not)."""
        w = toks[k]
        if not _is_word(w) or len(w.low) < 4 or (k >= 2 and toks[k - 2].low in _ACCUSE_WORDS):
            return None
        prep = toks[k - 2].low if toks[k - 1].low in ("всей", "всю", "всему") else toks[k - 1].low
        case = {"на": "loct", "вдоль": "gent"}.get(prep, "datv")
        named = self._person_street(toks, k, used, case)
        if named is not None:
            return named
        if w.text[:1].isupper() and not w.text.isupper() and w.low.endswith(("ых", "их")) and \
                k + 1 < len(toks) and not used[k + 1] and toks[k + 1].low in _PLURAL_TAILS and \
                any(p.tag.POS == "ADJF" and "plur" in p.tag and "gent" in p.tag
                    for p in parse_word(w.low)[:4]):
            # «на Красных Партизан», «по Юных Ленинцев»: an adjective and people in the plural
            used[k] = used[k + 1] = True
            return _Part(w.start, toks[k + 1].end,
                         {"street": _untyped_canon([w.text, toks[k + 1].text])}, priority=1)
        if w.text[:1].isupper() and not w.text.isupper() and w.low in _SIZE_ADJECTIVES and \
                k + 1 < len(toks) and not used[k + 1] and toks[k + 1].text[:1].isupper() and \
                not toks[k + 1].text.isupper() and \
                _bare_street_kind(toks[k + 1].low, case) == "adjective" and not (
                    k + 2 < len(toks) and _is_word(toks[k + 2])
                    and toks[k + 2].text[:1].isupper()) and \
                not self._town_name(f"{w.text} {toks[k + 1].text}", gazetteer):
            # «на Большой Садовой», «по Малой Арнаутской», «на Большой Покровской»
            used[k] = used[k + 1] = True
            return _Part(w.start, toks[k + 1].end,
                         {"street": _untyped_canon([w.text, toks[k + 1].text])}, priority=1)
        if not w.text.isupper() and w.low in _GENITIVE_STREET_NOUNS and \
                (w.text[:1].isupper() or w.low == "мира") and \
                not (k + 1 < len(toks) and toks[k + 1].text[:1].isupper()):
            # «граффити по Мира», «на мира закрыли», «сквер на Победы»: a noun in the genitive
            # after «на / по» is the street named so (the word itself would take another case)
            used[k] = True
            return _Part(w.start, w.end, {"street": "улица " + w.text[:1].upper() + w.text[1:]},
                         priority=1)
        if w.text[:1].isupper() and not w.text.isupper() and w.low in _PLURAL_STREET_NAMES:
            # «на Строителей», «по Космонавтов»: streets named in the genitive plural
            used[k] = True
            return _Part(w.start, w.end, {"street": _untyped_canon([w.text])}, priority=1)
        if w.text[:1].isupper() and not w.text.isupper() and w.low in ("набережной",
                                                                         "набережная") and \
                not (k + 1 < len(toks) and toks[k + 1].text[:1].isupper()):
            used[k] = True  # «фонари на Набережной не горят»: the street called Набережная
            part = _Part(w.start, w.end, {"street": "Набережная улица"}, priority=1)
            got = self._house_at(s, w.end) if s is not None else None
            if got is not None:  # «Дом на Набережной, 7»
                hm = got[0]
                part.fields["house"] = _house_from_match(hm)[0]
                part.end = hm.end()
                for q in range(k + 1, len(toks)):
                    if toks[q].start >= part.end:
                        break
                    used[q] = True
            return part
        kind = _bare_street_kind(w.low, case)
        if kind == "plural":  # «на Коммунаров», not «на детей»
            kind = "surname" if w.text[:1].isupper() and not w.text.isupper() else None
        if kind == "surname" and _SURNAME_ADJ_GENT.search(w.low) and k + 1 < len(toks) and \
                _is_word(toks[k + 1]) and _noun_in(toks[k + 1].low, "gent"):
            return None  # «на Московского вокзала», «на Ленинского комсомола»
        if kind is None or (kind == "adjective" and self._town_name(w.text, gazetteer)):
            # a town would be «в Куйбышеве»: «на Куйбышева» is the street
            return None
        if kind == "adjective" and k + 1 < len(toks) and _is_word(toks[k + 1]) and (
                (toks[k + 1].text[:1].isupper() and not w.text.isupper())
                or _agreeing_word(toks[k + 1].low, case)):
            return None  # «на детской площадке», «на Красной Поляне» (not «на Изюмской тротуары»)
        if kind == "prospect" and (not w.text[:1].isupper() or w.text.isupper() or (
                k + 1 < len(toks) and _is_word(toks[k + 1]) and (
                    toks[k + 1].text[:1].isupper() or _noun_in(toks[k + 1].low, "loct")))):
            return None  # «на Центральном рынке», «на Московском шоссе» (its own type word)
        if k + 1 < len(toks) and toks[k + 1].text in ("-", "—", "–") and k + 2 < len(toks) \
                and toks[k + 2].text[:1].isdigit():
            return None  # «на Октябрьской - 5»: the house pass owns it
        used[k] = True
        return _Part(w.start, w.end, {"street": _untyped_canon([w.text])}, priority=1)

    def _near_street(self, toks: list[_Tok], k: int, used: list[bool], gazetteer: Any,
                     prep: str) -> _Part | None:
        """A street named bare after «возле / около / напротив / с» (a feminine adjective in
        the genitive that no noun follows: «в парке возле Соборной береза накренилась», «убрали
        автобус с Харьковской») or after
        «над» (a surname in the genitive, which a person after «над» would not take: «над
        Ферсмана»)."""
        w = toks[k]
        if not _is_word(w) or not w.text[:1].isupper() or w.text.isupper() or len(w.low) < 4:
            return None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and _is_word(nxt) and (
                nxt.text[:1].isupper() or _agreeing_word(nxt.low, "gent")
                or _noun_in(nxt.low, "gent")):
            return None  # «возле Центральной больницы», «над Ферсмана Ивана»
        kind = _bare_street_kind(w.low, "gent")
        if prep == "над":
            if kind != "surname" or _SURNAME_ADJ_GENT.search(w.low):
                return None
        elif kind != "adjective" or self._town_name(w.text, gazetteer):
            return None
        used[k] = True
        return _Part(w.start, w.end, {"street": _untyped_canon([w.text])}, priority=1)

    @staticmethod
    def _person_street(toks: list[_Tok], k: int, used: list[bool], case: str
                       ) -> _Part | None:
        """«Маршала Жукова», «Героя Попова», «Карла Маркса», «Льва Толстого» at token ``k``:
        a title or a first name and a surname in the genitive name a street."""
        w = toks[k]
        if w.text[:1].isupper() and k + 1 < len(toks) and toks[k + 1].text[:1].isupper() and \
                not used[k] and not used[k + 1] and (w.low in _TITLE_WORDS or (
                    not w.text.isupper() and not toks[k + 1].text.isupper()
                    and _first_name_genitive(w.low))) and \
                _bare_street_kind(toks[k + 1].low, case) == "surname":
            used[k] = used[k + 1] = True
            return _Part(w.start, toks[k + 1].end,
                         {"street": _untyped_canon([w.text, toks[k + 1].text])}, priority=1)
        return None

    def _untyped_name_start(self, s: str, toks: list[_Tok], k: int, used: list[bool],
                            gazetteer: Any = None) -> int | None:
        """Start token of an untyped street name ending at token ``k``, or None."""
        w = toks[k]
        town = self._town_name
        if town(w.text, gazetteer):  # «Якутск 202 мкр»: a town, not a street
            return None
        if self.places:
            gaz = self._gaz(gazetteer)
            if k > 0 and toks[k - 1].low in ("в", "во", "из", "под") and gaz.is_town_form(w.text):
                return None  # «в Сызрани 4 троллейбус убрали»: a town
            if gaz.is_alias(w.text):
                return None  # «мск, 2 маршрутку убрали»: an informal town name
            if (k == 0 or toks[k - 1].text in ".!?") and not is_adjective(w.low) and \
                    gaz.is_town_name(w.text, 20_000):
                return None  # «Касимов у д 8 по Советской» (but «Куйбышева, 101» is a street)
        start = k
        if w.low in NAME_TAILS and k > 0 and _is_word(toks[k - 1]) and not used[k - 1]:
            start = k - 1
            head = toks[start]
        else:
            head = w
        if w.low in NOT_STREET or street_type_of(w.low) is not None:
            return None
        if head.low in NOT_STREET:
            return None
        cap = head.text[:1].isupper()
        # «Октябрьской революции 318»: a capitalised adjective and a genitive noun
        adj_head = start == k and k > 0 and _is_word(toks[k - 1]) and not used[k - 1] and \
            toks[k - 1].low not in NOT_STREET and \
            (toks[k - 1].text[:1].isupper() or not cap) and is_adjective(toks[k - 1].low) and \
            _continues_name(toks[k - 1].low, w.low)
        if cap:
            if not _morph_ok_cap(head.text) or not _morph_ok_cap(w.text):
                return None
        elif not adj_head and not (_morph_ok_lower(head.low) and
                                   (start < k or _morph_ok_lower(w.low))) and not (
                k > 0 and _unknown_word(w.low) and self.places
                and self._gaz(gazetteer).is_town_name(toks[k - 1].text)):
            return None  # (but «анадырь отке 30»: a word the dictionary lacks after a town)
        # what precedes the name
        prev = toks[start - 1] if start > 0 else None
        if prev is not None and _is_word(prev) and not used[start - 1]:
            if prev.text[:1].isupper() and cap and prev.low not in NOT_STREET and \
                    prev.low not in _PREP_BEFORE and start == k and \
                    _morph_ok_cap(prev.text) and not is_adjective(w.low) and \
                    not town(prev.text, gazetteer):  # «Ижевск Азина 150»: town, street
                start -= 1  # «Торгут Озала 12», «Жибек Жолы»
                prev = toks[start - 1] if start > 0 else None
            elif _ORD_TOKEN.match(prev.low or "") is None and prev.low in _TITLE_WORDS:
                start -= 1
                prev = toks[start - 1] if start > 0 else None
            elif start == k and prev.low in _STREET_FIRST_NAMES:
                start -= 1  # «на карла маркса 12»
                prev = toks[start - 1] if start > 0 else None
        if prev is not None and _is_word(prev) and start == k and is_adjective(w.low) and \
                is_adjective(prev.low) and prev.low not in NOT_STREET and not used[start - 1]:
            start -= 1  # «на Большой Садовой 50»
            prev = toks[start - 1] if start > 0 else None
        elif adj_head and start == k:
            start -= 1  # «на Октябрьской революции 318», «Красной Армии 5»
            prev = toks[start - 1] if start > 0 else None
        if prev is not None and prev.text[:1].isdigit() and _ORD_TOKEN.match(prev.low):
            start -= 1  # «2-я Пролетарская 5»
            prev = toks[start - 1] if start > 0 else None
        sentence_head = prev is None or prev.text in ".!?\n" or s[prev.end:toks[start].start
                                                                    ].count("\n") > 0
        if prev is None or not _is_word(prev):
            if not cap and prev is not None and prev.text not in ",.:;—-–()!?\"«»":
                return None
            if cap and sentence_head and not self._name_like(head.low):
                return None
            return start
        if prev.low in _PREP_BEFORE or used[start - 1]:
            return start
        if not cap and self.places and not prev.text[:1].isupper() and \
                self._gaz(gazetteer).is_town_name(prev.text):
            return start  # «саранск косарева 110», «хабаровск карла маркса 70»: town, street, house
        if cap and not sentence_head:
            if prev.low in UNIT_WORDS or prev.low in ("автобус", "маршрут", "номер", "№"):
                return None
            return start
        return None

    def _town_name(self, word: str, gazetteer: Any = None) -> bool:
        """``word`` is, as written, the name of a town of 50,000+ (Ижевск, Якутск; in lower
        case a hyphenated or dictionary place name: йошкар-ола); always False when the
        extractor does not look up places."""
        if not self.places:
            return False
        if not word[:1].isupper() and "-" not in word and not any(
                "Geox" in p.tag for p in parse_word(word.lower())[:3]):
            return False  # lower case: hyphenated names and known place names («йошкар-ола»)
        return bool(self._gaz(gazetteer).is_town_name(word))

    @staticmethod
    @lru_cache(maxsize=50_000)
    def _name_like(low: str) -> bool:
        """A sentence-initial capitalised word that is a name or an adjective, not a common word."""
        if low in NAME_TAILS or low in GENITIVE_NAMES:
            return True
        parses = parse_word(low)
        if not parses:
            return True
        if any(t in p.tag for p in parses[:3] for t in _NAME_TAGS):
            return True
        if is_adjective(low):
            return True
        return "UNKN" in parses[0].tag or not parses[0].is_known

    # ---- intersections
    def _street_phrase(self, s: str, toks: list[_Tok], j: int) -> tuple[str, int] | None:
        """A street (typed or not) starting at token ``j`` → (canonical, end token)."""
        n = len(toks)
        if j >= n or not (_is_word(toks[j]) or toks[j].text[:1].isdigit()):
            return None
        if toks[j].low in ("улиц", "улицы", "улиц.", "ул"):
            j += 1
            if j < n and toks[j].text == ".":
                j += 1
        if j >= n:
            return None
        typ = street_type_of(toks[j].low) if _is_word(toks[j]) else None
        if typ is not None:
            k = j + 1
            if k < n and toks[k].text == ".":
                k += 1
            e = self._name_after(toks, k, False)
            if e > k:
                return canonical_street([x.text for x in toks[k:e]], typ), e
            return None
        # adjectival name, maybe followed by its type word
        k = j
        while k < n and k - j < 2 and (is_adjective(toks[k].low) or
                                       _ORD_TOKEN.match(toks[k].low)):
            k += 1
        if k > j:
            if k < n and street_type_of(toks[k].low) is not None:
                typ = street_type_of(toks[k].low) or "улица"
                return canonical_street([x.text for x in toks[j:k]], typ, True), k + 1
            if is_adjective(toks[k - 1].low) and agrees(toks[k - 1].low, "улица"):
                return canonical_street([x.text for x in toks[j:k]], "улица", True), k
        w = toks[j]
        ok = (w.text[:1].isupper() and _morph_ok_cap(w.text)) or _morph_ok_lower(w.low)
        if not ok or (w.text.isupper() and len(w.text) <= 4):
            return None  # (an abbreviation: «репетитор ОГЭ/ЕГЭ» names no crossing)
        e = j + 1
        if e < n and (toks[e].low in NAME_TAILS or toks[j].low in _TITLE_WORDS):
            e += 1
        elif e < n and toks[e].text[:1].isupper() and w.text[:1].isupper() and \
                toks[e].low not in NOT_STREET and _is_word(toks[e]) and \
                toks[e].start - w.end == 1 and street_type_of(toks[e].low) is None:
            e += 1
        if e < n and street_type_of(toks[e].low) is not None:
            typ = street_type_of(toks[e].low) or "улица"
            return canonical_street([x.text for x in toks[j:e]], typ, True), e + 1
        return canonical_street([x.text for x in toks[j:e]], "улица"), e

    def _crossing(self, s: str, toks: list[_Tok], j: int, used: list[bool],
                  key_start: int, dry: bool = False, gazetteer: Any = None) -> _Part | None:
        first = self._street_phrase(s, toks, j)
        if first is None:
            return None
        a, e = first
        if e >= len(toks) or toks[e].low not in ("и", "с", "/", "со"):
            return None
        second = self._street_phrase(s, toks, e + 1)
        if second is None:
            return None
        b, e2 = second
        if e - j == 1 and self.places and toks[j].low.endswith(("ом", "ем", "ью")) and \
                self._gaz(gazetteer).names_settlement(toks[j].text, 10_000):
            # «паром между Салехардом и Лабытнанги»: towns in the instrumental, no crossing
            # (street names after «между» keep their genitive: «между Ленина и Гагарина»)
            return None
        part = _Part(key_start, toks[e2 - 1].end, {"street": a, "cross_street": b}, priority=4)
        if dry:
            return part
        for q in range(max(0, j - 1), e2):
            used[q] = True
        self._attach_house(s, toks, part, used)
        return part

    def _crossing_before(self, s: str, toks: list[_Tok], i: int, used: list[bool]
                         ) -> _Part | None:
        """«Гоголя и Толе би, перекресток»: two streets just before the keyword at ``i``."""
        for j in range(max(0, i - 8), i - 2):
            if used[j] or (j > 0 and _is_word(toks[j - 1]) and
                           toks[j - 1].low not in _PREP_BEFORE):
                continue
            got = self._crossing(s, toks, j, used, key_start=toks[j].start, dry=True)
            if got is None:
                continue
            gap = s[got.end:toks[i].start]
            if len(gap) <= 4 and not gap.strip(" ,—–-:"):
                return self._crossing(s, toks, j, used, key_start=toks[j].start)
        return None

    def _crossing_dash(self, s: str, toks: list[_Tok], i: int, used: list[bool]
                       ) -> _Part | None:
        """«Кабанбай батыра и Байзакова — ямы»: two capitalised streets at a sentence start."""
        for j in range(max(0, i - 3), i):
            prev = toks[j - 1] if j > 0 else None
            if not (prev is None or prev.text in ".!?:;" or prev.low in _PREP_BEFORE or
                    "\n" in s[prev.end:toks[j].start]):
                continue
            if used[j] or not toks[j].text[:1].isupper() or not toks[i + 1].text[:1].isupper():
                continue
            got = self._crossing(s, toks, j, used, key_start=toks[j].start, dry=True)
            if got is None:
                continue
            if _AFTER_PAIR.match(s, got.end):
                return self._crossing(s, toks, j, used, key_start=toks[j].start)
        return None

    def _crossing_slash(self, s: str, toks: list[_Tok], i: int, used: list[bool]
                        ) -> _Part | None:
        """«Жумалиева / Кабанбай батыра»: two capitalised street names around a slash."""
        if not toks[i + 1].text[:1].isupper():
            return None
        for j in range(max(0, i - 3), i):
            if used[j] or not toks[j].text[:1].isupper() or toks[j].text[:1].isdigit():
                continue
            got = self._crossing(s, toks, j, used, key_start=toks[j].start, dry=True)
            if got is not None:
                return self._crossing(s, toks, j, used, key_start=toks[j].start)
        return None

    def _from_to(self, s: str, toks: list[_Tok], i: int, used: list[bool]) -> _Part | None:
        """«Байтурсынова от Гоголя до Толе би»: the street of a stretch «от … до …»."""
        k = i - 1
        if k < 0 or not _is_word(toks[k]) or used[k] or not toks[k].text[:1].isupper():
            return None
        a = self._street_phrase(s, toks, i + 1)
        if a is None or a[1] >= len(toks) or toks[a[1]].low != "до":
            return None
        if self._street_phrase(s, toks, a[1] + 1) is None:
            return None
        start = k
        if toks[k].low in NAME_TAILS and k > 0 and _is_word(toks[k - 1]):
            start = k - 1
        prev = toks[start - 1] if start > 0 else None
        if not (prev is None or not _is_word(prev) or prev.low in _PREP_BEFORE or
                prev.low in ("участок", "участке", "участка", "отрезок", "отрезке", "улица",
                             "улице", "улицы")):
            return None
        if not _morph_ok_cap(toks[start].text) or toks[start].low in NOT_STREET:
            return None
        if prev is None or prev.text in ".!?":
            parses = parse_word(toks[start].low)
            if parses and parses[0].is_known and parses[0].tag.POS == "NOUN" and \
                    "nomn" in parses[0].tag and not any(
                        g in parses[0].tag for g in _NAME_TAGS):
                return None  # «Дорога от Кириллова до Гориц разбита»: a word, capitalised
        words = [x.text for x in toks[start:k + 1]]
        part = _Part(toks[start].start, toks[k].end, {"street": _untyped_canon(words)},
                     priority=2)
        for q in range(start, k + 1):
            used[q] = True
        return part

    def _more_houses(self, s: str, parts: list[_Part]) -> list[_Part]:
        """«Кабанбай батыра, дом 5 и дом 7»: a second house of the same street."""
        out: list[_Part] = []
        for p in parts:
            if not p.fields.get("street") or not p.fields.get("house"):
                continue
            m0 = _AND_HOUSE.match(s, p.end)
            if m0 is None:
                continue
            m = HOUSE_RE.match(s, m0.end())
            if m is None or not self._number_ok(s, m.start(), m.end(), marked=True):
                continue
            h, _b, _apt = _house_from_match(m)
            f = {"street": p.fields["street"], "house": h}
            if p.fields.get("cross_street"):
                f["cross_street"] = p.fields["cross_street"]
            out.append(_Part(m0.start() + len(m0.group(1) or m0.group(2) or ""), m.end(), f,
                             priority=2))
        return out

    # ---- landmarks
    def _landmarks(self, s: str, toks: list[_Tok], used: list[bool]) -> list[_Part]:
        out: list[_Part] = []
        if _LANDMARK_ANY.search(s) and _ANY_DIGIT.search(s):  # every pattern has a number
            for rx, canon in _LANDMARK_RES:
                for m in rx.finditer(s):
                    if self._number_ok(s, m.start("num"), m.end("num"), marked=True):
                        out.append(_Part(m.start(), m.end(),
                                         {"landmark": f"{canon} № {m.group('num')}"}, 1))
            for rx, canon in _LANDMARK_PRE_RES:
                for m in rx.finditer(s):
                    out.append(_Part(m.start(), m.end(),
                                     {"landmark": f"{canon} № {m.group('num')}"}, 1))
        low = s.lower()
        if "ост" in low:
            for m in _STOP_RE.finditer(s):
                name = m.group("name")
                nl = name.lower()
                if nl in NOT_STREET or nl.split()[0] in NOT_STREET:
                    continue
                if not name[:1].isupper():
                    pw = parse_word(nl.split()[0])
                    if pw and pw[0].tag.POS in NOT_NAME_POS | {"NOUN"} and not is_adjective(nl):
                        continue
                canon = " ".join(w[:1].upper() + w[1:] for w in name.split()[:1]) + \
                    ("" if " " not in name else " " + name.split()[1])
                out.append(_Part(m.start(), m.end(), {"landmark": f"остановка {canon}"}, 1))
        for m in _ORG_RE.finditer(s):
            out.append(_Part(m.start(), m.end(),
                             {"landmark": f"{m.group('kw')} {m.group('name')}"}, 1))
        if "метро" in low or "м." in s:
            for m in _METRO_RE.finditer(s):
                out.append(_Part(m.start(), m.end(), {"landmark": f"метро {m.group('name')}"}, 1))
        return out

    # ---- places
    def _place_mentions(self, s: str, t: Text | None, gaz: Any, parts: list[_Part],
                        toks: list[_Tok], used: list[bool]) -> list[tuple[int, int, Any]]:
        """(clean start, clean end, PlaceMention) of the places of the text."""
        found: list[tuple[int, int, Any]] = []
        try:
            if t is not None and len(s) <= LONG_TEXT:
                to_clean = _OrigToClean(t.normalized)
                for m in gaz.find_places(t):
                    a, b = to_clean(m.start, m.end)
                    if a is not None and b is not None:
                        found.append((a, b, m))
                return found
            cues = _place_cues(s, toks, used, getattr(gaz, "_entries", None))
            windows: list[list[int]] = []  # token ranges
            n = len(toks)
            for i in cues:
                a = i
                while a > 0 and i - a < 2 and _window_word(toks[a - 1]):
                    a -= 1
                b = i + 1
                while b < n and b - i < 4 and _window_word(toks[b]):
                    b += 1
                if windows and a <= windows[-1][1]:
                    windows[-1][1] = max(windows[-1][1], b)
                else:
                    windows.append([a, b])
            for a, b in windows[:MAX_CANDIDATES]:
                c0, c1 = toks[a].start, toks[b - 1].end
                for m0, m1, m in self._find_places_cached(gaz, s[c0:c1]):
                    found.append((c0 + m0, c0 + m1, m))
        except Exception:  # a broken gazetteer must not break extraction
            return found
        return found

    def _find_places_cached(self, gaz: Any, window: str) -> tuple[tuple[int, int, Any], ...]:
        key = (id(gaz), window)
        hit = self._cache.get(key)
        if hit is None:
            hit = tuple((m.start, m.end, m) for m in gaz.find_places(window))
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def _places(self, s: str, t: Text | None, toks: list[_Tok], gazetteer: Any,
                parts: list[_Part], used: list[bool]) -> list[_Part]:
        gaz = self._gaz(gazetteer)
        out: list[_Part] = []
        for a, b, m in self._place_mentions(s, t, gaz, parts, toks, used):
            if not m.candidates:
                continue
            before = s[max(0, a - 40):a].lower().split()
            if before and (before[-1] in INSTITUTION_WORDS or
                           (len(before) > 1 and before[-2] in INSTITUTION_WORDS)):
                continue
            if m.text.lower() in NOT_STREET or m.text.lower() in UNIT_WORDS:
                continue
            c = m.candidates[0]
            f: dict[str, str] = {}
            if c.kind == "region":
                f["region"] = c.name
            elif c.kind == "municipality":
                f["municipality"] = c.name
            elif c.kind == "district":
                f["district"] = c.name
            else:
                f["settlement"] = c.name
                if c.type:
                    f["settlement_type"] = SETTLEMENT_TYPES.get(c.type, c.type)
            out.append(_Part(a, b, f, priority=0))
        for m in _RAYON_RE.finditer(s):
            adj = m.group("adj")
            if not is_adjective(adj.lower()):
                continue
            name = _nom_masc(adj) + " район"
            kind = "municipality"
            try:
                found = gaz.lookup(name)
                munis = [c for c in found if c.kind == "municipality"]
                if munis:  # «Калининского р-на»: a municipal district before a city district
                    name = munis[0].name
                elif found:
                    kind = "district" if found[0].kind == "district" else "municipality"
                    name = found[0].name
            except Exception:
                pass
            before = s[max(0, m.start() - 40):m.start()].lower().split()
            if before and (before[-1] in INSTITUTION_WORDS or
                           (len(before) > 1 and before[-2] in INSTITUTION_WORDS)):
                continue
            out.append(_Part(m.start(), m.end(), {kind: name}, priority=0))
        for tok in toks:
            d = _DISTRICT_ALIASES.get(tok.low)
            if d:
                out.append(_Part(tok.start, tok.end, {"district": d}, priority=0))
        return out

    # ------------------------------------------------------------------ assembling
    def _assemble(self, parts: list[_Part], norm: NormalizedText) -> list[Address]:
        s = norm.text
        groups: list[_Part] = []
        for p in parts:
            if groups:
                g = groups[-1]
                gap = s[g.end:p.start]
                m = _GAP_RE.fullmatch(gap) if len(gap) <= 30 else None
                clash = any(k in g.fields for k in p.fields if k != "settlement_type")
                if m is not None and not clash and "\n" not in gap.strip(" ,") and \
                        not (("street" in p.fields) and "street" in g.fields):
                    g.end = max(g.end, p.end)
                    g.fields.update(p.fields)
                    continue
            groups.append(_Part(p.start, p.end, dict(p.fields), p.priority))
        out: list[Address] = []
        for g in groups:
            a, b = norm.span_to_original(g.start, g.end)
            if b <= a:
                continue
            f = {k: g.fields.get(k) for k in ADDRESS_PARTS}
            out.append(Address(start=a, end=b, text=norm.original[a:b], normalized=_normalized(f),
                               **f))
        return out


_LOC_CUES = frozenset("""
в во из под около возле у до г гор город города городе пос поселок поселке поселка пгт п с село
селе села д дер деревня деревне деревни ст-ца станица станице х хутор хуторе рп мкр
""".split())
_PLACE_TYPE_CUE = re.compile(
    r"^(?:район[аеу]?|р-н[ае]?|рн|обл|област[ьи]|кра[йяюе]|республик[аиеу]|респ|округ[аеу]?"
    r"|г|пгт|пос|село|деревн[яеи]|дер|станиц[аеы]|хутор[ае]?)$")


_FLEETING = re.compile(r"[бвгджзклмнпрстфхцчшщ][лнрк][еиуоа]$")
_PLACE_ADJ = re.compile(r"(?:ск|цк)(?:ий|ого|ом|ому|ая|ой|ое|им)$")


def _window_word(tok: _Tok) -> bool:
    """A token kept around a place cue: «.», a type word, a preposition, a capitalised word."""
    return tok.text in ".-" or tok.low in _LOC_CUES or tok.low in ("на", "по") or \
        _PLACE_TYPE_CUE.match(tok.low) is not None \
        or tok.text[:1].isupper() or _PLACE_ADJ.search(tok.low) is not None


def _place_cues(s: str, toks: list[_Tok], used: list[bool], entries: Any = None
                ) -> list[int]:
    """Tokens that may name a place (checked by the gazetteer in a short window).

    ``entries`` (the gazetteer's index by word key) makes the check cheap: a word whose key
    starts no place name is no cue.
    """
    if entries is not None:
        from ..geo.keys import word_key

        def geo_like(low: str) -> bool:
            try:
                return bool(entries(word_key(low)))
            except Exception:
                return _geo_like(low)
    else:
        geo_like = _geo_like
    out: list[tuple[int, int]] = []
    for i, tok in enumerate(toks):
        if used[i] or not _is_word(tok) or len(out) >= MAX_CANDIDATES:
            continue
        low = tok.low
        if _PLACE_TYPE_CUE.match(low):
            near = [toks[k] for k in (i - 1, i + 1, i + 2) if 0 <= k < len(toks)]
            if any(_is_word(x) and (x.text[:1].isupper() or _PLACE_ADJ.search(x.low))
                   for x in near):
                out.append(i)
            continue
        if len(low) < 3:
            continue
        j = i - 1
        if j >= 0 and toks[j].text == ".":
            j -= 1
        prev = toks[j].low if j >= 0 else ""
        head = j < 0 or toks[j].text in ".!?:;" or "\n" in s[toks[j].end:tok.start]
        if tok.text[:1].isupper():
            if geo_like(low):
                if not head or prev in _LOC_CUES or _geo_like(low):
                    out.append(i)
            elif prev in _LOC_CUES and len(low) >= 4 and _FLEETING.search(low) and \
                    _geo_like(low):  # «в Орле»: a form whose key misses the name
                out.append(i)
        elif prev in ("в", "во", "из") and geo_like(low) and _geo_like(low):
            out.append(i)
    return out


@lru_cache(maxsize=100_000)
def _geo_like(low: str) -> bool:
    """A word that may be (part of) a place name: a toponym, an unknown word, a place adjective."""
    if low in NOT_STREET:
        return False
    parses = parse_word(low)
    if not parses or not parses[0].is_known or "UNKN" in parses[0].tag:
        return True
    if any("Geox" in p.tag for p in parses[:3]):
        return True
    return bool(_PLACE_ADJ.search(low))


def _drop_overlaps(parts: list[_Part]) -> list[_Part]:
    """Keep parts by priority, dropping those that overlap a kept one (O(n log n))."""
    parts = sorted(parts, key=lambda p: (-p.priority, p.start))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[_Part] = []
    for p in parts:
        i = bisect_right(starts, p.start)
        if i > 0 and ends[i - 1] > p.start:
            continue
        if i < len(starts) and starts[i] < p.end:
            continue
        starts.insert(i, p.start)
        ends.insert(i, p.end)
        kept.insert(i, p)
    return kept


class _OrigToClean:
    """Map an original span back to clean offsets (inverse of ``span_to_original``)."""

    def __init__(self, norm: NormalizedText) -> None:
        self.segs = norm.segments

    def __call__(self, a: int, b: int) -> tuple[int | None, int | None]:
        ca = cb = None
        for clean_start, o_start, o_end, copied in self.segs:
            if ca is None and o_start <= a < o_end:
                ca = clean_start + (a - o_start if copied else 0)
            if o_start < b <= o_end:
                cb = clean_start + (b - o_start if copied else 1)
                break
        if ca is None or cb is None or cb <= ca:
            return None, None
        return ca, cb


def _untyped_canon(words: list[str]) -> str:
    """Canonical street of a name written without its type word («Советской», «Невском»)."""
    last = words[-1].lower()
    if is_adjective(last):
        if agrees(last, "улица"):
            return canonical_street(words, "улица", before_type=True)
        if agrees(last, "проспект"):  # «на Невском 28»
            return canonical_street(words, "проспект", before_type=True)
    return canonical_street(words, "улица")


def _nom_masc(adj: str) -> str:
    from .streets import _inflect

    w = _inflect(adj, "masc")
    return w[:1].upper() + w[1:]


def _normalized(f: dict[str, str | None]) -> str:
    bits: list[str] = []
    reg = f.get("region")
    if reg:
        bits.append(reg.replace("область", "обл.").replace("Республика", "Респ."))
    if f.get("municipality"):
        bits.append(str(f["municipality"]).replace(" район", " р-н"))
    if f.get("settlement"):
        st = f.get("settlement_type") or ""
        ab = _PLACE_ABBR.get(st, st)
        bits.append(f"{ab} {f['settlement']}".strip())
    if f.get("district"):
        bits.append(str(f["district"]))
    for key in ("street", "cross_street"):
        street = f.get(key)
        if street:
            typ = next((tp for tp in TYPE_ABBR if street.startswith(tp + " ") or
                        street.endswith(" " + tp)), None)
            if typ:
                name = street[len(typ) + 1:] if street.startswith(typ + " ") else \
                    street[:-len(typ) - 1]
                street = f"{TYPE_ABBR[typ]} {name}"
            bits.append(street)
    if f.get("house"):
        bits.append(f"д. {f['house']}")
    if f.get("apartment"):
        bits.append(f"кв. {f['apartment']}")
    if f.get("landmark"):
        bits.append(str(f["landmark"]))
    return ", ".join(bits)


class _LazyDefault:
    """The module-level default extractor, created on first use (thread-safe)."""

    _lock = threading.Lock()
    _inst: AddressExtractor | None = None

    def get(self) -> AddressExtractor:
        if self._inst is None:
            with self._lock:
                if self._inst is None:
                    type(self)._inst = AddressExtractor()
        assert self._inst is not None
        return self._inst


_DEFAULT = _LazyDefault()


def extract_addresses(text: str | Text, gazetteer: Any = None) -> list[Address]:
    """Address mentions of ``text`` with the default :class:`AddressExtractor`.

    Parameters
    ----------
    text : str or Text
    gazetteer : Gazetteer, optional
        Use this gazetteer instead of the default one for this call.

    Returns
    -------
    list of Address
        One per mention, in text order; spans index the original string.

    Examples
    --------
    >>> [a.street for a in extract_addresses("пр-т Чайковского д 28 и Морской проспект 5")]
    ['проспект Чайковского', 'Морской проспект']
    >>> extract_addresses(12)
    Traceback (most recent call last):
    ...
    TypeError: text must be str, got int
    """
    return _DEFAULT.get()(text, gazetteer=gazetteer)
