"""CLI commands of the topic stage: ``classify``, ``train``, ``evaluate topics``.

Kept light at import: the model and training code load only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..cli import Command

__all__ = ["COMMANDS"]


def _add_classify(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", nargs="*", help="message text (default: read lines from stdin)")
    p.add_argument("--model", help="model directory (default: the packaged model)")


def _classifier(path: str | None):
    from . import TopicClassifier, default_classifier

    return TopicClassifier.load(path) if path else default_classifier()


def _run_classify(args: argparse.Namespace) -> int:
    clf = _classifier(args.model)
    if args.text:
        print(json.dumps(clf.classify(" ".join(args.text)).to_dict(), ensure_ascii=False))
        return 0
    for line in sys.stdin:
        line = line.rstrip("\n")
        print(json.dumps({"text": line, **clf.classify(line).to_dict()}, ensure_ascii=False))
    return 0


def _add_train(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", help="output model directory (default: the packaged model "
                   "directory complaintnlp/data/topic_model)")
    p.add_argument("--shared", help="shared data directory (default: ../shared/data)")
    p.add_argument("--corpora", help="corpora/topics directory (default: of this checkout)")


def _run_train(args: argparse.Namespace) -> int:
    from .training import train_default

    out = Path(args.out) if args.out else Path(__file__).resolve().parents[1] / "data" / \
        "topic_model"
    train_default(out, corpora=Path(args.corpora) if args.corpora else None,
                  shared=Path(args.shared) if args.shared else None)
    print(str(out))
    return 0


def _add_evaluate(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", help="labelled CSV or JSONL file")
    p.add_argument("--text-field", default="text")
    p.add_argument("--label-field", default="label")
    p.add_argument("--builtin", action="store_true",
                   help="evaluate on the held-out Kursk and SPb splits and the informal "
                   "hand-written set (needs a source checkout and ../shared)")
    p.add_argument("--model", help="model directory (default: the packaged model)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")


def _run_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate_predictions, read_labelled

    if not args.file and not args.builtin:
        print("complaintnlp evaluate topics: give FILE or --builtin", file=sys.stderr)
        return 2
    clf = _classifier(args.model)
    reports = {}
    if args.file:
        texts, gold = read_labelled(args.file, args.text_field, args.label_field)
        pred = [r.label for r in clf.classify_batch(texts)]
        from .taxonomy import TAXONOMY

        labels = [str(c) for c in clf.classes_]
        if set(labels) == set(TAXONOMY.ids):
            labels = list(TAXONOMY.ids)
        reports[args.file] = evaluate_predictions(gold, pred, labels=labels)
    if args.builtin:
        from .training import evaluate_builtin

        reports.update(evaluate_builtin(clf))
    if args.json:
        print(json.dumps({k: v.to_dict() for k, v in reports.items()}, ensure_ascii=False,
                         indent=1))
    else:
        for name, rep in reports.items():
            print(f"== {name}\n{rep.format()}\n")
    return 0


COMMANDS = [
    Command("classify", "topic of a message as JSON (taxonomy ru_appeals.v1)", _add_classify,
            _run_classify),
    Command("train", "rebuild the default topic model from corpora/ and ../shared",
            _add_train, _run_train),
    Command("topics", "evaluate the topic classifier on a labelled CSV/JSONL file",
            _add_evaluate, _run_evaluate, group="evaluate"),
]
