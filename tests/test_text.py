"""The text layer: cleaning with offset maps, tokens, lemmas."""

from __future__ import annotations

import platform

import pytest

from complaintnlp.text import lemmatize, normalize_text, prepare, tokenize

CASES = [
    ("<p>Яма&nbsp;на&nbsp;дороге</p>", "Яма на дороге"),
    ("Смотрите https://vk.com/wall-1_2 ужас", "Смотрите   ужас"),
    ("@admin помогите!!!", "помогите!"),
    ("#Тверь #ЖКХ", "Тверь ЖКХ"),
    ("#ПодслушаноЛиски потеряла телефон", "Подслушано Лиски потеряла телефон"),
    ("#ИнцидентКурган #ЯмаНаДороге", "Инцидент Курган Яма На Дороге"),
    ("#ТипичныйЕкб #ёжСкорее", "Типичный Екб ежСкорее"),
    ("ёлки   зелёные", "елки зеленые"),
    ("при\u200bвет\u00ad", "привет"),
    ("😡😡😡", ""),
    ("«Кавычки» — тире", '"Кавычки" - тире'),
]


@pytest.mark.parametrize(("raw", "clean"), CASES)
def test_normalize(raw, clean):
    assert normalize_text(raw).text == clean


@pytest.mark.parametrize("raw", [c[0] for c in CASES] + ["  a  ", "", " ", "a\x00b", "&amp;"])
def test_offsets_map_back(raw):
    n = normalize_text(raw)
    for tok in tokenize(n.text):
        s, e = n.span_to_original(tok.start, tok.end)
        assert 0 <= s <= e <= len(raw)
        if tok.text.isalpha() and "ё" not in raw.lower():
            assert raw[s:e].replace("\u200b", "").replace("\u00ad", "") == tok.text


def test_camel_case_hashtag_splits_with_offsets_of_the_original():
    raw = "опять авария #ИнцидентКурган!"
    n = normalize_text(raw)
    assert n.text == "опять авария Инцидент Курган!"
    s = n.text.index("Курган")
    assert raw[slice(*n.span_to_original(s, s + 6))] == "Курган"


def test_token_offsets():
    text = "ул.Ленина, д.5а кв 7"
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text


def test_lemmatize_handles_mixed_tokens():
    assert lemmatize("ДОМА 5а iPhone 2-я") == ["дом", "5а", "iphone", "2-й"]


@pytest.mark.parametrize("bad", [None, b"x", 5, ["a"]])
def test_type_errors(bad):
    for fn in (normalize_text, tokenize, lemmatize, prepare):
        with pytest.raises(TypeError, match="must be str"):
            fn(bad)


def test_truncation_keeps_offsets_valid():
    text = "а " * 60_000
    t = prepare(text)
    assert t.truncated
    s, e = t.normalized.span_to_original(0, len(t.clean))
    assert 0 <= s <= e <= len(text)


@pytest.mark.skipif(platform.python_implementation() != "CPython"
                    or platform.machine() not in ("x86_64", "AMD64", "arm64"),
                    reason="DAWG2 is only required where it has binary wheels")
def test_morphology_uses_the_c_dawg_reader() -> None:
    """setup.cfg requires DAWG2 on these platforms: pymorphy3 must pick it up (4× faster
    lookups on new word forms; the whole CLI run went from 628 to 829 msg/s)."""
    import pymorphy3.dawg

    assert pymorphy3.dawg.EXTENSION_AVAILABLE


def test_trigger_scan_finds_exactly_the_matches_of_the_full_pattern():
    """The normaliser jumps between trigger characters (speed); it must find what a plain
    ``finditer`` of the full pattern finds, on text dense with every kind of thing it cleans."""
    import random

    from complaintnlp.text.normalize import _PATTERN, _pattern_matches

    pieces = [*"ab hwtps:/.,!?-–—«»ёЁ<>&;#@_~=*\t\u00a0\u200b\u3000\x01ру😀", "http://", "www.",
              "site.ru/x", "&amp;", "&laquo;", "&#8212;", "<br>", "<p class=x>", "<!-- c -->",
              "  ", "...", "!!!", "#тверь", "@user", "e@mail.ru", "Ленина", "\ufe0f", "🇷🇺"]
    rng = random.Random(0)
    for _ in range(20_000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        want = [(m.span(), m.lastgroup) for m in _PATTERN.finditer(s)]
        assert [(m.span(), m.lastgroup) for m in _pattern_matches(s)] == want, repr(s)
