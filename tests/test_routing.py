"""Routing stage: default rules, names, user tables, the trainable router (fast tests)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from complaintnlp.errors import ModelFormatError, NotFittedError, RoutingTableError
from complaintnlp.geo.location import Location
from complaintnlp.routing import LEVELS, Agency, AgencyRouter, RoutingTable, default_rules, route
from complaintnlp.routing.names import inflect_city, inflect_phrase, region_in_case
from complaintnlp.routing.place import routing_place

DATA = Path(__file__).parent / "data"
CASES = [json.loads(line) for line in (DATA / "routing_cases.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]


def _analysis(case: dict) -> SimpleNamespace:
    loc = Location(**case["location"]) if case["location"] else None
    return SimpleNamespace(text=case["text"], topic=case["topic"], location=loc, addresses=())


# ---------------------------------------------------------------------- table-driven rules
def test_cases_cover_regions_and_topics() -> None:
    assert len(CASES) >= 40
    topics = {c["topic"] for c in CASES}
    assert topics == {"roads", "housing_utilities", "transport", "healthcare",
                      "social_protection", "landscaping", "other"}
    regions = {(c["location"] or {}).get("region") for c in CASES}
    assert {"Москва", "Санкт-Петербург", "Севастополь", "Республика Татарстан",
            "Тверская область", "Курская область"} <= regions


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c['text'][:30]}" for i, c in
                                              enumerate(CASES)])
def test_default_rules_case(case: dict) -> None:
    agencies = route(_analysis(case), context=case["context"])
    assert agencies, "never empty"
    assert agencies[0].name == case["expect_top"]
    names = [a.name for a in agencies]
    for name in case["expect_also"]:
        assert name in names
    for a in agencies:
        assert a.level in LEVELS
        assert 0.0 <= a.score <= 1.0
        assert a.reason.startswith("тема: ")
    assert [a.score for a in agencies] == sorted((a.score for a in agencies), reverse=True)


def test_issue_examples() -> None:
    a = route(SimpleNamespace(text="УК не убирает подъезд", topic="housing_utilities",
                              location=Location(region="Курская область", municipality="Курск",
                                                settlement="Курск", settlement_type="город"),
                              addresses=()))
    assert a[0].type == "management_company"
    assert a[0].reason == ("тема: ЖКХ; многоквартирный дом, г. Курск → управляющая компания; "
                           "надзор — ГЖИ Курской области")
    assert "Государственная жилищная инспекция Курской области" in [x.name for x in a]
    m = route(SimpleNamespace(text="сломанное дерево", topic="landscaping",
                              location=Location(region="Тверская область",
                                                municipality="Максатихинский район",
                                                settlement="Максатиха",
                                                settlement_type="посёлок городского типа"),
                              addresses=()))
    assert m[0].name == "Администрация Максатихинского муниципального округа"


def test_plain_text_input_and_region() -> None:
    a = route("В Максатихе на ул. Железнодорожной сломанное дерево висит над тротуаром")
    assert a[0].name == "Администрация Максатихинского муниципального округа"
    b = route("Нет лекарств в аптеке", region="Тверская область")
    assert b[0].name == "Министерство здравоохранения Тверской области"


@pytest.mark.parametrize("text", ["", "   ", "абырвалг", "😀😀😀", "x" * 5000])
def test_unknown_topic_or_place_gives_low_generic(text: str) -> None:
    a = route(text)
    assert a
    assert all(isinstance(x, Agency) for x in a)
    assert max(x.score for x in a) < 0.5
    assert any(x.type == "government_reception" for x in a)


def test_route_rejects_bad_input() -> None:
    with pytest.raises(TypeError):
        route(None)
    with pytest.raises(TypeError):
        route(123)


def test_ties_are_flagged() -> None:
    a = route(SimpleNamespace(text="Автобус не ходит по расписанию", topic="transport",
                              location=Location(region="Курская область", municipality="Льгов",
                                                settlement="Льгов", settlement_type="город"),
                              addresses=()))
    assert a[0].tie and a[1].tie
    assert not a[-1].tie


def test_pipeline_integration() -> None:
    from complaintnlp import ComplaintPipeline

    a = ComplaintPipeline(region="Курская область").analyze(
        "г. Курск, ул. Союзная д. 71Б — УК не убирает двор")
    assert a.agencies
    assert a.agencies[0].name.startswith("Управляющая компания")
    assert a.to_dict()["agencies"][0]["reason"]


# ---------------------------------------------------------------------- names
@pytest.mark.parametrize(("region", "gen", "dat"), [
    ("Тверская область", "Тверской области", "Тверской области"),
    ("Краснодарский край", "Краснодарского края", "Краснодарскому краю"),
    ("Республика Татарстан", "Республики Татарстан", "Республике Татарстан"),
    ("Удмуртская Республика", "Удмуртской Республики", "Удмуртской Республике"),
    ("Москва", "города Москвы", "города Москве"),
    ("Санкт-Петербург", "Санкт-Петербурга", "Санкт-Петербургу"),
    ("Еврейская автономная область", "Еврейской автономной области",
     "Еврейской автономной области"),
    ("Ямало-Ненецкий автономный округ", "Ямало-Ненецкого автономного округа",
     "Ямало-Ненецкому автономному округу"),
    ("Республика Северная Осетия — Алания", "Республики Северная Осетия – Алания",
     "Республике Северная Осетия – Алания"),
])
def test_region_cases(region: str, gen: str, dat: str) -> None:
    assert region_in_case(region, "gent") == gen
    if region != "Москва":
        assert region_in_case(region, "datv") == dat


@pytest.mark.parametrize(("city", "gen"), [("Курск", "Курска"), ("Тверь", "Твери"),
                                           ("Кимры", "Кимр"), ("Торжок", "Торжка"),
                                           ("Великий Новгород", "Великого Новгорода"),
                                           ("Максатиха", "Максатиха")])
def test_city_genitive(city: str, gen: str) -> None:
    assert inflect_city(city) == gen


def test_municipality_names() -> None:
    assert inflect_phrase("Бай-Тайгинский кожуун", "gent") == "Бай-Тайгинского кожууна"
    p = routing_place(Location(region="Курская область", municipality="Курский район",
                               settlement="Беседино", settlement_type="село"))
    assert p.klass == "rural"
    assert p.fields()["muni_gen"] == "Курского района"


def test_default_rules_types_complete() -> None:
    rules = default_rules()
    required = {"management_company", "housing_inspection", "utility_water", "utility_heat",
                "utility_electricity", "utility_gas", "waste_operator", "municipal_city",
                "municipal_district", "municipal_settlement", "road_authority",
                "transport_ministry", "carrier", "health_ministry", "medical_org",
                "social_ministry", "social_fund", "education_ministry", "environment",
                "traffic_police", "government_reception"}
    assert required <= set(rules.types)
    for spec in rules.types.values():
        assert spec["level"] in LEVELS


# ---------------------------------------------------------------------- tables
def test_yaml_table_priority_and_override() -> None:
    pytest.importorskip("yaml")
    t = RoutingTable.from_file(DATA / "routing_table.yaml")
    assert len(t) >= 3
    a = route(SimpleNamespace(
        text="течёт крыша", topic="housing_utilities",
        location=Location(region="Курская область", municipality="Курск", settlement="Курск",
                          settlement_type="город", street="ул. Союзная", house="71б"),
        addresses=()), table=t)
    assert a[0].name == "ООО «УК Союзная»"
    assert "routing_table.yaml" in a[0].reason
    # the default candidates are still there (no override)
    assert any(x.type == "housing_inspection" for x in a)
    b = route(SimpleNamespace(
        text="разбита трасса", topic="roads",
        location=Location(region="Курская область", municipality="Курский район",
                          settlement="Беседино", settlement_type="село"),
        addresses=()), table=t)
    assert [x.name for x in b] == ["ОКУ «Комитет автодорог Курской области»"]


def test_csv_table_and_roundtrip() -> None:
    t = RoutingTable.from_file(DATA / "routing_table.csv")
    assert len(t) == 2
    again = RoutingTable.from_records(t.to_records())
    assert again.to_records() == t.to_records()
    a = route(SimpleNamespace(text="нет горячей воды", topic="housing_utilities",
                              location=Location(region="Тверская область", municipality="Тверь",
                                                settlement="Тверь", settlement_type="город"),
                              addresses=()), table=t)
    assert a[0].name == "ООО «Тверская генерация»"


def test_table_conflicts_reported() -> None:
    recs = [{"agency": "А", "topic": "roads", "region": "Курская область"},
            {"agency": "Б", "topic": "roads", "region": "Курская область"}]
    t = RoutingTable.from_records(recs)
    assert len(t.conflicts) == 1 and "conflicts with line 1" in t.conflicts[0]
    with pytest.raises(RoutingTableError):
        RoutingTable.from_records(recs, strict=True)


@pytest.mark.parametrize(("content", "line", "field"), [
    ("agency,topic,priority\nА,roads,high\n", 2, "priority"),
    ("agency,topic\nА,weather\n", 2, "topic"),
    ("agency,colour\nА,red\n", 1, "colour"),
    ("topic\nroads\n", 1, "agency"),
    ("agency,topic,level\nА,roads,galactic\n", 2, "level"),
    ("agency,topic,score\nА,roads,7\n", 2, "score"),
    ("agency,house\nА,5\n", 2, "house"),
])
def test_invalid_csv_names_file_line_field(tmp_path: Path, content: str, line: int,
                                           field: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(RoutingTableError) as e:
        RoutingTable.from_file(p)
    assert e.value.path == str(p)
    assert e.value.line == line
    assert e.value.field == field
    assert "bad.csv" in str(e.value) and f"line {line}" in str(e.value)


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    p = tmp_path / "bad.yaml"
    p.write_text("rules:\n  - agency: А\n    topic: roads\n  - agency: Б\n    topic: roads\n"
                 "    priority: сорок\n", encoding="utf-8")
    with pytest.raises(RoutingTableError) as e:
        RoutingTable.from_file(p)
    assert e.value.line == 6 and e.value.field == "priority"
    p.write_text("- agency: [unclosed\n", encoding="utf-8")
    with pytest.raises(RoutingTableError) as e:
        RoutingTable.from_file(p)
    assert e.value.line is not None
    p.write_text("- agency: А\n  topic: roads\n  danger: !!python/object:os.system ls\n",
                 encoding="utf-8")
    with pytest.raises(RoutingTableError):
        RoutingTable.from_file(p)


def test_unknown_table_format(tmp_path: Path) -> None:
    p = tmp_path / "t.xlsx"
    p.write_text("x", encoding="utf-8")
    with pytest.raises(RoutingTableError):
        RoutingTable.from_file(p)


# ---------------------------------------------------------------------- router
TEXTS = ["яма на дороге", "яма во дворе", "разбитый асфальт на улице", "нет воды в доме",
         "течёт труба в подвале", "прорвало трубу, нет воды", "мусор во дворе",
         "мусор на улице не убирают", "грязь во дворе"] * 2
LABELS = ["Дорожный комитет"] * 3 + ["Водоканал"] * 3 + ["ЖА {d} района"] * 3
LABELS = LABELS * 2
DISTRICTS = ["Невский", "Кировский"]
CTX = [{"district": DISTRICTS[i % 2]} for i in range(len(TEXTS))]
Y = [lab.replace("{d}", {"Невский": "Невского", "Кировский": "Кировского"}[c["district"]])
     for lab, c in zip(LABELS, CTX, strict=True)]


@pytest.fixture(scope="module")
def router() -> AgencyRouter:
    return AgencyRouter(use_topic=False).fit(TEXTS, Y, context=CTX)


def test_router_fit_predict(router: AgencyRouter) -> None:
    assert set(router.classes_) == set(Y)
    pred = router.predict(["мусор у дома"], context=[{"district": "Кировский"}])
    assert pred.tolist() == ["ЖА Кировского района"]
    p = router.predict_proba(TEXTS, context=CTX)
    assert p.shape == (len(TEXTS), len(router.classes_))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert router.score(TEXTS, Y, context=CTX) >= 0.9
    assert router.get_params()["use_topic"] is False


def test_router_save_load(router: AgencyRouter, tmp_path: Path) -> None:
    d = router.save(tmp_path / "r")
    r2 = AgencyRouter.load(d)
    assert np.allclose(r2.predict_proba(TEXTS, context=CTX),
                       router.predict_proba(TEXTS, context=CTX), atol=1e-2)
    params = json.loads((d / "params.json").read_text(encoding="utf-8"))
    params["targets"].append("ghost")
    (d / "params.json").write_text(json.dumps(params), encoding="utf-8")
    with pytest.raises(ModelFormatError):
        AgencyRouter.load(d)
    assert not list(tmp_path.rglob("*.pkl"))


def test_router_intermediate_field(tmp_path: Path) -> None:
    reasons = ["дорога"] * 3 + ["вода"] * 3 + ["двор"] * 3
    train_ctx = [{**c, "reason_name": r} for c, r in zip(CTX, reasons * 2, strict=True)]
    r = AgencyRouter(use_topic=False, intermediate_field="reason_name").fit(
        TEXTS, Y, context=train_ctx)
    assert r.fields_ == ["district"]  # the intermediate label is not a context feature
    assert sorted(r.inter_classes_) == sorted(set(reasons))
    assert r.predict(["мусор у дома"], context=[{"district": "Кировский"}]).tolist() == [
        "ЖА Кировского района"]
    p = r.predict_proba(TEXTS, context=CTX)  # no reason_name at prediction time
    assert np.allclose(p.sum(axis=1), 1.0)
    r2 = AgencyRouter.load(r.save(tmp_path / "ri"))
    assert np.allclose(r2.predict_proba(TEXTS, context=CTX), p, atol=1e-6)


def test_router_errors() -> None:
    with pytest.raises(NotFittedError):
        AgencyRouter().predict(["x"])
    with pytest.raises(ValueError):
        AgencyRouter(use_topic=False).fit(["a", "b"], ["X", "X"])
    with pytest.raises(ValueError):
        AgencyRouter(use_topic=False).fit(["a", "b"], ["X"])


def test_route_blends_router(router: AgencyRouter) -> None:
    a = route(SimpleNamespace(text="мусор во дворе", topic="landscaping",
                              location=Location(region="Санкт-Петербург"), addresses=()),
              router=router, context={"district": "Невский"})
    top = a[0]
    assert top.name == "ЖА Невского района"
    assert "обучено на данных" in top.reason


def test_cli_train_router(tmp_path: Path) -> None:
    from complaintnlp.cli import main

    inp = tmp_path / "train.jsonl"
    with inp.open("w", encoding="utf-8") as fh:
        for t, y, c in zip(TEXTS, Y, CTX, strict=True):
            fh.write(json.dumps({"text": t, "org": y, **c}, ensure_ascii=False) + "\n")
    out = tmp_path / "model"
    assert main(["train-router", "--input", str(inp), "--agency-field", "org",
                 "--context-fields", "district", "--no-topic", "--out", str(out)]) == 0
    r = AgencyRouter.load(out)
    assert r.predict(["мусор во дворе"], context=[{"district": "Невский"}]).tolist() == [
        "ЖА Невского района"]


def test_pipeline_save_load_with_table_and_router(router: AgencyRouter, tmp_path: Path) -> None:
    from complaintnlp import ComplaintPipeline

    table = RoutingTable.from_file(DATA / "routing_table.csv")
    pipe = ComplaintPipeline(region="Тверская область", routing_table=table, router=router)
    pipe.save(tmp_path / "p")
    again = ComplaintPipeline.load(tmp_path / "p")
    assert again.routing_table.to_records() == table.to_records()
    a = again.analyze("г. Тверь, нет горячей воды и батареи холодные")
    assert a.agencies[0].name == "ООО «Тверская генерация»"


def test_router_save_load_gives_identical_probabilities(tmp_path):
    """Regression: the fitted router kept float32/float64 weights but saved float16, so a
    reloaded pipeline answered differently from the one that was saved."""
    import numpy as np

    from complaintnlp.routing import AgencyRouter

    texts = ["яма на дороге на ул. Ленина", "нет горячей воды в доме 5", "автобус не пришёл",
             "мусор во дворе", "яма на ул. Советской", "течёт крыша"] * 4
    agencies = ["Администрация", "УК", "Минтранс", "Администрация", "Администрация", "УК"] * 4
    router = AgencyRouter().fit(texts, agencies)
    router.save(tmp_path / "r")
    loaded = AgencyRouter.load(tmp_path / "r")
    np.testing.assert_array_equal(router.predict_proba(texts), loaded.predict_proba(texts))
