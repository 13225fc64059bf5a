"""Score hand-written probe sets through the whole chain (topic, appeal, place fields).

A probe file is JSON Lines, one message per line, with the expected values::

    {"text": "...", "topic": "roads", "is_appeal": true, "region": "Тверская область",
     "settlement": "Максатиха", "street": "Железнодорожная", "house": null}

``street`` is the name without its type word; ``null`` means "not determinable from the text".
The probe sets of the model card were written by helper sessions for this project and are kept
out of the repository (they were used to find failures, so they are no clean test).

Usage::

    python corpora/probes/score_probes.py FILE [FILE ...] [--model DIR] [--errors]

Per file: topic accuracy and macro-F1, ``is_appeal`` accuracy and non-appeal recall (the topic
model alone; ``--model`` scores another model directory), and the share of messages whose
region, settlement, street and house ``analyze()`` got right (the packaged pipeline). A street
counts when the expected name is contained in an extracted street with type words removed; a
house when it is among the extracted houses; an expected null needs a null.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from sklearn.metrics import f1_score

import complaintnlp
from complaintnlp.topics import TopicClassifier, default_classifier

FIELDS = ("region", "settlement", "street", "house")
_TYPE_WORDS = re.compile(
    r"\b(?:улица|ул|проспект|пр-т|просп|переулок|пер|бульвар|б-р|шоссе|площадь|пл|проезд|"
    r"микрорайон|мкр)\b\.?")


def _norm(s: str | None) -> str | None:
    if s is None:
        return None
    return " ".join(_TYPE_WORDS.sub(" ", s.lower().replace("ё", "е")).split())


def score_file(path: str, clf: TopicClassifier) -> tuple[dict[str, float], list[str]]:
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    gold, pred, right, errors = [], [], {f: 0 for f in FIELDS}, []
    appeal_ok = na_total = na_ok = 0
    for r in rows:
        res = clf.classify(r["text"])
        gold.append(r["topic"])
        pred.append(res.label)
        appeal_ok += res.is_appeal == r["is_appeal"]
        if not r["is_appeal"]:
            na_total += 1
            na_ok += not res.is_appeal
        d = complaintnlp.analyze(r["text"]).to_dict()
        loc = d["location"] or {}
        streets = {_norm(a["street"]) for a in d["addresses"] if a["street"]}
        streets.add(_norm(loc.get("street")))
        houses = {(a["house"] or "").lower() for a in d["addresses"] if a["house"]}
        houses.add((loc.get("house") or "").lower())
        ok = {"region": (loc.get("region") or None) == (r["region"] or None),
              "settlement": _norm(loc.get("settlement")) == _norm(r["settlement"])}
        want = _norm(r["street"])
        ok["street"] = any(s and want in s for s in streets) if want else not loc.get("street")
        ok["house"] = (r["house"].lower() in houses) if r["house"] else not loc.get("house")
        for f in FIELDS:
            right[f] += ok[f]
            if not ok[f]:
                errors.append(f"{f}: want {r[f]!r} got {loc.get(f)!r} | {r['text'][:100]}")
        if res.label != r["topic"] or res.is_appeal != r["is_appeal"]:
            errors.append(f"topic: want {r['topic']}/{r['is_appeal']} got "
                          f"{res.label}/{res.is_appeal} | {r['text'][:100]}")
    n = len(rows)
    out = {"n": n, "topic_accuracy": sum(g == p for g, p in zip(gold, pred)) / n,
           "topic_macro_f1": f1_score(gold, pred, average="macro"),
           "appeal_accuracy": appeal_ok / n,
           "non_appeal_recall": na_ok / na_total if na_total else float("nan"),
           **{f: right[f] / n for f in FIELDS}}
    return out, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--model", help="topic model directory (default: the packaged one)")
    ap.add_argument("--errors", action="store_true", help="list every wrong field")
    a = ap.parse_args(argv)
    clf = TopicClassifier.load(a.model) if a.model else default_classifier()
    for path in a.files:
        res, errors = score_file(path, clf)
        print(path, " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                             for k, v in res.items()))
        if a.errors:
            print("\n".join("  " + e for e in errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
