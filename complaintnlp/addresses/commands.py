"""CLI commands of the address stage: ``extract-addresses`` and ``evaluate addresses``.

Kept light at import: the extractor, morphology and the gazetteer load only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..cli import Command

__all__ = ["COMMANDS"]

_ROOT = Path(__file__).resolve().parents[2]


def _add_extract(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", nargs="*", help="message text (default: read lines from stdin)")


def _run_extract(args: argparse.Namespace) -> int:
    from .extractor import extract_addresses

    if args.text:
        for a in extract_addresses(" ".join(args.text)):
            print(json.dumps(a.to_dict(), ensure_ascii=False))
        return 0
    for line in sys.stdin:
        line = line.rstrip("\n")
        found = [a.to_dict() for a in extract_addresses(line)]
        print(json.dumps({"text": line, "addresses": found}, ensure_ascii=False))
    return 0


def _add_evaluate(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", help="gold JSONL file ({text, addresses:[{start, end, "
                   "street, house, …}]}); default with --gold: corpora/addresses dev + held-out")
    p.add_argument("--gold", action="store_true",
                   help="the hand-written gold set of corpora/addresses (dev and held-out)")
    p.add_argument("--almaty", action="store_true",
                   help="../shared/data/almaty/addresses_dev.jsonl: street recall / precision, "
                   "house recall")
    p.add_argument("--spb", action="store_true",
                   help="St Petersburg petitions with full_address: street + house match share")
    p.add_argument("--shared", help="shared data directory (default: ../shared/data)")
    p.add_argument("--limit", type=int, help="at most this many SPb cases")
    p.add_argument("--json", action="store_true", help="print JSON")


def _run_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate_almaty, evaluate_gold, evaluate_spb, read_gold

    shared = Path(args.shared) if args.shared else _ROOT.parent / "shared" / "data"
    run_all = not (args.file or args.gold or args.almaty or args.spb)
    reports: dict[str, dict] = {}
    if args.file:
        reports[args.file] = evaluate_gold(read_gold(args.file))
    if args.gold or run_all:
        for name in ("dev", "heldout"):
            path = _ROOT / "corpora" / "addresses" / f"{name}.jsonl"
            if path.exists():
                reports[f"gold {name}"] = evaluate_gold(read_gold(path))
            else:
                print(f"skip gold {name}: {path} not found (source checkout only)",
                      file=sys.stderr)
    if args.almaty or run_all:
        path = shared / "almaty" / "addresses_dev.jsonl"
        if path.exists():
            reports["almaty dev"] = evaluate_almaty(path)
        else:
            print(f"skip almaty: {path} not found", file=sys.stderr)
    if args.spb or run_all:
        if (shared / "spb" / "petitions.csv.gz").exists():
            reports["spb petitions"] = evaluate_spb(shared, limit=args.limit)
        else:
            print(f"skip spb: {shared / 'spb'} not found", file=sys.stderr)
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=1))
    else:
        for name, rep in reports.items():
            print(f"== {name}")
            for k, v in rep.items():
                print(f"  {k:20s} {v}")
    return 0


COMMANDS = [
    Command("extract-addresses", "address mentions of a message as JSON lines", _add_extract,
            _run_extract),
    Command("addresses", "evaluate address extraction (gold set, Almaty, SPb)", _add_evaluate,
            _run_evaluate, group="evaluate"),
]
