"""The real default pipeline, end to end: API, persistence, CLI."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from complaintnlp import ComplaintPipeline, analyze, analyze_batch

GOLDEN = Path(__file__).parent / "data" / "end_to_end.jsonl"


def golden_cases():
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.mark.parametrize("case", golden_cases(), ids=lambda c: c["text"][:40])
def test_golden(case):
    d = analyze(case["text"], region=case.get("region")).to_dict()
    exp = case["expect"]
    if "topic" in exp:
        assert d["topic"] == exp["topic"]
    if "is_appeal" in exp:
        assert d["is_appeal"] is exp["is_appeal"]
    if "location" in exp and exp["location"] is None:
        assert d["location"] is None, d["location"]
    for key in ("settlement", "region", "street", "house", "municipality"):
        if key in exp:
            assert d["location"] is not None and d["location"][key] == exp[key], d["location"]
    if "addresses" in exp:  # [[street, house], …] of the extracted mentions, in text order
        assert [[a["street"], a["house"]] for a in d["addresses"]] == exp["addresses"], \
            d["addresses"]
    if "agency_top" in exp:
        assert d["agencies"][0]["name"] == exp["agency_top"], d["agencies"][:2]
    if "agency_contains" in exp:
        names = " | ".join(a["name"] for a in d["agencies"])
        assert exp["agency_contains"] in names, names
    for a in d["addresses"]:
        assert case["text"][a["start"]:a["end"]] == a["text"]


def test_default_pipeline_loads_without_unpickling(monkeypatch):
    """Any attempt to unpickle while loading and running the default models fails the test."""
    code = (
        "import pickle, numpy\n"
        "def boom(*a, **k): raise AssertionError('unpickling attempted')\n"
        "pickle.load = pickle.loads = boom\n"
        "pickle.Unpickler = None\n"
        "import complaintnlp\n"
        "a = complaintnlp.analyze('Яма на ул. Ленина 5 в Твери')\n"
        "assert a.topic is not None and a.error is None\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
    assert pickle  # the real module stays untouched in this process


def test_save_load_roundtrip_identical(tmp_path):
    texts = [c["text"] for c in golden_cases()] * 3
    pipe = ComplaintPipeline(region="Тверская область")
    before = [a.to_dict() for a in pipe.analyze_batch(texts)]
    pipe.save(tmp_path / "p")
    meta = json.loads((tmp_path / "p" / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "pipeline" and "topics" in meta["components"]
    loaded = ComplaintPipeline.load(tmp_path / "p")
    after = [a.to_dict() for a in loaded.analyze_batch(texts)]
    for d in before + after:
        d.pop("timings_ms")
    assert before == after


def test_tampered_pipeline_is_refused(tmp_path):
    from complaintnlp.errors import ModelFormatError

    ComplaintPipeline().save(tmp_path / "p")
    target = next((tmp_path / "p" / "topics").glob("*.npy"))
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match="checksum"):
        ComplaintPipeline.load(tmp_path / "p").analyze("яма")


def test_batch_with_bad_items():
    items = [None, "", "x" * 1_000_000, "\x00\x01\x02\ud800binary\xff", "Яма на ул. Ленина 5"]
    out = analyze_batch(items)
    assert len(out) == len(items)
    assert out[0].error is not None and out[1].error is None and out[4].error is None
    assert out[2].truncated and out[3].error is None


def cli(*args, input_text=None):
    return subprocess.run([sys.executable, "-m", "complaintnlp", *args], input=input_text,
                          capture_output=True, text=True, timeout=300)


def test_cli_text():
    r = cli("analyze", "г. Курск, ул. Союзная д. 71Б — УК не убирает двор")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["topic"] == "housing_utilities"


def test_cli_jsonl_with_bad_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Яма на Ленина 5"}\n{broken\n[1]\n{"id": "b"}\n'
                   '{"id": "c", "text": "Спасибо!"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = cli("analyze", "--input", str(src), "--output", str(out))
    assert r.returncode == 3
    assert "line 2" in r.stderr and "line 3" in r.stderr and "line 4" in r.stderr
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in recs] == ["a", "c"]


def test_cli_csv_formats_and_stdin(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('id,text\n1,"г. Курск, ул. Союзная д. 71Б — УК не убирает двор"\n'
                   '2,Спасибо\n', encoding="utf-8")
    r = cli("analyze", "--input", str(src), "--format", "open311")
    assert r.returncode == 0, r.stderr
    reqs = [json.loads(x) for x in r.stdout.splitlines()]
    assert reqs[0]["service_request_id"] == "1" and reqs[0]["service_code"] == "housing_utilities"
    r = cli("analyze", "--input", str(src), "--format", "geojson", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["type"] == "FeatureCollection"
    r = cli("analyze", "--input", "-", input_text='{"text": "Яма"}\n')
    assert r.returncode == 0 and json.loads(r.stdout)["text"] == "Яма"


def _project_messages(limit: int = 1000) -> list[str]:
    """Distinct realistic messages written for this project (corpora/ and benchmarks/)."""
    root = Path(__file__).resolve().parents[1]
    texts: list[str] = []
    for name in ("corpora/addresses/dev.jsonl", "corpora/addresses/heldout.jsonl",
                 "corpora/geo/informal_messages.jsonl", "corpora/geo/informal_heldout.jsonl"):
        texts += [json.loads(x)["text"] for x in (root / name).read_text(encoding="utf-8")
                  .splitlines() if x.strip()]
    for name in ("benchmarks/messages.txt", "corpora/topics/informal_eval.txt",
                 "corpora/topics/handwritten_train.txt"):
        texts += [x.strip() for x in (root / name).read_text(encoding="utf-8").splitlines()
                  if x.strip() and not x.startswith("#")]
    return list(dict.fromkeys(texts))[:limit]


@pytest.mark.slow
def test_save_load_identical_on_1000_messages(tmp_path):
    """Issue 6's bar: a trained pipeline (topics + router) saved and loaded answers the same."""
    from complaintnlp import AgencyRouter

    texts = _project_messages()
    assert len(texts) == 1000
    pipe = ComplaintPipeline(region="Тверская область")
    first = pipe.analyze_batch(texts[:300])
    agencies = [a.agencies[0].name if a.agencies else "Приёмная" for a in first]
    pipe.router = AgencyRouter().fit(texts[:300], agencies)
    before = [a.to_dict() for a in pipe.analyze_batch(texts)]
    pipe.save(tmp_path / "p")
    after = [a.to_dict() for a in ComplaintPipeline.load(tmp_path / "p").analyze_batch(texts)]
    for d in before + after:
        d.pop("timings_ms")
    assert not any("error" in d for d in before)
    assert before == after
