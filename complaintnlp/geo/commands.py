"""CLI commands of the geo stage: ``complaintnlp geolocate`` and ``complaintnlp evaluate geo``.

Kept light at import: the gazetteer and the evaluation code load only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..cli import Command

__all__ = ["COMMANDS"]

_REPO = Path(__file__).resolve().parents[2]
_INFORMAL = [_REPO / "corpora" / "geo" / "informal_messages.jsonl",
             _REPO / "corpora" / "geo" / "informal_heldout.jsonl"]
_SHARED = _REPO.parent / "shared" / "data"


def _add_geolocate(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", help="the message (use - to read it from stdin)")
    p.add_argument("--region", help="default region («Тверская область»)")
    p.add_argument("--registry", help="CSV file of addresses with coordinates")
    p.add_argument("--address-field", default="address", help="address column (default: address)")
    p.add_argument("--lat-field", default="lat", help="latitude column (default: lat)")
    p.add_argument("--lon-field", default="lon", help="longitude column (default: lon)")
    p.add_argument("--encoding", default="utf-8", help="registry encoding (default: utf-8)")


def _run_geolocate(args: argparse.Namespace) -> int:
    from .locator import geolocate
    from .registry import AddressRegistry

    text = sys.stdin.read() if args.text == "-" else args.text
    registry = None
    if args.registry:
        registry = AddressRegistry.from_csv(args.registry, address=args.address_field,
                                            lat=args.lat_field, lon=args.lon_field,
                                            encoding=args.encoding)
    loc = geolocate(text, region=args.region, registry=registry)
    print(json.dumps(loc.to_dict() if loc is not None else None, ensure_ascii=False, indent=2))
    return 0


def _add_evaluate(p: argparse.ArgumentParser) -> None:
    p.add_argument("--informal", nargs="+", default=[str(x) for x in _INFORMAL],
                   help="JSONL files of labelled informal messages (default: the development "
                        "set and the held-out set in corpora/geo/)")
    p.add_argument("--shared", default=str(_SHARED),
                   help="../shared/data directory for the St Petersburg evaluation")
    p.add_argument("--skip-spb", action="store_true", help="only the informal set")
    p.add_argument("--errors", action="store_true", help="print the misplaced messages")


def _run_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate_informal, evaluate_spb

    errors: list[dict] | None = [] if args.errors else None
    res: dict = {"informal": {Path(f).stem: evaluate_informal(f, errors=errors)
                              for f in args.informal}}
    if not args.skip_spb:
        if (Path(args.shared) / "spb" / "petitions.csv.gz").is_file():
            res["spb"] = evaluate_spb(args.shared)
        else:
            res["spb"] = f"skipped: {args.shared}/spb/petitions.csv.gz not found"
    if errors is not None:
        res["informal_errors"] = errors
    print(json.dumps(res, ensure_ascii=False, indent=2))
    return 0


COMMANDS = [
    Command("geolocate", "place a message: region, settlement, street, house, coordinates (JSON)",
            _add_geolocate, _run_geolocate),
    Command("geo", "geolocation: informal messages (recall/precision) and SPb petitions (≤150 m)",
            _add_evaluate, _run_evaluate, group="evaluate"),
]
