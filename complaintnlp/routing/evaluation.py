"""Evaluation of the trainable router on the shared Kursk and St Petersburg data.

Protocol (deterministic): texts are normalised (lower case, ё → е, punctuation and spaces
collapsed); exact duplicates of ``(normalised text, context)`` are dropped; then the *groups of
equal normalised text* are split 80/20 with a fixed seed, so no text of the test part was seen in
training. Accuracy and top-3 accuracy are reported against the majority-lookup baselines fitted on
the training part:

* Kursk (``executor``): ``topic_ru`` → most common executor (and the taxonomy ``label`` →
  executor); the router sees the text and the place it extracts (``extract_place``);
* St Petersburg (``responsible_org``, context ``district``): ``reason_name`` → majority and
  ``reason_name`` + ``district`` → majority (backing off to the reason). Other context fields can
  be given (``city_object``, the kind of object of the petition; ``reason_name``, the category the
  petitioner chose) — ``complaintnlp evaluate router --spb --spb-context district,city_object``.

With ``router_params={"intermediate_field": ...}`` (``reason_name`` for St Petersburg,
``topic_ru`` for Kursk) that field is added to the *training* context only; the test rows never
carry it (see :class:`~complaintnlp.routing.router.AgencyRouter`).

The data are read from ``../shared/data`` and never copied.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["RouterReport", "evaluate_kursk", "evaluate_spb", "group_split", "normalize_key"]

_PUNCT = re.compile(r"[^\w]+")


def normalize_key(text: str) -> str:
    """The deduplication key of a text.

    >>> normalize_key("  Снег  на дороге!!! ")
    'снег на дороге'
    """
    return _PUNCT.sub(" ", str(text).lower().replace("ё", "е")).strip()


def group_split(keys: Sequence[str], test_size: float = 0.2, seed: int = 0) -> np.ndarray:
    """Boolean test mask: whole groups of equal keys go to one side (hash of key and seed).

    >>> m = group_split(["a", "a", "b", "c"], 0.5)
    >>> bool(m[0] == m[1])
    True
    """
    out = np.zeros(len(keys), dtype=bool)
    for i, k in enumerate(keys):
        h = hashlib.sha256(f"{seed}\t{k}".encode()).digest()
        out[i] = int.from_bytes(h[:8], "big") / 2**64 < test_size
    return out


@dataclass
class RouterReport:
    """Accuracy and top-3 accuracy of the router and of the baselines on one split."""

    name: str
    n_train: int
    n_test: int
    accuracy: float
    top3: float
    baselines: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"name": self.name, "n_train": self.n_train, "n_test": self.n_test,
                "accuracy": round(self.accuracy, 4), "top3_accuracy": round(self.top3, 4),
                "baselines": {k: round(v, 4) for k, v in self.baselines.items()}}

    def format(self) -> str:
        """A readable table."""
        lines = [f"{self.name}: train {self.n_train}, test {self.n_test} (deduplicated, "
                 "grouped by normalised text)",
                 f"  router accuracy      {self.accuracy:.4f}",
                 f"  router top-3         {self.top3:.4f}"]
        for k, v in self.baselines.items():
            lines.append(f"  baseline {k:<20} {v:.4f}")
        return "\n".join(lines)


def _majority(keys: Sequence[Any], y: Sequence[str]) -> dict[Any, str]:
    c: dict[Any, Counter] = defaultdict(Counter)
    for k, v in zip(keys, y, strict=True):
        c[k][v] += 1
    return {k: cnt.most_common(1)[0][0] for k, cnt in c.items()}


def _lookup_acc(train_keys: Sequence[Any], train_y: Sequence[str], test_keys: Sequence[Any],
                test_y: Sequence[str], backoff: Callable[[Any], Any] | None = None) -> float:
    table = _majority(train_keys, train_y)
    back = _majority([backoff(k) for k in train_keys], train_y) if backoff else {}
    overall = Counter(train_y).most_common(1)[0][0]
    hits = 0
    for k, y in zip(test_keys, test_y, strict=True):
        p = table.get(k)
        if p is None and backoff is not None:
            p = back.get(backoff(k))
        hits += (p or overall) == y
    return hits / max(len(test_y), 1)


def _read_csv(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _dedupe(rows: list[dict[str, str]], text_field: str, ctx_fields: Sequence[str]
            ) -> list[dict[str, str]]:
    seen: set[tuple] = set()
    out = []
    for r in rows:
        key = (normalize_key(r[text_field]), *(r.get(f, "") for f in ctx_fields))
        if key in seen or not key[0]:
            continue
        seen.add(key)
        out.append(r)
    return out


def _score(router: Any, texts: list[str], gold: list[str],
           context: list[Mapping[str, Any]] | None) -> tuple[float, float]:
    p = router.predict_proba(texts, context=context)
    classes = router.classes_
    order = np.argsort(-p, axis=1)[:, :3]
    acc = float(np.mean([classes[o[0]] == g for o, g in zip(order, gold, strict=True)]))
    top3 = float(np.mean([g in set(classes[o]) for o, g in zip(order, gold, strict=True)]))
    return acc, top3


def evaluate_kursk(shared: str | Path, router_params: Mapping[str, Any] | None = None,
                   seed: int = 0) -> RouterReport:
    """Train on the Kursk training part, report on the held-out part."""
    from .router import AgencyRouter

    rows = _dedupe(_read_csv(Path(shared) / "kursk" / "train.csv"), "text", ())
    rows = [r for r in rows if r.get("executor")]
    test = group_split([normalize_key(r["text"]) for r in rows], 0.2, seed)
    tr = [r for r, t in zip(rows, test, strict=True) if not t]
    te = [r for r, t in zip(rows, test, strict=True) if t]
    params = {"extract_place": True, **dict(router_params or {})}
    inter = params.get("intermediate_field")
    # the intermediate label (e.g. ``topic_ru``) is given to training only, never to the test
    train_ctx = [{inter: r.get(inter, "")} for r in tr] if inter else None
    router = AgencyRouter(**params).fit([r["text"] for r in tr], [r["executor"] for r in tr],
                                        context=train_ctx)
    acc, top3 = _score(router, [r["text"] for r in te], [r["executor"] for r in te], None)
    ytr = [r["executor"] for r in tr]
    yte = [r["executor"] for r in te]
    base = {
        "topic_ru→executor": _lookup_acc([r["topic_ru"] for r in tr], ytr,
                                         [r["topic_ru"] for r in te], yte),
        "label→executor": _lookup_acc([r["label"] for r in tr], ytr,
                                      [r["label"] for r in te], yte),
    }
    return RouterReport("Kursk executor", len(tr), len(te), acc, top3, base)


def evaluate_spb(shared: str | Path, router_params: Mapping[str, Any] | None = None,
                 seed: int = 0, context_fields: Sequence[str] = ("district",),
                 limit: int | None = None) -> RouterReport:
    """Train on the St Petersburg training part (district as context), report held-out."""
    from .router import AgencyRouter

    rows = _read_csv(Path(shared) / "spb" / "petitions.csv.gz")
    rows = [r for r in rows if r.get("responsible_org") and r.get("text")]
    rows = _dedupe(rows, "text", context_fields)
    if limit is not None:
        rows = rows[:limit]
    test = group_split([normalize_key(r["text"]) for r in rows], 0.2, seed)
    tr = [r for r, t in zip(rows, test, strict=True) if not t]
    te = [r for r, t in zip(rows, test, strict=True) if t]

    params = dict(router_params or {})
    inter = params.get("intermediate_field")

    def ctx(rs: list[dict[str, str]], train: bool = False) -> list[dict[str, str]]:
        # the intermediate label (e.g. ``reason_name``) is given to training only
        extra = (inter,) if train and inter else ()
        return [{f: r.get(f, "") for f in (*context_fields, *extra)} for r in rs]

    router = AgencyRouter(**params).fit([r["text"] for r in tr],
                                        [r["responsible_org"] for r in tr],
                                        context=ctx(tr, train=True))
    acc, top3 = _score(router, [r["text"] for r in te], [r["responsible_org"] for r in te],
                       ctx(te))
    ytr = [r["responsible_org"] for r in tr]
    yte = [r["responsible_org"] for r in te]
    base = {
        "reason→majority": _lookup_acc([r["reason_name"] for r in tr], ytr,
                                       [r["reason_name"] for r in te], yte),
        "reason+district→maj": _lookup_acc(
            [(r["reason_name"], r["district"]) for r in tr], ytr,
            [(r["reason_name"], r["district"]) for r in te], yte, backoff=lambda k: k[0]),
    }
    return RouterReport(f"St Petersburg responsible_org (context: {', '.join(context_fields)})",
                        len(tr), len(te), acc, top3, base)
