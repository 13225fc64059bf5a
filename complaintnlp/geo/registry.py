"""``AddressRegistry``: a user's canonical addresses with coordinates (a ГАР/ФИАС extract, a city's
building list) matched against extracted street + house.

Matching is tolerant to the order and abbreviation of the street type (``Звенигородская улица`` =
``ул. Звенигородская`` = ``Звенигородской ул.``), ``ё``, case and inflection, and to the spelling
of building parts (``47к1`` = ``47/1`` = ``47-1`` = ``дом 47, корпус 1``; ``литера`` is used only to
choose among otherwise equal buildings). A building absent from the registry is placed on its street:
interpolated between the nearest known numbers of the same parity, else the street's centroid
(``precision="street"``).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataFormatError
from .keys import edit_distance, word_key

__all__ = ["AddressRegistry", "RegistryMatch", "house_parts", "street_key"]

# street type words → canonical type (keys of :func:`word_key`)
_STREET_TYPES = {
    "ул": "улица", "улиц": "улица", "у": None,
    "пр": "проспект", "пр-т": "проспект", "пр-кт": "проспект", "просп": "проспект",
    "проспект": "проспект", "пркт": "проспект",
    "пер": "переулок", "переулк": "переулок", "переулок": "переулок",
    "б-р": "бульвар", "бул": "бульвар", "бульв": "бульвар", "бульвар": "бульвар",
    "ш": "шоссе", "шосс": "шоссе", "шоссе": "шоссе",
    "наб": "набережная", "набережн": "набережная",
    "пл": "площадь", "площад": "площадь",
    "пр-д": "проезд", "проезд": "проезд",
    "алле": "аллея", "аллея": "аллея", "алл": "аллея",
    "лин": "линия", "лини": "линия",
    "дорог": "дорога", "дор": "дорога",
    "тупик": "тупик", "туп": "тупик", "мост": "мост", "кан": "канал", "канал": "канал",
    "территори": "территория", "тер": "территория", "остров": "остров", "о": None, "просек": "просека", "тракт": "тракт", "спуск": "спуск",
    "мкр": "микрорайон", "микрорайон": "микрорайон", "кв-л": "квартал", "квартал": "квартал",
}
# island / side names after a street («11-я линия В.О.», «Большой пр. П.С.») and city names
_STREET_STOP = {"им", "имени", "г", "город", "санкт-петербург", "спб", "в", "во", "пс", "п", "с",
                "васильевского", "острова", "петроградской", "стороны"}
_WORD_RE = re.compile(r"\d+(?:-?[а-яa-z]{1,3})?|[^\W\d_]+(?:-[^\W\d_]+)*", re.U)
_ORDINAL_RE = re.compile(r"^(\d+)(?:-?(?:[а-я]{1,3}))?$")


def street_key(street: str) -> tuple[str | None, str]:
    """(street type, name key) of a street in any spelling.

    >>> street_key("Звенигородская улица") == street_key("ул. Звенигородской")
    True
    >>> street_key("пр.Стачек"), street_key("1-го Мая ул.")
    (('проспект', 'стачек'), ('улица', '1 ма'))
    """
    s = street.lower().replace("ё", "е")
    typ = None
    words = []
    for w in _WORD_RE.findall(s):
        m = _ORDINAL_RE.match(w)
        if m:
            words.append(m.group(1))
            continue
        k = word_key(w)
        if k in _STREET_TYPES:
            t = _STREET_TYPES[k]
            if t is not None and (typ is None or typ == "улица"):
                typ = t  # «ул. Сиреневый бульвар» is a бульвар
            continue
        if w in _STREET_STOP:
            continue
        words.append(k)
    return typ, " ".join(sorted(words))


_HOUSE_RE = re.compile(
    r"(?:^|\b)(?:д(?:ом)?\.?\s*)?(\d+)\s*(?:([а-яa-z])\b)?\s*"
    r"(?:(?:/|-|\s*к(?:орп(?:ус)?)?\.?\s*)(\d+))?\s*"
    r"(?:,?\s*(?:лит(?:ера?)?\.?|л\.)\s*([а-яa-z]))?", re.I)


def house_parts(house: str) -> tuple[str, str, str] | None:
    """(number, корпус, литера) of a house: ``"47к1"`` → ``("47", "1", "")``.

    >>> house_parts("дом 47, корпус 1, литера А"), house_parts("12к2"), house_parts("7а")
    (('47', '1', 'а'), ('12', '2', ''), ('7', '', 'а'))
    >>> house_parts("50/2"), house_parts("34-1"), house_parts("нет")
    (('50', '2', ''), ('34', '1', ''), None)
    """
    h = house.lower().replace("ё", "е")
    h = re.sub(r",?\s*корпус\s*", "к", h)
    h = re.sub(r",?\s*(?:строение|стр\.?)\s*\d+", "", h)
    m = _HOUSE_RE.search(h)
    if not m:
        return None
    lit = m.group(4) or m.group(2) or ""
    return m.group(1), m.group(3) or "", lit


@dataclass(frozen=True, slots=True)
class RegistryMatch:
    """The result of :meth:`AddressRegistry.match`.

    ``precision`` is ``"house"`` (the building is in the registry) or ``"street"`` (interpolated
    along the street, or its centroid); ``address`` is the registry's canonical address of the
    building or of the street.
    """

    lat: float
    lon: float
    precision: str
    address: str
    street: str
    house: str | None
    interpolated: bool = False


_UNTYPED_RE = re.compile(
    r"(?<![А-ЯЁа-яё])((?:[А-ЯЁ][а-яё]+\s+)?[А-ЯЁ][а-яё]{3,}(?:ая|ий|ой|ого|ова|ева|ина|ской|цкой))"
    r"[\s,]+(?:д(?:ом)?\.?\s*)?(\d{1,4}(?:[а-я](?![а-я]))?(?:\s*[,.]?\s*(?:к(?:орп(?:ус)?)?\.?|/)\s*\d{1,2})?)"
    r"(?![\d/.,]\d)")
# any one- or two-word name before a house number, any case («стойкости 27», «Маршала Блюхера
# 54»): taken only when the registry knows the name exactly (see find_untyped)
_UNTYPED_ANY_RE = re.compile(
    r"(?<![А-ЯЁа-яё\-])((?:[А-ЯЁа-яё][а-яё]+\s+)?[А-ЯЁа-яё][а-яё]{3,})"
    r"[\s,]+(?:д(?:ом)?\.?\s*)?(\d{1,4}(?:[а-я](?![а-я]))?(?:\s*[,.]?\s*(?:к(?:орп(?:ус)?)?\.?|/)\s*\d{1,2})?)"
    r"(?![\d/.,]\d)")
# words that precede numbers in complaints and happen to be street names somewhere
_NOT_STREET_PREFIXES = (
    "парадн", "подъезд", "этаж", "квартир", "лестниц", "корпус", "секци", "кабинет", "школ",
    "гимнази", "детск", "остановк", "маршрут", "автобус", "трамва", "троллейбус", "помещени",
    "офис", "участк", "январ", "феврал", "март", "апрел", "мая", "май", "июн", "июл", "август",
    "сентябр", "октябр", "ноябр", "декабр", "около", "более", "менее", "почти", "уже", "всего",
    "номер", "дом", "строени", "литер", "подвал", "лифт", "вход", "выход", "год",
    "минут", "час", "сутк", "недел", "месяц", "метр", "рубл", "класс", "групп", "палат")
_LOCALITY_RE = re.compile(r"^\s*(?:г\.|город|пос\.|поселок|посёлок|п\.|пгт|д\.|деревня|с\.|"
                          r"муниципальный округ|территория)\s*", re.I)


class AddressRegistry:
    """Canonical addresses with coordinates.

    Examples
    --------
    >>> reg = AddressRegistry.from_records([
    ...     ("г.Санкт-Петербург, Мебельная улица, дом 47, корпус 1, литера А", 59.99, 30.21),
    ...     ("г.Санкт-Петербург, Мебельная улица, дом 41, литера А", 59.98, 30.22),
    ...     ("г.Санкт-Петербург, Мебельная улица, дом 45, литера А", 59.97, 30.23)])
    >>> m = reg.match("ул. Мебельная", "47к1")
    >>> m.precision, m.lat
    ('house', 59.99)
    >>> m = reg.match("Мебельной ул.", "43")
    >>> m.precision, round(m.lat, 3), m.interpolated
    ('street', 59.975, True)
    """

    def __init__(self) -> None:
        # (type, name key) -> house key -> list of (lat, lon, litera, canonical)
        self._streets: dict[tuple[str | None, str], dict[tuple[str, str], list]] = \
            defaultdict(lambda: defaultdict(list))
        self._street_names: dict[tuple[str | None, str], str] = {}
        self._by_name: dict[str, set[str | None]] = defaultdict(set)
        self._by_word: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
        self._localities: dict[str, int] = defaultdict(int)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    @property
    def locality(self) -> str | None:
        """The most frequent locality of the registry («Санкт-Петербург»), if any."""
        if not self._localities:
            return None
        return max(self._localities.items(), key=lambda kv: kv[1])[0]

    def find_untyped(self, text: str) -> list[tuple[str, str, int, int]]:
        """Registry streets named without a type word and followed by a house number
        («Варшавская 69», «Софийская 40, корп. 1»): ``[(street, house, start, end)]``.

        Only names the registry knows are returned, so a plain word followed by a number is
        not taken for a street.

        >>> reg = AddressRegistry.from_records([("г.Санкт-Петербург, Варшавская улица, дом 69", 59.86, 30.31)])
        >>> reg.find_untyped("ямы вдоль дома Варшавская 69")
        [('Варшавская', '69', 15, 28)]
        """
        out = []
        taken: set[int] = set()
        for m in _UNTYPED_RE.finditer(text):
            name, house = m.group(1), m.group(2)
            if self._find_street(name) is None:
                words = name.split()
                if len(words) < 2 or self._find_street(words[-1]) is None:
                    continue
                name = words[-1]
            out.append((name, _house_key(house), m.start(), m.end()))
            taken.add(m.end())
        # any case and any ending («стойкости 27», «Стачек 17», «Маршала Блюхера 54»), but only
        # names the registry has exactly, and not the words that number parts of a building
        for m in _UNTYPED_ANY_RE.finditer(text):
            if m.end() in taken:
                continue
            name, house = m.group(1), m.group(2)
            last = name.split()[-1]
            cands = [(name, 0)] if last == name else [(name, 0), (last, len(name) - len(last))]
            for cand, off in cands:
                low = cand.lower().replace("ё", "е")
                if low.startswith(_NOT_STREET_PREFIXES) or not self._knows_exactly(cand):
                    continue
                out.append((cand, _house_key(house), m.start() + off, m.end()))
                break
        out.sort(key=lambda x: x[2])
        return out

    def _knows_exactly(self, street: str) -> bool:
        sk = street_key(street)
        return sk in self._streets or bool(self._by_name.get(sk[1]))

    def has_locality(self, name: str | None) -> bool:
        """True when some registry address lies in the locality ``name`` («Колпино»)."""
        if not name:
            return False
        low = name.lower().replace("ё", "е")
        return any(loc.lower().replace("ё", "е") == low for loc in self._localities)

    # ------------------------------------------------------------------ building
    def add(self, address: str, lat: float, lon: float) -> bool:
        """Add one canonical address; return False when it names no street and house."""
        parts = [p.strip() for p in address.split(",") if p.strip()]
        street = None
        house_bits: list[str] = []
        localities: list[str] = []
        for p in parts:
            low = p.lower()
            if re.match(r"^(?:дом|д\.|корпус|корп\.|к\.|литера|лит\.|строение|стр\.)(?:\s|\d|$)",
                        low) \
                    or re.fullmatch(r"\d+[а-я]?(?:/\d+)?", low):
                house_bits.append(p)
            elif street is None and street_key(p)[0] is not None:
                street = p
            elif street is None and not house_bits and _LOCALITY_RE.match(p):
                loc = _LOCALITY_RE.sub("", p).strip()
                if loc:
                    self._localities[loc] += 1
                    localities.append(loc.lower().replace("ё", "е"))
            elif street is None and re.search(r"\d-я|\bлиния\b", low):
                street = p
        if street is None or not house_bits:
            return False
        hp = house_parts(", ".join(house_bits))
        if hp is None:
            return False
        sk = street_key(street)
        self._streets[sk][(hp[0], hp[1])].append((lat, lon, hp[2], address,
                                                  frozenset(localities)))
        self._street_names.setdefault(sk, street)
        self._by_name[sk[1]].add(sk[0])
        for w in sk[1].split():
            if len(w) > 2 and not w.isdigit():
                self._by_word[w].add(sk)
        self._n += 1
        return True

    @classmethod
    def from_records(cls, records: Iterable[tuple[str, float, float]]) -> AddressRegistry:
        """Build from ``(address, lat, lon)`` tuples."""
        reg = cls()
        for a, la, lo in records:
            reg.add(a, float(la), float(lo))
        return reg

    @classmethod
    def from_csv(cls, path: str | Path, address: str = "address", lat: str = "lat",
                 lon: str = "lon", encoding: str = "utf-8", delimiter: str | None = None,
                 skip_empty: bool = True) -> AddressRegistry:
        """Load a CSV file (optionally ``.gz``) of addresses with coordinates.

        Parameters
        ----------
        path : str or Path
        address, lat, lon : str
            Column names of the canonical address and of the coordinates (decimal degrees).
        encoding : str
            Text encoding of the file (``utf-8``, ``cp1251`` …).
        delimiter : str, optional
            Field separator; detected from the header (``,``, ``;`` or tab) when omitted.
        skip_empty : bool
            Skip rows whose address is empty (default); coordinates must still be valid numbers
            on the rows that are kept.

        Raises
        ------
        DataFormatError
            Missing columns, a coordinate that is not a number or out of range, or bytes that
            are not valid in ``encoding`` — naming the file, the line and the column.

        Examples
        --------
        >>> import tempfile, os
        >>> d = tempfile.mkdtemp(); p = os.path.join(d, "r.csv")
        >>> _ = open(p, "w", encoding="utf-8").write(
        ...     "addr;y;x\\nг.Тверь, улица Советская, дом 5;56.86;35.9\\n")
        >>> AddressRegistry.from_csv(p, address="addr", lat="y", lon="x").match(
        ...     "Советская ул", "5").lat
        56.86
        >>> _ = open(p, "w", encoding="utf-8").write("addr;y\\nг.Тверь, ул. Советская, 5;56.86\\n")
        >>> AddressRegistry.from_csv(p, address="addr", lat="y", lon="x")
        Traceback (most recent call last):
        ...
        complaintnlp.errors.DataFormatError: ...r.csv, line 1, field 'x': missing column
        """
        p = str(path)
        reg = cls()
        for line, addr, la, lo in _read_rows(p, address, lat, lon, encoding, delimiter):
            if not addr.strip():
                if skip_empty:
                    continue
                raise DataFormatError("empty address", path=p, line=line, field=address)
            vals = []
            for col, raw, lim in ((lat, la, 90.0), (lon, lo, 180.0)):
                try:
                    v = float(raw.strip().replace(",", "."))
                except ValueError:
                    raise DataFormatError(f"not a number: {raw!r}", path=p, line=line,
                                          field=col) from None
                if not math.isfinite(v) or abs(v) > lim:
                    raise DataFormatError(f"coordinate out of range: {raw!r}", path=p,
                                          line=line, field=col)
                vals.append(v)
            reg.add(addr, vals[0], vals[1])
        return reg

    # ------------------------------------------------------------------ matching
    def _find_street(self, street: str) -> tuple[str | None, str] | None:
        sk = street_key(street)
        if sk in self._streets:
            return sk
        types = self._by_name.get(sk[1])
        if types and (sk[0] is None or len(types) == 1):
            if len(types) == 1:
                return (next(iter(types)), sk[1])
            if "улица" in types:  # «Ленина 5»: a street without a type word is usually улица
                return ("улица", sk[1])
        return self._find_partial(sk)

    def _find_partial(self, sk: tuple[str | None, str]) -> tuple[str | None, str] | None:
        """«ул. М.Тухачевского» → «улица Маршала Тухачевского»: every word of the query is a
        word of the street or the initial of one; the street must be the only such one."""
        words = sk[1].split()
        main = [w for w in words if len(w) > 2 and not w.isdigit()]
        if not main:
            return None
        found = set(self._by_word.get(main[0], ()))
        for w in main[1:]:
            found &= self._by_word.get(w, set())
        if not found and len(main) == 1 and len(main[0]) >= 6:  # «благатной» → Благодатная
            close = [w for w in self._by_word
                     if abs(len(w) - len(main[0])) <= 2 and w[0] == main[0][0]
                     and edit_distance(w, main[0], 2) <= 2]
            if len(close) == 1:
                found = set(self._by_word[close[0]])
                words = [close[0] if w == main[0] else w for w in words]
        out = []
        for cand in found:
            if sk[0] is not None and cand[0] is not None and cand[0] != sk[0]:
                continue
            cw = cand[1].split()
            ok = all(w in cw or (len(w) <= 2 and any(c.startswith(w) for c in cw)) for w in words)
            if ok:
                out.append(cand)
        return out[0] if len(out) == 1 else None

    def _find_by_house(self, street: str, house: str) -> tuple[str | None, str] | None:
        """«Стачек 17» without a type word, and the registry has both проспект Стачек and
        площадь Стачек: the one street of those that has house 17."""
        sk = street_key(street)
        hp = house_parts(house)
        types = self._by_name.get(sk[1])
        if sk[0] is not None or hp is None or not types:
            return None
        having = [(typ, sk[1]) for typ in types
                  if any(n == hp[0] for n, _k in self._streets.get((typ, sk[1]), ()))]
        return having[0] if len(having) == 1 else None

    def match(self, street: str | None, house: str | None = None,
              locality: str | None = None) -> RegistryMatch | None:
        """Coordinates of ``street`` + ``house``, or None when the street is unknown.

        ``locality`` («Кронштадт»): when the registry has this street in that locality, only
        its addresses there are used (a city's registry spans several towns, each with its own
        Ленинградская улица).
        """
        if not street:
            return None
        sk = self._find_street(street)
        if sk is None and house:
            sk = self._find_by_house(street, house)
        if sk is None:
            return None
        houses = self._streets[sk]
        if locality:
            houses = _in_locality(houses, locality.lower().replace("ё", "е"))
        sname = self._street_names[sk]
        hp = house_parts(house) if house else None
        if hp is not None:
            num, korp, lit = hp
            for key in ((num, korp), (num, "")) if korp else ((num, ""),):
                pts = houses.get(key)
                if pts:
                    best = [q for q in pts if q[2] == lit] or pts
                    la, lo = _mean(best)
                    return RegistryMatch(la, lo, "house", best[0][3], sname, house)
            pts = [q for (n, _k), qs in houses.items() if n == num for q in qs]
            if pts:
                la, lo = _mean(pts)
                if not korp:  # «дом 84» and the registry knows only «84 корпус 1»: that house
                    return RegistryMatch(la, lo, "house", pts[0][3], sname, house)
                # «84к1» unknown but «84к2» known: the same block, not the same building
                return RegistryMatch(la, lo, "street", sname, sname, house, True)
            est = _interpolate(houses, int(num))
            if est is not None:
                return RegistryMatch(est[0], est[1], "street", sname, sname, house, True)
        pts = [q for qs in houses.values() for q in qs]
        la, lo = _mean(pts)
        return RegistryMatch(la, lo, "street", sname, sname, house)


def _in_locality(houses: dict, locality: str) -> dict:
    """The addresses of one street that lie in ``locality`` (all of them when none does)."""
    kept: dict = {}
    for key, pts in houses.items():
        inside = [q for q in pts if locality in q[4]]
        if inside:
            kept[key] = inside
    return kept or houses


def _house_key(house: str) -> str:
    return (re.sub(r"[\s.,]+", "", house).lower()
            .replace("корпус", "к").replace("корп", "к").replace("кор", "к"))


def _mean(pts: list) -> tuple[float, float]:
    """Centre of several points: the median per coordinate (robust to a stray point)."""
    if len(pts) <= 2:
        return (sum(q[0] for q in pts) / len(pts), sum(q[1] for q in pts) / len(pts))
    return (statistics.median(q[0] for q in pts), statistics.median(q[1] for q in pts))


_SAME_SIDE_GAP = 10**6


def _interpolate(houses: dict, num: int) -> tuple[float, float] | None:
    """Estimate a missing house from its neighbours by number.

    Linear interpolation between the nearest numbers of the same parity (the same side of the
    street); when those are far apart, the houses across the street (``num ± 1``) are closer.
    """
    known: dict[int, list] = defaultdict(list)
    for (n, _k), qs in houses.items():
        if n.isdigit():
            known[int(n)].extend(qs)
    if not known:
        return None
    same = sorted(k for k in known if k % 2 == num % 2)
    lower = [k for k in same if k < num]
    upper = [k for k in same if k > num]
    across = [k for k in (num - 1, num + 1) if k in known]
    if lower and upper and upper[0] - lower[-1] <= _SAME_SIDE_GAP:
        a, b = lower[-1], upper[0]
        pa, pb = _mean(known[a]), _mean(known[b])
        f = (num - a) / (b - a)
        return (pa[0] + f * (pb[0] - pa[0]), pa[1] + f * (pb[1] - pa[1]))
    if across:
        return _mean([q for k in across for q in known[k]])
    if lower and upper:
        a, b = lower[-1], upper[0]
        pa, pb = _mean(known[a]), _mean(known[b])
        f = (num - a) / (b - a)
        return (pa[0] + f * (pb[0] - pa[0]), pa[1] + f * (pb[1] - pa[1]))
    near = lower[-1:] + upper[:1]
    near = [k for k in near if abs(k - num) <= 6]
    if near:
        return _mean(known[min(near, key=lambda k: abs(k - num))])
    nums = sorted(known)  # the other side only
    lo = [k for k in nums if k < num]
    hi = [k for k in nums if k > num]
    if lo and hi and hi[0] - lo[-1] <= 8:
        pa, pb = _mean(known[lo[-1]]), _mean(known[hi[0]])
        f = (num - lo[-1]) / (hi[0] - lo[-1])
        return (pa[0] + f * (pb[0] - pa[0]), pa[1] + f * (pb[1] - pa[1]))
    return None


def _read_rows(path: str, address: str, lat: str, lon: str, encoding: str,
               delimiter: str | None) -> Iterator[tuple[int, str, str, str]]:
    """Rows of a CSV file as (line, address, lat, lon), with errors naming line and column."""
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as fb:
            data = fb.read()
    except OSError as e:
        raise DataFormatError(f"cannot read ({e.strerror or e})", path=path) from None
    if encoding.lower().replace("-", "") in ("utf8", "utf8sig") and data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        line_start = data.rfind(b"\n", 0, e.start) + 1
        head = data.split(b"\n", 1)[0].decode(encoding, errors="replace")
        delim = delimiter or _sniff(head)
        col_idx = data[line_start:e.start].count(delim.encode())
        cols = next(csv.reader([head], delimiter=delim), [])
        col = cols[col_idx] if col_idx < len(cols) else str(col_idx + 1)
        raise DataFormatError(f"invalid {encoding} byte 0x{data[e.start]:02x} (wrong encoding?)",
                              path=path, line=line, field=col) from None
    except LookupError:
        raise DataFormatError(f"unknown encoding {encoding!r}", path=path) from None
    first = text.split("\n", 1)[0]
    delim = delimiter or _sniff(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        raise DataFormatError("empty file", path=path, line=1) from None
    header = [h.strip() for h in header]
    idx = {}
    for col in (address, lat, lon):
        if col not in header:
            raise DataFormatError("missing column", path=path, line=1, field=col)
        idx[col] = header.index(col)
    need = max(idx.values())
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise DataFormatError(f"malformed CSV ({e})", path=path,
                                  line=reader.line_num) from None
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) <= need:
            missing = next(c for c, i in idx.items() if i >= len(row))
            raise DataFormatError(f"row has {len(row)} fields, expected {len(header)}",
                                  path=path, line=reader.line_num, field=missing)
        yield reader.line_num, row[idx[address]], row[idx[lat]], row[idx[lon]]


def _sniff(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
