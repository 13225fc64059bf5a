"""Gazetteer, geolocation and address registry (fast unit tests + slow evaluations)."""

from __future__ import annotations

import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from complaintnlp.errors import DataFormatError
from complaintnlp.geo import AddressRegistry, Gazetteer, Geolocator, default_gazetteer, geolocate
from complaintnlp.geo.location import PRECISIONS
from complaintnlp.text import prepare

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def names(gaz: Gazetteer, text: str) -> list[str]:
    return [m.candidates[0].name for m in gaz.find_places(text)]


# ------------------------------------------------------------------ gazetteer
@pytest.mark.parametrize(("text", "expected"), [
    ("яма в Твери", "Тверь"),
    ("в твери опять", "Тверь"),
    ("автобус из Бежецка", "Бежецк"),
    ("в курске нет воды", "Курск"),
    ("в Нижнем Новгороде", "Нижний Новгород"),
    ("Н.Новгород, Сормово", "Нижний Новгород"),
    ("в великих луках", "Великие Луки"),
    ("Старый Оскол", "Старый Оскол"),
    ("в Петропавловске-Камчатском", "Петропавловск-Камчатский"),
    ("в Южно-Сахалинске", "Южно-Сахалинск"),
    ("живу в Питере", "Санкт-Петербург"),
    ("СПб, Купчино", "Санкт-Петербург"),
    ("мск пробки", "Москва"),
    ("в орле отключили воду", "Орёл"),
    ("в новасибирске метро", "Новосибирск"),
])
def test_find_places_inflections_and_short_forms(gaz, text, expected):
    assert expected in names(gaz, text)


@pytest.mark.parametrize(("text", "region"), [
    ("НСО, Бердск", "Новосибирская область"),
    ("сургут ХМАО", "Ханты-Мансийский автономный округ — Югра"),
    ("Татарстан", "Республика Татарстан"),
    ("Тверская обл.", "Тверская область"),
    ("в Удмуртской Республике", "Удмуртская Республика"),
])
def test_region_forms(gaz, text, region):
    assert region in names(gaz, text)


def test_spans_index_the_original_and_include_type_words(gaz):
    text = "  Яма!!! в  Калининском районе Тверской обл., дер. Горки"
    ms = gaz.find_places(text)
    assert [m.text for m in ms] == ["Калининском районе", "Тверской обл.", "дер. Горки"]
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert [m.type_word for m in ms] == ["районе", "обл", "дер"]
    # the region named in the message ranks the district and the village of that region first
    assert ms[0].candidates[0].region == "Тверская область"
    assert ms[2].candidates[0].name == "Горки"  # not «Горка»
    assert ms[2].candidates[0].region == "Тверская область"


def test_text_input(gaz):
    t = prepare("в Твери")
    assert [m.text for m in gaz.find_places(t)] == ["Твери"]


@pytest.mark.parametrize("text", [
    "мирный протест у администрации",
    "горки в парке сломаны",
    "луч надежды погас",
    "на южной стороне нет тротуаров",
    "лесной массив вырубают",
    "яма на ул. Ленина",
    "Бабушкина ул. 131",
    "по Гражданскому пр. 5",
    "ДЕНЕЖНЫЕ СРЕДСТВА",
    "",
    "!!!",
])
def test_common_words_are_not_places(gaz, text):
    assert not [m for m in gaz.find_places(text)
                if m.candidates[0].kind == "settlement"], gaz.find_places(text)


def test_common_word_names_with_evidence(gaz):
    assert names(gaz, "г. Мирный, Якутия")[0] == "Мирный"
    assert "Октябрьский" in names(gaz, "поселок октябрьский рязанской области")
    assert "Лесной" in names(gaz, "в Лесном Свердловской области")


def test_lookup_and_region(gaz):
    assert gaz.lookup("Великие Луки")[0].region == "Псковская область"
    assert gaz.lookup("в Твери", kind="settlement")[0].oktmo == "28701000001"
    assert gaz.lookup("Калининский район", region="Тверская обл.")[0].region == "Тверская область"
    assert gaz.region("Питер").name == "Санкт-Петербург"
    assert gaz.region("ХМАО").name == "Ханты-Мансийский автономный округ — Югра"
    assert gaz.region("нет такого") is None
    assert gaz.lookup("Свердловск")[0].name == "Екатеринбург"  # historical name (GeoNames)


def test_data_quality(gaz):
    settlements = sum(1 for k in gaz._kind if k == "settlement")
    assert settlements > 150_000
    assert sum(1 for k in gaz._kind if k == "region") == 85
    tver = gaz.lookup("Тверь", kind="settlement")[0]
    assert tver.oktmo == "28701000001" and tver.population > 400_000
    assert abs(tver.lat - 56.86) < 0.05 and abs(tver.lon - 35.92) < 0.05
    ufa = gaz.lookup("Уфа", kind="settlement")[0]  # listed only by its districts upstream
    assert ufa.region == "Республика Башкортостан"
    for p in gaz.lookup("Бежецкий район", kind="municipality"):
        assert p.oktmo and len(p.oktmo) == 8
    assert gaz.capital("Тверская область").name == "Тверь"


def test_gazetteer_file_is_json_not_pickle():
    data = (REPO / "complaintnlp" / "data" / "gazetteer" / "gazetteer.json.gz").read_bytes()
    doc = json.loads(gzip.decompress(data))
    assert doc["format"] == "complaintnlp-gazetteer"


def test_malformed_gazetteer_file(tmp_path):
    p = tmp_path / "g.json"
    p.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(DataFormatError):
        Gazetteer.load(p)


def test_extend_csv_and_json(tmp_path):
    g = Gazetteer.load()
    csv_path = tmp_path / "places.csv"
    csv_path.write_text(
        "name,kind,type,region,municipality,population,lat,lon,aliases\n"
        "Южный,district,мкр,Тверская область,Тверь,30000,56.82,35.93,Южка|Южный микрорайон\n",
        encoding="utf-8")
    assert g.extend(csv_path) == 1
    assert names(g, "опять нет воды на Южке") == ["Южный"]
    js = tmp_path / "places.json"
    js.write_text(json.dumps([{"name": "Заречье-Тверское", "region": "Тверская область",
                               "lat": 56.9, "lon": 35.9, "population": 100}],
                             ensure_ascii=False), encoding="utf-8")
    assert g.extend(js) == 1
    assert g.lookup("Заречье-Тверское")[0].region == "Тверская область"
    # the default gazetteer is untouched
    assert not default_gazetteer().lookup("Заречье-Тверское")


def test_extend_errors_name_line_and_field(tmp_path):
    g = Gazetteer.load()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nA,56.1,35.1\nB,abc,35.0\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"line 3.*'lat'"):
        g.extend(bad)
    no_name = tmp_path / "noname.csv"
    no_name.write_text("title,lat\nA,1\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="name"):
        g.extend(no_name)
    reg = tmp_path / "reg.csv"
    reg.write_text("name,region\nA,Нарния\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="region"):
        g.extend(reg)


# ------------------------------------------------------------------ geolocate
def test_geolocate_settlement():
    loc = geolocate("в Бежецке на ул. Ленина д. 5 течёт крыша")
    assert (loc.settlement, loc.region, loc.precision) == ("Бежецк", "Тверская область",
                                                          "settlement")
    assert loc.street and loc.house == "5"
    assert loc.oktmo == "28604101001"
    assert loc.precision in PRECISIONS


def test_geolocate_region_default_is_honest():
    loc = geolocate("у дома 5 по улице Ленина прорвало трубу", region="Тверская область")
    assert loc.region == "Тверская область"
    assert loc.settlement is None and loc.precision == "region"
    assert loc.confidence < 0.5


def test_geolocate_region_default_disambiguates():
    a = geolocate("в Александровке нет света", region="Курская область")
    assert a.region == "Курская область" and a.settlement == "Александровка"
    assert a.confidence < 0.9  # several Александровка in the region: said so
    b = geolocate("д. Андрейково Калининского района Тверской области")
    assert b.region == "Тверская область" and b.municipality == "Калининский район"
    assert b.settlement == "Андрейково"


@pytest.mark.parametrize("text", [
    "у нас в деревне Кузьмино Вологодского района второй день нет света",
    "у нас в деревне Кузьмино Вологодского р-на второй день нет света",  # «р-на» abbreviated
])
def test_a_named_district_implies_its_region(text):
    # no Кузьмино in Вологодский район itself, but the message is about Вологодская область
    # (was: the biggest Кузьмино anywhere, in Московская область)
    loc = geolocate(text)
    assert loc.settlement == "Кузьмино" and loc.region == "Вологодская область"
    # and the named district is its municipality (the Кузьмино the gazetteer knows lies in
    # another district: its administration would be the wrong one)
    assert loc.municipality == "Вологодский район" and loc.precision == "municipality"


@pytest.mark.parametrize(("text", "expected"), [
    # no Ивановка in Бузулукский район in the gazetteer (was: the Ивановка of Оренбургский
    # район, with the wrong district administration)
    ("Когда отремонтируют дорогу в селе Ивановка Бузулукского района? Ямы",
     ("Оренбургская область", "Бузулукский район", "Ивановка")),
    # «Первомайский район» exists in several regions: the named region picks it, and it has no
    # Березовка in the gazetteer (was: the Березовка of Уваровский район)
    ("жители с. Березовка Первомайского района Тамбовской области просят отремонтировать мост",
     ("Тамбовская область", "Первомайский район", "Березовка")),
])
def test_a_named_district_without_that_village_keeps_the_district(text, expected):
    loc = geolocate(text)
    assert (loc.region, loc.municipality, loc.settlement) == expected
    assert loc.precision == "municipality"


def test_a_town_named_with_its_district_stays_the_town():
    town = geolocate("г. Бузулук Бузулукский район, нет воды")
    assert (town.settlement, town.precision) == ("Бузулук", "settlement")


def test_a_named_district_outweighs_the_type_word():
    # the Петровка of Медвенский район is a хутор; the writer said «д.» (was: a деревня
    # Петровка of another district)
    loc = geolocate("Уважаемый Глава! В д. Петровка нет автобуса до райцентра уже месяц. "
                    "Курская обл., Медвенский р-н")
    assert (loc.settlement, loc.municipality) == ("Петровка", "Медвенский район")
    # without a district the type word still decides
    assert geolocate("д. Андрейково Калининского района Тверской области").settlement_type \
        == "деревня"


@pytest.mark.parametrize(("text", "municipality"), [
    ("яма на дороге в Кемерово", "Кемерово"),          # was «Кемеровский район»
    ("во Владивостоке не убирают снег", "Владивосток"),  # was «Владивостокский район»
    ("в Челябинске нет горячей воды", "Челябинск"),
    ("в Костроме течёт крыша", "Кострома"),
    ("в Дмитрове сломали лавочку", "Дмитровский городской округ"),
    ("в Курске яма", "Курск"),
    ("в Максатихе яма", "Максатихинский район"),
])
def test_cities_are_their_own_urban_okrug(text, municipality):
    # the source files some cities under the surrounding district; the build fixes it by OKTMO
    assert geolocate(text).municipality == municipality


def test_geolocate_ambiguous_gives_candidates():
    loc = geolocate("в Александровке нет света")
    assert loc is not None and loc.confidence < 0.6 and len(loc.candidates) >= 2


def test_geolocate_unknown_and_odd_input():
    assert geolocate("всё плохо, ничего не работает") is None
    assert geolocate("") is None
    assert geolocate("   ", region="Тверская область").precision == "region"
    assert geolocate("Нарния, улица Несуществующая 5") is None
    with pytest.raises(TypeError):
        geolocate(42)


def test_geolocate_region_only():
    loc = geolocate("в тверской области дороги хуже некуда")
    assert loc.region == "Тверская область" and loc.precision == "region"
    assert loc.oktmo == "28000000"


def test_geolocate_addresses_input():
    from complaintnlp.addresses.address import Address

    a = Address(start=0, end=10, text="x", settlement="Бежецк", region="Тверская область",
                street="улица Ленина", house="5")
    loc = geolocate([a])
    assert loc.settlement == "Бежецк" and loc.street == "улица Ленина"


# ------------------------------------------------------------------ registry
REG_ROWS = [
    ("г.Санкт-Петербург, Мебельная улица, дом 47, корпус 1, литера А", 59.990, 30.210),
    ("г.Санкт-Петербург, Мебельная улица, дом 41, литера А", 59.980, 30.220),
    ("г.Санкт-Петербург, Мебельная улица, дом 45, литера А", 59.970, 30.230),
    ("г.Санкт-Петербург, Звёздная улица, дом 5, корпус 1, литера А", 59.830, 30.350),
    ("г.Санкт-Петербург, проспект Маршала Жукова, дом 56, корпус 8, литера А", 59.850, 30.200),
]


@pytest.fixture()
def registry() -> AddressRegistry:
    return AddressRegistry.from_records(REG_ROWS)


@pytest.mark.parametrize(("street", "house"), [
    ("Мебельная улица", "47к1"), ("ул. Мебельная", "47 корпус 1"), ("Мебельной ул.", "47/1"),
    ("МЕБЕЛЬНАЯ УЛ", "47-1"), ("ул.Мебельная", "дом 47, корпус 1, литера А"),
])
def test_registry_tolerant_matching(registry, street, house):
    m = registry.match(street, house)
    assert m.precision == "house" and m.lat == pytest.approx(59.99)


def test_registry_yo_and_partial_names(registry):
    assert registry.match("ул. Звездная", "5к1").precision == "house"
    assert registry.match("пр. М. Жукова", "56к8").precision == "house"


def test_registry_street_level_and_interpolation(registry):
    m = registry.match("Мебельная ул", "43")
    assert m.precision == "street" and m.interpolated
    assert m.lat == pytest.approx(59.975)
    m = registry.match("Мебельная ул")
    assert m.precision == "street" and not m.interpolated
    assert registry.match("ул. Несуществующая", "1") is None


def test_geolocate_with_registry(registry):
    loc = geolocate("Мусор у дома по адресу ул. Мебельная, д. 47 корп. 1", registry=registry)
    assert loc.precision == "house" and loc.lat == pytest.approx(59.99)
    assert loc.settlement == "Санкт-Петербург" and loc.region == "Санкт-Петербург"
    loc = geolocate("яма у Мебельная ул. 43", registry=registry)
    assert loc.precision == "street"
    # a message placed in another town does not take the registry's coordinates
    loc = geolocate("в Бежецке, ул. Мебельная, д. 47 корп. 1", registry=registry)
    assert loc.settlement == "Бежецк" and loc.precision == "settlement"


def test_registry_csv(tmp_path):
    p = tmp_path / "reg.csv"
    p.write_text("full_address;latitude;longitude\n"
                 "г.Санкт-Петербург, Мебельная улица, дом 47, корпус 1, литера А;59,99;30,21\n",
                 encoding="cp1251")
    reg = AddressRegistry.from_csv(p, address="full_address", lat="latitude", lon="longitude",
                                   encoding="cp1251")
    assert reg.match("ул. Мебельная", "47к1").lat == pytest.approx(59.99)


@pytest.mark.parametrize(("content", "encoding", "pattern"), [
    ("addr,lat\nx,1\n", "utf-8", r"line 1, field 'lon': missing column"),
    ("addr,lat,lon\nул. А д 1,59.9,30.1\nул. Б д 2,59.9,abc\n", "utf-8",
     r"line 3, field 'lon': not a number"),
    ("addr,lat,lon\nул. А д 1,95.0,30.1\n", "utf-8", r"line 2, field 'lat': coordinate out"),
    ("addr,lat,lon\nул. А д 1,59.9\n", "utf-8", r"line 2, field 'lon'"),
])
def test_registry_malformed_csv(tmp_path, content, encoding, pattern):
    p = tmp_path / "reg.csv"
    p.write_text(content, encoding=encoding)
    with pytest.raises(DataFormatError, match=pattern):
        AddressRegistry.from_csv(p, address="addr", lat="lat", lon="lon")


def test_registry_wrong_encoding(tmp_path):
    p = tmp_path / "reg.csv"
    p.write_bytes("addr,lat,lon\nул. А д 1,59.9,30.1\nул. Б д 2,59.9,30.2\n".encode("cp1251"))
    with pytest.raises(DataFormatError, match=r"line 2, field 'addr'.*encoding"):
        AddressRegistry.from_csv(p, address="addr", lat="lat", lon="lon")


def test_geolocator_instance_defaults(registry):
    g = Geolocator(region="Тверская область")
    assert g("прорвало трубу у дома 5 на Советской").region == "Тверская область"


def test_cli_geolocate():
    out = subprocess.run([sys.executable, "-m", "complaintnlp", "geolocate", "в твери яма"],
                         capture_output=True, text=True, check=True, cwd=REPO)
    assert json.loads(out.stdout)["settlement"] == "Тверь"


# ------------------------------------------------------------------ slow: bars
@pytest.mark.slow
def test_gazetteer_load_time_and_memory():
    # VmHWM, not ru_maxrss: ru_maxrss survives fork + exec and would report pytest's own peak
    code = ("import time, resource\n"
            "def peak():\n"
            "    for line in open('/proc/self/status'):\n"
            "        if line.startswith('VmHWM:'): return int(line.split()[1]) / 1024\n"
            "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
            "t = time.perf_counter();"
            "from complaintnlp.geo.gazetteer import Gazetteer; g = Gazetteer.load();"
            "print(time.perf_counter() - t, "
            "peak())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    seconds, rss_mb = map(float, out.stdout.split())
    assert seconds <= 1.0, seconds  # 0.33-0.51 s measured alone; CI machines are shared
    assert rss_mb <= 150, rss_mb


@pytest.mark.slow
@pytest.mark.parametrize("name", ["informal_messages.jsonl", "informal_heldout.jsonl"])
def test_informal_bars(name):
    from complaintnlp.geo.evaluation import evaluate_informal

    r = evaluate_informal(REPO / "corpora" / "geo" / name)
    assert r["messages"] >= 90
    assert r["settlement_recall"] >= 0.85, r
    assert r["settlement_precision"] >= 0.92, r
    assert r["region_recall"] >= 0.85, r


@pytest.mark.slow
def test_throughput():
    msgs = [json.loads(line)["text"] for line in
            (REPO / "corpora" / "geo" / "informal_messages.jsonl").open(encoding="utf-8")]
    texts = [prepare(m) for m in msgs]
    for t in texts:
        geolocate(t)
    t0 = time.perf_counter()
    for _ in range(3):
        for t in texts:
            geolocate(t)
    rate = 3 * len(texts) / (time.perf_counter() - t0)
    assert rate >= 1000, rate


@pytest.fixture(scope="module")
def spb_report(shared_data):
    from complaintnlp.geo.evaluation import evaluate_spb

    return evaluate_spb(shared_data)


@pytest.mark.slow
def test_spb_within_150m_no_regression(spb_report):
    """Measured 0.859 on 495 held-out petitions naming their own building and 0.736 on the
    614 with any street-and-number pattern; clearly lower is a regression."""
    assert spb_report["test_naming_own_building"] >= 300
    assert spb_report["share_within_naming_building"] >= 0.72, spb_report


@pytest.mark.slow
def test_spb_within_150m(spb_report):
    """Issue 4's bar: held-out petitions whose text names their building, ≥ 75 % within 150 m."""
    assert spb_report["share_within"] >= 0.75, spb_report


def test_resource_module_available():  # the load test above relies on it (Linux/macOS)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


# ---- regression cases from the St Petersburg evaluation (paraphrased, not copied)
CITY_ROWS = [
    ("г.Санкт-Петербург, улица Стойкости, дом 27, литера А", 59.855, 30.245),
    ("г.Санкт-Петербург, проспект Стачек, дом 17, литера А", 59.900, 30.270),
    ("г.Санкт-Петербург, площадь Стачек, дом 5, литера А", 59.901, 30.274),
    ("г.Санкт-Петербург, проспект Маршала Блюхера, дом 54, литера А", 59.975, 30.410),
    ("г.Санкт-Петербург, Парадная улица, дом 3, литера А", 59.943, 30.371),
    ("г.Санкт-Петербург, Ленинградская улица, дом 3, литера А", 59.980, 30.300),
    ("город Кронштадт, Ленинградская улица, дом 3, литера А", 59.995, 29.770),
    ("г.Санкт-Петербург, Гагаринская улица, дом 6/1, литера А", 59.945, 30.345),
    ("г.Санкт-Петербург, улица Шаврова, дом 13, корпус 1, литера А", 60.010, 30.250),
]


@pytest.fixture()
def city_registry() -> AddressRegistry:
    return AddressRegistry.from_records(CITY_ROWS)


@pytest.mark.parametrize(("text", "street", "house"), [
    ("Стойкости 27, 5 парадная. Не работает лифт", "Стойкости", "27"),
    ("уборки нет больше месяца. Стачек 17, лестница 6", "Стачек", "17"),
    ("реклама в лифте Маршала Блюхера 54, 2 подъезд", "Маршала Блюхера", "54"),
    ("стойкости 27 лифт не работает", "стойкости", "27"),
])
def test_registry_finds_untyped_streets_it_knows(city_registry, text, street, house):
    assert (street, house) in [(s, h) for s, h, _a, _b in city_registry.find_untyped(text)]


def test_registry_untyped_ignores_building_parts(city_registry):
    # «парадной 11» is close to «Парадная улица» but numbers a stairwell
    assert city_registry.find_untyped("грязно в парадной 11, никто не убирает") == []


def test_registry_street_type_resolved_by_house(city_registry):
    m = city_registry.match("Стачек", "17")
    assert m is not None and m.precision == "house" and m.street == "проспект Стачек"


def test_registry_locality(city_registry):
    kron = city_registry.match("Ленинградская улица", "3", locality="Кронштадт")
    assert kron.lon == pytest.approx(29.770)
    spb = city_registry.match("Ленинградская улица", "3", locality="Санкт-Петербург")
    assert spb.lon == pytest.approx(30.300)


def test_geolocate_untyped_building_with_registry(city_registry):
    loc = geolocate("Не убирают лестницу. Стачек 17, лестница 6", region="Санкт-Петербург",
                    registry=city_registry)
    assert loc.precision == "house" and loc.lat == pytest.approx(59.900)


def test_geolocate_bare_far_place_yields_to_registry_building(city_registry):
    # «Северо» is a village in Pskov oblast; here it is half of «Северо-Запад»
    text = ("По адресу ул. Гагаринская 6/1, подъезд 5, разбито стекло. Фото выслали "
            "компании ЖКС Северо Запад, ответа нет")
    loc = geolocate(text, region="Санкт-Петербург", registry=city_registry)
    assert loc.precision == "house" and loc.settlement == "Санкт-Петербург"


def test_abbreviation_is_not_a_settlement_type_word():
    # «П.С.» is Петроградская сторона, not «п.» + «с.» before the village Мусора
    loc = geolocate("дом 70 по Малому проспекту П.С. Мусор, окурки в парадной")
    assert loc is None or loc.settlement != "Мусора"
    loc = geolocate("живу в с. Мусора Вологодской области")
    assert loc is not None and loc.settlement == "Мусора"


def test_street_named_like_a_village_is_not_the_village(city_registry):
    loc = geolocate('уборки не было, ТСЖ "Шаврова, 13/1", 7 этаж', region="Санкт-Петербург")
    assert loc is None or loc.settlement != "Шаврово"


def test_common_word_town_capitalised_mid_sentence():
    # «курган» is a common noun; capitalised mid-sentence it is the town (was: no place)
    loc = geolocate("Спасибо огромное дорожникам Кургана за ремонт ул. Гоголя!")
    assert (loc.region, loc.settlement) == ("Курганская область", "Курган")
    assert geolocate("насыпали курган из мусора во дворе") is None


@pytest.mark.parametrize(("text", "town"), [
    ("ростов на дону западный ямы по всей ул. Малиновского", "Ростов-на-Дону"),
    ("улан удэ нет воды", "Улан-Удэ"),
    ("в ханты мансийске автобус не ходит", "Ханты-Мансийск"),
    ("комсомольск на амуре ямы", "Комсомольск-на-Амуре"),
])
def test_hyphenated_town_written_with_spaces(text, town):
    # (was: no place; «ростов» alone is also a form of «рост»)
    assert geolocate(text).settlement == town


@pytest.mark.parametrize("text", [
    "приехали из Энгельса, дороги ужас",
    "Жители Энгельса жалуются на отсутствие освещения на улице Тельмана",
])
def test_genitive_of_a_town_is_the_town_not_a_hamlet_spelt_like_it(text):
    # a hamlet is named «Энгельса» (Краснодарский край): the genitive of the town Энгельс wins
    # (was: the hamlet; «жители Энгельса» was no place at all)
    loc = geolocate(text)
    assert (loc.region, loc.settlement) == ("Саратовская область", "Энгельс")


@pytest.mark.parametrize("text", [
    "ПОЧЕМУ ОТМЕНИЛИ ЭЛЕКТРИЧКУ В 6:40 НА ВОКЗАЛЕ???",
    "КОГДА УЖЕ ПОСТАВЯТ СВЕТОФОР НА ПЕРЕСЕЧЕНИИ??? ТРЕТЬЯ АВАРИЯ ЗА МЕСЯЦ",
])
def test_capitalised_preposition_is_not_an_abbreviated_region(text):
    # «НА» has the word key of «НАО» (Ненецкий автономный округ): every shouted message with
    # «НА» was placed there (found by the many-region probe); abbreviations match letter for letter
    loc = geolocate(text)
    assert loc is None or loc.region != "Ненецкий автономный округ"
    assert geolocate("в НАО нет дорог").region == "Ненецкий автономный округ"


def test_informal_highway_name_is_not_a_region():
    # «Ленинградка» is the Moscow highway far more often than Ленинградская область
    loc = geolocate("на Ленинградке пробка и яма огромная")
    assert loc is None or loc.region != "Ленинградская область"


@pytest.mark.parametrize(("text", "settlement"), [
    ("за гаражами на Заречной в Березниках свалка", "Березники"),  # not the town Заречный
    ("в Заречном нет воды", "Заречный"),
])
def test_adjectival_town_name_must_agree(text, settlement):
    assert geolocate(text).settlement == settlement


@pytest.mark.parametrize(("text", "region", "unit"), [
    ("в Митино нет врачей", "Москва", "Северо-Западный административный округ"),
    ("в Купчино снег не убирают", "Санкт-Петербург", "Фрунзенский район"),
    ("с Ржевки убрали автобус", "Санкт-Петербург", "Красногвардейский район"),
    ("мск юзао, мусор на обочинах", "Москва", "Юго-Западный административный округ"),
    ("в Приморском районе Санкт-Петербурга яма", "Санкт-Петербург", "Приморский район"),
])
def test_areas_of_federal_cities(text, region, unit):
    # (was: villages named Митино / Ржевка in other regions, or the city without its district)
    loc = geolocate(text)
    assert (loc.region, loc.municipality) == (region, unit)
    assert loc.settlement == region


@pytest.mark.parametrize("text", [
    "зарплату на птицефабрике третий месяц не платят",  # a hamlet «Птицефабрика»
    "суши роллы доставка по городу бесплатно от 1500р",  # a hamlet «Суши»
    "остановку на Заводской снесли а новую не поставили",  # the town Заводской: «на» → street
])
def test_lower_case_hamlet_names_and_streets_are_no_places(text):
    # found by the short-comment probe (each was placed in a village of another region)
    assert geolocate(text) is None


@pytest.mark.parametrize(("text", "settlement"), [
    ("В станице Ессентукской парк есть, а освещения нет", "Ессентукская"),
    ("станица Старотитаровская ул Красноармейская грунтовка разбита", "Старотитаровская"),
])
def test_adjectival_settlement_after_its_type_word_before_a_street_word(text, settlement):
    # («Ессентукской парк» was read as a street «Ессентукский парк»: no place at all)
    assert geolocate(text).settlement == settlement


@pytest.mark.parametrize(("text", "expected"), [
    ("кто на рыбалку в выходные на Иртыш? щука пошла", None),  # a river, not the village
    ("Губернатор Кубани провёл совещание", ("Краснодарский край", None)),  # not a village
    ("Красота сегодня на Байкале 😍 Листвянка, солнце", ("Иркутская область", "Листвянка")),
])
def test_lakes_rivers_and_region_names_are_not_villages(text, expected):
    loc = geolocate(text)
    assert (None if loc is None else (loc.region, loc.settlement)) == expected


@pytest.mark.parametrize(("text", "town"), [
    ("3 подъезд дома 9к3 по Тихорецкому пр. В подъезде осыпается краска", "Тихорецк"),
    ("штырь у двери в доме 67 по Магнитогорской улице. Просьба убрать", "Магнитогорск"),
])
def test_street_named_after_a_town_before_a_new_sentence(text, town):
    # a regression of this session caught on the SPb evaluation: the type word was taken as
    # opening the next sentence's first word, so the street became the town
    loc = geolocate(text)
    assert loc is None or loc.settlement != town


@pytest.mark.parametrize("spelling", [
    "Чувашская республика - Чувашия", "Чувашская Республика — Чувашия",
    "чувашская республика–чувашия", "Чувашская республика"])
def test_region_any_dash_and_case(gaz, spelling):
    # the canonical name follows the Constitution; the source's and users' spellings resolve
    assert gaz.region(spelling).name == "Чувашская Республика — Чувашия"


def test_region_hyphen_without_spaces(gaz):
    assert gaz.region("Республика Северная Осетия-Алания").name == \
        "Республика Северная Осетия — Алания"


def test_ambiguous_village_has_no_region():
    # dozens of villages named Сосновка, no region named: the name, every reading, no guess
    from complaintnlp import geolocate

    loc = geolocate("Скорую ждали 2 часа, д. Сосновка.")
    assert loc is not None and loc.settlement == "Сосновка"
    assert loc.region is None and loc.lat is None and loc.confidence < 0.6
    assert len({c["region"] for c in loc.candidates}) > 1
    # a region given by the caller picks the reading
    assert geolocate("Скорую ждали 2 часа, д. Сосновка.",
                     region="Тверская область").region == "Тверская область"


@pytest.mark.parametrize("text, expected", [
    ("в деревне Кашарово нет света", ("Кашарово", "деревня")),
    ("в селе Сосновом нет воды", ("Сосновое", "село")),
    ("в посёлке Таёжном нет воды", ("Таёжный", "посёлок")),
    ("в д. Ивановке нет газа", ("Ивановка", "деревня")),
    ("в деревнях плохие дороги", None),
])
def test_unknown_village_is_read_in_the_nominative(text, expected):
    from complaintnlp.geo.locator import _unknown_village

    assert _unknown_village(text, []) == expected
