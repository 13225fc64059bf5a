"""Speed of the topic classifier: cold start and messages per second on one core.

Run::

    .venv/bin/python benchmarks/bench_topics.py [--n 20000]

Cold start (a fresh interpreter: ``import complaintnlp`` + the first ``classify``) is measured in
a subprocess. Throughput uses short social-network style messages built from a vocabulary of
words × templates, so most are distinct strings (no result caching is involved; the per-word
feature cache of the model is warm after the first few hundred messages, as in production).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time

WORDS = ("яма дорога двор подъезд лифт вода отопление автобус маршрутка остановка поликлиника "
         "врач запись пособие выплата льгота фонарь площадка дерево собаки мусор контейнер "
         "асфальт тротуар светофор снег крыша батареи трамвай скорая пенсия инвалид парк "
         "спасибо привет продам").split()
TEMPLATES = ("{a} {b} уже неделю никто не реагирует", "на улице {a} и {b} 😡",
             "когда починят {a} возле дома {n}", "{a} {b} {c} сколько можно",
             "помогите {a} не работает {b}", "в нашем районе {a} {n} дней")


def messages(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(TEMPLATES).format(a=rng.choice(WORDS), b=rng.choice(WORDS),
                                         c=rng.choice(WORDS), n=rng.randint(1, 300))
            for _ in range(n)]


def cold_start() -> float:
    code = ("import time; t=time.perf_counter(); import complaintnlp; "
            "complaintnlp.classify('во дворе яма'); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    args = ap.parse_args()
    cold = min(cold_start() for _ in range(3))
    print(f"cold start (import + first classify), best of 3: {cold:.3f} s")
    from complaintnlp.topics import classify, classify_batch

    msgs = messages(args.n)
    classify_batch(msgs[:500])  # warm the lemma and feature caches as in a running service
    fresh = messages(args.n, seed=1)
    t = time.perf_counter()
    for m in fresh:
        classify(m)
    dt = time.perf_counter() - t
    print(f"classify: {len(fresh) / dt:,.0f} messages/s ({len(fresh)} messages)")
    t = time.perf_counter()
    classify_batch(fresh)
    dt = time.perf_counter() - t
    print(f"classify_batch: {len(fresh) / dt:,.0f} messages/s")
    real = real_messages()
    if real:
        # distinct real short messages: new vocabulary keeps missing the lemma cache, so this is
        # the pessimistic number (pymorphy3 parsing of unseen word forms dominates)
        half = len(real) // 2
        t = time.perf_counter()
        for m in real[:half]:
            classify(m)
        dt = time.perf_counter() - t
        print(f"classify, {half} distinct SPb petitions <=120 chars (cold vocabulary): "
              f"{half / dt:,.0f} messages/s")
        t = time.perf_counter()
        classify_batch(real[half:])
        dt = time.perf_counter() - t
        print(f"classify_batch, next {len(real) - half} distinct SPb petitions: "
              f"{(len(real) - half) / dt:,.0f} messages/s")


def real_messages(limit: int = 20000) -> list[str]:
    """Distinct short SPb petitions from ../shared (empty when the data is absent)."""
    import csv
    import gzip
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "spb" / "petitions.csv.gz"
    if not path.is_file():
        return []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        texts = dict.fromkeys(r["text"] for r in csv.DictReader(f) if len(r["text"]) <= 120)
    return list(texts)[:limit]


if __name__ == "__main__":
    main()
