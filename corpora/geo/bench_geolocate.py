"""Throughput of ``geolocate`` and load cost of the gazetteer (one core).

Run::

    .venv/bin/python corpora/geo/bench_geolocate.py

Prints the gazetteer load time and peak RSS, then messages per second for the informal set given
as prepared ``Text`` (the pipeline's case: the text stage ran once) and as raw strings (warm
caches), and the cold first pass.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    t0 = time.perf_counter()
    from complaintnlp.geo import default_gazetteer, geolocate
    from complaintnlp.text import prepare

    default_gazetteer()
    load = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gazetteer load (incl. imports): {load:.3f} s, peak RSS {rss:.0f} MB")
    msgs = [json.loads(line)["text"] for line in
            (HERE / "informal_messages.jsonl").open(encoding="utf-8")]
    t0 = time.perf_counter()
    for m in msgs:
        geolocate(m)
    cold = len(msgs) / (time.perf_counter() - t0)
    texts = [prepare(m) for m in msgs]
    rounds = 5
    t0 = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            geolocate(t)
    warm_text = rounds * len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for m in msgs:
            geolocate(m)
    warm_str = rounds * len(msgs) / (time.perf_counter() - t0)
    print(f"geolocate: {warm_text:.0f} msg/s (Text), {warm_str:.0f} msg/s (str, warm), "
          f"{cold:.0f} msg/s (str, cold first pass incl. pymorphy)")


if __name__ == "__main__":
    main()
