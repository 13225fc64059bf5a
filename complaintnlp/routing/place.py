"""The place of a message as routing sees it: region, municipality, its kind, district, house.

:func:`routing_place` turns a :class:`~complaintnlp.geo.location.Location` (and the address
mentions, the text and the known context fields) into a :class:`RoutingPlace` with a *place
class* that the default rules are keyed by:

``federal_city``  Москва, Санкт-Петербург, Севастополь (their own structure of bodies);
``city``          a town that is its own municipality (городской округ: Курск, Тверь);
``town``          a town or urban-type settlement inside a district (Максатиха, Бежецк);
``rural``         a village or a district named without a town;
``region``        only the region is known;
``unknown``       nothing is known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..geo.location import FEDERAL_CITIES
from .names import inflect_city, inflect_phrase, municipality_parts, region_in_case

__all__ = ["FEDERAL_CITIES", "PLACE_CLASSES", "RoutingPlace", "canonical_region",
           "routing_place"]

PLACE_CLASSES = ("federal_city", "city", "town", "rural", "region", "unknown")

_TOWN_TYPES = {"город", "г", "посёлок городского типа", "поселок городского типа", "пгт",
               "рабочий посёлок", "рабочий поселок", "рп"}
_CITY_TYPES = {"город", "г"}
_SHORT_TYPES = {"г": "город", "пгт": "пгт", "рп": "рабочий посёлок", "п": "посёлок",
                "с": "село", "д": "деревня", "х": "хутор", "ст-ца": "станица",
                "посёлок городского типа": "пгт", "поселок городского типа": "пгт"}
_DISTRICT_RE = re.compile(
    r"([А-ЯЁа-яё][а-яё-]+(?:ск|цк)(?:ий|ого|ом|ому|ой))\s+(?:район|р-н|р-не|р-на|районе|района)\b")
_MOSCOW_DISTRICT_RE = re.compile(
    r"(?:район(?:е|а)?|р-н(?:е|а)?)\s+([А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*"
    r"(?:\s+[А-ЯЁ][а-яё]+)?)")


@dataclass(frozen=True, slots=True)
class RoutingPlace:
    """Where the problem is, with everything agency names need.

    Attributes
    ----------
    klass : str
        One of :data:`PLACE_CLASSES`.
    region, municipality, municipality_type, settlement, settlement_type : str or None
        Canonical names (``municipality_type`` after regional reforms, e.g. «муниципальный
        округ» for Tver oblast).
    city : str or None
        The town whose administration answers («Курск»).
    district : str or None
        District of a federal city («Калининский район» in St Petersburg, «Марьино» in Moscow).
    street, house : str or None
    """

    klass: str = "unknown"
    region: str | None = None
    municipality: str | None = None
    municipality_type: str | None = None
    settlement: str | None = None
    settlement_type: str | None = None
    city: str | None = None
    district: str | None = None
    street: str | None = None
    house: str | None = None

    def describe(self) -> str:
        """Short Russian description for reasons («г. Курск, ул. Союзная, д. 71б»).

        >>> RoutingPlace("city", "Курская область", "Курск", None, "Курск", "город", "Курск",
        ...              street="ул. Союзная", house="71б").describe()
        'г. Курск, ул. Союзная, д. 71б'
        >>> RoutingPlace().describe()
        'место не определено'
        """
        parts: list[str] = []
        if self.settlement:
            st = _SHORT_TYPES.get((self.settlement_type or "").lower(), self.settlement_type)
            short = {"город": "г.", "село": "с.", "деревня": "д.", "посёлок": "п."}.get(
                st or "", st)
            parts.append(f"{short} {self.settlement}" if short else self.settlement)
        elif self.municipality:
            parts.append(self.municipality)
        if self.district and self.klass == "federal_city":
            parts.append(self.district if "район" in self.district else
                         f"район {self.district}")
        if self.street:
            parts.append(self.street + (f", д. {self.house}" if self.house else ""))
        if not parts and self.region:
            parts.append(self.region)
        if self.region and self.settlement and self.region in FEDERAL_CITIES \
                and self.settlement != self.region:
            parts.insert(0, self.region)
        return ", ".join(parts) if parts else "место не определено"

    def fields(self) -> dict[str, str]:
        """Template fields for agency names (absent parts give generic words).

        >>> f = RoutingPlace("rural", "Тверская область", "Максатихинский район",
        ...                  "муниципальный округ").fields()
        >>> f["region_gen"], f["muni_gen"]
        ('Тверской области', 'Максатихинского муниципального округа')
        """
        f: dict[str, str] = {}
        f["region_gen"] = region_in_case(self.region, "gent") if self.region else "региона"
        f["region_dat"] = region_in_case(self.region, "datv") if self.region else "региону"
        if self.region in ("Москва", "Санкт-Петербург", "Севастополь"):
            f["region_dat"] = "г. " + inflect_city(self.region, "datv")
        f["city_gen"] = inflect_city(self.city) if self.city else "населённого пункта"
        f["muni_gen"] = self._muni_gen()
        f["settlement"] = self.settlement or ""
        f["settlement_type"] = (_SHORT_TYPES.get((self.settlement_type or "").lower())
                                or self.settlement_type or "").strip()
        if f["settlement_type"] == "г":
            f["settlement_type"] = "город"
        d = self.district or ""
        f["district"] = d
        f["district_gen"] = inflect_phrase(d, "gent") if " " in d else d
        f["address"] = (f" по адресу {self.street}, д. {self.house}"
                        if self.street and self.house else "")
        return f

    def _muni_gen(self) -> str:
        m = self.municipality
        if not m:
            return "муниципального образования"
        stem, typ = municipality_parts(m)
        typ = self.municipality_type or typ
        if stem.startswith("имени "):  # «район имени Лазо» → «района имени Лазо»
            return f"{inflect_phrase(typ or 'район', 'gent')} {stem}"
        if typ is None or (typ == "городской округ" and stem == m):
            return f"городского округа {m}"
        return inflect_phrase(f"{stem} {typ}", "gent")


def canonical_region(region: str | None) -> str | None:
    """The gazetteer's canonical name of ``region`` («Курская обл.» → «Курская область»).

    >>> canonical_region("Питер"), canonical_region(None)
    ('Санкт-Петербург', None)
    """
    if not region:
        return None
    if region in FEDERAL_CITIES or region in _KNOWN:
        return region
    from ..geo import default_gazetteer

    place = default_gazetteer().region(region)
    return place.name if place is not None else region


_KNOWN = {"Курская область", "Тверская область", "Республика Татарстан", "Московская область",
          "Ленинградская область", "Краснодарский край", "Свердловская область"}


def _norm_district(name: str | None) -> str | None:
    if not name:
        return None
    name = " ".join(name.split())
    low = name.lower()
    if low.endswith(" р-н") or low.endswith(" р-он"):
        name = name.rsplit(" ", 1)[0] + " район"
    if re.search(r"(ский|цкий|ской|ный)$", name):
        name = name + " район"
    return name


def _district_from_text(text: str, region: str | None) -> str | None:
    if region == "Санкт-Петербург" or region == "Севастополь":
        m = _DISTRICT_RE.search(text)
        if m:
            word = m.group(1)
            return inflect_phrase(_nominative_adj(word) + " район", "nomn")
        return None
    if region == "Москва":
        m = _MOSCOW_DISTRICT_RE.search(text)
        if m:
            return m.group(1)
    return None


def _nominative_adj(word: str) -> str:
    from ..text.morphology import parse_word

    for p in parse_word(word):
        if p.tag.POS == "ADJF":
            form = p.inflect({"nomn", "sing", "masc"})
            if form is not None:
                w = form.word
                return w[:1].upper() + w[1:]
    return word[:1].upper() + word[1:]


def routing_place(location: Any = None, region: str | None = None,
                  addresses: Sequence[Any] = (), text: str = "",
                  context: Mapping[str, Any] | None = None,
                  municipality_types: Mapping[str, Mapping[str, str]] | None = None
                  ) -> RoutingPlace:
    """Combine a geolocation result, address mentions, the text and known fields.

    Parameters
    ----------
    location : Location, optional
        From :func:`complaintnlp.geo.geolocate`.
    region : str, optional
        Default region (used when the location has none).
    addresses : sequence of Address
        Address mentions (their ``district`` is used in federal cities).
    text : str
        The message (a district named in it: «Калининский район»).
    context : mapping, optional
        Known fields overriding the extracted ones: ``region``, ``municipality``,
        ``settlement``, ``settlement_type``, ``district``, ``street``, ``house``.
    municipality_types : mapping, optional
        Region → {old type → new type} (municipal reforms; from the rules data).

    Examples
    --------
    >>> from complaintnlp.geo.location import Location
    >>> p = routing_place(Location(region="Курская область", municipality="Курск",
    ...                            settlement="Курск", settlement_type="город"))
    >>> p.klass, p.city
    ('city', 'Курск')
    >>> routing_place(region="Санкт-Петербург", text="Калининский район, мусор").district
    'Калининский район'
    >>> routing_place().klass
    'unknown'
    """
    ctx = {k: str(v) for k, v in (context or {}).items() if v not in (None, "")}

    def get(k: str) -> str | None:
        if ctx.get(k):
            return ctx[k]
        return getattr(location, k, None) if location is not None else None

    reg = canonical_region(ctx.get("region") or (location.region if location is not None
                                                 and location.region else region))
    muni = get("municipality")
    settlement = get("settlement")
    stype = get("settlement_type")
    street = get("street")
    house = get("house")
    district = _norm_district(ctx.get("district"))
    if district is None:
        for a in addresses:
            d = getattr(a, "district", None)
            if d:
                district = _norm_district(d) if reg != "Москва" else d
                break
    if district is None and text and reg in FEDERAL_CITIES:
        district = _district_from_text(text, reg)
    if reg == "Москва" and district and district.endswith("административный округ"):
        district = None  # an okrug («Митино» → СЗАО) is not the district a «Жилищник» serves
    if reg in FEDERAL_CITIES:
        return RoutingPlace("federal_city", reg, None, None, settlement or reg,
                            stype or "город", reg, district, street, house)
    if reg is None and muni is None and settlement is None:
        return RoutingPlace("unknown", street=street, house=house)
    mtype = None
    if muni:
        mtype = municipality_parts(muni)[1]
        if mtype is None:
            mtype = "городской округ"
        new = (municipality_types or {}).get(reg or "", {}).get(mtype)
        if new:
            mtype = new
    stype_l = (stype or "").lower()
    if muni and mtype == "городской округ":
        _stem, typ = municipality_parts(muni)
        # an okrug named after its city (Курск) is the city's administration; one with a name
        # of its own («Дмитровский городской округ») answers for every town in it
        city = muni if typ is None else None
        return RoutingPlace("city", reg, muni, mtype, settlement, stype, city, None, street,
                            house)
    if settlement and stype_l in _TOWN_TYPES:
        city = settlement if stype_l in _CITY_TYPES else None
        return RoutingPlace("town", reg, muni, mtype, settlement, stype, city, None, street,
                            house)
    if muni or settlement:
        return RoutingPlace("rural", reg, muni, mtype, settlement, stype, None, None, street,
                            house)
    return RoutingPlace("region", reg, None, None, None, None, None, None, street, house)
