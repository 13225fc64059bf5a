"""Evaluation of geolocation (``complaintnlp evaluate geo``).

Two measurements:

* :func:`evaluate_informal` — a hand-written set of informal messages from many regions
  (``corpora/geo/informal_messages.jsonl``: ``{"text", "region", "settlement"[, "default_region"]}``)
  → settlement recall / precision and region recall.
* :func:`evaluate_spb` — St Petersburg petitions (``../shared/data/spb/petitions.csv.gz``):
  deduplicated by text, split 80/20 by a hash of the text; the :class:`AddressRegistry` is built from
  the ``full_address``/``latitude``/``longitude`` of the training part; among held-out petitions
  whose text names *their own* building (the petition has a portal address and its text contains
  that address's street name and house number, :func:`names_own_building`), the share of returned
  points within 150 m of the petition's coordinates. The wider population of every held-out text
  with a street-and-number pattern (:func:`names_building`) is reported too: it adds petitions
  without a portal address, whose point is wherever the citizen put the pin (often a spot on a
  road or in a park, not the building the text names).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import re
import time
from pathlib import Path
from typing import Any

from .locator import Geolocator, geolocate
from .registry import AddressRegistry

__all__ = ["evaluate_informal", "evaluate_spb", "haversine_m", "names_building",
           "names_own_building"]

_BUILDING_RE = re.compile(
    r"(?<![а-яё])(?:ул|улиц[аеуы]|пр|пр-к?т|просп|проспект[аеу]?|пер|переул(?:ок|ке|ка)|наб"
    r"|набережн(?:ая|ой|ую)|шоссе|ш|бульвар[аеу]?|б-р|лини[ияю]|пл|площад[ьи]|проезд[аеу]?"
    r"|аллея|аллее)(?![а-яё])\.?"
    r"(?:\s*[А-ЯЁа-яё0-9][А-ЯЁа-яё.\-]*){0,4}?[\s,]*(?:д\.?|дом|№)?\s*\d{1,4}(?![\d.:%])",
    re.I)


def names_building(text: str) -> bool:
    """True when the text names a street and a house number (the SPb test population).

    >>> names_building("яма у дома ул. Ленина 5"), names_building("яма во дворе")
    (True, False)
    >>> names_building("мусор на лестничной площадке 4 этажа")
    False
    """
    return bool(_BUILDING_RE.search(text))


_STREET_TYPES = frozenset(
    "улица проспект переулок шоссе набережная бульвар линия площадь проезд аллея дорога тупик "
    "канал спуск мост остров парк сад км".split())
_HOUSE_RE = re.compile(r"^(?:дом|д\.?)\s*(\d+)", re.I)


def _number_re(num: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d]){num}(?![\d])")


def names_own_building(text: str, full_address: str) -> bool:
    """True when ``text`` contains the street name and the house number of ``full_address``.

    ``full_address`` is the portal's form, ``"г.Санкт-Петербург, Гагаринская улица, дом 6/1,
    литера А"``. The street must appear by the stem of its longest name word (any case ending),
    the house by its number.

    >>> a = "г.Санкт-Петербург, Гагаринская улица, дом 6/1, литера А"
    >>> names_own_building("По адресу ул. Гагаринская 6/1, подъезд 5", a)
    True
    >>> names_own_building("у дома 6 по Гагаринской улице", a)
    True
    >>> names_own_building("Парадная 1 вход с улицы. Давно не мыли все 6 этажей", a)
    False
    >>> names_own_building("Гагаринская улица, дом 8", a)
    False
    """
    if not text or not full_address:
        return False
    parts = [p.strip() for p in full_address.split(",")]
    house_i = next((i for i, p in enumerate(parts) if _HOUSE_RE.match(p)), None)
    if house_i is None or house_i == 0:
        return False
    num = _HOUSE_RE.match(parts[house_i]).group(1)  # type: ignore[union-attr]
    low = text.lower().replace("ё", "е")
    if not _number_re(num).search(low):
        return False
    street = parts[house_i - 1].lower().replace("ё", "е")
    words = [w for w in re.findall(r"[а-я]+", street) if w not in _STREET_TYPES and len(w) > 2]
    if not words:  # «9-я линия В.О.»: the ordinal and the type word
        ordinal = re.match(r"(\d+)", street)
        words = [w for w in re.findall(r"[а-я]+", street) if w in _STREET_TYPES]
        if not words or (ordinal and not _number_re(ordinal.group(1)).search(low)):
            return False
    word = max(words, key=len)
    stem = word[:max(3, len(word) - 2)]
    return bool(re.search(rf"(?<![а-я]){stem}", low))


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres.

    >>> round(haversine_m(59.93, 30.31, 59.93, 30.32))
    557
    """
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _norm(s: str | None) -> str | None:
    return s.lower().replace("ё", "е").strip() if s else None


def evaluate_informal(path: str | Path, geolocator: Geolocator | None = None,
                      errors: list[dict] | None = None) -> dict[str, Any]:
    """Settlement recall/precision and region recall on a JSONL file of labelled messages."""
    geo = geolocator or geolocate
    n = n_sett = n_reg = 0
    tp = pred = reg_ok = 0
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            n += 1
            loc = geo(r["text"], region=r.get("default_region"))
            gold_s, gold_r = _norm(r.get("settlement")), _norm(r.get("region"))
            got_s = _norm(loc.settlement) if loc is not None else None
            got_r = _norm(loc.region) if loc is not None else None
            if gold_s:
                n_sett += 1
            if got_s:
                pred += 1
                if got_s == gold_s and got_r == gold_r:
                    tp += 1
            if gold_r:
                n_reg += 1
                reg_ok += got_r == gold_r
            ok = (got_s == gold_s) and (not gold_r or got_r == gold_r)
            if errors is not None and not ok:
                errors.append({"text": r["text"], "gold": [r.get("settlement"), r.get("region")],
                               "got": [loc.settlement if loc else None,
                                       loc.region if loc else None]})
    dt = time.perf_counter() - t0
    return {
        "messages": n, "with_settlement": n_sett, "with_region": n_reg,
        "settlement_recall": tp / n_sett if n_sett else 0.0,
        "settlement_precision": tp / pred if pred else 0.0,
        "region_recall": reg_ok / n_reg if n_reg else 0.0,
        "messages_per_s": n / dt if dt else 0.0,
    }


def _read_petitions(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def evaluate_spb(shared_data: str | Path, test_share: int = 5, radius_m: float = 150.0,
                 geolocator: Geolocator | None = None, limit: int | None = None
                 ) -> dict[str, Any]:
    """Share of held-out SPb petitions naming a building that are placed within ``radius_m``.

    ``test_share=5`` puts one text in five (by MD5 of the text) into the test part.
    """
    geo = geolocator or geolocate
    rows = _read_petitions(Path(shared_data) / "spb" / "petitions.csv.gz")
    seen: set[str] = set()
    train: list[dict[str, str]] = []
    test: list[dict[str, str]] = []
    for r in rows:
        text = (r.get("text") or "").strip()
        if not text or text in seen:
            continue
        seen.add(text)
        h = int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16)
        (test if h % test_share == 0 else train).append(r)
    registry = AddressRegistry.from_records(
        (r["full_address"], float(r["latitude"]), float(r["longitude"]))
        for r in train if r.get("full_address") and r.get("latitude") and r.get("longitude"))
    # (row, names its own building, has a street-and-number pattern)
    cases = [(r, own, pat) for r in test if r.get("latitude")
             for own, pat in [(names_own_building(r["text"], r.get("full_address", "")),
                               names_building(r["text"]))] if own or pat]
    if limit is not None:
        cases = cases[:limit]
    # population -> [n, within]; precision -> [n, within] of the primary population
    counts = {"own": [0, 0], "pattern": [0, 0]}
    by_precision: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    for r, own, pat in cases:
        loc = geo(r["text"], region="Санкт-Петербург", registry=registry)
        prec = loc.precision if loc is not None and loc.lat is not None else "none"
        ok = 0
        if loc is not None and loc.lat is not None:
            d = haversine_m(loc.lat, loc.lon, float(r["latitude"]), float(r["longitude"]))
            ok = int(d <= radius_m)
        for name, member in (("own", own), ("pattern", pat)):
            if member:
                counts[name][0] += 1
                counts[name][1] += ok
        if own:
            stats = by_precision.setdefault(prec, [0, 0])
            stats[0] += 1
            stats[1] += ok
    dt = time.perf_counter() - t0
    (n_own, w_own), (n_pat, w_pat) = counts["own"], counts["pattern"]
    return {
        "petitions": len(rows), "unique_texts": len(seen), "train": len(train),
        "test": len(test), "registry_addresses": len(registry),
        "test_naming_own_building": n_own,
        "within_m": radius_m,
        "share_within": w_own / n_own if n_own else 0.0,
        "by_precision": {k: {"n": v[0], "within": v[1]} for k, v in sorted(by_precision.items())},
        "test_naming_building": n_pat,
        "share_within_naming_building": w_pat / n_pat if n_pat else 0.0,
        "messages_per_s": len(cases) / dt if dt else 0.0,
    }
