"""Property-based robustness of every public function and of the CLI (issue 7).

Whatever people post, every public function returns a valid result: no exception for any
``str`` (a clear ``TypeError`` for anything else), every span indexes the original string
(``text[a.start:a.end] == a.text``), every score is finite, a batch gives one record per input
in order, and the CLI never dies on a bad line.

Profiles (``HYPOTHESIS_PROFILE`` environment variable):

``default``
    the fast suite (``python -m pytest``): about 1,300 cases in all (30–200 per test),
    derandomized, so the default run is deterministic and takes seconds.
``ci``
    ≥ 10,000 generated cases in total, ``derandomize=True``, ``deadline=None``.
    ``python -m pytest -m slow`` runs it automatically (:func:`test_ci_profile` below starts
    this file in a subprocess with ``HYPOTHESIS_PROFILE=ci`` and checks the case count);
    ``HYPOTHESIS_PROFILE=ci python -m pytest tests/test_properties.py`` runs it directly.
``explore``
    random (not derandomized) and larger, with the example database: for local bug hunting.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintnlp

# ---------------------------------------------------------------------------------- profiles
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
             HealthCheck.filter_too_much]
#: Per-test example counts are ``max_examples × weight`` (weights below, 13.1 in total over the
#: tests of this file): about 1,300 cases in ``default`` and 13,000 in ``ci`` (≥ 10,000 checked).
# Registered under private names so that Hypothesis' own "default"/"ci" profiles (and any
# other test module) are left alone; HYPOTHESIS_PROFILE selects one of them for this file.
settings.register_profile("complaintnlp-default", max_examples=100, deadline=None,
                          derandomize=True, database=None, suppress_health_check=_SUPPRESS,
                          print_blob=True)
settings.register_profile("complaintnlp-ci", max_examples=1000, deadline=None,
                          derandomize=True, database=None, suppress_health_check=_SUPPRESS,
                          print_blob=True)
settings.register_profile("complaintnlp-explore", max_examples=2000, deadline=None,
                          derandomize=False, suppress_health_check=_SUPPRESS, print_blob=True)
PROFILE_NAME = os.environ.get("HYPOTHESIS_PROFILE", "default")
if PROFILE_NAME not in ("default", "ci", "explore"):  # a profile this file does not define
    PROFILE_NAME = "default"
PROFILE = settings.get_profile(f"complaintnlp-{PROFILE_NAME}")
CI_MIN_CASES = 10_000


def cases(weight: float = 1.0) -> settings:
    """The active profile with ``max_examples`` scaled by ``weight``."""
    return settings(PROFILE, max_examples=max(5, int(PROFILE.max_examples * weight)))


def public(name: str):
    """``complaintnlp.<name>``; skip the test only if that stage is genuinely absent."""
    try:
        return getattr(complaintnlp, name)
    except AttributeError:
        pytest.skip(f"complaintnlp.{name} is not available")
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith("complaintnlp"):
            pytest.skip(f"complaintnlp.{name} is not available ({e.name} missing)")
        raise
    except ImportError as e:  # «cannot import name X from complaintnlp.addresses»
        if "cannot import name" in str(e) and "complaintnlp" in str(e):
            pytest.skip(f"complaintnlp.{name} is not available: {e}")
        raise


def full_pipeline():
    """``analyze`` needs every stage: skip only while addresses/routing are absent."""
    public("extract_addresses")
    public("route")
    return public("analyze")


# -------------------------------------------------------------------------------- strategies
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co", "Cn"])
SURROGATE = st.characters(categories=["Cs"])
ZERO_WIDTH = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060",
                              "\ufeff", "\u00ad", "\ufe0e", "\ufe0f", "\u20e3", "\u180e",
                              "\U000e0041", "\u034f", "\u2028", "\u2029", "\x85"])
HTML = st.sampled_from([
    "<p>", "</p>", "<br>", "<br/>", "<br />", "<div class=\"post\">", "</div>", "<b>", "</b>",
    "<a href=\"https://vk.com/wall-1_2\">", "</a>", "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>", "<!-- комментарий -->", "<!--", "-->", "<", ">", "</", "<p",
    "&nbsp;", "&laquo;", "&raquo;", "&amp;", "&lt;", "&gt;", "&quot;", "&#1234;", "&#x1F600;",
    "&#0;", "&#xD800;", "&#99999999;", "&#x110000;", "&shy;", "&zwj;", "&unknown;", "&", "&#",
    "<td>", "<h1>", "<li>", "<table", "<p>" * 5, "<<>>", "<a<b<c", "&&&;;;",
])
EMOJI = st.sampled_from([
    "😡", "🤬", "👍🏻", "👍🏿", "👨‍👩‍👧‍👦", "🇷🇺", "🏳️‍🌈", "1️⃣", "#️⃣", "❤️", "❤", "☹", "⚠️",
    "🚧", "🕳", "🚌", "🏥", "🗑️", "🤦‍♀️", "👩🏽‍⚕️", "🧑‍🦯", "😂😂😂", "🔥" * 10, "\U0001FAE0",
    "\U0001F1E6", "©️", "™", "🅿️", "⏰", "⬆️",
])
SCRIPTS = st.characters(codec="utf-8", categories=["Lu", "Ll", "Lo", "Mn", "Nd"])
MIXED_SCRIPT_WORD = st.text(
    alphabet=st.sampled_from("abcXYZабвгдеёжзАБВЕЁЙЫЪαβγΩשלוםمرحبا中文字ひらカナ한국어देवनागरीﬁᵃ"
                             "ⅫⅩ①②𝟙𝟚𝐀𝐁ÅåÄäÖöÉé"),
    min_size=1, max_size=20)
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=400)
UNICODE_DIGITS = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩०१२३४५６７８９¹²³⁴½¾", min_size=1,
                         max_size=200)
PUNCT = st.text(alphabet="!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»„“”—–…‐№§°·•¡¿", min_size=1,
                max_size=400)
LONG_TOKEN = st.builds(lambda s, n: (s * (n // max(1, len(s)) + 1))[:n],
                       st.text(min_size=1, max_size=5), st.integers(100, 6000))
RU_WORDS = st.sampled_from((
    "яма на дороге уже месяц никто не чинит во дворе нет света подъезд лифт не работает "
    "горячей воды нет отопление холодные батареи мусор не вывозят контейнер переполнен "
    "автобус маршрутка не ходит остановка поликлиника запись к врачу невозможно пособие "
    "выплата пенсия ребенок инвалид спасибо администрации продам гараж срочно помогите "
    "сколько можно упала ветка дерево снег наледь крыша течет тротуар фонарь собаки "
    "ЖКХ УК ТСЖ МКД ГИБДД МФЦ Ростелеком Водоканал").split())
CITIES = st.sampled_from([
    "Тверь", "Твери", "Курск", "Курске", "Новосибирск", "Екатеринбург", "Казань", "Самара",
    "Максатиха", "Максатихе", "Бежецк", "Южно-Сахалинск", "Петропавловск-Камчатский",
    "Ростов-на-Дону", "Нижний Новгород", "Нижнем Новгороде", "Санкт-Петербург", "СПб", "Москва",
    "Улан-Удэ", "Ханты-Мансийск", "Орёл", "Орле", "Королёв", "Мирный", "Советск", "Ленинск",
    "Тверская область", "Курской обл.", "Краснодарский край", "Республика Татарстан", "ХМАО",
])
STREET_TYPES = st.sampled_from([
    "ул.", "ул", "ул. ", "улица", "улице", "улицы", "пр-т", "пр.", "проспект", "проспекте",
    "пер.", "переулок", "переулке", "б-р", "бульвар", "ш.", "шоссе", "наб.", "набережная",
    "пл.", "площадь", "проезд", "мкр.", "мкр-н", "микрорайон", "тракт", "линия", "тупик",
])
STREETS = st.sampled_from([
    "Ленина", "Советская", "Советской", "Железнодорожной", "Мира", "Карла Маркса",
    "1-я Пролетарская", "2-й Пролетарской", "Красный", "8 Марта", "50 лет Октября", "Гагарина",
    "Союзная", "Южно-Моравская", "Ю. Фучика", "им. Кирова", "Энтузиастов", "Вокзальная",
])
HOUSE_WORDS = st.sampled_from(["д.", "д", "дом", "дома", "д.№", "№", "д. №", "возле дома",
                               "у дома", "кв.", "кв", "корп.", "к.", "стр.", "подъезд",
                               "лит.", "литера", "вл."])
HOUSES = st.from_regex(r"\d{1,4}(?:[а-вАБ]|/\d{1,3}|к\d|-\d| ?корп\.? ?\d| ?стр\.? ?\d)?",
                       fullmatch=True)
ADDR_GLUE = st.sampled_from([" ", "", ", ", ",", ". ", ".", "\n", "  ", " - ", "—", "/", ";"])
ADDRESS_PIECE = st.one_of(CITIES, STREET_TYPES, STREETS, HOUSE_WORDS, HOUSES,
                          st.sampled_from(["г.", "город", "п.", "пос.", "пгт", "с.", "село",
                                           "дер.", "р-н", "район", "обл.", "край", "около",
                                           "напротив", "рядом с", "угол", "пересечение",
                                           "в районе"]),
                          st.integers(0, 10**7).map(str), RU_WORDS)
ADDRESS_LIKE = st.lists(st.tuples(ADDRESS_PIECE, ADDR_GLUE), max_size=30).map(
    lambda parts: "".join(p + g for p, g in parts))

PIECE = st.one_of(
    st.text(max_size=20), CONTROL, SURROGATE, ZERO_WIDTH, HTML, EMOJI, MIXED_SCRIPT_WORD,
    RU_WORDS, CITIES, STREET_TYPES, HOUSES, st.sampled_from([" ", "  ", "\n", "\t", "\r\n"]),
    st.sampled_from(["!!!", "???", "...", "---", "***", "___", "~~~", "===", ",,,", ";;;"]),
    st.sampled_from(["https://vk.com/wall-1_2", "www.gosuslugi.ru", "tver.ru/", "@admin",
                     "@", "#ЖКХ", "#", "http://", "https://x.рф/" + "a" * 50]),
)
#: Messages: arbitrary pieces glued together, plus the pure classes the issue lists.
TEXTS = st.one_of(
    st.lists(PIECE, max_size=40).map("".join),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec=None), max_size=200),   # any code point, surrogates too
    st.text(alphabet=SCRIPTS, max_size=200),
    ADDRESS_LIKE,
    DIGITS, UNICODE_DIGITS, PUNCT, LONG_TOKEN,
    st.lists(EMOJI, max_size=60).map("".join),
    st.lists(HTML, max_size=60).map("".join),
    st.lists(ZERO_WIDTH, max_size=60).map("".join),
)
NON_STR = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.binary(max_size=20),
                    st.booleans(), st.lists(st.integers(), max_size=3),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                    st.just(b"\xd1\x83\xd0\xbb. \xd0\x9b\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xbd\xd0\xb0"),
                    st.just(bytearray(b"abc")), st.just(object()))


# -------------------------------------------------------------------------------- checks
def check_span(original: str, obj, what: str = "span") -> None:
    if isinstance(obj, dict):
        start, end, text = obj["start"], obj["end"], obj["text"]
    else:
        start, end, text = obj.start, obj.end, obj.text
    assert isinstance(start, int) and isinstance(end, int), (what, obj)
    assert 0 <= start <= end <= len(original), (what, start, end, len(original))
    assert original[start:end] == text, (what, start, end, original[start:end], text)


def finite(x, lo: float | None = None, hi: float | None = None) -> None:
    assert isinstance(x, int | float) and not isinstance(x, bool), x
    assert math.isfinite(x), x
    if lo is not None:
        assert x >= lo - 1e-9, x
    if hi is not None:
        assert x <= hi + 1e-9, x


def check_topic(r) -> None:
    assert isinstance(r.label, str) and r.label in r.scores
    assert r.labels and r.labels[0] == r.label
    for v in r.scores.values():
        finite(v, 0.0, 1.0)
    assert abs(sum(r.scores.values()) - 1.0) < 1e-6
    finite(r.appeal_score, 0.0, 1.0)
    assert isinstance(r.is_appeal, bool | int)


def check_location(loc, original: str | None) -> None:
    if loc is None:
        return
    for v in (loc.lat, loc.lon):
        if v is not None:
            finite(v)
    if loc.lat is not None:
        assert -90 <= loc.lat <= 90 and -180 <= loc.lon <= 180
    finite(loc.confidence, 0.0, 1.0)
    assert loc.precision in ("region", "municipality", "settlement", "street", "house")
    if original is not None and loc.source and "start" in loc.source:
        check_span(original, loc.source, "location.source")


def check_agencies(agencies) -> None:
    for ag in agencies:
        assert isinstance(ag.name, str) and ag.name
        finite(ag.score, 0.0, 1.0)


def check_analysis(a, text: str) -> None:
    assert a.error is None, a.error
    assert a.text == text
    assert a.truncated is (len(text) > 100_000)
    check_topic(a.topic)
    for addr in a.addresses:
        check_span(text, addr, "address")
    check_location(a.location, text)
    check_agencies(a.agencies)
    d = a.to_dict()
    json.dumps(d, ensure_ascii=False, allow_nan=False)   # valid JSON, nothing non-finite
    for v in d["timings_ms"].values():
        finite(v, 0.0)


def strip_timings(d: dict) -> dict:
    d = dict(d)
    d.pop("timings_ms", None)
    return d


# ------------------------------------------------------------------------------ text layer
@cases(2.0)
@given(TEXTS)
def test_normalize_text(text):
    n = complaintnlp.normalize_text(text)
    assert n.original == text and isinstance(n.text, str)
    prev = 0
    step = max(1, len(n.text) // 500)
    for i in [*range(0, len(n.text) + 1, step), len(n.text)]:
        o = n.to_original(i)
        assert 0 <= o <= len(text)
        assert o >= prev, "the offset map must be monotonic"
        prev = o
    for tok in complaintnlp.tokenize(n.text):
        s, e = n.span_to_original(tok.start, tok.end)
        assert 0 <= s <= e <= len(text)


@cases(1.5)
@given(TEXTS)
def test_tokenize(text):
    toks = complaintnlp.tokenize(text)
    last = 0
    for t in toks:
        check_span(text, t, "token")
        assert t.start >= last and t.end > t.start
        last = t.end


@cases(1.5)
@given(TEXTS)
def test_lemmatize(text):
    lemmas = complaintnlp.lemmatize(text)
    assert isinstance(lemmas, list) and all(isinstance(x, str) and x for x in lemmas)


# ------------------------------------------------------------------------------ stages
@cases(1.0)
@given(TEXTS)
def test_classify(text):
    check_topic(complaintnlp.classify(text))


@cases(1.0)
@given(st.one_of(TEXTS, ADDRESS_LIKE))
def test_extract_addresses(text):
    extract = public("extract_addresses")
    for a in extract(text):
        check_span(text, a, "address")


@cases(0.7)
@given(st.one_of(TEXTS, ADDRESS_LIKE))
def test_geolocate(text):
    check_location(complaintnlp.geolocate(text), text)


@cases(0.5)
@given(st.one_of(TEXTS, ADDRESS_LIKE))
def test_find_places_spans(text):
    from complaintnlp.geo import default_gazetteer

    for m in default_gazetteer().find_places(text):
        check_span(text, m, "place mention")


@cases(0.7)
@given(st.one_of(TEXTS, ADDRESS_LIKE))
def test_route(text):
    route = public("route")
    check_agencies(route(text))


@cases(1.0)
@given(st.one_of(TEXTS, ADDRESS_LIKE), st.sampled_from([None, "Тверская область",
                                                        "Курская область", "нет такого"]))
def test_analyze(text, region):
    analyze = full_pipeline()
    a = analyze(text, region=region)
    check_analysis(a, text)
    agencies = public("route")(a, region=region)
    check_agencies(agencies)


@cases(0.5)
@given(st.lists(st.one_of(TEXTS, NON_STR), max_size=12))
def test_analyze_batch(items):
    full_pipeline()
    batch = complaintnlp.analyze_batch(items, ids=list(range(len(items))), batch_size=5)
    assert len(batch) == len(items)
    for i, (item, a) in enumerate(zip(items, batch)):
        assert a.id == i, "order and ids are kept"
        if isinstance(item, str):
            check_analysis(a, item)
        else:
            assert a.error and a.error.startswith("TypeError"), a.error


# ------------------------------------------------------------------------------ wrong types
TYPE_CHECKED = ["normalize_text", "tokenize", "lemmatize", "classify", "extract_addresses",
                "geolocate", "route", "analyze"]


@pytest.mark.parametrize("name", TYPE_CHECKED)
@cases(0.3)
@given(value=NON_STR)
def test_wrong_type_is_a_clear_type_error(name, value):
    fn = full_pipeline() if name == "analyze" else public(name)
    if name == "geolocate" and isinstance(value, list):
        return  # a sequence of addresses is valid input for geolocate (bytes are not)
    if name == "route" and isinstance(value, dict):
        return  # route may accept an Analysis-like mapping
    with pytest.raises(TypeError) as info:
        fn(value)
    msg = str(info.value)
    assert re.search(r"\b(text|text_or_addresses|analysis_or_text|analysis)\b", msg), msg
    assert type(value).__name__ in msg or name == "geolocate", msg


# ------------------------------------------------------------------------------ CLI
JSON_VALUES = st.one_of(TEXTS, st.none(), st.integers(), st.floats(allow_nan=False),
                        st.lists(st.integers(), max_size=2), st.booleans())
GOOD_LINE = st.builds(lambda t, i: json.dumps({"id": i, "text": t}, ensure_ascii=False),
                      TEXTS, st.integers(0, 10**6))
ESCAPED_LINE = st.builds(lambda t: json.dumps({"text": t}, ensure_ascii=True), TEXTS)
ODD_LINE = st.builds(lambda v: json.dumps({"text": v}), JSON_VALUES)
BAD_LINE = st.one_of(
    st.sampled_from(["{oops", "[1, 2]", "\"just a string\"", "42", "null", "{\"text\": ",
                     "{\"id\": 1}", "{\"text\": \"a\"} trailing", "\x00\x01", "{}", "{'a': 1}",
                     "{\"text\": \"\\ud800\"}", "{\"text\": NaN}", "\ufeff{\"text\": \"BOM\"}"]),
    st.text(alphabet=st.characters(blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
                                   codec="utf-8"), max_size=40),
)
RAW_BYTES = st.binary(max_size=40).filter(lambda b: b"\n" not in b)


@cases(0.3)
@given(st.lists(st.one_of(GOOD_LINE, ESCAPED_LINE, ODD_LINE, BAD_LINE,
                          RAW_BYTES), max_size=12))
def test_cli_never_dies_on_a_bad_line(lines):
    full_pipeline()
    from complaintnlp.cli import main

    data = b"".join((ln if isinstance(ln, bytes) else ln.encode("utf-8", "surrogatepass"))
                    + b"\n" for ln in lines)
    expected = _expected_records(data)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        stdin, err = sys.stdin, io.StringIO()
        sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["analyze", "--input", "-", "--output", str(out),
                             "--progress", "off"])
        finally:
            sys.stdin = stdin
        assert code in (0, 3), (code, err.getvalue())
        # split on "\n" only: a JSON string may hold U+2028 etc., which str.splitlines() splits on
        records = [json.loads(x) for x in out.read_text(encoding="utf-8").split("\n") if x]
    assert len(records) == len(expected), (len(records), len(expected), err.getvalue())
    for rec, exp in zip(records, expected):
        assert ("error" in rec) == (not isinstance(exp, str)), (rec, exp)
        for a in rec["addresses"]:
            assert rec["text"][a["start"]:a["end"]] == a["text"]


def _expected_records(data: bytes) -> list:
    """The ``text`` values the CLI must output one record each for (same rules as the reader)."""
    out = []
    for line in io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace"):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict) and "text" in obj:
            out.append("" if obj["text"] is None else obj["text"])
    return out


# ------------------------------------------------------------------------------ ci profile
@pytest.mark.slow
def test_ci_profile():
    """Run this file with the ``ci`` profile and check ≥ 10,000 generated cases passed."""
    env = dict(os.environ, HYPOTHESIS_PROFILE="ci")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-p", "no:cacheprovider", "-q",
         "-m", "not slow", "--hypothesis-show-statistics"],
        cwd=Path(__file__).resolve().parents[1], env=env, capture_output=True, text=True,
        timeout=3600, check=False)
    tail = proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, tail
    passing = sum(int(n) for n in re.findall(r"(\d+) passing", proc.stdout))
    assert passing >= CI_MIN_CASES, (passing, tail)
