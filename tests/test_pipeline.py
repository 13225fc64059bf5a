"""The pipeline's wiring, batch semantics, persistence and CLI, with stand-in stages.

Stand-ins keep these tests independent of the trained models; tests/test_end_to_end.py runs the
real default pipeline.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from complaintnlp.addresses.address import Address
from complaintnlp.geo.location import Location
from complaintnlp.pipeline import Analysis, ComplaintPipeline
from complaintnlp.routing.agency import Agency
from complaintnlp.topics.result import TopicResult

TOP_KEYS = {"id", "text", "topic", "topic_scores", "topics", "is_appeal", "addresses",
            "location", "agencies", "timings_ms"}


def fake_classifier(text):
    label = "roads" if "яма" in text.lemmas else "other"
    scores = {"roads": 0.9, "other": 0.1} if label == "roads" else {"roads": 0.1, "other": 0.9}
    return TopicResult(label, scores, (label,), label == "roads", 0.9 if label == "roads" else 0.1)


def fake_extractor(text):
    i = text.original.find("Ленина")
    if i < 0:
        return []
    return [Address(i, i + 6, "Ленина", street="улица Ленина", normalized="ул. Ленина")]


def fake_geolocator(text, region=None, registry=None):
    addresses = fake_extractor(text)
    if not addresses:
        return None
    return Location(region=region, street=addresses[0].street, lat=56.8, lon=35.9,
                    precision="street", confidence=0.5)


def fake_route(analysis, region=None, table=None, router=None, **_):
    return [Agency("Администрация", "municipal_administration", "municipal", 0.7, "тест")]


@pytest.fixture()
def pipe():
    return ComplaintPipeline(classifier=fake_classifier, extractor=fake_extractor,
                             geolocator=fake_geolocator, router=fake_route,
                             region="Тверская область")


def test_analysis_shape(pipe):
    d = pipe.analyze("Яма на улице Ленина", id=5).to_dict()
    assert set(d) == TOP_KEYS
    assert d["id"] == 5 and d["topic"] == "roads" and d["is_appeal"] is True
    assert d["addresses"][0]["text"] == "Ленина"
    assert set(d["addresses"][0]) == {"start", "end", "text", "region", "municipality",
                                      "settlement", "settlement_type", "district", "street",
                                      "house", "building", "apartment", "landmark",
                                      "cross_street", "normalized"}
    assert set(d["location"]) == {"region", "municipality", "settlement", "settlement_type",
                                  "street", "house", "lat", "lon", "oktmo", "precision",
                                  "confidence"}
    assert d["location"]["region"] == "Тверская область"
    assert set(d["agencies"][0]) == {"name", "type", "level", "score", "reason"}
    assert set(d["timings_ms"]) >= {"normalize", "classify", "extract", "geolocate", "route"}
    json.dumps(d, ensure_ascii=False)


def test_type_error_names_argument(pipe):
    with pytest.raises(TypeError, match="text must be str, got NoneType"):
        pipe.analyze(None)


def test_batch_keeps_every_item_in_order(pipe):
    items = [None, "", "Яма на Ленина", b"\x00\xff", "x" * 1_000_000, 42, "спасибо"]
    out = pipe.analyze_batch(items, ids=range(len(items)))
    assert [a.id for a in out] == list(range(len(items)))
    assert out[0].error and "NoneType" in out[0].error
    assert out[3].error and "bytes" in out[3].error
    assert out[5].error and "int" in out[5].error
    assert out[1].error is None and out[1].topic.label == "other"
    assert out[2].topic.label == "roads"
    assert out[4].error is None and out[4].truncated


def test_pipe_parallel_equals_sequential(pipe):
    texts = [f"Яма на Ленина {i}" if i % 2 else f"привет {i}" for i in range(60)]
    seq = [a.to_dict() for a in pipe.pipe(texts, batch_size=7)]
    par = [a.to_dict() for a in pipe.pipe(texts, n_jobs=2, batch_size=7)]
    for d in seq + par:
        d.pop("timings_ms")
    assert seq == par


def test_as_tuples(pipe):
    out = list(pipe.pipe([("Яма", "a"), ("привет", "b")], as_tuples=True))
    assert [a.id for a in out] == ["a", "b"]


def test_error_record_shape():
    d = Analysis(text="", id=1, error="TypeError: x").to_dict()
    assert set(d) == TOP_KEYS | {"error"}
    assert d["location"] is None and d["agencies"] == []


def run_cli(*args, input_text=None):
    return subprocess.run([sys.executable, "-m", "complaintnlp", *args], input=input_text,
                          capture_output=True, text=True, timeout=300)


def test_cli_usage_errors():
    r = run_cli("analyze")
    assert r.returncode == 2 and "give a text or --input" in r.stderr
    r = run_cli("analyze", "--input", "/nonexistent/file.jsonl")
    assert r.returncode == 1 and "error" in r.stderr


def test_open311_and_geojson_mapping():
    from complaintnlp.io.open311 import to_geojson, to_open311

    rec = Analysis(text="Яма", id=3, topic=TopicResult("roads", {"roads": 1.0}, ("roads",),
                                                        True, 0.9),
                   location=Location(lat=1.0, lon=2.0, precision="street", confidence=0.5),
                   agencies=(Agency("А", "t", "municipal", 1.0, "r"),)).to_dict()
    o = to_open311(rec, requested_datetime="2026-01-01T00:00:00Z")
    assert o["service_code"] == "roads" and o["lat"] == 1.0 and o["long"] == 2.0
    assert o["agency_responsible"] == "А" and o["requested_datetime"].startswith("2026")
    assert "complaintnlp" in o and "topic_scores" in o["complaintnlp"]
    g = to_geojson([rec, Analysis(text="", id=4).to_dict()])
    assert g["type"] == "FeatureCollection" and len(g["features"]) == 1
    assert g["features"][0]["geometry"]["coordinates"] == [2.0, 1.0]
