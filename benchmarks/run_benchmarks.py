"""The performance budget of complaintnlp, side by side with its peers (issue 7).

One command runs everything and writes the Markdown table of ``docs/benchmarks.md``::

    .venv/bin/python benchmarks/run_benchmarks.py [--quick] [--out docs/benchmarks.md]

What is measured, each in a fresh subprocess so that nothing is shared between measurements:

* throughput (messages/s) on **one core** (the worker is pinned with ``sched_setaffinity`` and
  OMP/MKL/OpenBLAS are limited to one thread) of ``lemmatize``, ``classify``,
  ``extract_addresses``, ``geolocate``, ``route`` and the full ``analyze``, on
  ``benchmarks/messages.txt`` (≈200 informal complaints written for this benchmark, many
  regions): a *first pass* over the distinct messages right after the models are loaded (cold
  per-word caches), then a *steady* run over the set repeated to ``--n`` messages;
* cold start: ``import complaintnlp`` + the first ``analyze`` in a fresh interpreter (median of
  several runs);
* peak RSS (``resource.getrusage``) of the process that ran the full ``analyze`` throughput;
* the command line on 10,000 messages (issue 6): ``complaintnlp analyze --input messages.jsonl
  --output out.jsonl`` in a fresh pinned interpreter, wall time including start-up and loading,
  and its peak RSS — once on ``messages.txt`` repeated to 10,000 lines and, when ``../shared``
  is present, once on 10,000 *distinct* short St Petersburg petition texts (a larger vocabulary,
  so the per-word caches help less — the harder case);
* ``analyze_batch`` with ``n_jobs`` 1 and 2 (not pinned; includes starting the workers);
* the peers, in their own virtual environment ``benchmarks/.venv-peers`` (natasha and pullenti
  pull in their own dependencies; create it with ``python -m venv benchmarks/.venv-peers &&
  benchmarks/.venv-peers/bin/pip install 'setuptools<81' natasha pullenti``): natasha's
  ``AddrExtractor`` and pullenti's address analyzer on the same messages, pinned to one core;
  pullenti's exceptions are counted. A peer that is not installed gets a "not installed" row.

Machines are noisy (this one is shared), so the table gives ratios where it matters and the CPU
share of each measurement (process CPU time / wall time: well below 100 % means the core was
busy with something else). ``--profile`` also writes a cProfile of ``analyze`` to
``benchmarks/out/profile.txt``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import shlex  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MESSAGES = HERE / "messages.txt"
OUT_DIR = HERE / "out"
PEERS_PYTHON = HERE / ".venv-peers" / "bin" / "python"
WARMUP = "Прогрев: в посёлке Заречный на улице Садовой у дома 7 не горит фонарь"
STAGES = ("lemmatize", "classify", "extract_addresses", "geolocate", "route_analysis",
          "route_text", "analyze")

TARGETS = {
    "analyze_msgs_s": 800.0,          # ≥, one core
    "cold_start_s": 1.5,              # ≤
    "rss_mb": 400.0,                  # ≤
    "addr_vs_natasha": 20.0,          # ≥
    "cli_msgs_s": 800.0,              # ≥, 10,000 messages, one core, whole command
    "classify_msgs_s": 3000.0,        # ≥, one core (issue 2)
    "geolocate_msgs_s": 1000.0,       # ≥, one core (issue 4)
    "gazetteer_load_s": 0.5,          # ≤ (issue 4)
    "gazetteer_rss_mb": 150.0,        # ≤ (issue 4)
}
SHARED_PETITIONS = ROOT.parent / "shared" / "data" / "spb" / "petitions.csv.gz"
CLI_N = 10_000


# ============================================================================ workers
def load_messages() -> list[str]:
    return [ln.strip() for ln in MESSAGES.read_text(encoding="utf-8").splitlines() if ln.strip()]


def pin(cpu: int | None) -> int | None:
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    os.sched_setaffinity(0, {cpu})
    return cpu


def peak_rss_mb() -> float:
    """Peak RSS of this process. ``VmHWM`` on Linux: ``ru_maxrss`` survives fork + exec, so a
    subprocess of a big parent would report the parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kib * 1024 / 1e6


def timed_pass(fn: Any, items: list[Any]) -> dict[str, float]:
    c0, t0 = time.process_time(), time.perf_counter()
    for x in items:
        fn(x)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"n": len(items), "wall_s": wall, "cpu_s": cpu, "msgs_s": len(items) / wall,
            "cpu_share": cpu / wall if wall else 1.0}


def worker_stage(name: str, n: int, cpu: int | None) -> dict[str, Any]:
    pin(cpu)
    import complaintnlp

    msgs = load_messages()
    if name in ("route_analysis",):
        complaintnlp.analyze(WARMUP)
        route = complaintnlp.route
        analyses = [complaintnlp.analyze(m) for m in msgs]

        def fn(a: Any) -> Any:
            return route(a)

        first_items = analyses
    else:
        attr = {"route_text": "route"}.get(name, name)
        fn = getattr(complaintnlp, attr)
        fn(WARMUP)                                  # loads the models this stage needs
        first_items = msgs
    first = timed_pass(fn, first_items)
    reps = max(1, n // len(first_items))
    steady = timed_pass(fn, first_items * reps)
    found = None
    if name == "extract_addresses":
        found = sum(1 for m in msgs if fn(m))
    return {"stage": name, "first": first, "steady": steady, "rss_mb": peak_rss_mb(),
            "messages_with_address": found, "distinct": len(msgs)}


def worker_cold() -> dict[str, Any]:
    t0 = time.perf_counter()
    import complaintnlp

    t1 = time.perf_counter()
    complaintnlp.analyze("Яма на ул. Ленина д. 5 в Твери, уже месяц никто не чинит!")
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "first_analyze_s": t2 - t1, "total_s": t2 - t0,
            "rss_mb": peak_rss_mb()}


def worker_reference(cpu: int | None) -> dict[str, Any]:
    """A fixed pure-Python workload (dict lookups, string slicing): this core's speed right
    now, so that runs made at different times can be compared (the machine drifts)."""
    pin(cpu)
    words = [f"слово{i}" for i in range(2000)]
    table = {w[:6]: i for i, w in enumerate(words)}
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        acc = 0
        for _rep in range(100):
            for w in words:
                acc += table.get(w[:6], 0) + len(w)
        best = min(best, time.perf_counter() - t0)
    return {"mops_s": 100 * len(words) / best / 1e6, "check": acc}


def worker_gazetteer() -> dict[str, Any]:
    t0 = time.perf_counter()
    from complaintnlp.geo.gazetteer import Gazetteer

    Gazetteer.load()
    return {"load_s": time.perf_counter() - t0, "rss_mb": peak_rss_mb()}


def worker_batch(n: int, n_jobs: int) -> dict[str, Any]:
    import complaintnlp

    msgs = load_messages()
    texts = (msgs * (n // len(msgs) + 1))[:n]
    complaintnlp.analyze(WARMUP)
    out = {}
    for run in ("first", "second"):       # first: starts the workers; second: reuses them
        c0, t0 = time.process_time(), time.perf_counter()
        res = complaintnlp.analyze_batch(texts, n_jobs=n_jobs)
        wall = time.perf_counter() - t0
        assert len(res) == len(texts) and not any(r.error for r in res)
        out[run] = {"n": len(texts), "wall_s": wall, "msgs_s": len(texts) / wall,
                    "parent_cpu_s": time.process_time() - c0}
    return {"n_jobs": n_jobs, **out}


def write_cli_inputs(out_dir: Path, n: int = CLI_N) -> dict[str, Path]:
    """JSONL inputs of the CLI benchmark: the benchmark messages repeated to ``n`` lines and,
    with ``../shared``, ``n`` distinct petition texts of at most 300 characters."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sets: dict[str, list[str]] = {}
    msgs = load_messages()
    sets["repeated"] = [msgs[i % len(msgs)] for i in range(n)]
    if SHARED_PETITIONS.exists():
        import csv
        import gzip

        seen: dict[str, None] = {}  # insertion-ordered: the same file on every run
        with gzip.open(SHARED_PETITIONS, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                t = (row.get("text") or "").strip()
                if t and len(t) <= 300 and t not in seen:
                    seen[t] = None
                    if len(seen) == n:
                        break
        if len(seen) == n:
            sets["distinct"] = list(seen)
    paths = {}
    for name, texts in sets.items():
        path = out_dir / f"cli_{name}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        paths[name] = path
    return paths


def worker_cli(path: str, cpu: int | None) -> dict[str, Any]:
    """``complaintnlp analyze --input path --output …`` in this (fresh) interpreter."""
    pin(cpu)
    t0 = time.perf_counter()
    c0 = time.process_time()
    from complaintnlp.cli import main as cli_main

    out = str(Path(path).with_suffix(".out.jsonl"))
    code = cli_main(["analyze", "--input", path, "--output", out, "--progress", "off"])
    wall = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    with open(out, encoding="utf-8") as f:
        n_out = sum(1 for _ in f)
    return {"exit": code, "n": n_out, "wall_s": wall, "msgs_s": n_out / wall,
            "cpu_share": cpu_s / wall if wall else 1.0, "rss_mb": peak_rss_mb()}


def worker_natasha(cpu: int | None, passes: int) -> dict[str, Any]:
    pin(cpu)
    t0 = time.perf_counter()
    from natasha import AddrExtractor, MorphVocab

    extractor = AddrExtractor(MorphVocab())
    list(extractor(WARMUP))
    init = time.perf_counter() - t0
    msgs = load_messages()
    found = sum(1 for m in msgs if list(extractor(m)))
    runs = [timed_pass(lambda m: list(extractor(m)), msgs) for _ in range(passes)]
    import natasha

    return {"init_s": init, "first": runs[0], "second": runs[-1] if passes > 1 else None,
            "messages_with_address": found, "distinct": len(msgs),
            "version": getattr(natasha, "__version__", None) or _dist_version("natasha"),
            "rss_mb": peak_rss_mb()}


def worker_pullenti(cpu: int | None) -> dict[str, Any]:
    pin(cpu)
    t0 = time.perf_counter()
    from pullenti.morph.MorphLang import MorphLang
    from pullenti.ner.address.AddressAnalyzer import AddressAnalyzer
    from pullenti.ner.ProcessorService import ProcessorService
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
    from pullenti.Sdk import Sdk

    Sdk.initialize(MorphLang.RU)
    proc = ProcessorService.create_specific_processor(AddressAnalyzer.ANALYZER_NAME)
    proc.process(SourceOfAnalysis(WARMUP), None, None)
    init = time.perf_counter() - t0
    msgs = load_messages()
    crashes: list[str] = []
    found = 0

    def one(m: str) -> None:
        nonlocal found
        try:
            r = proc.process(SourceOfAnalysis(m), None, None)
        except Exception as e:  # pullenti is known to raise on some inputs: count them
            crashes.append(f"{type(e).__name__}: {str(e)[:80]}")
            return
        found += any(e.type_name == "ADDRESS" for e in r.entities)

    first = timed_pass(one, msgs)
    return {"init_s": init, "first": first, "crashes": len(crashes),
            "crash_examples": crashes[:3], "messages_with_address": found,
            "distinct": len(msgs), "version": Sdk.get_version(), "rss_mb": peak_rss_mb()}


def worker_profile(n: int, cpu: int | None) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    pin(cpu)
    import complaintnlp

    msgs = load_messages()
    complaintnlp.analyze(WARMUP)
    for m in msgs:                      # steady state: per-word caches warm, as in production
        complaintnlp.analyze(m)
    texts = (msgs * (n // len(msgs) + 1))[:n]
    prof = cProfile.Profile()
    prof.enable()
    for m in texts:
        complaintnlp.analyze(m)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "profile.txt").write_text(buf.getvalue(), encoding="utf-8")
    return {"profile": str(OUT_DIR / "profile.txt"), "n": len(texts)}


def _dist_version(name: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


def run_worker(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--worker", required=True)
    p.add_argument("--stage")
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--cpu", type=int)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--passes", type=int, default=2)
    p.add_argument("--input")
    a = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))     # this checkout's complaintnlp, installed or not
    if a.worker == "stage":
        res = worker_stage(a.stage, a.n, a.cpu)
    elif a.worker == "cold":
        res = worker_cold()
    elif a.worker == "batch":
        res = worker_batch(a.n, a.jobs)
    elif a.worker == "reference":
        res = worker_reference(a.cpu)
    elif a.worker == "gazetteer":
        res = worker_gazetteer()
    elif a.worker == "cli":
        res = worker_cli(a.input, a.cpu)
    elif a.worker == "natasha":
        res = worker_natasha(a.cpu, a.passes)
    elif a.worker == "pullenti":
        res = worker_pullenti(a.cpu)
    elif a.worker == "profile":
        res = worker_profile(a.n, a.cpu)
    else:
        raise SystemExit(f"unknown worker {a.worker}")
    print(json.dumps(res))


# ============================================================================ driver
def spawn(args: list[str], python: str | Path = sys.executable, timeout: float = 3600
          ) -> dict[str, Any]:
    """Run a worker in a fresh interpreter; its last stdout line is JSON."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if str(python) != sys.executable:
        env.pop("PYTHONPATH", None)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([str(python), str(Path(__file__).resolve()), *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:300]}
    try:
        res = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": "no result: " + proc.stdout[-300:]}
    res["process_wall_s"] = wall
    return res


def peer_available(module: str) -> bool:
    if not PEERS_PYTHON.exists():
        return False
    proc = subprocess.run([str(PEERS_PYTHON), "-c", f"import {module}"], capture_output=True,
                          check=False)
    return proc.returncode == 0


def pick_cpu() -> int | None:
    if not hasattr(os, "sched_getaffinity"):
        return None
    return max(os.sched_getaffinity(0))


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for dist in ("numpy", "scikit-learn", "pymorphy3", "DAWG2", "razdel", "natasha"):
        versions[dist] = _dist_version(dist)
    sys.path.insert(0, str(ROOT))
    try:
        import complaintnlp

        versions["complaintnlp"] = complaintnlp.__version__
    finally:
        sys.path.pop(0)
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_gb": mem, "os": platform.platform(),
            "python": platform.python_version(), "versions": versions,
            "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None}


def fmt(x: float | None, digits: int = 0) -> str:
    if x is None:
        return "—"
    return f"{x:,.{digits}f}"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("**pass**" if ok else "**FAIL**")


def build_markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    st = r["stages"]
    lines = [
        "# Benchmarks",
        "",
        "Produced by `benchmarks/run_benchmarks.py` — do not edit by hand; rerun the command.",
        "",
        f"- **Date:** {r['date']}",
        f"- **Command:** `{r['command']}`",
        f"- **Machine:** {m['cpu']}, {m['cores']} logical cores, {m['mem_gb']} GB RAM, "
        f"{m['os']}; load average at start {', '.join(f'{x:.2f}' for x in m['loadavg'] or [])}",
        f"- **Software:** Python {m['python']}, "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v),
        f"- **Messages:** `benchmarks/messages.txt`, {r['distinct']} distinct informal "
        f"complaints; steady runs repeat them to {r['n']:,} messages.",
        "- Throughput is measured on **one core** (pinned, one BLAS/OpenMP thread).",
        "- The package is byte-compiled before the workers start, as `pip install` leaves it"
        + ("." if r.get("bytecode", False) else " (**failed in this run**: the workers "
           "compiled the sources themselves)."),
        "- **Core speed during this run** (a fixed pure-Python reference workload, millions of "
        "operations/s, at the start and at the end): "
        + ", ".join("—" if x is None else f"{x:.1f}" for x in r.get("reference", []))
        + ". A shared machine can drift by up to ~2× over an hour with the same code; compare "
        "runs only at similar reference speeds.",
        "",
        "## Targets",
        "",
        "| target | measured | goal | result |",
        "|---|---|---|---|",
    ]
    for row in r["targets"]:
        lines.append(f"| {row['name']} | {row['measured']} | {row['goal']} | "
                     f"{verdict(row['ok'])} |")
    lines += [
        "",
        "## Throughput on one core",
        "",
        "*First pass*: the distinct messages once, right after the models are loaded (cold "
        "per-word caches). *Steady*: the set repeated; the per-word-form caches are warm, as "
        "in a long-running service (no per-message result is cached). *CPU share*: process CPU "
        "time / wall time of the steady run (below ~95 % the core was shared).",
        "",
        "| function | first pass, msg/s | steady, msg/s | ms / msg (steady) | CPU share |",
        "|---|---|---|---|---|",
    ]
    labels = {"route_analysis": "route (an Analysis → agencies: the routing stage alone)",
              "route_text": "route (a text: classifies and geolocates itself)",
              "analyze": "**analyze** (full pipeline)"}
    for name in STAGES:
        s = st.get(name, {})
        label = labels.get(name, name)
        if "error" in s:
            lines.append(f"| {label} | error: {s['error']} | | | |")
            continue
        lines.append(f"| {label} | {fmt(s['first']['msgs_s'])} | {fmt(s['steady']['msgs_s'])}"
                     f" | {fmt(1000 / s['steady']['msgs_s'], 2)} | "
                     f"{s['steady']['cpu_share']:.0%} |")
    cold = r["cold"]
    lines += ["", "## Cold start and memory", ""]
    if cold.get("runs"):
        lines += [
            f"- Cold start (fresh interpreter, `import complaintnlp` + first `analyze`): median "
            f"**{cold['total_s']:.2f} s** over {len(cold['runs'])} runs (import "
            f"{cold['import_s']:.2f} s, first analyze {cold['first_analyze_s']:.2f} s; the "
            f"whole process including interpreter start-up: {cold['process_wall_s']:.2f} s).",
        ]
    else:
        lines.append(f"- Cold start: error {cold.get('error')}")
    a = st.get("analyze", {})
    if "rss_mb" in a:
        lines.append(f"- Peak RSS of the process that ran the full `analyze` throughput "
                     f"({a['steady']['n'] + a['first']['n']:,} messages): "
                     f"**{a['rss_mb']:.0f} MB**; after one `analyze` in the cold-start "
                     f"process: {cold.get('rss_mb', 0):.0f} MB.")
    if r.get("cli"):
        lines += ["", "## The command line on 10,000 messages (one core)", "",
                  "`complaintnlp analyze --input messages.jsonl --output out.jsonl` in a fresh "
                  "pinned interpreter; the time includes start-up, loading the models and "
                  "writing the JSON Lines. Each input is run several times; the table shows the "
                  "median run and every run's speed.", "",
                  "| input | messages | wall, s (median run) | msg/s (median run) | all runs, msg/s "
                  "| peak RSS, MB | CPU share |",
                  "|---|---|---|---|---|---|---|"]
        for name, label in (("distinct", "distinct petition texts (≤ 300 chars) from "
                                         "`../shared`"),
                            ("repeated", "`messages.txt` repeated")):
            c = r["cli"].get(name)
            if c is None:
                continue
            if "error" in c:
                lines.append(f"| {label} | error: {c['error']} | | | | | |")
                continue
            runs_txt = ", ".join(f"{x:,}" for x in c.get("runs_msgs_s", [round(c["msgs_s"])]))
            lines.append(f"| {label} | {c['n']:,} | {c['wall_s']:.1f} | {fmt(c['msgs_s'])} | "
                         f"{runs_txt} | {c['rss_mb']:.0f} | {c['cpu_share']:.0%} |")
    lines += ["", "## analyze_batch scaling (not pinned; includes starting the workers)", "",
              "| n_jobs | first call, msg/s | second call (workers reused), msg/s |",
              "|---|---|---|"]
    for b in r["batch"]:
        if "error" in b:
            lines.append(f"| {b.get('n_jobs')} | error: {b['error']} | |")
        else:
            lines.append(f"| {b['n_jobs']} | {fmt(b['first']['msgs_s'])} | "
                         f"{fmt(b['second']['msgs_s'])} |")
    lines += ["", f"The machine has {m['cores']} logical cores; the speed-up from "
              "`n_jobs=2` is bounded by them and by what else runs on the machine.", ""]
    lines += ["## Peers: address extraction on the same messages (one core)", "",
              "| system | version | start-up, s | msg/s (first pass) | msg/s (second pass) | "
              "messages with ≥ 1 address | exceptions | CPU share |",
              "|---|---|---|---|---|---|---|---|"]
    ea = st.get("extract_addresses", {})
    if "first" in ea:
        lines.append(f"| complaintnlp `extract_addresses` | {m['versions'].get('complaintnlp')}"
                     f" | — | {fmt(ea['first']['msgs_s'])} | {fmt(ea['steady']['msgs_s'])} "
                     f"(steady) | {ea['messages_with_address']} / {ea['distinct']} | 0 | "
                     f"{ea['first']['cpu_share']:.0%} |")
    for key, label in (("natasha", "natasha `AddrExtractor`"),
                       ("pullenti", "pullenti address analyzer")):
        p = r["peers"].get(key, {})
        if p.get("status"):
            lines.append(f"| {label} | {p['status']} | | | | | | |")
        elif "error" in p:
            lines.append(f"| {label} | error: {p['error']} | | | | | | |")
        else:
            second = p.get("second")
            lines.append(f"| {label} | {p.get('version')} | {p['init_s']:.1f} | "
                         f"{fmt(p['first']['msgs_s'], 1)} | "
                         f"{fmt(second['msgs_s'], 1) if second else '—'} | "
                         f"{p['messages_with_address']} / {p['distinct']} | "
                         f"{p.get('crashes', 0)} | {p['first']['cpu_share']:.0%} |")
    lines += ["", "Ratios (same messages, same run): " + "; ".join(r["ratios"]) + ". The peers' "
              "absolute speed varies by up to ~2× between runs on this shared machine even at "
              "100 % CPU share; compare the ratios.", "",
              "“Messages with ≥ 1 address” only counts that something was found — it is not "
              "an accuracy measure (see `complaintnlp evaluate addresses`).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--worker" in argv:
        run_worker(argv)
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer messages and repetitions")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"),
                   help="Markdown output [docs/benchmarks.md]")
    p.add_argument("--n", type=int, help="messages per steady run [5000; --quick 1000]")
    p.add_argument("--cold-runs", type=int, help="cold-start repetitions [5; --quick 2]")
    p.add_argument("--no-peers", action="store_true", help="skip natasha and pullenti")
    p.add_argument("--profile", action="store_true",
                   help="also write a cProfile of analyze to benchmarks/out/profile.txt")
    a = p.parse_args(argv)
    n = a.n or (1000 if a.quick else 5000)
    cold_runs = a.cold_runs or (2 if a.quick else 5)
    cli_runs = 1 if a.quick else 3
    cpu = pick_cpu()
    cpu_args = ["--cpu", str(cpu)] if cpu is not None else []
    shown = " ".join(shlex.quote(x) for x in argv)
    command = f"python benchmarks/run_benchmarks.py {shown}".strip()
    r: dict[str, Any] = {"date": datetime.datetime.now(datetime.UTC).strftime(
        "%Y-%m-%d %H:%M UTC"), "command": command, "n": n, "machine": machine_info(),
        "distinct": len(load_messages())}

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    log(f"complaintnlp benchmarks: {n} messages per steady run, pinned to CPU {cpu}")
    # byte-compile the package first, as ``pip install`` does for a user: with
    # PYTHONDONTWRITEBYTECODE set (or a read-only checkout) every fresh worker would otherwise
    # compile the sources again, and the cold start and the command line would pay for it
    import compileall

    import complaintnlp

    r["bytecode"] = bool(compileall.compile_dir(Path(complaintnlp.__file__).parent, quiet=1))
    r["reference"] = [spawn(["--worker", "reference", *cpu_args]).get("mops_s")]
    stages = {}
    for name in STAGES:
        log(f"  stage {name} …")
        stages[name] = spawn(["--worker", "stage", "--stage", name, "--n", str(n), *cpu_args])
        if "steady" in stages[name]:
            log(f"    {stages[name]['steady']['msgs_s']:.0f} msg/s steady, "
                f"{stages[name]['first']['msgs_s']:.0f} first pass")
        else:
            log(f"    {stages[name]}")
    r["stages"] = stages

    log("  cold start …")
    runs = [spawn(["--worker", "cold", *cpu_args]) for _ in range(cold_runs)]
    good = [x for x in runs if "total_s" in x]
    if good:
        r["cold"] = {k: statistics.median(x[k] for x in good)
                     for k in ("import_s", "first_analyze_s", "total_s", "rss_mb",
                               "process_wall_s")}
        r["cold"]["runs"] = [round(x["total_s"], 3) for x in good]
        log(f"    {r['cold']['total_s']:.2f} s (runs {r['cold']['runs']})")
    else:
        r["cold"] = {"error": runs[0].get("error")}

    log("  gazetteer load …")
    gz = [spawn(["--worker", "gazetteer", *cpu_args]) for _ in range(cold_runs)]
    gz = [x for x in gz if "load_s" in x]
    r["gazetteer"] = ({"load_s": statistics.median(x["load_s"] for x in gz),
                       "rss_mb": max(x["rss_mb"] for x in gz)} if gz else {})

    r["cli"] = {}
    for name, path in write_cli_inputs(OUT_DIR).items():
        log(f"  complaintnlp analyze --input ({name}, {CLI_N:,} messages) …")
        runs = [spawn(["--worker", "cli", "--input", str(path), *cpu_args])
                for _ in range(cli_runs)]
        good = sorted((x for x in runs if "msgs_s" in x), key=lambda x: x["msgs_s"])
        if good:  # the median run (this machine's speed drifts by ±30 % over minutes)
            res = dict(good[len(good) // 2])
            res["runs_msgs_s"] = [round(x["msgs_s"]) for x in runs if "msgs_s" in x]
            res["rss_mb"] = max(x["rss_mb"] for x in good)
            log(f"    {res['runs_msgs_s']} msg/s, {res['rss_mb']:.0f} MB")
        else:
            res = runs[0]
            log(f"    {res}")
        r["cli"][name] = res

    r["batch"] = []
    for jobs in (1, 2):
        log(f"  analyze_batch n_jobs={jobs} …")
        b = spawn(["--worker", "batch", "--n", str(n), "--jobs", str(jobs)])
        b.setdefault("n_jobs", jobs)
        r["batch"].append(b)

    r["peers"] = {}
    for key, module in (("natasha", "natasha"), ("pullenti", "pullenti")):
        if a.no_peers:
            r["peers"][key] = {"status": "skipped (--no-peers)"}
        elif not peer_available(module):
            r["peers"][key] = {"status": f"not installed (in {PEERS_PYTHON.parent.parent.name})"}
        else:
            log(f"  peer {key} …")
            extra = ["--passes", "1" if a.quick else "2"] if key == "natasha" else []
            r["peers"][key] = spawn(["--worker", key, *cpu_args, *extra], python=PEERS_PYTHON)
    if a.profile:
        log("  profile …")
        r["profile"] = spawn(["--worker", "profile", "--n", str(min(n, 2000)), *cpu_args])

    r["reference"].append(spawn(["--worker", "reference", *cpu_args]).get("mops_s"))

    # ---------------------------------------------------------------- targets and ratios
    targets = []
    an = stages.get("analyze", {})
    rate = an.get("steady", {}).get("msgs_s")
    targets.append({"name": "full `analyze`, msg/s on one core (steady)",
                    "measured": fmt(rate), "goal": f"≥ {TARGETS['analyze_msgs_s']:.0f}",
                    "ok": None if rate is None else rate >= TARGETS["analyze_msgs_s"]})
    first = an.get("first", {}).get("msgs_s")
    targets.append({"name": "full `analyze`, msg/s on one core (first pass, cold caches)",
                    "measured": fmt(first), "goal": f"≥ {TARGETS['analyze_msgs_s']:.0f}",
                    "ok": None if first is None else first >= TARGETS["analyze_msgs_s"]})
    cs = r["cold"].get("total_s")
    targets.append({"name": "cold start: import + first `analyze`",
                    "measured": "—" if cs is None else f"{cs:.2f} s",
                    "goal": f"≤ {TARGETS['cold_start_s']} s",
                    "ok": None if cs is None else cs <= TARGETS["cold_start_s"]})
    rss = an.get("rss_mb")
    targets.append({"name": "peak RSS (full analyze run)",
                    "measured": "—" if rss is None else f"{rss:.0f} MB",
                    "goal": f"≤ {TARGETS['rss_mb']:.0f} MB",
                    "ok": None if rss is None else rss <= TARGETS["rss_mb"]})
    ratios = []
    nat = r["peers"].get("natasha", {})
    ea = stages.get("extract_addresses", {})
    ratio = None
    if "first" in nat and "first" in ea:
        ratio = ea["first"]["msgs_s"] / nat["first"]["msgs_s"]
        ratios.append(f"complaintnlp `extract_addresses` / natasha `AddrExtractor` = "
                      f"**{ratio:.0f}×** (first pass of both)")
        if nat.get("second"):
            ratios.append(f"{ea['steady']['msgs_s'] / nat['second']['msgs_s']:.0f}× "
                          "(complaintnlp steady / natasha second pass)")
    pul = r["peers"].get("pullenti", {})
    if "first" in pul and "first" in ea:
        ratios.append(f"complaintnlp `extract_addresses` / pullenti = "
                      f"{ea['first']['msgs_s'] / pul['first']['msgs_s']:.0f}× (first pass)")
    if "first" in nat and "analyze" in stages and "first" in an:
        ratios.append(f"the whole complaintnlp `analyze` / natasha `AddrExtractor` alone = "
                      f"{an['first']['msgs_s'] / nat['first']['msgs_s']:.0f}× (first pass)")
    targets.append({"name": "`extract_addresses` vs natasha `AddrExtractor` (first pass)",
                    "measured": "—" if ratio is None else f"{ratio:.0f}×",
                    "goal": f"≥ {TARGETS['addr_vs_natasha']:.0f}×",
                    "ok": None if ratio is None else ratio >= TARGETS["addr_vs_natasha"]})
    for stage, key, label in (("classify", "classify_msgs_s", "`classify`"),
                              ("geolocate", "geolocate_msgs_s", "`geolocate`")):
        rate = stages.get(stage, {}).get("steady", {}).get("msgs_s")
        targets.append({"name": f"{label}, msg/s on one core (steady)", "measured": fmt(rate),
                        "goal": f"≥ {TARGETS[key]:,.0f}",
                        "ok": None if rate is None else rate >= TARGETS[key]})
    g = r.get("gazetteer", {})
    targets.append({"name": "gazetteer load (fresh process, median)",
                    "measured": "—" if "load_s" not in g else f"{g['load_s']:.2f} s",
                    "goal": f"≤ {TARGETS['gazetteer_load_s']} s",
                    "ok": None if "load_s" not in g else g["load_s"] <= TARGETS["gazetteer_load_s"]})
    targets.append({"name": "gazetteer load, peak RSS of that process",
                    "measured": "—" if "rss_mb" not in g else f"{g['rss_mb']:.0f} MB",
                    "goal": f"≤ {TARGETS['gazetteer_rss_mb']:.0f} MB",
                    "ok": None if "rss_mb" not in g else g["rss_mb"] <= TARGETS["gazetteer_rss_mb"]})
    for name, label in (("distinct", "10,000 distinct petition texts"),
                        ("repeated", "`messages.txt` repeated to 10,000")):
        c = r["cli"].get(name)
        if c is None:
            continue
        rate = c.get("msgs_s")
        targets.append({"name": f"`complaintnlp analyze --input … --output …`, {label}, "
                                "msg/s on one core (whole command, with start-up)",
                        "measured": fmt(rate), "goal": f"≥ {TARGETS['cli_msgs_s']:.0f}",
                        "ok": None if rate is None else rate >= TARGETS["cli_msgs_s"]})
        rss = c.get("rss_mb")
        targets.append({"name": f"peak RSS of that command ({label})",
                        "measured": "—" if rss is None else f"{rss:.0f} MB",
                        "goal": f"≤ {TARGETS['rss_mb']:.0f} MB",
                        "ok": None if rss is None else rss <= TARGETS["rss_mb"]})
    r["targets"] = targets
    r["ratios"] = ratios or ["peers not measured"]

    md = build_markdown(r)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(md, encoding="utf-8")
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "results.json").write_text(json.dumps(r, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    print(md)
    log(f"wrote {out} and {OUT_DIR / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
