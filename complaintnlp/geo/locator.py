"""``geolocate``: a message (or its extracted addresses) → :class:`Location`.

Resolution uses, in order of weight: a region or district named in the message, the other places
named in it, the caller's default ``region=`` (a regional centre sets it once), and the population
prior. When a name stays ambiguous the result says so: a lower ``confidence`` and the other readings
in ``candidates``. ``precision`` only claims what is known — a street and house without a named
settlement stay at ``precision="region"`` even with a default region.
"""

from __future__ import annotations

import importlib
import math
import re
import threading
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from ..errors import check_text
from ..text import Text, prepare
from ..text.morphology import fold, parse_word
from .gazetteer import _SETTLEMENT_TYPE_WORDS, Gazetteer, default_gazetteer
from .keys import word_key
from .location import FEDERAL_CITIES, Location, Place, PlaceMention
from .registry import AddressRegistry

__all__ = ["SETTLEMENT_TYPES", "Geolocator", "geolocate"]

#: Settlement type codes of the gazetteer → full words.
SETTLEMENT_TYPES = {
    "г": "город", "пгт": "посёлок городского типа", "рп": "рабочий посёлок", "п": "посёлок",
    "с": "село", "д": "деревня", "х": "хутор", "ст-ца": "станица", "аул": "аул",
    "дп": "дачный посёлок", "кп": "курортный посёлок", "нп": "населённый пункт",
    "сл": "слобода", "ст": "станция", "мкр": "микрорайон", "м": "местечко", "у": "улус",
    "починок": "починок", "заимка": "заимка", "аал": "аал", "высел": "выселок",
}

_ADDR_LOCK = threading.Lock()
_EXTRACT: Any = None
_EXTRACT_TRIED = False


def _extractor() -> Any:
    """``complaintnlp.addresses.extract_addresses`` if that stage is available, else None."""
    global _EXTRACT, _EXTRACT_TRIED
    if not _EXTRACT_TRIED:
        with _ADDR_LOCK:
            if not _EXTRACT_TRIED:
                try:
                    mod = importlib.import_module("complaintnlp.addresses")
                    _EXTRACT = getattr(mod, "extract_addresses", None)
                except ImportError:
                    _EXTRACT = None
                _EXTRACT_TRIED = True
    return _EXTRACT


# ---------------------------------------------------------------- a minimal street+house finder
_ST = (r"(?:улиц[аеуы]|ул|проспект[аеу]?|просп|пр-кт|пр-т|пр|переул(?:ок|ке|ка)|пер"
       r"|бульвар[аеу]?|б-р|бул|шоссе|ш|набережн(?:ая|ой|ую)|наб|площад[ьи]|пл|проезд[аеу]?"
       r"|аллее|аллея|алл|лини[ияю]|лин)(?![а-яё\d-])\.?")
_WORD = r"[А-ЯЁа-яё][А-ЯЁа-яё\-]*\.?(?:[А-ЯЁ][а-яё\-]+)?"
_ORD = r"\d{1,2}(?:-?[а-яё]{1,3})?"
_NAME = rf"(?:{_ORD}\s+)?{_WORD}(?:\s+{_WORD}){{0,3}}?"
_HOUSE = (r"[,\s]*(?:(?:В\.?\s?О|П\.?\s?С)\.?[,\s]*)?"
          r"(?:(?:у|возле|около|напротив|между)\s+)?(?:д(?:ом[аеу]?|омами|омов)?\.?\s*|№\s*)?(\d{1,4}(?:(?![кК]\.?\s*\d)[а-яА-Я](?![а-яА-Я\d]))?"
          r"(?:\s*[,.]?\s*(?:/|-|к(?:орп(?:ус)?|ор)?\.?)\s*\d{1,3}(?!\d))?)(?![\d/])")
_HOUSE_FIRST = (r"(\d{1,4}(?:(?![кК]\.?\s*\d)[а-яА-Я](?![а-яА-Я\d]))?"
                r"(?:\s*[,.]?\s*(?:/|-|к(?:орп(?:ус)?|ор)?\.?)\s*\d{1,3}(?!\d))?)")
_ANY_DIGIT = re.compile(r"\d")
#: type words written out in full (a dot after them is a full stop, not an abbreviation)
_FULL_TYPE_WORD = re.compile(r"(?:улиц[аеуы]|проспект[аеу]?|переул(?:ок|ке|ка)|бульвар[аеу]?|шоссе"
                             r"|набережн(?:ая|ой|ую)|площад[ьи]|проезд[аеу]?|аллее|аллея|лини[ияю])$")
_ST_RE = re.compile(rf"(?<![А-ЯЁа-яё\d-]){_ST}", re.I)
_RIGHT_NAME_HOUSE = re.compile(rf"\s*({_NAME}){_HOUSE}", re.I)  # «ул.» → « Ленина, д. 5»
_RIGHT_HOUSE = re.compile(_HOUSE, re.I)  # «Ленина ул.» → «, д. 5»
_LEFT_NAME = re.compile(rf"(?:^|(?<=[\s,.:;(«\"]))({_ORD}|{_NAME})\s*$", re.I)
_LEFT_HOUSE_PO_NAME = re.compile(
    rf"(?:^|(?<=[^\d/]))(?:д(?:ом[аеу]?|омов|омами)?\.?\s*№?\s*){_HOUSE_FIRST}\s*,?\s*по\s+({_NAME})\s*$",
    re.I)
_LEFT_HOUSE_PO = re.compile(
    rf"(?:^|(?<=[^\d/]))(?:д(?:ом[аеу]?|омов|омами)?\.?\s*№?\s*)?{_HOUSE_FIRST}\s*,?\s*по\s+$",
    re.I)
_ADJ_END = re.compile(r"(?:ий|ый|ой|ая|яя|ое|ее|ого|его|ому|ему|ом|ем|ую|юю|ой|ей)$")
_NOT_NAME = {"по", "на", "в", "у", "возле", "адресу", "адрес", "дом", "около", "напротив", "д",
             "рядом", "с", "за", "и", "во", "между", "от", "до", "к", "со", "стороны", "двор",
             "дворе", "дома", "доме", "угол", "перекресток", "пересечение", "дому", "домом",
             "домами", "домов", "корпус", "корп", "кор", "подъезд", "парадная", "этаж", "литера",
             "лит", "кв", "квартира", "жилого", "жилом", "многоквартирного", "дворовой",
             "вдоль", "перед", "вокруг", "всей", "всего", "ориентир", "здравствуйте", "парадной",
             "подъезда", "подъезде", "парадную", "этаже", "этажа", "проезда", "проезде", "улице",
             "улицы", "неисправно", "также", "адресам", "домах"}


def _street_words(words: list[str], before_type: bool) -> list[str]:
    """The words of a street name next to its type word (drops «по адресу», «дом» …)."""
    keep: list[str] = []
    if before_type:  # capitalised, ordinal or adjectival words just before the type word
        for w in reversed(words):
            bare = w.strip(".:,")
            if len(keep) >= 3 or bare.lower() in _NOT_NAME or not (
                    bare[:1].isupper() or bare[:1].isdigit() or _ADJ_END.search(bare.lower())):
                break
            keep.insert(0, w)
        return keep
    for w in words:
        if w.lower().strip(".:,") in _NOT_NAME:
            break
        if not keep and not w[:1].isupper() and not w[:1].isdigit() and _not_a_name(w):
            break  # «проезд подняли до 45р»: a verb after «проезд» names no street
        keep.append(w)
        if w.endswith(".") and len(w) > 3:  # «бульвару Новаторов. Не горит …»
            break
    return keep


def _not_a_name(word: str) -> bool:
    """A lower-case word whose best reading is a verb, adverb, pronoun … (no street name)."""
    from ..text.morphology import NOT_NAME_POS, parse_word

    parses = parse_word(word.lower().strip(".:,"))
    return bool(parses) and parses[0].tag.POS in NOT_NAME_POS


def simple_addresses(text: str | Text) -> list[Any]:
    """Street + house mentions found by a few patterns (used when the address stage is absent).

    >>> [(a.street, a.house) for a in simple_addresses("яма у дома ул. Ленина д. 5к2")]
    [('ул. Ленина', '5к2')]
    >>> [(a.street, a.house) for a in simple_addresses("Проспект Героев 24 к 2 подъезд 4")]
    [('Проспект Героев', '24к2')]
    >>> [(a.street, a.house) for a in simple_addresses("по адресу: 11 линия, д.44")]
    [('11 линия', '44')]
    """
    from ..addresses.address import Address

    t = prepare(text)
    clean = t.clean
    out = []
    if _ANY_DIGIT.search(clean) is None:
        return out
    taken: list[tuple[int, int]] = []
    for st in _ST_RE.finditer(clean):
        a, b = st.start(), st.end()
        if any(a < e and s < b for s, e in taken):
            continue
        typ = st.group(0)
        left = clean[max(0, a - 80):a]
        off = a - len(left)
        options = []
        ma = _RIGHT_NAME_HOUSE.match(clean, b)
        ml = _LEFT_NAME.search(left)
        mh = _RIGHT_HOUSE.match(clean, b)
        # «держит в страхе всю улицу. Вчера …»: a dot after a type word written in full ends
        # the sentence, so no name follows it
        sentence_end = typ.endswith(".") and _FULL_TYPE_WORD.match(typ[:-1].lower()) is not None
        opt_a = (0, ma.group(1), ma.group(2), a, ma.end()) if ma and not sentence_end else None
        opt_b = (1, ml.group(1), mh.group(1), off + ml.start(1), mh.end()) \
            if ml and mh else None
        if opt_b and re.match(r"[\s,]*(?:д(?:ом)?\.?\s*|№\s*)?\d", clean[b:b + 12], re.I):
            options = [opt_b, opt_a]  # «Коломяжский пр. 32»: a number right after the type
        else:
            options = [opt_a, opt_b]
        mn = re.match(rf"\s*({_NAME})(?![А-ЯЁа-яё])", clean[b:b + 80])
        mp = _LEFT_HOUSE_PO.search(left)
        if mn and mp:  # «дом 31 по ул. Ворошилова»
            options.append((2, mn.group(1), mp.group(1), off + mp.start(), b + mn.end()))
        mq = _LEFT_HOUSE_PO_NAME.search(left)
        if mq:  # «в доме 55 по Дальневосточному пр.»
            options.append((1, mq.group(2), mq.group(1), off + mq.start(), b))
        words: list[str] = []
        for opt in options:
            if opt is None:
                continue
            k, name, house, s0, e0 = opt
            words = _street_words(name.split(), before_type=k == 1)
            if words:
                break
        if not words:
            continue
        name = " ".join(words)
        street = f"{name} {typ}" if k == 1 else f"{typ} {name}"
        house = re.sub(r"[\s.,]+", "", house).lower()
        house = re.sub(r"корпус|корп|кор", "к", house)
        s, e = t.normalized.span_to_original(s0, e0)
        taken.append((s0, e0))
        out.append(Address(start=s, end=e, text=t.original[s:e], street=street, house=house))
    out.sort(key=lambda a: a.start)
    return out


# ---------------------------------------------------------------- the geolocator
#: a settlement's type word and the capitalised name after it («в деревне Кашарово»)
_TYPED_NAME_RE = re.compile(
    r"(?<![^\W\d_])(?P<tw>с\.|д\.|п\.|х\.|пос\.|дер\.|сел[оеау]|деревн[яеиюу]|пос[её]л(?:ок|ке|ка|ку)"
    r"|хутор[еау]?|станиц[аеиуы]|аул[еау]?)\s{1,2}(?P<name>[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁа-яё][а-яё]+)?)"
    r"(?![\w-])")
#: the grammatical gender of a settlement type (an adjectival name agrees with it)
_TYPE_GENDER = {"село": "neut", "деревня": "femn", "станица": "femn"}


def _unknown_village(original: str, mentions: Sequence[PlaceMention]) -> tuple[str, str] | None:
    """A settlement named with its type word that the gazetteer does not know («в деревне
    Кашарово … Тверской области») → (name in the nominative, type); None if there is none or
    its name overlaps a place mention."""
    for mt in _TYPED_NAME_RE.finditer(original):
        a, b = mt.span("name")
        if any(m.start < b and a < m.end for m in mentions):
            continue
        typ = _type_of_word(mt.group("tw"))
        if typ is None:
            continue
        name = mt.group("name")
        parses = parse_word(name.lower())[:3]
        if parses and not any("nomn" in p.tag for p in parses):
            top = parses[0]
            if top.tag.POS == "ADJF":
                form = top.inflect({"nomn", "sing", _TYPE_GENDER.get(typ, "masc")})
                base = form.word if form is not None else top.normal_form
            else:
                base = top.normal_form
            name = "-".join(x[:1].upper() + x[1:] for x in base.split("-"))
        return name, typ
    return None


def _type_of_word(word: str) -> str | None:
    """The settlement type a type word names («селе», «д.», «ст-цы» → село, деревня, станица),
    by the gazetteer's table of type words; None for «ст.» (a stanitsa or a station)."""
    code = _SETTLEMENT_TYPE_WORDS.get(word_key(word.rstrip(".")))
    return SETTLEMENT_TYPES.get(code) if code and code != "ст" else None


def _mention_type(m: PlaceMention) -> str | None:
    """The settlement type named by the type word of mention ``m`` («селе Ивановка» → село)."""
    return _type_of_word(m.type_word or "")


def _city_area(m: PlaceMention) -> bool:
    """«в Бутово», «с Ржевки»: the best reading is a district of Moscow or St Petersburg (an
    area of the city) and no settlement of that name is in the city — not a village namesake."""
    top = m.candidates[0] if m.candidates else None
    return top is not None and top.kind == "district" and top.region in FEDERAL_CITIES and \
        not any(c.kind == "settlement" and c.region == top.region for c in m.candidates)


def _region_first(m: PlaceMention) -> bool:
    """«Губернатор Кубани»: the best reading is a region (by name or alias) and the settlements
    of that name are villages of under 10,000 people."""
    top = m.candidates[0] if m.candidates else None
    return top is not None and top.kind == "region" and all(
        c.population < 10_000 for c in m.candidates if c.kind == "settlement")


class Geolocator:
    """Resolve the place of a message; :func:`geolocate` is the default instance.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default: :func:`~complaintnlp.geo.default_gazetteer` (loaded on first call).
    region : str, optional
        Default region of every call (a regional centre sets it once).
    registry : AddressRegistry, optional
        Default address registry for house-level coordinates.
    use_address_stage : bool
        Use ``complaintnlp.addresses.extract_addresses`` when it is installed (default).

    Examples
    --------
    >>> loc = geolocate("яма на дороге в Бежецке на ул. Ленина д. 5")
    >>> loc.settlement, loc.region, loc.precision, loc.oktmo
    ('Бежецк', 'Тверская область', 'settlement', '28604101001')
    >>> geolocate("у дома 5 по улице Ленина прорвало трубу", region="Тверская область").precision
    'region'
    >>> geolocate("всё плохо") is None
    True
    """

    def __init__(self, gazetteer: Gazetteer | None = None, region: str | None = None,
                 registry: AddressRegistry | None = None, use_address_stage: bool = True) -> None:
        self._gazetteer = gazetteer
        self.region = region
        self.registry = registry
        self.use_address_stage = use_address_stage

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (the default one is loaded on first access)."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def __call__(self, text_or_addresses: str | Text | Sequence[Any], region: str | None = None,
                 registry: AddressRegistry | None = None,
                 addresses: Sequence[Any] | None = None) -> Location | None:
        """Locate one message.

        Parameters
        ----------
        text_or_addresses : str, Text or sequence of Address
            The message, or address mentions already extracted from it.
        region : str, optional
            Default region (overrides the geolocator's own default).
        registry : AddressRegistry, optional
            Canonical addresses with coordinates for house-level precision.
        addresses : sequence of Address, optional
            With a text: its address mentions, when the caller has already extracted them
            (the pipeline does), so the text is not parsed twice.
        """
        region = region if region is not None else self.region
        registry = registry if registry is not None else self.registry
        gaz = self.gazetteer
        mentions: list[PlaceMention] = []
        if isinstance(text_or_addresses, (str, Text)):
            t = prepare(text_or_addresses)
            if not t.clean.strip():
                return self._fallback(region, None)
            found = self._addresses(t, addresses)
            mentions = [m for m in gaz.find_places(t, region=region)
                        if not _part_of_street(m, found)]
            return self._resolve(mentions, found, region, registry, t)
        elif isinstance(text_or_addresses, Sequence) and not isinstance(
                text_or_addresses, (bytes, bytearray, memoryview)):
            addresses = list(text_or_addresses)
            for a in addresses:
                mentions.extend(self._address_mentions(a))
        else:
            check_text(text_or_addresses, "text_or_addresses")
            return None
        return self._resolve(mentions, addresses, region, registry)

    # -------------------------------------------------------------- inputs
    def _addresses(self, t: Text, found: Sequence[Any] | None = None) -> list[Any]:
        """The address mentions of ``t`` (``found`` when the caller already extracted them);
        the built-in street finder when none of them has a street."""
        if found is None and self.use_address_stage:
            fn = _extractor()
            if fn is not None:
                try:
                    found = fn(t, gazetteer=self.gazetteer)
                except Exception:  # the address stage must not make geolocation fail
                    found = None
        if found and any(getattr(a, "street", None) for a in found):
            return list(found)
        return simple_addresses(t)

    def _address_mentions(self, a: Any) -> list[PlaceMention]:
        """Place mentions made of the parts of an ``Address`` (from its canonical fields)."""
        gaz = self.gazetteer
        out = []
        for field, kind in (("region", "region"), ("municipality", None),
                            ("settlement", "settlement"), ("district", None)):
            val = getattr(a, field, None)
            if not val:
                continue
            if kind == "region":
                rp = gaz.region(val)
                cands = (rp,) if rp else ()
            else:
                cands = tuple(p for p in gaz.lookup(val)
                              if kind is None or p.kind == kind)[:30]
            if cands:
                typ = getattr(a, "settlement_type", None) if field == "settlement" else field
                out.append(PlaceMention(a.start, a.end, val, cands, type_word=typ))
        return out

    # -------------------------------------------------------------- resolution
    @staticmethod
    def _untyped_address(t: Text, registry: AddressRegistry) -> Any:
        """«Варшавская 69»: a street the registry knows, written without its type word."""
        from ..addresses.address import Address

        for street, house, s0, e0 in registry.find_untyped(t.clean):
            s, e = t.normalized.span_to_original(s0, e0)
            return Address(start=s, end=e, text=t.original[s:e], street=street, house=house)
        return None

    def _registry_address(self, addresses: Sequence[Any], chosen: Any,
                          registry: AddressRegistry, text: Text | None) -> Any:
        """With a registry, the address it knows best: a building it has, else a street it has
        (first in the text), else ``chosen``. An untyped «Стойкости 27» the registry knows also
        counts — the address stage cannot tell such names from ordinary words, the registry can.
        """
        pool = [a for a in addresses if getattr(a, "street", None)]
        if text is not None:
            untyped = self._untyped_address(text, registry)
            if untyped is not None:
                pool.append(untyped)

        def rank(a: Any) -> int:
            house = _house_of(a)
            m = registry.match(a.street, house)
            return 0 if m is None else 3 if m.precision == "house" else 2 if house else 1

        best = chosen
        best_rank = rank(chosen) if chosen is not None else -1
        for a in pool:
            if best_rank == 3:
                break
            if a is not chosen and (r := rank(a)) > best_rank:
                best, best_rank = a, r
        return best

    def _resolve(self, mentions: list[PlaceMention], addresses: list[Any], region: str | None,
                 registry: AddressRegistry | None, text: Text | None = None) -> Location | None:
        gaz = self.gazetteer
        default_reg = gaz.region(region) if region else None
        named_regions = [m.candidates[0] for m in mentions
                         if m.candidates and m.candidates[0].kind == "region"
                         and not (m.candidates[0].name in FEDERAL_CITIES and text is not None
                                  and len(mentions) > 1
                                  and _destination(m, m.candidates[0], text.original))]
        # («Луга. электричка на Питер отменена»: where people go names no region of the message)
        reg_names = {p.name for p in named_regions}
        munis = [m for m in mentions if m.candidates and
                 m.candidates[0].kind in ("municipality", "district")]
        settl = [m for m in mentions if any(c.kind == "settlement" for c in m.candidates)
                 and not _city_area(m) and not _region_first(m)]
        if text is not None and any(_region_adjective_form(m) for m in settl):
            ell = _elliptic_region(text.original, gaz)
            if ell is not None:
                # «у нас в Тверской пособие пересчитали»: the region, not the станица Тверская
                settl = [m for m in settl if not (_region_adjective_form(m) and all(
                    c.population < 10_000 for c in m.candidates if c.kind == "settlement"))]
        # the regions of big towns named without doubt («…Калининского р-на, до Твери 20 км»):
        # a hint for the other places named (a district of that name lies in several regions)
        town_regions = {id(m): m.candidates[0].region for m in settl
                        if m.candidates[0].kind == "settlement"
                        and m.candidates[0].population >= 100_000
                        and all(c.population * 20 < m.candidates[0].population
                                for c in m.candidates[1:] if c.kind == "settlement")}
        around_region: str | None = None
        if text is not None and len(settl) > 1:
            # «Трасса Чита — Агинское», «из рузаевки в саранск последняя маршрутка»: a road or
            # a bus between two places is not in either; the region is known when both lie in it
            on_route = _route_mentions(settl, text.original)
            if on_route:
                regions = {m.candidates[0].region for m in on_route
                           if m.candidates[0].kind == "settlement"}
                if len(regions) > 1:
                    # «из Ярославля на Ростов»: the readings of the ends that share a region
                    # (Ростов Великий, not Ростов-на-Дону)
                    shared = set.intersection(*[
                        {c.region for c in m.candidates
                         if c.kind == "settlement" and c.population >= 5_000}
                        for m in on_route])
                    if len(shared) == 1:
                        regions = shared
                    else:
                        # «электрички из Гатчины в Питер»: a commuter's complaint is about the
                        # town's line; the federal city is where everyone goes
                        commuter = _commuter_town(on_route)
                        if commuter is not None:
                            on_route = [m for m in on_route if m is not commuter]
                            regions = set()
                settl = [m for m in settl if m not in on_route]
                if len(regions) == 1:
                    around_region = next(iter(regions))
        if text is not None and len(settl) > 1:
            drop = _origin_and_destination(settl, text.original)
            if drop and len(drop) < len(settl):
                settl = [m for m in settl if m not in drop]
        if text is not None and settl:
            # «в Рамони под Воронежем»: the town after «под» only says where the place is (with
            # no other place named, it still gives the region: «трасса под Козьмодемьянском»)
            near = [m for m in settl if _near_mention(m, text.original)]
            if near:
                settl = [m for m in settl if m not in near]
                # «Мирный, который под Плесецком», «Железногорск под Красноярском»: the town
                # named as a landmark tells which of the places so named is meant
                for m in near:
                    top = m.candidates[0]
                    if top.kind == "settlement" and all(
                            c.region == top.region or c.population * 20 < top.population
                            for c in m.candidates[1:] if c.kind == "settlement"):
                        town_regions[id(m)] = top.region
                if not settl and around_region is None and \
                        near[0].candidates[0].kind == "settlement":
                    around_region = near[0].candidates[0].region
                    # «под Москвой», «под Питером»: the region around the federal city
                    around_region = _AROUND_FEDERAL_CITY.get(around_region, around_region)
        # regions implied by a named district that exists in one region only («Кузьмино
        # Вологодского района» → a Кузьмино of Вологодская область, even in another district)
        muni_regions = {mm.candidates[0].region for mm in munis
                        if len({c.region for c in mm.candidates}) == 1}
        # a district named in several regions, one of them a big town's («Калининского р-на, до
        # Твери»): that reading, for the other places of the message
        hinted_munis: set[tuple[str, str]] = set()
        hint_sources: dict[str, set[int]] = {}  # region → the town mentions that hinted it
        for mm in munis:
            regs = {c.region for c in mm.candidates}
            hint = regs & set(town_regions.values())
            if len(regs) > 1 and len(hint) == 1:
                region_of = next(iter(hint))
                hinted_munis.add((mm.candidates[0].name, region_of))
                hint_sources.setdefault(region_of, set()).update(
                    k for k, r in town_regions.items() if r == region_of)
        # the first street with a house number, else the first street: messages often name the
        # street first and then again with the house («… Комендантский проспект 60/1»); a
        # street before a microdistrict or quarter («мкр Железнодорожный, ул. Граничная»)
        address = next((a for a in addresses if getattr(a, "street", None)
                        and getattr(a, "house", None)), None) or \
            next((a for a in addresses if getattr(a, "street", None)
                  and not a.street.startswith(_AREA_STREETS)), None) or \
            next((a for a in addresses if getattr(a, "street", None)), None)
        if registry is not None:
            address = self._registry_address(addresses, address, registry, text)

        # score every settlement reading of every settlement mention
        best: tuple[float, Place, PlaceMention, list[tuple[float, Place]]] | None = None
        orphan: tuple[PlaceMention, Place] | None = None  # a village outside the named district
        in_region: tuple[PlaceMention, Place] | None = None  # a typed village of the named region
        # typed villages named with their district («с. Каменка Задонского р-на»)
        qualified = {id(m) for m in settl if m.type_word for mm in munis
                     if 0 <= mm.start - m.end <= 3}
        for m in settl:
            hinted = {r for k, r in town_regions.items() if k != id(m)}
            m_regions = muni_regions | {r for r, src in hint_sources.items() if id(m) not in src}
            m_set = {c.region for c in m.candidates if c.kind == "settlement"}
            for mm in munis:
                regs = {c.region for c in mm.candidates}
                common = regs & m_set
                if len(regs) > 1 and len(common) == 1 and len(m_set) > 1:
                    # «д. Пушкарное Курского района»: a district of that name in two regions, a
                    # village of that name in several, one region shared — that region, that
                    # district (a place of one region only, as «Твери», takes no bonus from it)
                    shared = next(iter(common))
                    m_regions = m_regions | common
                    hinted_munis.update((c.name, shared) for c in mm.candidates
                                        if c.region == shared)
            scored = []
            for c in m.candidates:
                if c.kind != "settlement":
                    continue
                s = math.log10(c.population + 10) + _TYPE_BONUS.get(c.type or "", 0.0)
                if c.region in reg_names:
                    s += 6.0
                elif default_reg is not None and c.region == default_reg.name:
                    s += 3.0
                if any(c.municipality == d.name and c.region == d.region
                       for mm in munis for d in mm.candidates[:30]):
                    s += 3.0  # «с. Сергиевка Первомайского района»: any reading of the district
                if c.region in m_regions and c.region not in reg_names:
                    s += 3.0
                if c.region in hinted and not reg_names:
                    s += _HINT_BONUS
                if c.population >= 1_000_000:
                    s += 1.0
                scored.append((s, c))
            if not scored:
                continue
            scored.sort(key=lambda x: -x[0])
            if reg_names and not any(c.region in reg_names for _, c in scored):
                # a place outside the region the message names: keep it only if it is large
                if scored[0][1].population < 100_000:
                    if m.type_word and scored[0][1].population < 10_000 and in_region is None \
                            and m.text.split()[-1][:1].isupper():
                        # «д. Зуевка … Курганская обл.»: no Зуевка of that region in the gazetteer
                        in_region = (m, scored[0][1])
                    continue
            elif m_regions and not reg_names and scored[0][1].population < 10_000 and \
                    not any(c.region in m_regions for _, c in scored):
                # «д. Заручье … Новоржевский район»: every Заручье the gazetteer knows lies in
                # another region than the named district — the village is in that district
                if orphan is None:
                    orphan = (m, scored[0][1])
                continue
            top = scored[0][0] + (0.5 if m.type_word else 0.0)
            if scored[0][1].region in hinted and not reg_names:
                top -= _HINT_BONUS  # the hint picks a reading, not which place is meant
            destination = len(settl) > 1 and text is not None and _destination(
                m, scored[0][1], text.original)
            if destination:
                top -= _DESTINATION_PENALTY  # «детей возим в Саранск», «до Краснодара»
            # the first place named wins unless a later one is far more plausible
            if best is not None and id(best[2]) in qualified and any(
                    scored[0][1].municipality == d.name and scored[0][1].region == d.region
                    for mm in munis for d in mm.candidates[:30]):
                # «в с. Каменка Задонского р-на …, до больницы в Задонске»: the village named
                # with its district is where the writer is; its district's town comes later
                continue
            if best is not None and not m.type_word and text is not None and \
                    _heading_mention(best[2], text.original):
                # «Елизово, кто знает … рейс из Москвы задерживают», «Норильск: бензин дороже,
                # чем в Москве»: the town heading the message is where the writer is
                continue
            if best is None or top > best[0] + _LATER_MARGIN:
                best = (top, scored[0][1], m, scored)

        went_there = best is not None and text is not None and _destination(
            best[2], best[1], text.original)  # «…детей возим в Тверь»: where people go
        if text is not None and in_region is None and (
                (best is None and not munis) or went_there):
            # «Кимрской ЦРБ», «глава Кыштымского округа»: a town named only by its adjective
            # (also when the only other place is where people go: «…детей возим в Тверь»)
            adj = _adjective_town(text.original, gaz, institutions_only=best is not None,
                                  streets=[(a.start, a.end) for a in addresses
                                           if getattr(a, "street", None)])
            if adj is not None and (not reg_names or adj.region in reg_names) and (
                    best is None or adj.region == best[1].region):
                typed = _unknown_village(text.original, mentions) if best is None else None
                if typed is not None:
                    # «в посёлке Слюдорудник в Кыштымском округе»: a village of that town's
                    # district the gazetteer lacks
                    return self._refine(Location(
                        region=adj.region, municipality=adj.municipality or adj.name,
                        settlement=typed[0], settlement_type=typed[1], lat=adj.lat,
                        lon=adj.lon, oktmo=adj.oktmo, precision="municipality",
                        confidence=0.5, source=_source(address, None)),
                        address, registry, region_only=True)
                return self._refine(Location(
                    region=adj.region, municipality=adj.municipality, settlement=adj.name,
                    settlement_type=SETTLEMENT_TYPES.get(adj.type or "", adj.type),
                    lat=adj.lat, lon=adj.lon, oktmo=adj.oktmo, precision="settlement",
                    confidence=0.6, source=_source(address, None)), address, registry)

        if in_region is not None and (best is None or went_there):
            # «ФАП в д. Зуевка закрыли, до Куртамыша 30 км … Курганская обл.»: the village the
            # message is about is in the named region, though the gazetteer has no point for it
            rp = named_regions[0]
            im, iplace = in_region
            typed = _unknown_village(text.original, [x for x in mentions if x is not im]) \
                if text is not None else None
            return self._with_address(Location(
                region=rp.name, settlement=typed[0] if typed else iplace.name,
                settlement_type=_mention_type(im),
                lat=rp.lat, lon=rp.lon, oktmo=rp.oktmo, precision="region", confidence=0.5,
                source=_source(address, im)), address)

        if best is not None:
            _, place, m, scored = best
            district = next((d for mm in munis for d in mm.candidates[:30]
                             if (len(mm.candidates) == 1 or d.region in reg_names
                                 or (d.name, d.region) in hinted_munis)
                             and d.kind == "municipality" and d.region == place.region
                             and d.name != place.municipality and d.name != place.name), None)
            if district is not None and place.population < 10_000 and place.type != "г":
                # «в селе Ивановка Бузулукского района»: the gazetteer has no Ивановка in that
                # district; the named district, not a namesake elsewhere, is where it is
                return self._refine(Location(
                    region=district.region, municipality=district.name, settlement=place.name,
                    settlement_type=_mention_type(m), lat=district.lat, lon=district.lon, oktmo=district.oktmo,
                    precision="municipality", confidence=0.6, source=_source(address, m)),
                    address, registry, region_only=True)
            conf = _confidence(scored)
            cands = tuple(_cand(c, s) for s, c in scored[1:6]) if conf < 0.9 else ()
            if conf < _AMBIGUOUS and not reg_names and default_reg is None and \
                    not (muni_regions or hint_sources) and \
                    len({c.region for _, c in scored[:5]}) > 1:
                # «д. Сосновка» with no region named: dozens of villages of that name in as many
                # regions — a guess would route the message to the wrong region; the name is
                # reported, with every reading among the candidates, but no region or point
                return self._with_address(Location(
                    settlement=place.name,
                    settlement_type=SETTLEMENT_TYPES.get(place.type or "", place.type),
                    precision="settlement", confidence=round(conf, 3),
                    source=_source(address, m),
                    candidates=tuple(_cand(c, s) for s, c in scored[:6])), address)
            municipality = place.municipality
            if not municipality and place.region in FEDERAL_CITIES:
                # «Фрунзенский район СПб», «Купчино, Питер»: the district of the federal city
                municipality = next((c.name for mm in munis for c in mm.candidates
                                     if c.kind == "district" and c.region == place.region),
                                    None)
            loc = Location(
                region=place.region, municipality=municipality, settlement=place.name,
                settlement_type=SETTLEMENT_TYPES.get(place.type or "", place.type),
                lat=place.lat, lon=place.lon, oktmo=place.oktmo, precision="settlement",
                confidence=round(conf, 3), source=_source(address, m), candidates=cands)
            if registry is not None and address is not None and text is not None and \
                    place.population < 100_000 and \
                    (default_reg is None or place.region != default_reg.name) and \
                    _bare_mention(m, address, text.original):
                # «ЖКС Северо Запад … ул. Гагаринская 6/1»: a bare name of a small place far
                # away against a building the registry has — the registry is the better witness
                got = self._registry_location(None, address, registry, default_reg)
                if got is not None and got.precision == "house":
                    return got
            return self._refine(loc, address, registry)

        if munis:
            m = munis[0]
            cands_m = list(m.candidates)
            if reg_names:
                cands_m.sort(key=lambda c: -(c.region in reg_names))
            elif default_reg is not None:
                cands_m.sort(key=lambda c: -(c.region == default_reg.name))
            place = cands_m[0]
            regions_of = {c.region for c in cands_m}
            conf = 0.85 if len(regions_of) == 1 or place.region in reg_names else \
                0.6 if default_reg is not None and place.region == default_reg.name else 0.35
            others = tuple(_cand(c, 0.0) for c in cands_m[1:6]) if conf < 0.85 else ()
            # «в селе Джазатор Кош-Агачского района»: a village the gazetteer lacks
            unknown = _unknown_village(text.original, mentions) \
                if text is not None and place.kind != "district" else None
            if conf < 0.5 and not (place.kind == "district" and place.region in FEDERAL_CITIES):
                # «в Октябрьском районе» with no region named: districts of that name in many
                # regions — the name is reported with every reading, but no region or point
                return self._with_address(Location(
                    municipality=place.name, settlement=unknown[0] if unknown else None,
                    settlement_type=unknown[1] if unknown else None, precision="municipality",
                    confidence=conf, source=_source(address, m),
                    candidates=tuple(_cand(c, 0.0) for c in cands_m[:6])), address)
            city = None
            city_type: str | None = None
            if place.kind == "district" and place.region in FEDERAL_CITIES:
                city = place.region  # «в Купчино»: a district of St Petersburg is in the city
                city_type = "город"
            elif orphan is not None and place.region in muni_regions:
                om, oplace = orphan  # the village named with the district (no point of its own)
                city = oplace.name
                city_type = _mention_type(om)
                m = om
            elif unknown is not None:
                city, city_type = unknown
            elif text is not None and (adj := _adjective_town(
                    text.original, gaz, institutions_only=True,
                    region=place.region)) is not None:
                # «Кимрской ЦРБ»: the hospital of the district is in its town
                return self._refine(Location(
                    region=adj.region, municipality=adj.municipality or place.name,
                    settlement=adj.name,
                    settlement_type=SETTLEMENT_TYPES.get(adj.type or "", adj.type),
                    lat=adj.lat, lon=adj.lon, oktmo=adj.oktmo, precision="settlement",
                    confidence=min(conf, 0.7), source=_source(address, m)), address, registry)
            loc = Location(region=place.region, municipality=place.name, settlement=city,
                           settlement_type=city_type, lat=place.lat,
                           lon=place.lon, oktmo=place.oktmo, precision="municipality",
                           confidence=conf, source=_source(address, m), candidates=others)
            return self._refine(loc, address, registry, region_only=True)

        if around_region is None and not named_regions and text is not None:
            # «у нас в Амурской выплаты задерживают»: a region named by its adjective alone
            around_region = _elliptic_region(text.original, gaz)

        if around_region is not None and not named_regions:
            rp = gaz.region(around_region)
            if rp is not None:
                return self._refine(Location(
                    region=rp.name, lat=rp.lat, lon=rp.lon, oktmo=rp.oktmo, precision="region",
                    confidence=0.7, source=_source(address, None)),
                    address, registry, region_only=True)

        if named_regions:
            place = named_regions[0]
            unknown = _unknown_village(text.original, mentions) if text is not None and \
                place.name not in FEDERAL_CITIES else None
            loc = Location(region=place.name, settlement=unknown[0] if unknown else None,
                           settlement_type=unknown[1] if unknown else None,
                           lat=place.lat, lon=place.lon, oktmo=place.oktmo,
                           precision="region", confidence=0.9,
                           source=_source(address, next(m for m in mentions
                                                        if m.candidates[0] is place)))
            return self._refine(loc, address, registry, region_only=True)

        # nothing named: a registry may still place the street (it belongs to one city)
        if address is not None and registry is not None:
            loc = self._registry_location(None, address, registry, default_reg)
            if loc is not None:
                return loc
        return self._fallback(region, address)

    def _fallback(self, region: str | None, address: Any) -> Location | None:
        if not region:
            return None
        rp = self.gazetteer.region(region)
        if rp is None:
            return None
        loc = Location(region=rp.name, lat=rp.lat, lon=rp.lon, oktmo=rp.oktmo,
                       precision="region", confidence=0.3, source=_source(address, None))
        return self._with_address(loc, address)

    @staticmethod
    def _with_address(loc: Location, address: Any) -> Location:
        if address is None:
            return loc
        street = getattr(address, "street", None)
        if street and street.startswith(_AREA_STREETS):
            street = None  # «мкр. Северный, д. 37»: an area of the town, no street
        return Location(**{**_fields(loc), "street": street,
                           "house": getattr(address, "house", None)})

    def _refine(self, loc: Location, address: Any, registry: AddressRegistry | None,
                region_only: bool = False) -> Location:
        """Street / house level from the registry, when the place agrees with it."""
        if address is None:
            return loc
        if registry is not None:
            city = registry.locality
            if region_only:
                ok = city is not None and loc.region is not None and (
                    city == loc.region or self._city_region(city) == loc.region)
            else:
                ok = city is None or registry.has_locality(loc.settlement) or \
                    (loc.settlement is not None and _same_name(loc.settlement, loc.region) and
                     self._city_region(city) == loc.region)
            if ok:
                got = self._registry_location(loc, address, registry, None)
                if got is not None:
                    return got
        return self._with_address(loc, address)

    def _city_region(self, city: str) -> str | None:
        rp = self.gazetteer.region(city)
        return rp.name if rp is not None else None

    def _registry_location(self, loc: Location | None, address: Any,
                           registry: AddressRegistry, default_reg: Place | None
                           ) -> Location | None:
        street = getattr(address, "street", None)
        house = _house_of(address)
        m = registry.match(street, house, locality=loc.settlement if loc is not None else None)
        if m is None:
            return None
        base = _fields(loc) if loc is not None else {}
        if loc is None:
            city = registry.locality
            places = self.gazetteer.lookup(city, kind="settlement") if city else []
            if places:
                p = places[0]
                base = {"region": p.region, "municipality": p.municipality, "settlement": p.name,
                        "settlement_type": SETTLEMENT_TYPES.get(p.type or "", p.type),
                        "oktmo": p.oktmo}
        conf = 0.9 if m.precision == "house" else 0.7 if m.interpolated else 0.55
        if loc is not None:
            conf = min(conf, max(loc.confidence, 0.5))
        else:
            conf *= 0.8  # the settlement comes from the registry, not from the message
        return Location(**{**base, "street": m.street, "house": house, "lat": m.lat,
                           "lon": m.lon, "precision": m.precision,
                           "confidence": round(conf, 3),
                           "source": _source(address, None)})


_TYPE_BONUS = {"г": 1.5, "пгт": 0.5, "рп": 0.5}
_LATER_MARGIN = 2.5
_HINT_BONUS = 1.5  # a reading in the region of a big town named elsewhere in the message


def _confidence(scored: list[tuple[float, Place]]) -> float:
    """Share of the top reading under a softmax of the scores, scaled to [0.3, 0.95]."""
    if len(scored) == 1:
        return 0.95
    z = [math.exp(2.0 * (s - scored[0][0])) for s, _ in scored[:20]]
    p = z[0] / sum(z)
    return 0.3 + 0.65 * p


def _cand(p: Place, score: float) -> dict:
    return {"region": p.region, "municipality": p.municipality, "settlement": p.name
            if p.kind == "settlement" else None, "kind": p.kind, "name": p.name,
            "population": p.population, "lat": p.lat, "lon": p.lon, "oktmo": p.oktmo}


#: below this confidence, a settlement whose readings lie in several regions (and no region is
#: named or given) is reported without a region (see ``_resolve``)
_AMBIGUOUS = 0.6
_DESTINATION_PENALTY = 2.0
_TO_PREPS = frozenset({"в", "во", "на"})


def _destination(m: PlaceMention, place: Place, original: str) -> bool:
    """Whether mention ``m`` names where people go, not where the problem is: after «до» or
    «к», or after «в/на» in the accusative («возим в Саранск», «езжу в Пензу»; the place
    itself would be «в Саранске», «в Пензе»)."""
    before = original[max(0, m.start - 12):m.start].split()
    if not before or m.type_word:
        return False
    prep = before[-1].lower()
    if len(before) > 1 and before[-2].lower().startswith(("перее", "прие", "верну", "вернё")):
        return False  # «переехали в Ейск», «приехали в Тверь»: where the writer is now
    if prep in ("до", "к", "ко"):
        return True
    if prep not in _TO_PREPS or " " in m.text.strip():
        return False
    surf = fold(m.text.strip())
    name = fold(place.name)
    if surf == name:
        # «в Саранск», «в Тверь»: the accusative (the place itself: «в Саранске», «в Твери»)
        return name[-1:] not in "аяоеиуыэю"
    # «рожать в Петербург ехать», «в Питер»: an informal name, uninflected (not a plural name
    # in the locative: «в Семилуках», «в Набережных Челнах»)
    if len(surf) >= 5 and surf[-1:] not in "аяьоеиуыэюй" and not surf.isupper() and \
            not surf.endswith(("ах", "ях")) and any(ch in "аяоеиуыэю" for ch in surf):
        return True
    return name[-1:] in "ая" and surf[:-1] == name[:-1] and surf[-1:] in "ую"  # «в Пензу»


_AROUND_FEDERAL_CITY = {"Москва": "Московская область",
                        "Санкт-Петербург": "Ленинградская область"}
#: words that make «A — B», «из A в B» a route between two places
_ROUTE_CUE = re.compile(  # searched in the lower-cased text (no re.I: 5× faster)
    r"(?<![а-яё])(?:трасс|автобус|маршрут|рейс|электрич|поезд|паром|переправ|дорог[аиуеоы]"
    r"|такси|попутк|попутч|междугор|пригородн|ехать|едет|едут|ездить|ездим|езжу|добира"
    r"|доехать|уехать|сообщени|перевоз|трамва|троллейбус)")
_ROUTE_DASH = frozenset({"—", "–", "-", "--", "->", "→", "—>", "=>"})


def _route_mentions(settl: Sequence[PlaceMention], original: str) -> list[PlaceMention]:
    """Settlement mentions that name the ends of a route: «Саранск — Пенза», «из Ухты в
    Сосногорск», «от Тулы до Москвы», «между Ухтой и Сосногорском» in a message about a road or
    transport («маршрут», «трасса», «электричка» …). Not a route: «из ст-цы Брюховецкой до
    Краснодара» (a village named with its type word is where the writer lives) and «приехал из
    Курска в Орёл» (where the writer is now).

    >>> from complaintnlp.geo.location import PlaceMention
    >>> t = "Маршрут Саранск — Пенза отменили"
    >>> a, b = PlaceMention(8, 15, "Саранск", ()), PlaceMention(18, 23, "Пенза", ())
    >>> [m.text for m in _route_mentions([a, b], t)]
    ['Саранск', 'Пенза']
    >>> _route_mentions([a, b], "Саранск — Пенза: цены")
    []
    """
    if not _ROUTE_CUE.search(original.lower()):
        return []
    out: list[PlaceMention] = []
    for a, b in pairwise(settl):
        gap = original[a.end:b.start]
        if len(gap) > 12:
            continue
        g = gap.strip().lower()
        prep = _prep_before(a, original)
        dash = g in _ROUTE_DASH and not a.type_word and not b.type_word
        from_to = prep in ("из", "от", "с", "со") and g in ("в", "во", "до", "на") and \
            not a.type_word and not _moved(original[max(0, a.start - 30):a.start])
        if dash or from_to or (prep == "между" and g == "и"):
            out.extend(m for m in (a, b) if m not in out)
    if out:
        # «Чита — Агинское после Дарасуна»: places along the route
        out.extend(m for m in settl if m not in out and not m.type_word
                   and _prep_before(m, original) in ("после", "перед", "за", "до", "от",
                                                     "районе"))
    return out


#: the end of an adjective of a town's name before an institution, an area or its people
#: («…ской ЦРБ», «…ского округа», «…ских водителя»), searched in the lower-cased text
_ADJ_BEFORE_NOUN = re.compile(
    r"[сц]к(?:ой|ий|ая|ое|ого|ому|им|ом|ую|ие|их|ими|ей|ые|ым|ых)\s+((?:црб|рб|цгб|цркб|больниц"
    r"|поликлиник|роддом|администрац|глав|мэр|водител|жител|школ|гимнази|рын|автовокзал|вокзал"
    r"|гибдд|полици|суд|прокуратур|соцзащит|водоканал|парк|пляж|набережн|автобус|маршрутк"
    r"|завод|округ|район|горсовет|дум|депутат|таксист|дорог|трасс|подслушано|паблик|новост)"
    r"[а-яё]*)")


def _adjective_town(original: str, gaz: Gazetteer, institutions_only: bool = False,
                    region: str | None = None,
                    streets: Sequence[tuple[int, int]] = ()) -> Place | None:
    """The town of an adjective before an institution, an area or its people («Кимрской ЦРБ»,
    «Кыштымского округа», «боровских водителя»), when one town of that name stands out
    (``institutions_only``: not before «район», «округ»; ``region``: only towns of that region;
    ``streets``: spans of extracted streets, whose words name no town: «Муринская дорога, дом
    61»).
    """
    low = original[:2000].lower()
    for m in _ADJ_BEFORE_NOUN.finditer(low):
        if institutions_only and m.group(1).startswith(("район", "округ")):
            continue
        if any(a <= m.start() < b for a, b in streets):
            continue
        start = m.start()
        while start > 0 and (low[start - 1].isalpha() or low[start - 1] == "-"):
            start -= 1
        if m.start() - start < 2:
            continue
        towns = gaz.towns_of_adjective(low[start:m.start(1)].rstrip())
        if region is not None:  # the district named is known: its town
            towns = [p for p in towns if p.region == region]
        if towns and (len(towns) == 1 or towns[0].population >= 5 * towns[1].population or (
                towns[0].population >= 3 * towns[1].population
                and towns[0].region == towns[1].region)):
            return towns[0]
    return None


_ELLIPTIC_REGION = re.compile(r"(?<![а-яё])во?\s+([а-яё]+(?:ской|цкой|ском|цком))(?![а-яё])"
                              r"\s*([а-яё]*)")  # searched in the lower-cased text


def _region_adjective_form(m: PlaceMention) -> bool:
    """A one-word mention without a type word in the form of a region's adjective after «в»
    («в Тверской», «в Курской»)."""
    low = m.text.lower()
    return m.type_word is None and " " not in low and low.endswith(("ской", "цкой"))


def _elliptic_region(original: str, gaz: Gazetteer) -> str | None:
    """«у нас в Амурской …», «в Пермском опять …»: «в» and a region's adjective with no noun
    after it (not «в Амурской больнице»)."""
    for m in _ELLIPTIC_REGION.finditer(original[:2000].lower()):
        nxt = m.group(2)
        if nxt and any(p.tag.POS in ("NOUN", "ADJF") and "loct" in p.tag
                       for p in parse_word(nxt)[:3]):
            continue
        place = gaz.region_of_adjective(m.group(1))
        if place is not None:
            return place.name
    return None


def _moved(before: str) -> bool:
    """«переехали из …», «приехал из …», «вернулась из …»: the place after «в» is where the
    writer is now (``before``: the text before «из»)."""
    words = before.split()
    return len(words) > 1 and words[-2].lower().startswith(("перее", "прие", "верну", "вернё"))


def _origin_and_destination(settl: Sequence[PlaceMention], original: str
                            ) -> list[PlaceMention]:
    """Mentions that only say where people go or came from, when the message names both ends
    apart: «автобус до Питера по утрам из Гатчины битком» → «Питера» (the writer's place is
    where the bus leaves); «переехали из Москвы в Тверь, а тут …» → «Москвы»."""
    preps = [(m, _prep_before(m, original)) for m in settl]
    to = [m for m, p in preps if p in ("до", "к")]
    frm = [m for m, p in preps if p in ("из", "от")]
    if to and frm:
        return to
    for a, b in pairwise(settl):
        before = original[max(0, a.start - 30):a.start]
        if _prep_before(a, original) == "из" and _moved(before) and \
                original[a.end:b.start].strip().lower() in ("в", "во", "на"):
            return [a]
    return []


_HEADING_AFTER = frozenset(",:—–-.!")


def _commuter_town(on_route: Sequence[PlaceMention]) -> PlaceMention | None:
    """The town of a route between it and the federal city its region surrounds (Москва and
    Московская область, Санкт-Петербург and Ленинградская область), else None."""
    if len(on_route) != 2:
        return None
    a, b = on_route
    for city, town in ((a, b), (b, a)):
        c, t = city.candidates[0], town.candidates[0]
        if c.kind == "settlement" and t.kind == "settlement" and c.name in FEDERAL_CITIES and \
                _AROUND_FEDERAL_CITY.get(c.region) == t.region:
            return town
    return None


def _heading_mention(m: PlaceMention, original: str) -> bool:
    """Whether ``m`` heads the message as its place: nothing but symbols before it and a
    comma, colon, dash or full stop after it («Норильск: …», «Елизово, кто знает …»).

    >>> from complaintnlp.geo.location import PlaceMention
    >>> _heading_mention(PlaceMention(0, 7, "Елизово", ()), "Елизово, кто знает")
    True
    >>> _heading_mention(PlaceMention(2, 9, "Елизово", ()), "в Елизово, кто знает")
    False
    """
    if any(ch.isalnum() for ch in original[:m.start]):
        return False
    rest = original[m.end:m.end + 3].lstrip()
    return rest[:1] in _HEADING_AFTER


def _prep_before(m: PlaceMention, original: str) -> str:
    before = original[max(0, m.start - 10):m.start].split()
    return before[-1].lower() if before else ""


def _near_mention(m: PlaceMention, original: str) -> bool:
    """«под Воронежем», «под Сызранью»: a town named as a landmark near the place.

    >>> from complaintnlp.geo.location import PlaceMention
    >>> _near_mention(PlaceMention(12, 21, "Воронежем", ()), "В Рамони под Воронежем")
    True
    """
    before = original[max(0, m.start - 8):m.start].split()
    return bool(before) and before[-1].lower() == "под" and not m.type_word and \
        fold(m.text).endswith(("ом", "ем", "ой", "ей", "ью", "ами", "ями", "ым", "им"))


def _source(address: Any, mention: PlaceMention | None) -> dict | None:
    if address is not None and hasattr(address, "to_dict"):
        return address.to_dict()
    if mention is not None:
        return {"start": mention.start, "end": mention.end, "text": mention.text,
                "type_word": mention.type_word}
    return None


def _fields(loc: Location) -> dict:
    return {f: getattr(loc, f) for f in Location.__dataclass_fields__}


_PLACE_PREP_RE = re.compile(r"(?:^|[^а-яё])(?:в|во|из|под|около|возле|у|на|до|от|из-под|близ)"
                            r"\s*$", re.I)


def _bare_mention(m: PlaceMention, address: Any, original: str) -> bool:
    """A place named with no type word, no «в / из / около …» before it and not next to the
    address («Бежецк, ул. Мебельная 47» and «в Бежецке» are not bare; «ЖКС Северо Запад» is).

    >>> m = PlaceMention(4, 10, "Северо", ())
    >>> class A: start, end = 20, 30
    >>> _bare_mention(m, A, "ЖКС Северо Запад. ул. Гагаринская 6/1")
    True
    >>> _bare_mention(PlaceMention(2, 9, "Бежецке", ()), A, "в Бежецке, ул. Мебельная 47")
    False
    """
    if m.type_word:
        return False
    if _PLACE_PREP_RE.search(original[max(0, m.start - 12):m.start]):
        return False
    a0, a1 = getattr(address, "start", -10**9), getattr(address, "end", -10**9)
    gap = a0 - m.end if m.end <= a0 else m.start - a1 if m.start >= a1 else 0
    return gap > 3


def _house_of(address: Any) -> str | None:
    """The house of an address with its корпус («12» + building «2» → «12к2»)."""
    house = getattr(address, "house", None)
    building = getattr(address, "building", None)
    if house and building and "к" not in house:
        return f"{house}к{building}"
    return house


#: «streets» of the extractor that name an area, not a street
_AREA_STREETS = ("микрорайон ", "квартал ")


def _part_of_street(m: PlaceMention, addresses: Sequence[Any]) -> bool:
    """A place name without a type word inside an address whose street it spells («ТСЖ
    "Шаврова, 13/1"» is улица Шаврова, not the village Шаврово): the address stage saw the
    house number and decided it is a street.

    >>> from complaintnlp.addresses.address import Address
    >>> a = Address(start=0, end=13, text="Шаврова, 13/1", street="улица Шаврова", house="13/1")
    >>> _part_of_street(PlaceMention(0, 7, "Шаврова", ()), [a])
    True
    >>> _part_of_street(PlaceMention(0, 7, "Шаврова", (), type_word="д"), [a])
    False
    """
    if m.type_word:
        return False
    low = m.text.lower().replace("ё", "е")
    for a in addresses:
        street = getattr(a, "street", None)
        if street and not getattr(a, "settlement", None) and \
                a.start <= m.start and m.end <= a.end and \
                low in street.lower().replace("ё", "е"):
            return True
    return False


def _same_name(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a.lower().replace("ё", "е") == b.lower().replace("ё", "е")


geolocate = Geolocator()
"""The default :class:`Geolocator`: ``geolocate(text_or_addresses, region=None, registry=None)``."""
