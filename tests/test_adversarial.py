"""Adversarial inputs: no catastrophic backtracking, a length policy, clear type errors (issue 7).

Every public function must return a valid result within :data:`LIMIT_S` seconds (wall clock,
``time.perf_counter``; the models are warmed up first, and a call over the limit is measured once
more so that one noisy moment on a shared machine does not fail the suite — catastrophic
backtracking fails both runs). ``COMPLAINTNLP_TIME_FACTOR`` scales the limit on slow machines.

The inputs named by the issue run in the fast suite; more shapes run with ``-m slow``.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import pytest

import complaintnlp
from complaintnlp.text import MAX_TEXT_LENGTH

LIMIT_S = 2.0 * float(os.environ.get("COMPLAINTNLP_TIME_FACTOR", "1"))
MB = 1_000_000


def mixed(n_chars: int, seed: int = 7) -> str:
    """Deterministic noisy social-network text of ``n_chars`` characters."""
    rnd = random.Random(seed)
    pieces = [
        "Яма на ул. Ленина д. 5 уже месяц!!! ", "в Твери на Советской 12к2 нет воды ",
        "<p>Здравствуйте,&nbsp;администрация</p>", "😡😡😡 ", "👨‍👩‍👧‍👦", "https://vk.com/wall-1_2 ",
        "@admin ", "#ЖКХ ", "1234567890", "\u200b\u200d\ufeff", "ул.", "д.", "кв. 7 ",
        "г. Курск, пр-т Победы, 50 ", "Mixed latin text ", "αβγ中文字한국어 ", "«кавычки» — тире ",
        "...", "!!!", "\n", "  ", "ёлки", "ул. " * 5, "д. 5 " * 5, "<p>" * 5, "&amp;&lt;",
        "пос. Мирный, 2-я Пролетарская 236/1 ", "\x00\x07", "Южно-Сахалинск ", "??? ",
    ]
    out: list[str] = []
    size = 0
    while size < n_chars:
        p = rnd.choice(pieces)
        out.append(p)
        size += len(p)
    return "".join(out)[:n_chars]


#: The inputs the issue names (fast suite).
ADVERSARIAL = {
    "ul_x20000": "ул. " * 20_000,
    "d5_x20000": "д. 5 " * 20_000,
    "p_x5000": "<p>" * 5_000,
    "digits_1MB": "1234567890" * (MB // 10),
    "emoji_1MB": "😡" * (MB // 4),                # 1 MB in UTF-8
    "mixed_100KB": mixed(100_000),
    "mixed_1MB": mixed(MB),
}
#: More shapes (``-m slow``).
ADVERSARIAL_SLOW = {
    "one_digit_1MB": "7" * MB,
    "lt_x100000": "<" * 100_000,
    "open_tag_x50000": "<a " * 50_000,
    "amp_x100000": "&" * 100_000,
    "entity_like": "&#" + "1" * 100_000,
    "url_1MB": "http://" + "a" * MB,
    "domain_like": "a." * 200_000 + "ru/",
    "nbsp_1MB": "\u00a0" * MB,
    "zero_width_1MB": "\u200b" * MB,
    "zwj_family_x40000": "👨‍👩‍👧‍👦" * 40_000,
    "hyphen_words": "а-" * 200_000,
    "slash_digits": "1/" * 300_000,
    "addresses_x20000": "ул. Ленина, д. 5, " * 20_000,
    "street_types_no_space": "ул.пр.пер.д." * 20_000,
    "exclamations_1MB": "!" * MB,
    "at_signs": "@" * 100_000,
    "hashes": "#" * 100_000,
    "long_word": "а" * MB,
    "long_cap_word": "Ленина" * 100_000,
    "surrogates": "\ud83d" * 100_000,
    "control": "\x00\x1b[31m" * 50_000,
    "mixed_300KB_seed2": mixed(300_000, seed=2),
}

FUNCTIONS = ["normalize_text", "tokenize", "lemmatize", "classify", "extract_addresses",
             "geolocate", "find_places", "route", "analyze"]


def public(name: str):
    """The public function ``name``; skip only if its stage is genuinely absent."""
    if name == "find_places":
        from complaintnlp.geo import default_gazetteer

        return default_gazetteer().find_places
    needs = {"analyze": ("extract_addresses", "route", "analyze"),
             "analyze_batch": ("extract_addresses", "route", "analyze_batch")}.get(name, (name,))
    fn = None
    for n in needs:
        try:
            fn = getattr(complaintnlp, n)
        except AttributeError:
            pytest.skip(f"complaintnlp.{n} is not available")
        except ImportError as e:
            if "complaintnlp" in str(e) and ("cannot import name" in str(e)
                                            or isinstance(e, ModuleNotFoundError)):
                pytest.skip(f"complaintnlp.{n} is not available: {e}")
            raise
    return fn


# ---------------------------------------------------------------------------------- checks
def check_span(original: str, start: int, end: int, text: str) -> None:
    assert 0 <= start <= end <= len(original), (start, end, len(original))
    assert original[start:end] == text


def finite01(x) -> None:
    assert isinstance(x, int | float) and math.isfinite(x) and -1e-9 <= x <= 1 + 1e-9, x


def check_result(name: str, text: str, result) -> None:
    """A valid result of the public function ``name`` for ``text``."""
    if name == "normalize_text":
        assert result.original is text or result.original == text
        for i in (0, len(result.text) // 2, len(result.text)):
            assert 0 <= result.to_original(i) <= len(text)
    elif name in ("tokenize", "find_places", "extract_addresses"):
        for t in result:
            check_span(text, t.start, t.end, t.text)
    elif name == "lemmatize":
        assert all(isinstance(x, str) for x in result)
    elif name == "classify":
        assert result.label in result.scores
        for v in result.scores.values():
            finite01(v)
        finite01(result.appeal_score)
    elif name == "geolocate":
        if result is not None:
            finite01(result.confidence)
            for v in (result.lat, result.lon):
                assert v is None or math.isfinite(v)
    elif name == "route":
        for ag in result:
            finite01(ag.score)
    elif name == "analyze":
        assert result.error is None, result.error
        assert result.text == text
        assert result.truncated is (len(text) > MAX_TEXT_LENGTH)
        for a in result.addresses:
            check_span(text, a.start, a.end, a.text)
        check_result("classify", text, result.topic)
        check_result("geolocate", text, result.location)
        check_result("route", text, result.agencies)
        json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False)
    else:  # pragma: no cover
        raise AssertionError(name)


def timed(fn, *args, **kwargs):
    """``(result, seconds)``; over the limit, measure once more and keep the faster run."""
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    elapsed = time.perf_counter() - t0
    if elapsed > LIMIT_S:
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        elapsed = min(elapsed, time.perf_counter() - t0)
    return result, elapsed


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load the models before timing (cold start is the benchmark's business)."""
    complaintnlp.classify("яма")
    complaintnlp.lemmatize("улица")
    complaintnlp.geolocate("Тверь, ул. Ленина, д. 5")
    for name in ("extract_addresses", "route"):
        with contextlib.suppress(Exception):
            getattr(complaintnlp, name)("Тверь, ул. Ленина, д. 5")
    with contextlib.suppress(Exception):
        complaintnlp.analyze("Тверь, ул. Ленина, д. 5")


def _run(name: str, text: str) -> None:
    fn = public(name)
    result, elapsed = timed(fn, text)
    assert elapsed < LIMIT_S, f"{name} took {elapsed:.2f} s on {len(text):,} characters"
    check_result(name, text, result)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("case", list(ADVERSARIAL))
def test_adversarial(case, name):
    _run(name, ADVERSARIAL[case])


#: Known limits: ``tokenize`` returns every token of its whole input (only the analysis
#: functions truncate at MAX_TEXT_LENGTH), and a million one-character tokens cost ≈ 2–3 s of
#: CPython object creation on the reference machine.
KNOWN_SLOW = {("zero_width_1MB", "tokenize"), ("exclamations_1MB", "tokenize")}


@pytest.mark.slow
@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("case", list(ADVERSARIAL_SLOW))
def test_adversarial_more(case, name, request):
    if (case, name) in KNOWN_SLOW:
        request.applymarker(pytest.mark.xfail(reason="1M Token objects: see KNOWN_SLOW",
                                              strict=False))
    _run(name, ADVERSARIAL_SLOW[case])


@pytest.mark.slow
def test_adversarial_batch():
    """The whole adversarial set as one batch: one valid record per input, in order."""
    analyze_batch = public("analyze_batch")
    texts = [*ADVERSARIAL.values(), *ADVERSARIAL_SLOW.values()]
    t0 = time.perf_counter()
    out = analyze_batch(texts)
    elapsed = time.perf_counter() - t0
    assert len(out) == len(texts)
    for text, a in zip(texts, out):
        check_result("analyze", text, a)
    assert elapsed < LIMIT_S * len(texts)


# ------------------------------------------------------------------------ length policy
def test_max_length_is_documented():
    assert MAX_TEXT_LENGTH == 100_000
    formats = Path(__file__).resolve().parents[1] / "docs" / "formats.md"
    if formats.exists():
        assert "MAX_TEXT_LENGTH" in formats.read_text(encoding="utf-8")


def test_truncation_end_to_end():
    analyze = public("analyze")
    head = "Яма на дороге в Твери на ул. Советской д. 12. "
    tail_address = " Курск, ул. Союзная, д. 71Б"
    text = head + "а" * (MAX_TEXT_LENGTH - len(head) + 10) + tail_address
    a = analyze(text)
    assert a.truncated is True
    d = a.to_dict()
    assert d["truncated"] is True and d["text"] == text
    assert all(x.end <= MAX_TEXT_LENGTH for x in a.addresses), "only the head is analysed"
    for x in a.addresses:
        check_span(text, x.start, x.end, x.text)
    exact = analyze("а" * MAX_TEXT_LENGTH)
    assert exact.truncated is False and "truncated" not in exact.to_dict()
    batch = public("analyze_batch")(["коротко", text])
    assert [b.truncated for b in batch] == [False, True]


def test_prepare_truncates_with_a_flag():
    from complaintnlp.text import prepare

    t = prepare("ы" * (MAX_TEXT_LENGTH + 1))
    assert t.truncated and t.original == "ы" * (MAX_TEXT_LENGTH + 1)
    assert len(t.clean) <= MAX_TEXT_LENGTH
    for tok in t.tokens:
        s, e = t.normalized.span_to_original(tok.start, tok.end)
        assert 0 <= s <= e <= MAX_TEXT_LENGTH


# ------------------------------------------------------------------------ wrong types
WRONG = [None, b"\xd1\x8f\xd0\xbc\xd0\xb0", bytearray(b"x"), 5, 3.5, ["яма"], {"text": "яма"}]


@pytest.mark.parametrize("name", ["normalize_text", "tokenize", "lemmatize", "classify",
                                  "extract_addresses", "geolocate", "route", "analyze"])
@pytest.mark.parametrize("value", WRONG, ids=lambda v: type(v).__name__)
def test_type_error_names_argument_and_type(name, value):
    fn = public(name)
    if name == "geolocate" and isinstance(value, list):
        pytest.skip("a list of Address values is valid input for geolocate")
    if name == "route" and isinstance(value, dict):
        pytest.skip("route may accept an analysis mapping")
    with pytest.raises(TypeError) as info:
        fn(value)
    msg = str(info.value)
    assert "text" in msg or "analysis" in msg, msg
    assert type(value).__name__ in msg, msg


def test_pipeline_type_error_message():
    analyze = public("analyze")
    with pytest.raises(TypeError, match=r"text must be str, got NoneType"):
        analyze(None)
    with pytest.raises(TypeError, match=r"text must be str, got bytes"):
        analyze(b"\xd1\x8f")


# ------------------------------------------------------------------------ batches
BATCH = ["Яма на ул. Ленина д. 5 в Твери", None, "нет горячей воды", b"bytes", 5,
         "Спасибо администрации!", float("nan"), "", ["list"], "автобус 5 не ходит"]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_batch_never_loses_items(n_jobs):
    analyze, analyze_batch = public("analyze"), public("analyze_batch")
    out = analyze_batch(BATCH, n_jobs=n_jobs, batch_size=3)
    assert len(out) == len(BATCH)
    for item, a in zip(BATCH, out):
        if isinstance(item, str):
            assert a.error is None, a.error
            ref = analyze(item).to_dict()
            got = a.to_dict()
            ref.pop("timings_ms")
            got.pop("timings_ms")
            assert got == ref
        else:
            assert a.error and "TypeError" in a.error and type(item).__name__ in a.error


def test_batch_ids_and_generators():
    public("analyze")
    from complaintnlp.pipeline import default_pipeline

    texts = (t for t in BATCH)                       # a generator, consumed once
    out = list(default_pipeline().pipe(texts, ids=iter(range(100, 100 + len(BATCH))),
                                       batch_size=4))
    assert [a.id for a in out] == list(range(100, 100 + len(BATCH)))


# ------------------------------------------------------------------------ CLI
def run_cli(stdin: bytes, *args: str) -> tuple[int, list[dict], str]:
    from complaintnlp.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        saved, err = sys.stdin, io.StringIO()
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["analyze", "--input", "-", "--output", str(out),
                             "--progress", "off", *args])
        finally:
            sys.stdin = saved
        lines = out.read_text(encoding="utf-8").split("\n") if out.exists() else []
    lines = [x for x in lines if x]
    return code, [json.loads(x) for x in lines], err.getvalue()


BAD_LINES = [
    b'{"id": 1, "text": "\xd0\xaf\xd0\xbc\xd0\xb0 \xd0\xbd\xd0\xb0 \xd1\x83\xd0\xbb. '
    b'\xd0\x9b\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xbd\xd0\xb0"}',
    b"{oops",
    b"[1, 2, 3]",
    b'{"id": 3}',
    b'{"id": 4, "text": null}',
    b'{"id": 5, "text": 5}',
    b'{"id": 6, "text": "\\ud800 lone surrogate"}',
    b'{"id": 7, "text": "\xff\xfe invalid utf-8"}',
    b'{"id": 8, "text": "\\u0000\\u200b<p>&nbsp;</p>"}',
    b"",
    b'{"id": 9, "text": ["a"]}',
    b'{"id": 10, "text": "\xd1\x83\xd0\xbb. ' + "ул. ".encode() * 5000 + b'"}',
    b'{"id": 11, "text": "last good line"}',
]


def test_cli_never_dies_on_a_bad_line():
    public("analyze")
    code, records, err = run_cli(b"\n".join(BAD_LINES) + b"\n")
    assert code == 3, err                                   # partial: some lines skipped
    assert [r["id"] for r in records] == [1, 4, 5, 6, 7, 8, 9, 10, 11], err
    by_id = {r["id"]: r for r in records}
    assert "error" in by_id[5] and "error" in by_id[9]
    for r in records:
        for a in r["addresses"]:
            assert r["text"][a["start"]:a["end"]] == a["text"]
    assert "line 2" in err and "line 3" in err and "line 4" in err
