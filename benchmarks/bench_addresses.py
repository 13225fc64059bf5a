"""Throughput and quality of ``extract_addresses`` and of the open peers, side by side.

Run from the repository root::

    .venv/bin/python benchmarks/bench_addresses.py [--n 3000] [--peers] [--quality]

* throughput: messages per second on one core over unique real texts (SPb petitions from
  ``../shared`` when present, else the hand-written corpora), after a warm-up;
* ``--quality``: the gold set of ``corpora/addresses`` (dev and held-out) and the Almaty dev file,
  for complaintnlp and, with ``--peers``, for the peers;
* ``--peers``: natasha's ``AddrExtractor`` and pullenti, each run in the peer virtualenv
  ``benchmarks/.venv-peers`` (``python -m venv benchmarks/.venv-peers &&
  benchmarks/.venv-peers/bin/pip install 'setuptools<81' natasha pullenti``). A peer that is not
  installed is skipped with a message. pullenti is non-commercial: benchmark-only, never a
  dependency of complaintnlp.

The peers' output is mapped to ``Address``-like records (span, street, house) by
``benchmarks/_peer_worker.py``-style code embedded below and run in the peer environment.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PEER_PY = ROOT / "benchmarks" / ".venv-peers" / "bin" / "python"
PEERS = ("natasha", "pullenti")
_PEERS_RUN = PEERS
sys.path.insert(0, str(ROOT))

# Code run inside the peer virtualenv: reads JSON lines {"text"}, writes JSON lines of mentions.
PEER_WORKER = r'''
import json, sys, time
peer = sys.argv[1]
texts = [json.loads(l)["text"] for l in sys.stdin]
out = []
if peer == "natasha":
    from natasha import MorphVocab, AddrExtractor
    ex = AddrExtractor(MorphVocab())
    STREET_TYPES = {"улица", "проспект", "переулок", "шоссе", "бульвар", "площадь",
                    "набережная", "проезд", "микрорайон", "тупик", "линия", "аллея", "квартал",
                    "тракт"}

    def run(t):
        # natasha yields one match per address part (AddrPart); parts next to each other (only
        # spaces, commas or «по» / «на» / «в» between them) form one mention
        groups = []
        for m in sorted(ex(t), key=lambda m: m.start):
            gap = t[groups[-1]["end"]:m.start] if groups else None
            if groups and len(gap) <= 6 and gap.strip(" ,.") in ("", "по", "на", "в"):
                g = groups[-1]
                g["end"] = m.stop
            else:
                g = {"start": m.start, "end": m.stop, "street": None, "house": None}
                groups.append(g)
            part = m.fact
            if part.type in STREET_TYPES and g["street"] is None:
                g["street"] = f"{part.type} {part.value}" if part.value else None
            elif part.type == "дом" and g["house"] is None:
                g["house"] = part.value
        return groups
else:
    from pullenti.Sdk import Sdk
    from pullenti.ner.ProcessorService import ProcessorService
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
    from pullenti.ner.address.AddressAnalyzer import AddressAnalyzer
    Sdk.initialize_all()
    proc = ProcessorService.create_specific_processor(AddressAnalyzer.ANALYZER_NAME)
    def run(t):
        res = []
        ar = proc.process(SourceOfAnalysis(t), None, None)
        ents = []
        for e in ar.entities:
            if e.type_name not in ("ADDRESS", "STREET", "GEO") or not e.occurrence:
                continue
            occ = e.occurrence[0]
            ents.append((e, occ.begin_char, occ.end_char + 1))
        addr = [(a, b) for e, a, b in ents if e.type_name == "ADDRESS"]
        for e, a, b in ents:
            if e.type_name != "ADDRESS" and any(x <= a and b <= y for x, y in addr):
                continue  # a street or place inside an address: one mention
            if e.type_name == "GEO" and any(a < y and x < b for x, y in
                                            ((a2, b2) for e2, a2, b2 in ents if e2 is not e)):
                continue
            st = house = None
            if e.type_name == "ADDRESS":
                streets = getattr(e, "streets", None) or []
                st = str(streets[0]).split(";")[0] if streets else None
                house = getattr(e, "house", None)
            elif e.type_name == "STREET":
                st = str(e).split(";")[0]
            res.append({"start": a, "end": b, "street": st, "house": house})
        res.sort(key=lambda m: m["start"])
        return res
t0 = time.perf_counter()
for t in texts:
    try:
        out.append(run(t))
    except Exception as exc:  # the peers crash on some inputs; count it
        out.append({"error": type(exc).__name__})
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "results": out}, ensure_ascii=False))
'''


def _texts(n: int) -> list[str]:
    path = SHARED / "spb" / "petitions.csv.gz"
    texts: list[str] = []
    seen: set[str] = set()
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                t = (r.get("text") or "").strip()
                if t and t not in seen:
                    seen.add(t)
                    texts.append(t)
                if len(texts) >= n:
                    break
    if not texts:
        for name in ("dev", "heldout"):
            p = ROOT / "corpora" / "addresses" / f"{name}.jsonl"
            texts += [json.loads(line)["text"] for line in p.open(encoding="utf-8")]
    return texts


def bench_ours(texts: list[str]) -> float:
    """Messages per second (wall clock); also prints messages per CPU second of this process,
    which a busy shared machine disturbs less."""
    from complaintnlp.addresses import extract_addresses

    for t in texts[:200]:  # warm-up: morphology, gazetteer
        extract_addresses(t)
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        extract_addresses(t)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"complaintnlp extract_addresses: {len(texts) / cpu:,.0f} messages per CPU second")
    return len(texts) / wall


def run_peer(peer: str, texts: list[str]) -> dict | None:
    if not PEER_PY.exists():
        print(f"[skip] {peer}: no peer virtualenv at {PEER_PY}")
        return None
    inp = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([str(PEER_PY), "-c", PEER_WORKER, peer], input=inp, text=True,
                          capture_output=True, env=env, timeout=3600)
    if proc.returncode != 0:
        print(f"[skip] {peer}: {proc.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _peer_house(house: object) -> str | None:
    """The house number in a peer's house value («5 в» → «5»): fair to the peers."""
    if not house:
        return None
    m = re.match(r"\s*(\d{1,4})([а-яa-z](?![а-яa-z]))?(?:\s?/\s?(\d{1,4}))?", str(house), re.I)
    if m is None:
        return str(house)
    return m.group(1) + (m.group(2) or "") + (f"/{m.group(3)}" if m.group(3) else "")


def _as_extractor(results: list) -> object:
    """An extractor replaying a peer's precomputed results, in the order of the calls."""
    it = iter(results)

    def ext(_text: str) -> list:
        r = next(it)
        if isinstance(r, dict):  # crashed on this text
            return []
        return [SimpleNamespace(start=m["start"], end=m["end"], street=m["street"],
                                house=_peer_house(m["house"]), cross_street=None,
                                building=None, to_dict=lambda m=m: m) for m in r]
    return ext


def quality(peers: bool) -> None:
    from complaintnlp.addresses.evaluation import evaluate_almaty, evaluate_gold, read_gold

    sets = {name: read_gold(ROOT / "corpora" / "addresses" / f"{name}.jsonl")
            for name in ("dev", "heldout")}
    alm = SHARED / "almaty" / "addresses_dev.jsonl"
    print("== complaintnlp")
    for name, rows in sets.items():
        print(name, evaluate_gold(rows))
    if alm.exists():
        print("almaty", evaluate_almaty(alm))
    if not peers:
        return
    for peer in _PEERS_RUN:
        print(f"== {peer}")
        for name, rows in sets.items():
            got = run_peer(peer, [r["text"] for r in rows])
            if got is None:
                break
            crashes = sum(isinstance(r, dict) for r in got["results"])
            print(name, evaluate_gold(rows, extractor=_as_extractor(got["results"])),
                  f"crashes={crashes}")
        else:
            if alm.exists():
                rows = read_gold(alm)
                got = run_peer(peer, [r["text"] for r in rows])
                if got is not None:
                    print("almaty", evaluate_almaty(alm, extractor=_as_extractor(got["results"])))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000, help="number of unique texts to time")
    ap.add_argument("--peers", action="store_true", help="also run natasha and pullenti")
    ap.add_argument("--peer", action="append", choices=PEERS,
                    help="run only this peer (repeatable; implies --peers)")
    ap.add_argument("--quality", action="store_true", help="also measure quality")
    args = ap.parse_args()
    global _PEERS_RUN
    if args.peer:
        args.peers = True
        _PEERS_RUN = tuple(args.peer)
    texts = _texts(args.n)
    ours = bench_ours(texts)
    print(f"complaintnlp extract_addresses: {ours:,.0f} messages/s ({len(texts)} texts, one core)")
    if args.peers:
        for peer in _PEERS_RUN:
            got = run_peer(peer, texts)
            if got is not None:
                rate = len(texts) / got["seconds"]
                crashes = sum(isinstance(r, dict) for r in got["results"])
                print(f"{peer}: {rate:,.0f} messages/s; complaintnlp is {ours / rate:.1f}x "
                      f"faster; crashed on {crashes} texts")
    if args.quality:
        quality(args.peers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
