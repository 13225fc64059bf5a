"""Evaluation of address extraction (``complaintnlp evaluate addresses``).

Three measurements:

* :func:`evaluate_gold` — the hand-written informal messages of ``corpora/addresses``
  (``{"id", "text", "addresses": [{"start", "end", "text", <parts>}]}``): mention precision, recall
  and F1 (a predicted mention matches a gold one when their spans overlap, one-to-one, in text
  order), and among matched gold mentions that have a street / house the share whose predicted
  street / house is correct. ``street`` is compared strictly (lower case, «ё» → «е»), and
  leniently as ``street_name_correct`` (the name words only, any order of type and name — used to
  compare with the peers, whose canonical forms differ); house ignoring case and spaces.
* :func:`evaluate_almaty` — ``../shared/data/almaty/addresses_dev.jsonl``: gold ``Street`` spans
  recalled (an extracted address overlapping the span with ``street`` or ``cross_street`` of the
  same name), street precision, and ``NUM`` (house) recall.
* :func:`evaluate_spb` — St Petersburg petitions whose text names a building and whose
  ``full_address`` is known (deduplicated by text): share where some extracted address has the
  street and the house number (with корпус) of ``full_address``.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .address import Address
from .streets import street_name_key

__all__ = ["evaluate_almaty", "evaluate_gold", "evaluate_spb", "read_gold"]

Extractor = Callable[[str], list[Any]]


def _default() -> Extractor:
    from .extractor import extract_addresses

    return extract_addresses


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a gold JSONL file (blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _norm(v: Any) -> str:
    return re.sub(r"\s+", " ", str(v or "").lower().replace("ё", "е")).strip()


def _house(v: Any) -> str:
    return re.sub(r"[\s.,]+", "", str(v or "").lower().replace("ё", "е"))


def _match(gold: list[dict[str, Any]], pred: list[Any]) -> list[tuple[int, int]]:
    """One-to-one overlap matching (greedy, by overlap length)."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = min(g["end"], p.end) - max(g["start"], p.start)
            if ov > 0:
                cands.append((-ov, i, j))
    cands.sort()
    gi: set[int] = set()
    pj: set[int] = set()
    out = []
    for _, i, j in cands:
        if i in gi or j in pj:
            continue
        gi.add(i)
        pj.add(j)
        out.append((i, j))
    return out


def evaluate_gold(rows: Iterable[dict[str, Any]], extractor: Extractor | None = None,
                  errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Mention P/R/F1 and street / house correctness on gold rows.

    >>> rows = [{"text": "яма на Ленина 5", "addresses": [{"start": 7, "end": 15,
    ...          "street": "улица Ленина", "house": "5"}]}]
    >>> r = evaluate_gold(rows)
    >>> r["f1"], r["street_correct"], r["house_correct"]
    (1.0, 1.0, 1.0)
    """
    ext = extractor or _default()
    tp = n_gold = n_pred = 0
    st_n = st_ok = st_key_ok = h_n = h_ok = 0
    st_n_all = h_n_all = 0
    n = 0
    t0 = time.perf_counter()
    for row in rows:
        n += 1
        gold = row.get("addresses", [])
        pred = ext(row["text"])
        n_gold += len(gold)
        n_pred += len(pred)
        pairs = _match(gold, pred)
        tp += len(pairs)
        by_gold = dict(pairs)
        bad = False
        for i, g in enumerate(gold):
            p = pred[by_gold[i]] if i in by_gold else None
            if g.get("street"):
                st_n_all += 1
                ok = p is not None and _norm(getattr(p, "street", None)) == _norm(g["street"])
                st_ok += ok
                st_key_ok += p is not None and bool(getattr(p, "street", None)) and \
                    street_name_key(p.street) == street_name_key(g["street"])
                st_n += 1
                bad |= not ok
            if g.get("house"):
                h_n_all += 1
                ok = p is not None and _house(getattr(p, "house", None)) == _house(g["house"])
                h_ok += ok
                h_n += 1
                bad |= not ok
        bad |= len(pairs) != len(gold) or len(pairs) != len(pred)
        if bad and errors is not None:
            errors.append({"id": row.get("id"), "text": row["text"], "gold": gold,
                           "pred": [a.to_dict() if hasattr(a, "to_dict") else a for a in pred]})
    dt = time.perf_counter() - t0
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "messages": n, "gold_mentions": n_gold, "predicted_mentions": n_pred,
        "precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
        "street_correct": round(st_ok / st_n, 4) if st_n else 0.0,
        "street_name_correct": round(st_key_ok / st_n, 4) if st_n else 0.0, "streets": st_n,
        "house_correct": round(h_ok / h_n, 4) if h_n else 0.0, "houses": h_n,
        "messages_per_s": round(n / dt, 1) if dt else 0.0,
    }


def evaluate_almaty(path: str | Path, extractor: Extractor | None = None,
                    errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Street span recall / precision and house recall on the Almaty dev file."""
    ext = extractor or _default()
    rows = read_gold(path)
    st_gold = st_hit = st_pred = st_pred_ok = h_gold = h_hit = 0
    t0 = time.perf_counter()
    for row in rows:
        text = row["text"]
        pred = ext(text)
        spans = row.get("spans", [])
        gold_st = [s for s in spans if s["label"] == "Street"]
        gold_h = [s for s in spans if s["label"] == "NUM"]
        other = [s for s in spans if s["label"] in ("OTDO", "Park")]
        # predicted street names with the span of their mention
        preds: list[tuple[str, Any]] = []
        for a in pred:
            for f in ("street", "cross_street"):
                v = getattr(a, f, None)
                if v:
                    preds.append((street_name_key(v), a))
        used: set[int] = set()
        miss = False
        for g in gold_st:
            st_gold += 1
            gk = street_name_key(g["text"])
            found = False
            for j, (k, a) in enumerate(preds):
                if j in used or k != gk:
                    continue
                if a.start < g["end"] + 40 and g["start"] - 40 < a.end:
                    used.add(j)
                    found = True
                    break
            st_hit += found
            miss |= not found
        for j, (_k, a) in enumerate(preds):
            if any(a.start < o["end"] and o["start"] < a.end for o in other) and j not in used:
                continue  # a street inside «от … до …» or a park name: not scored
            st_pred += 1
            st_pred_ok += j in used
            miss |= j not in used
        for g in gold_h:
            h_gold += 1
            num = re.search(r"\d+\s*[а-яa-z]?(?:\s*/\s*\d+)?", g["text"], re.I)
            want = _house(num.group()) if num else _house(g["text"])
            ok = any(_house(getattr(a, "house", None)) == want and a.start < g["end"] and
                     g["start"] < a.end for a in pred)
            h_hit += ok
            miss |= not ok
        if miss and errors is not None:
            errors.append({"id": row.get("id"), "text": text,
                           "gold": [(s["label"], s["text"]) for s in spans],
                           "pred": [(a.text, a.street, a.cross_street, a.house) for a in pred]})
    dt = time.perf_counter() - t0
    return {
        "messages": len(rows), "gold_streets": st_gold,
        "street_recall": round(st_hit / st_gold, 4) if st_gold else 0.0,
        "street_precision": round(st_pred_ok / st_pred, 4) if st_pred else 0.0,
        "gold_houses": h_gold, "house_recall": round(h_hit / h_gold, 4) if h_gold else 0.0,
        "messages_per_s": round(len(rows) / dt, 1) if dt else 0.0,
    }


_FULL_HOUSE = re.compile(r"(?:дом|д\.)\s*(\d+)(?:\s*/\s*(\d+))?(?:[^,]*?,\s*корпус\s*(\d+))?",
                         re.I)


def _spb_canon(full_address: str) -> tuple[tuple[str | None, str], str, str] | None:
    from ..geo.registry import street_key

    parts = [p.strip() for p in full_address.split(",")]
    street = None
    for p in parts[1:]:
        if re.match(r"(?:дом|д\.|корпус|литера|строение)\b", p, re.I):
            break
        street = p
    m = _FULL_HOUSE.search(full_address)
    if street is None or m is None:
        return None
    return street_key(street), m.group(1), m.group(3) or ""


def _pred_house(h: str | None) -> tuple[str, str]:
    if not h:
        return "", ""
    m = re.match(r"(\d+)(?:[а-яa-z])?(?:/\d+)?(?:к(\d+))?", h.lower())
    return (m.group(1), m.group(2) or "") if m else ("", "")


def evaluate_spb(shared_data: str | Path, extractor: Extractor | None = None,
                 limit: int | None = None) -> dict[str, Any]:
    """Share of SPb petitions naming a building whose extracted street + house equal
    ``full_address`` (street by :func:`complaintnlp.geo.registry.street_key`, house by number and
    корпус)."""
    from ..geo.evaluation import names_building
    from ..geo.registry import street_key

    ext = extractor or _default()
    path = Path(shared_data) / "spb" / "petitions.csv.gz"
    seen: set[str] = set()
    cases = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            text = (r.get("text") or "").strip()
            fa = r.get("full_address") or ""
            if not text or not fa or text in seen:
                continue
            seen.add(text)
            if not names_building(text):
                continue
            canon = _spb_canon(fa)
            if canon is not None:
                cases.append((text, canon))
    if limit is not None:
        cases = cases[:limit]
    both = street_ok = 0
    t0 = time.perf_counter()
    for text, (sk, num, korp) in cases:
        pred: list[Address] = ext(text)
        s_ok = b_ok = False
        for a in pred:
            if not a.street:
                continue
            psk = street_key(a.street)
            if psk[1] != sk[1] or (psk[0] and sk[0] and psk[0] != sk[0]):
                continue
            s_ok = True
            pn, pk = _pred_house(a.house)
            if not pk and a.building:
                pk = a.building
            if pn == num and (pk == korp or (not pk and not korp)):
                b_ok = True
        street_ok += s_ok
        both += b_ok
    dt = time.perf_counter() - t0
    return {
        "cases": len(cases),
        "street_and_house": round(both / len(cases), 4) if cases else 0.0,
        "street": round(street_ok / len(cases), 4) if cases else 0.0,
        "messages_per_s": round(len(cases) / dt, 1) if dt else 0.0,
    }
