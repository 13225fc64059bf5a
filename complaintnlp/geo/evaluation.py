"""Evaluation of geolocation (``complaintnlp evaluate geo``).

Two measurements:

* :func:`evaluate_informal` — a hand-written set of informal messages from many regions
  (``corpora/geo/informal_messages.jsonl``: ``{"text", "region", "settlement"[, "default_region"]}``)
  → settlement recall / precision and region recall.
* :func:`evaluate_spb` — St Petersburg petitions (``../shared/data/spb/petitions.csv.gz``):
  deduplicated by text, split 80/20 by a hash of the text; the :class:`AddressRegistry` is built from
  the ``full_address``/``latitude``/``longitude`` of the training part; among held-out petitions
  whose text names a building (a street type word followed by a house number), the share of
  returned points within 150 m of the petition's own coordinates.
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

__all__ = ["evaluate_informal", "evaluate_spb", "haversine_m", "names_building"]

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
    cases = [r for r in test if names_building(r["text"]) and r.get("latitude")]
    if limit is not None:
        cases = cases[:limit]
    within = 0
    by_precision: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    for r in cases:
        loc = geo(r["text"], region="Санкт-Петербург", registry=registry)
        prec = loc.precision if loc is not None and loc.lat is not None else "none"
        ok = 0
        if loc is not None and loc.lat is not None:
            d = haversine_m(loc.lat, loc.lon, float(r["latitude"]), float(r["longitude"]))
            ok = int(d <= radius_m)
        within += ok
        stats = by_precision.setdefault(prec, [0, 0])
        stats[0] += 1
        stats[1] += ok
    dt = time.perf_counter() - t0
    return {
        "petitions": len(rows), "unique_texts": len(seen), "train": len(train),
        "test": len(test), "registry_addresses": len(registry),
        "test_naming_building": len(cases),
        "within_m": radius_m,
        "share_within": within / len(cases) if cases else 0.0,
        "by_precision": {k: {"n": v[0], "within": v[1]} for k, v in sorted(by_precision.items())},
        "messages_per_s": len(cases) / dt if dt else 0.0,
    }
