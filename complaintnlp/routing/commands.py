"""CLI commands of the routing stage: ``route``, ``train-router``, ``evaluate router``.

Kept light at import: models, rules and data load only when a command runs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from pathlib import Path
from typing import Any

from ..cli import Command

__all__ = ["COMMANDS", "read_rows"]


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a CSV (``.csv``/``.csv.gz``) or JSONL file as dicts.

    Raises
    ------
    DataFormatError
        A JSONL line that is not a JSON object (the file and line are named).
    """
    from ..errors import DataFormatError

    p = Path(path)
    opener: Any = gzip.open if p.suffix == ".gz" else open
    name = p.name[:-3] if p.suffix == ".gz" else p.name
    with opener(p, "rt", encoding="utf-8", newline="") as fh:
        if name.endswith(".csv"):
            return list(csv.DictReader(fh))
        rows = []
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataFormatError(f"not valid JSON: {e.msg}", path=str(p), line=i) from e
            if not isinstance(obj, dict):
                raise DataFormatError("expected a JSON object", path=str(p), line=i)
            rows.append(obj)
        return rows


def _add_route(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", nargs="*", help="message text (default: read lines from stdin)")
    p.add_argument("--region", help="default region («Курская область»)")
    p.add_argument("--table", help="routing table (.yaml, .csv or .json)")
    p.add_argument("--router", help="trained router directory (train-router --out)")


def _run_route(args: argparse.Namespace) -> int:
    from . import AgencyRouter, RoutingTable, route

    table = RoutingTable.from_file(args.table) if args.table else None
    router = AgencyRouter.load(args.router) if args.router else None
    texts = [" ".join(args.text)] if args.text else (line.rstrip("\n") for line in sys.stdin)
    for t in texts:
        agencies = route(t, region=args.region, table=table, router=router)
        print(json.dumps({"text": t, "agencies": [a.to_dict() for a in agencies]},
                         ensure_ascii=False))
    return 0


def _add_train(p: argparse.ArgumentParser) -> None:
    p.add_argument("--input", required=True, help="CSV or JSONL file with labelled messages")
    p.add_argument("--text-field", default="text")
    p.add_argument("--agency-field", required=True, help="column with the answering body")
    p.add_argument("--context-fields", default="",
                   help="comma-separated columns used as context (district, municipality …)")
    p.add_argument("--extract-place", action="store_true",
                   help="geolocate texts without context (region, municipality, settlement)")
    p.add_argument("--no-topic", action="store_true", help="do not use the predicted topic")
    p.add_argument("--C", type=float, default=0.25, help="regularisation (default 0.25)")
    p.add_argument("--out", required=True, help="output model directory")


def _run_train(args: argparse.Namespace) -> int:
    from .router import AgencyRouter

    rows = read_rows(args.input)
    fields = [f.strip() for f in args.context_fields.split(",") if f.strip()]
    missing = [f for f in [args.text_field, args.agency_field, *fields]
               if rows and f not in rows[0]]
    if missing:
        print(f"complaintnlp train-router: no column {missing[0]!r} in {args.input}",
              file=sys.stderr)
        return 2
    rows = [r for r in rows if r.get(args.text_field) and r.get(args.agency_field)]
    context = [{f: r.get(f) for f in fields} for r in rows] if fields else None
    router = AgencyRouter(C=args.C, use_topic=not args.no_topic,
                          extract_place=args.extract_place,
                          context_fields=fields or None)
    router.fit([str(r[args.text_field]) for r in rows], [str(r[args.agency_field])
                                                         for r in rows], context=context)
    out = router.save(args.out)
    print(json.dumps({"out": str(out), "n_samples": len(rows),
                      "n_agencies": len(router.classes_)}, ensure_ascii=False))
    return 0


def _add_evaluate(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kursk", action="store_true", help="held-out Kursk executors")
    p.add_argument("--spb", action="store_true",
                   help="held-out St Petersburg responsible_org with district context")
    p.add_argument("--shared", help="shared data directory (default: ../shared/data)")
    p.add_argument("--spb-context", default="district",
                   help="comma-separated SPb context fields (default: district; e.g. "
                   "district,reason_name — the category the petitioner chose)")
    p.add_argument("--spb-intermediate", default="",
                   help="SPb field given to training only and predicted from the text "
                   "(e.g. reason_name; AgencyRouter intermediate_field)")
    p.add_argument("--kursk-intermediate", default="",
                   help="Kursk field given to training only (e.g. topic_ru)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print JSON")


def _run_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate_kursk, evaluate_spb

    shared = Path(args.shared) if args.shared else Path.cwd().parent / "shared" / "data"
    if not shared.is_dir():
        print(f"complaintnlp evaluate router: no shared data at {shared}", file=sys.stderr)
        return 1
    which = [n for n, on in (("kursk", args.kursk), ("spb", args.spb)) if on] or ["kursk",
                                                                                    "spb"]
    reports = []
    for name in which:
        if name == "kursk":
            params = ({"intermediate_field": args.kursk_intermediate}
                      if args.kursk_intermediate else None)
            reports.append(evaluate_kursk(shared, router_params=params, seed=args.seed))
        else:
            fields = tuple(f.strip() for f in args.spb_context.split(",") if f.strip())
            params = ({"intermediate_field": args.spb_intermediate}
                      if args.spb_intermediate else None)
            reports.append(evaluate_spb(shared, router_params=params, seed=args.seed,
                                        context_fields=fields))
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(r.format() for r in reports))
    return 0


COMMANDS = [
    Command("route", "responsible bodies of a message as JSON", _add_route, _run_route),
    Command("train-router", "train an AgencyRouter on labelled messages", _add_train,
            _run_train),
    Command("router", "evaluate the trainable router on held-out Kursk / St Petersburg splits",
            _add_evaluate, _run_evaluate, group="evaluate"),
]
