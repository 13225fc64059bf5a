"""Thread safety (issue 7): concurrent ``analyze`` calls give the sequential results, and the
lazy loading of the default models is guarded (a cold start from 8 threads at once)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import complaintnlp

N_THREADS = 8
TEXTS = [
    "Яма на ул. Ленина д. 5 в Твери, уже месяц никто не чинит!!!",
    "г. Курск, ул. Союзная д. 71Б — УК не убирает двор",
    "В Максатихе на ул. Железнодорожной сломанное дерево висит над тротуаром",
    "нет горячей воды третий день, Новосибирск, Красный проспект 25",
    "автобус 5 не ходит с утра, остановка Вокзал, Екатеринбург",
    "Спасибо большое нашей поликлинике!",
    "<p>Здравствуйте,&nbsp;в подъезде не работает лифт</p> 😡😡😡",
    "Продам гараж, недорого",
    "в Бежецке на пересечении Советской и Кирова не горит светофор",
    "пособие на ребенка не пришло, Самара, Кировский район",
    "мусор не вывозят уже неделю!!! пос. Мирный, ул. Школьная 3",
    "Казань, пр-т Победы 100к2 кв 7 — батареи холодные",
    "",
    "   ",
    "1234567890",
    "@admin #ЖКХ https://vk.com/wall-1_2 помогите",
    "ул. " * 200,
    "на улице Гагарина возле дома 12 разрыта траншея, Ростов-на-Дону",
    "запись к врачу невозможна, Южно-Сахалинск, поликлиника №2",
    "скорая ехала два часа, с. Кушалино Тверской области",
]


def public(name: str):
    try:
        return getattr(complaintnlp, name)
    except (AttributeError, ImportError) as e:
        if isinstance(e, AttributeError) or "complaintnlp" in str(e):
            pytest.skip(f"complaintnlp.{name} is not available: {e}")
        raise


def need_full_pipeline() -> None:
    for name in ("extract_addresses", "route", "analyze"):
        public(name)


def stable(d: dict) -> str:
    d = dict(d)
    d.pop("timings_ms", None)
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def test_concurrent_analyze_matches_sequential():
    need_full_pipeline()
    from complaintnlp import ComplaintPipeline

    pipe = ComplaintPipeline(region=None)
    texts = TEXTS * 3
    expected = [stable(pipe.analyze(t, id=i).to_dict()) for i, t in enumerate(texts)]
    barrier = threading.Barrier(N_THREADS)

    def worker(seed: int) -> list[tuple[int, str]]:
        order = list(range(len(texts)))
        random.Random(seed).shuffle(order)          # every thread in its own order
        barrier.wait()
        return [(i, stable(pipe.analyze(texts[i], id=i).to_dict())) for i in order]

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)                      # interleave threads as much as possible
    try:
        with ThreadPoolExecutor(N_THREADS) as pool:
            results = list(pool.map(worker, range(N_THREADS)))
    finally:
        sys.setswitchinterval(old)
    for per_thread in results:
        assert len(per_thread) == len(texts)
        for i, got in per_thread:
            assert got == expected[i], (i, texts[i])


def test_concurrent_stage_functions_match_sequential():
    """The single-stage public functions are shared default instances: same check."""
    names = [n for n in ("lemmatize", "classify", "extract_addresses", "geolocate", "route")
             if _available(n)]
    fns = {n: getattr(complaintnlp, n) for n in names}

    def run_all(text: str) -> str:
        return repr([_plain(fns[n](text)) for n in names])

    expected = [run_all(t) for t in TEXTS]
    barrier = threading.Barrier(N_THREADS)

    def worker(seed: int) -> list[tuple[int, str]]:
        order = list(range(len(TEXTS)))
        random.Random(seed).shuffle(order)
        barrier.wait()
        return [(i, run_all(TEXTS[i])) for i in order]

    with ThreadPoolExecutor(N_THREADS) as pool:
        for per_thread in pool.map(worker, range(N_THREADS)):
            for i, got in per_thread:
                assert got == expected[i], (i, TEXTS[i])


def _available(name: str) -> bool:
    try:
        getattr(complaintnlp, name)
    except (AttributeError, ImportError):
        return False
    return True


def _plain(value):
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# ----------------------------------------------------------------------- cold start
COLD_START = r"""
import json, sys, threading
from concurrent.futures import ThreadPoolExecutor

assert "complaintnlp.topics" not in sys.modules
counts = {}

def count_calls(owner, attr, key, is_classmethod=False):
    original = owner.__dict__[attr]
    func = original.__func__ if is_classmethod else original
    def wrapper(*args, **kwargs):
        counts[key] = counts.get(key, 0) + 1
        return func(*args, **kwargs)
    setattr(owner, attr, classmethod(wrapper) if is_classmethod else wrapper)

mode = sys.argv[1]
if mode == "count":
    # wrap the loaders (importing these modules loads no data)
    import pymorphy3
    from complaintnlp.topics.classifier import TopicClassifier
    from complaintnlp.geo.gazetteer import Gazetteer
    count_calls(pymorphy3.MorphAnalyzer, "__init__", "MorphAnalyzer")
    count_calls(TopicClassifier, "load", "TopicClassifier.load", is_classmethod=True)
    count_calls(Gazetteer, "load", "Gazetteer.load", is_classmethod=True)

import complaintnlp

texts = json.loads(sys.stdin.read())
n_threads = int(sys.argv[2])
barrier = threading.Barrier(n_threads)

def worker(k):
    barrier.wait()
    out = []
    for i in range(len(texts)):
        j = (i + k) % len(texts)
        d = complaintnlp.analyze(texts[j], id=j).to_dict()
        d.pop("timings_ms")
        out.append((j, json.dumps(d, ensure_ascii=False, sort_keys=True)))
    return out

with ThreadPoolExecutor(n_threads) as pool:
    threaded = list(pool.map(worker, range(n_threads)))
sequential = []
for j, t in enumerate(texts):
    d = complaintnlp.analyze(t, id=j).to_dict()
    d.pop("timings_ms")
    sequential.append(json.dumps(d, ensure_ascii=False, sort_keys=True))
mismatches = [(k, j) for k, res in enumerate(threaded) for j, got in res if got != sequential[j]]
print(json.dumps({"counts": counts, "mismatches": mismatches[:20],
                  "n": sum(len(r) for r in threaded)}))
"""


def cold_start(mode: str, n_threads: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", COLD_START, mode, str(n_threads)],
                          input=json.dumps(TEXTS, ensure_ascii=False), capture_output=True,
                          text=True, timeout=600, cwd=Path(__file__).resolve().parents[1],
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["n"] == n_threads * len(TEXTS)
    assert report["mismatches"] == [], report
    return report


def test_cold_start_from_threads():
    """A fresh interpreter: 8 threads make the very first ``analyze`` calls at once."""
    need_full_pipeline()
    cold_start("plain", N_THREADS)


def test_lazy_loading_is_guarded():
    """Each default model is loaded exactly once, however many threads start together."""
    need_full_pipeline()
    counts = cold_start("count", N_THREADS)["counts"]
    assert counts == {"MorphAnalyzer": 1, "TopicClassifier.load": 1, "Gazetteer.load": 1}, counts
