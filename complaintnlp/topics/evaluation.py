"""Evaluation of topic classifiers: per-label precision/recall/F1, macro-F1, confusion matrix.

Pure Python + NumPy (no scikit-learn needed).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DataFormatError

__all__ = ["TopicReport", "evaluate_predictions", "read_labelled"]


@dataclass
class TopicReport:
    """Scores of predictions against gold labels.

    Attributes
    ----------
    labels : list of str
        Labels in the order of the rows/columns of :attr:`confusion`.
    per_label : dict
        Label → ``{"precision", "recall", "f1", "support"}``.
    macro_f1, accuracy : float
    confusion : ndarray
        ``confusion[i, j]``: gold ``labels[i]`` predicted as ``labels[j]``.
    appeal : dict
        Accuracy/precision/recall of *is_appeal* when gold appeal flags were given.
    extra : dict
        Other measurements of the same run (e.g. ``label_flip_rate`` of a context test).
    """

    labels: list[str]
    per_label: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    confusion: np.ndarray
    n: int
    appeal: dict[str, float] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {"n": self.n, "macro_f1": round(self.macro_f1, 4),
                "accuracy": round(self.accuracy, 4),
                "per_label": {k: {m: round(v, 4) if isinstance(v, float) else v
                                  for m, v in d.items()} for k, d in self.per_label.items()},
                "labels": self.labels, "confusion": self.confusion.tolist(),
                **({"appeal": self.appeal} if self.appeal else {}),
                **({k: round(v, 4) for k, v in self.extra.items()})}

    def format(self) -> str:
        """Human-readable table."""
        width = max(len(lab) for lab in self.labels) + 2
        lines = [f"{'label':<{width}} precision  recall      f1  support"]
        for lab in self.labels:
            d = self.per_label[lab]
            lines.append(f"{lab:<{width}} {d['precision']:9.3f} {d['recall']:7.3f} "
                         f"{d['f1']:7.3f} {d['support']:8d}")
        lines.append(f"\nmacro-F1 {self.macro_f1:.3f}   accuracy {self.accuracy:.3f}   "
                     f"n {self.n}")
        if self.appeal:
            lines.append("is_appeal: " + "  ".join(f"{k} {v:.3f}" if isinstance(v, float)
                                                    else f"{k} {v}"
                                                    for k, v in self.appeal.items()))
        for k, v in self.extra.items():
            lines.append(f"{k}: {v:.3f}")
        short = [lab[:6] for lab in self.labels]
        lines.append("\nconfusion (rows gold, columns predicted)")
        lines.append(" " * width + " ".join(f"{s:>6}" for s in short))
        for lab, row in zip(self.labels, self.confusion, strict=True):
            lines.append(f"{lab:<{width}}" + " ".join(f"{int(v):6d}" for v in row))
        return "\n".join(lines)


def evaluate_predictions(gold: Sequence[str], pred: Sequence[str],
                         labels: Sequence[str] | None = None,
                         gold_appeal: Sequence[bool] | None = None,
                         pred_appeal: Sequence[bool] | None = None) -> TopicReport:
    """Score predicted primary labels against gold labels.

    Examples
    --------
    >>> r = evaluate_predictions(["a", "a", "b"], ["a", "b", "b"])
    >>> round(r.macro_f1, 3), r.confusion.tolist()
    (0.667, [[1, 1], [0, 1]])
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    labs = list(labels) if labels is not None else sorted(set(gold) | set(pred))
    for extra in sorted((set(gold) | set(pred)) - set(labs)):
        labs.append(extra)
    index = {lab: i for i, lab in enumerate(labs)}
    conf = np.zeros((len(labs), len(labs)), dtype=np.int64)
    for g, p in zip(gold, pred, strict=True):
        conf[index[g], index[p]] += 1
    per: dict[str, dict[str, float]] = {}
    f1s = []
    for i, lab in enumerate(labs):
        tp = conf[i, i]
        prec = tp / conf[:, i].sum() if conf[:, i].sum() else 0.0
        rec = tp / conf[i].sum() if conf[i].sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": float(prec), "recall": float(rec), "f1": float(f1),
                    "support": int(conf[i].sum())}
        if conf[i].sum():
            f1s.append(f1)
    n = len(gold)
    acc = float(np.trace(conf) / n) if n else 0.0
    appeal: dict[str, float] = {}
    if gold_appeal is not None and pred_appeal is not None:
        ga = np.asarray(gold_appeal, dtype=bool)
        pa = np.asarray(pred_appeal, dtype=bool)
        tp = float(np.sum(ga & pa))
        appeal = {"accuracy": float(np.mean(ga == pa)) if n else 0.0,
                  "precision": tp / pa.sum() if pa.sum() else 0.0,
                  "recall": tp / ga.sum() if ga.sum() else 0.0,
                  "non_appeal_recall": float(np.mean(~pa[~ga])) if (~ga).any() else 0.0}
    return TopicReport(labs, per, float(np.mean(f1s)) if f1s else 0.0, acc, conf, n, appeal)


def read_labelled(path: str | os.PathLike[str], text_field: str = "text",
                  label_field: str = "label") -> tuple[list[str], list[str]]:
    """Texts and gold labels of a CSV or JSONL file (by extension; ``.jsonl``/``.json`` → JSONL).

    A JSON label that is a list counts by its first (primary) element.

    Raises
    ------
    DataFormatError
        Missing field, bad JSON, empty label (names the file and line).
    """
    p = Path(path)
    texts: list[str] = []
    labels: list[str] = []

    def add(text: Any, label: Any, line: int) -> None:
        if isinstance(label, list):
            label = label[0] if label else None
        if not isinstance(text, str):
            raise DataFormatError("text is missing or not a string", path=str(p), line=line,
                                  field=text_field)
        if not isinstance(label, str) or not label:
            raise DataFormatError("label is missing or empty", path=str(p), line=line,
                                  field=label_field)
        texts.append(text)
        labels.append(label)

    if p.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        with open(p, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise DataFormatError(f"invalid JSON: {e.msg}", path=str(p), line=n) from e
                if not isinstance(obj, dict):
                    raise DataFormatError("a line is not a JSON object", path=str(p), line=n)
                add(obj.get(text_field), obj.get(label_field), n)
    else:
        with open(p, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            for field_name in (text_field, label_field):
                if reader.fieldnames is None or field_name not in reader.fieldnames:
                    raise DataFormatError("no such column", path=str(p), line=1,
                                          field=field_name)
            for n, row in enumerate(reader, 2):
                add(row.get(text_field), row.get(label_field), n)
    return texts, labels
