"""Loaders and the documented split of the topic corpus (see README.md next to this file).

Sources
-------
* ``../shared/data/kursk/train.csv`` — ``text``, ``label`` (taxonomy v1); all rows are appeals.
* ``../shared/data/spb/petitions.csv.gz`` — ``text``, ``category_name``, ``reason_name``; mapped to
  taxonomy v1 with ``spb_reason_labels.csv`` (this folder); all rows are appeals.
* ``handwritten_train.txt`` — messages written for this project (thin classes, informal style,
  non-appeals). Training only.
* ``informal_eval.txt`` — a separate hand-written set, never used in training.

Hand-written files: ``## <label>[+<second label>] [non-appeal]`` starts a section; every other
non-empty line not starting with ``#`` is one message of that section.

Split (fixed seed :data:`SEED`): every source is deduplicated on :func:`norm_key` first; Kursk is
split 80/20 stratified by label, SPb 85/15 at random (by document, after deduplication); then any
training row whose key occurs in a test set is dropped. SPb training rows are subsampled to at
most :data:`SPB_PER_REASON` per reason so that its 125 reasons stay balanced and it does not swamp
Kursk and the hand-written messages.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

__all__ = ["HANDWRITTEN_TRAIN", "HERE", "SEED", "SPB_PER_REASON", "build_corpus", "data_hash", "load_handwritten",
           "load_kursk", "load_spb", "norm_key"]

HERE = Path(__file__).resolve().parent
SEED = 20240601
SPB_PER_REASON = 30
KURSK_TEST_SHARE = 0.2
SPB_TEST_SHARE = 0.15
LABELS = ("roads", "housing_utilities", "transport", "healthcare", "social_protection",
          "landscaping", "other")

Row = dict[str, Any]
_NON_WORD = re.compile(r"[^0-9a-zа-я]+")


def norm_key(text: str) -> str:
    """Deduplication key: lower case, ё → е, only letters and digits, single spaces."""
    return _NON_WORD.sub(" ", text.lower().replace("ё", "е")).strip()


def _dedup(rows: list[Row]) -> list[Row]:
    seen: set[str] = set()
    out = []
    for r in rows:
        k = norm_key(r["text"])
        if not k or k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


def load_kursk(shared: Path) -> list[Row]:
    """Kursk appeals: ``{"text", "labels", "is_appeal", "source", "id"}``."""
    path = Path(shared) / "kursk" / "train.csv"
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["label"] not in LABELS:
                raise ValueError(f"{path}: unknown label {row['label']!r}")
            out.append({"text": row["text"], "labels": [row["label"]], "is_appeal": True,
                        "source": "kursk", "id": row["id"]})
    return out


def load_reason_table(path: Path | None = None) -> dict[tuple[str, str], str]:
    """``(category_name, reason_name) → label`` from ``spb_reason_labels.csv``."""
    path = path or HERE / "spb_reason_labels.csv"
    table = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["label"] not in LABELS:
                raise ValueError(f"{path}: unknown label {row['label']!r}")
            table[(row["category_name"], row["reason_name"])] = row["label"]
    return table


def load_spb(shared: Path) -> list[Row]:
    """St Petersburg petitions mapped to taxonomy v1 (``reason`` kept for subsampling)."""
    path = Path(shared) / "spb" / "petitions.csv.gz"
    table = load_reason_table()
    out = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            key = (row["category_name"], row["reason_name"])
            if key not in table:
                raise ValueError(f"{path}: reason {key!r} is not in spb_reason_labels.csv")
            out.append({"text": row["text"], "labels": [table[key]], "is_appeal": True,
                        "source": "spb", "id": str(i), "reason": row["reason_name"]})
    return out


#: hand-written training files (all weighted as ``handwritten_train``)
HANDWRITTEN_TRAIN = ("handwritten_train.txt", "handwritten_boundary.txt", "handwritten_other.txt",
                     "handwritten_gaps.txt", "handwritten_coverage.txt",
                     "handwritten_pairs.txt")


def load_handwritten(path: Path) -> list[Row]:
    """Messages of a hand-written file (format in the module docstring)."""
    out: list[Row] = []
    labels: list[str] | None = None
    appeal = True
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("##"):
                head = line[2:].split()
                labels = head[0].split("+")
                appeal = not (len(head) > 1 and head[1] == "non-appeal")
                for lab in labels:
                    if lab not in LABELS:
                        raise ValueError(f"{path}:{n}: unknown label {lab!r}")
                continue
            if line.startswith("#"):
                continue
            if labels is None:
                raise ValueError(f"{path}:{n}: message before the first section header")
            out.append({"text": line, "labels": list(labels), "is_appeal": appeal,
                        "source": path.stem, "id": f"{path.stem}:{n}"})
    return out


def build_corpus(shared: Path, seed: int = SEED) -> dict[str, list[Row]]:
    """The documented split: ``train``, ``kursk_test``, ``spb_test``, ``informal_eval``."""
    rng = random.Random(seed)
    kursk = _dedup(load_kursk(shared))
    by_label: dict[str, list[Row]] = defaultdict(list)
    for r in kursk:
        by_label[r["labels"][0]].append(r)
    k_train, k_test = [], []
    for lab in sorted(by_label):
        rows = by_label[lab][:]
        rng.shuffle(rows)
        k = round(len(rows) * KURSK_TEST_SHARE)
        k_test.extend(rows[:k])
        k_train.extend(rows[k:])
    spb = _dedup(load_spb(shared))
    rng.shuffle(spb)
    k = round(len(spb) * SPB_TEST_SHARE)
    s_test, s_pool = spb[:k], spb[k:]
    per_reason: dict[str, list[Row]] = defaultdict(list)
    for r in s_pool:
        per_reason[r["reason"]].append(r)
    s_train = [r for reason in sorted(per_reason) for r in per_reason[reason][:SPB_PER_REASON]]
    hand = _dedup([dict(r, source="handwritten_train") for name in HANDWRITTEN_TRAIN
                   for r in load_handwritten(HERE / name)])
    informal = _dedup(load_handwritten(HERE / "informal_eval.txt"))
    held_out = {norm_key(r["text"]) for r in k_test + s_test + informal}
    train = [r for r in k_train + s_train + hand if norm_key(r["text"]) not in held_out]
    train = _dedup(train)
    return {"train": train, "kursk_test": sorted(k_test, key=lambda r: int(r["id"])),
            "spb_test": s_test, "informal_eval": informal}


def data_hash(rows: list[Row]) -> str:
    """SHA-256 of the training rows (text, labels, is_appeal) in order."""
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps([r["text"], r["labels"], r["is_appeal"]],
                            ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()
