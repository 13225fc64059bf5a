"""Unit tests of the topic stage (fast; the default model and tiny fitted models)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import numpy as np
import pytest

from complaintnlp.errors import ModelFormatError, NotFittedError
from complaintnlp.text import prepare
from complaintnlp.topics import (
    TAXONOMY,
    Taxonomy,
    TopicClassifier,
    TopicResult,
    classify,
    classify_batch,
    default_classifier,
)
from complaintnlp.topics.classifier import _Compiled
from complaintnlp.topics.evaluation import evaluate_predictions, read_labelled
from complaintnlp.topics.features import analyze

TEXTS = ["яма на дороге", "разбитый асфальт во дворе", "колесо пробил в яме на трассе",
         "нет горячей воды", "течет крыша в подъезде", "батареи холодные дома",
         "спасибо за помощь", "всем привет", "с праздником друзья",
         "автобус не пришел", "маршрутка не ходит вечером", "водитель автобуса хамит"]
LABELS = ["roads"] * 3 + ["housing_utilities"] * 3 + ["other"] * 3 + ["transport"] * 3
APPEAL = [True] * 6 + [False] * 3 + [True] * 3


@pytest.fixture(scope="module")
def small() -> TopicClassifier:
    return TopicClassifier(embedding_words=0, calibration_size=0, min_df=1).fit(
        TEXTS * 2, LABELS * 2, is_appeal=APPEAL * 2)


# ------------------------------------------------------------------ taxonomy

def test_taxonomy_v1():
    assert isinstance(TAXONOMY, Taxonomy)
    assert TAXONOMY.id == "ru_appeals.v1"
    assert TAXONOMY.ids == ("roads", "housing_utilities", "transport", "healthcare",
                            "social_protection", "landscaping", "other")
    assert TAXONOMY.display_name("housing_utilities") == "ЖКХ"
    assert all(t.name and t.description for t in TAXONOMY)
    assert len(TAXONOMY.rules) == 6
    assert json.dumps(TAXONOMY.to_dict(), ensure_ascii=False)


def test_public_names_exported():
    import complaintnlp

    for name in ("TAXONOMY", "Taxonomy", "TopicClassifier", "TopicResult", "classify"):
        assert getattr(complaintnlp, name) is not None


# ------------------------------------------------------------------ estimator API

def test_get_set_params_and_clone(small):
    from sklearn.base import clone

    params = small.get_params()
    assert params["C"] == 4.0 and params["embedding_words"] == 0
    c = clone(small)
    assert c.get_params() == params and not hasattr(c, "classes_")
    assert c.set_params(C=1.0) is c and c.C == 1.0
    with pytest.raises(ValueError, match="invalid parameter"):
        c.set_params(nope=1)


def test_sklearn_generic_checks():
    # parametrize_with_checks feeds numeric 2-D arrays, which a text classifier does not take
    # (it is tagged input_tags.string); the checks that do not depend on the input type run here.
    from sklearn.utils.estimator_checks import (
        check_get_params_invariance,
        check_no_attributes_set_in_init,
        check_parameters_default_constructible,
        check_set_params,
    )

    est = TopicClassifier()
    check_no_attributes_set_in_init("TopicClassifier", est)
    check_parameters_default_constructible("TopicClassifier", est)
    check_get_params_invariance("TopicClassifier", est)
    check_set_params("TopicClassifier", est)


def test_sklearn_cross_val_score():
    from sklearn.model_selection import cross_val_score

    est = TopicClassifier(embedding_words=0, calibration_size=0, min_df=1)
    scores = cross_val_score(est, TEXTS * 3, LABELS * 3, cv=3)
    assert scores.shape == (3,) and (scores >= 0).all()


def test_fit_predict(small):
    assert list(small.classes_) == ["housing_utilities", "other", "roads", "transport"]
    assert small.predict(["огромная яма на дороге", "автобус опять не пришел"]).tolist() == [
        "roads", "transport"]
    proba = small.predict_proba(["нет воды", "привет"])
    assert proba.shape == (2, 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert small.decision_function(["нет воды"]).shape == (1, 4)
    assert 0 <= small.score(TEXTS, LABELS) <= 1


def test_single_and_batch_paths_agree(small):
    texts = [*TEXTS, "", "😀", "Яма!!! На улице Ленина 5", "ёлка ЁЖ 123"]
    batch = small.classify_batch(texts)
    for t, b in zip(texts, batch, strict=True):
        r = small.classify(t)
        assert r.label == b.label and r.labels == b.labels
        assert r.scores == pytest.approx(b.scores, abs=1e-9)
    comp = small.compiled
    analysed = [analyze(t) for t in texts]
    one = np.array([comp.raw_one(*a) for a in analysed])
    np.testing.assert_allclose(one, comp.raw_batch(analysed), atol=1e-6)


@pytest.mark.parametrize("char_mode", ["word", "text"])
def test_numpy_inference_matches_sklearn_training(char_mode):
    clf = TopicClassifier(embedding_words=0, min_df=1, char_mode=char_mode)
    analysed = [analyze(t) for t in TEXTS * 2]
    state = {"nav_words": [], "nav_vectors": None}
    sets = [(lab,) for lab in LABELS * 2]
    params, arrays = clf._fit_core(analysed, sets, sorted(set(LABELS)),
                                   np.array(APPEAL * 2), np.ones(len(sets)), state)
    comp = _Compiled(clf._finish_params(params, 1.0, (1.0, 0.0),
                                        {c: 0.5 for c in set(LABELS)}), arrays)
    x, topic = state["last_fit"]
    np.testing.assert_allclose(topic.decision_function(x), comp.raw_batch(analysed)[:, :-1],
                               atol=0.02)  # float16 weights
    one = np.array([comp.raw_one(*a) for a in analysed])
    np.testing.assert_allclose(one, comp.raw_batch(analysed), atol=1e-6)


def test_bad_char_mode():
    with pytest.raises(ValueError, match="char_mode"):
        TopicClassifier(char_mode="bytes", embedding_words=0).fit(TEXTS, LABELS)


def test_custom_labels_and_multilabel():
    texts = ["кот мяукает", "собака лает", "кот и собака дерутся", "рыбка плавает"] * 4
    labels = [["cats"], ["dogs"], ["cats", "dogs"], "fish"] * 4
    clf = TopicClassifier(embedding_words=0, calibration_size=0, min_df=1,
                          default_threshold=0.25, default_label=None).fit(texts, labels)
    assert list(clf.classes_) == ["cats", "dogs", "fish"]
    both = clf.predict_labels(["кот и собака дерутся"])[0]
    assert set(both) == {"cats", "dogs"}
    assert clf.predict_labels(["рыбка плавает"])[0] == ("fish",)
    assert clf.thresholds_ == {"cats": 0.25, "dogs": 0.25, "fish": 0.25}
    # a message without words: no "other" class here, the bias decides
    r = clf.classify("")
    assert r.label in clf.classes_ and sum(r.scores.values()) == pytest.approx(1.0)


def test_two_classes():
    clf = TopicClassifier(embedding_words=0, calibration_size=0, min_df=1).fit(
        ["хорошо", "плохо"] * 5, ["pos", "neg"] * 5)
    assert clf.predict(["хорошо"]).tolist() == ["pos"]


def test_calibration_and_thresholds_fitted():
    clf = TopicClassifier(embedding_words=0, min_df=1, calibration_size=0.3).fit(
        TEXTS * 5, LABELS * 5, is_appeal=APPEAL * 5)
    assert clf.temperature_ > 0
    assert set(clf.thresholds_) == set(LABELS)
    assert all(0 < t < 1 for t in clf.thresholds_.values())


def test_fit_errors():
    with pytest.raises(ValueError, match="two distinct"):
        TopicClassifier(embedding_words=0).fit(["a", "b"], ["x", "x"])
    with pytest.raises(ValueError, match="labels"):
        TopicClassifier(embedding_words=0).fit(["a", "b"], ["x"])
    with pytest.raises(TypeError):
        TopicClassifier(embedding_words=0).fit([None, "b"], ["x", "y"])
    with pytest.raises(NotFittedError):
        TopicClassifier().classify("яма")


# ------------------------------------------------------------------ persistence

def test_save_load_roundtrip(small, tmp_path):
    small.metrics_ = {"demo": 1}
    path = small.save(tmp_path / "m")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "topic_classifier" and meta["labels"] == list(small.classes_)
    assert meta["thresholds"] and meta["metrics"] == {"demo": 1}
    loaded = TopicClassifier.load(path)
    assert loaded.get_params() == small.get_params()
    for t in TEXTS:
        assert loaded.classify(t) == small.classify(t)


def test_tampered_model_refused(small, tmp_path):
    path = small.save(tmp_path / "m")
    target = path / "word_w.npy"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match="checksum"):
        TopicClassifier.load(path)


def test_missing_file_refused(small, tmp_path):
    path = small.save(tmp_path / "m")
    (path / "bias.npy").unlink()
    with pytest.raises(ModelFormatError):
        TopicClassifier.load(path)


def test_default_model_loads_without_pickle(monkeypatch):
    import complaintnlp.topics as topics

    def boom(*a, **k):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "loads", boom)
    monkeypatch.setattr(pickle, "load", boom)
    monkeypatch.setattr(topics, "_DEFAULT", None)
    clf = default_classifier()
    assert clf is default_classifier()
    assert clf.taxonomy_ == TAXONOMY.id
    assert set(clf.classes_) == set(TAXONOMY.ids)
    assert clf.data_hash_ and clf.metrics_


def test_inference_does_not_import_sklearn_or_navec():
    code = ("import sys, complaintnlp; complaintnlp.classify('яма во дворе'); "
            "bad = [m for m in ('sklearn', 'navec', 'natasha', 'scipy') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ classify()

def test_classify_result_shape():
    r = classify("во дворе огромная яма, колесо пробил")
    assert isinstance(r, TopicResult)
    assert r.label == "roads" and r.labels[0] == "roads" and r.is_appeal
    assert set(r.scores) == set(TAXONOMY.ids)
    assert sum(r.scores.values()) == pytest.approx(1.0)
    assert 0.0 <= r.appeal_score <= 1.0
    assert TopicResult.from_dict(r.to_dict()) == r


@pytest.mark.parametrize("bad", [None, b"bytes", 5, ["яма"], 3.5])
def test_classify_bad_input(bad):
    with pytest.raises(TypeError, match="text must be str"):
        classify(bad)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "😀😀🔥", "!!!", "\u200b"])
def test_classify_empty_like(text):
    r = classify(text)
    assert r.label == "other" and not r.is_appeal and r.labels == ("other",)
    assert sum(r.scores.values()) == pytest.approx(1.0)


def test_classify_accepts_text_object():
    t = prepare("Нет горячей воды третий день")
    assert classify(t) == classify("Нет горячей воды третий день")


def test_non_appeals():
    for text in ("спасибо большое врачам за помощь!", "всем доброе утро", "продам гараж"):
        assert not classify(text).is_appeal, text


def test_classify_batch_matches_classify():
    texts = ["нет горячей воды", "автобус 5 не ходит", "", "спасибо"]
    assert [r.label for r in classify_batch(texts)] == [classify(t).label for t in texts]


# ------------------------------------------------------------------ evaluation + CLI

def test_evaluate_predictions_and_reader(tmp_path):
    rep = evaluate_predictions(["a", "b", "b"], ["a", "b", "a"], labels=["a", "b"])
    assert rep.per_label["b"]["recall"] == 0.5 and rep.confusion.tolist() == [[1, 0], [1, 1]]
    assert "macro-F1" in rep.format()
    p = tmp_path / "x.jsonl"
    p.write_text('{"t": "яма", "y": "roads"}\n{"t": "вода", "y": ["housing_utilities"]}\n',
                 encoding="utf-8")
    assert read_labelled(p, "t", "y") == (["яма", "вода"], ["roads", "housing_utilities"])
    bad = tmp_path / "bad.csv"
    bad.write_text("text,lab\nяма,roads\n", encoding="utf-8")
    with pytest.raises(ValueError, match="label"):
        read_labelled(bad)


def test_cli_classify_and_evaluate(tmp_path, capsys):
    from complaintnlp.cli import main

    assert main(["classify", "нет горячей воды"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["label"] == "housing_utilities" and "scores" in out
    f = tmp_path / "gold.csv"
    f.write_text("text,label\nяма на дороге,roads\nнет горячей воды,housing_utilities\n",
                 encoding="utf-8")
    assert main(["evaluate", "topics", str(f)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "confusion" in out


def test_non_appeals_are_other_whatever_service_they_name():
    # taxonomy rule 6 (a real failure: thanks to a hospital came out as `healthcare`)
    r = classify("Благодарю врачей кардиологии областной больницы Твери за спасение отца")
    assert not r.is_appeal
    assert r.label == "other" and r.labels[0] == "other"
    # the service is still visible: the best label after `other`, with a real score
    assert max((v, k) for k, v in r.scores.items() if k != "other")[1] == "healthcare"
    assert r.scores["healthcare"] > 0.2
    kept = TopicClassifier(embedding_words=0, calibration_size=0, min_df=1,
                           non_appeal_label=None).fit(TEXTS * 2, LABELS * 2, is_appeal=APPEAL * 2)
    assert kept.get_params()["non_appeal_label"] is None


def test_word_row_cache_reset_keeps_outputs(small, monkeypatch):
    """The per-word logit rows are a bounded cache: clearing it (many distinct words in a
    long-running service) never changes a result, on the single or the batch path."""
    import complaintnlp.topics.classifier as module

    texts = [*TEXTS, "Яма!!! На улице Ленина 5", "ёлка ЁЖ 123", "новые слова каждый раз"]
    comp = small.compiled
    analysed = [analyze(t) for t in texts]
    before = np.array([comp.raw_one(*a) for a in analysed])
    monkeypatch.setattr(module, "_CACHE_LIMIT", 3)
    after = np.array([comp.raw_one(*a) for a in analysed])
    np.testing.assert_allclose(after, before, atol=1e-12)
    np.testing.assert_allclose(comp.raw_batch(analysed, chunk=2), before, atol=1e-9)
    assert len(comp._cache) <= 3 + max(len(a[0]) for a in analysed) * 2


@pytest.mark.parametrize(("text", "masked"), [
    ("в д. Малиновка Тульской обл нет света", ["в", "нет", "света"]),
    ("г. Курск, ул. Союзная д. 71Б — УК не убирает двор", ["ук", "не", "убирает", "двор"]),
    ("пенсию не пересчитали, город Киров", ["пенсию", "не", "пересчитали"]),
    ("на ул ленина 5 яма", ["на", "яма"]),
    ("на улице холодно, в городе нет света", ["на", "улице", "холодно", "в", "городе", "нет",
                                               "света"]),
    # all capitals: capitalisation marks no name («С ЛЕКАРСТВАМИ» stays; «Г. САРАТОВ» goes)
    ("ПРОШУ ПОМОЧЬ С ЛЕКАРСТВАМИ Г. САРАТОВ", ["прошу", "помочь", "с", "лекарствами"]),
])
def test_place_mask(text, masked):
    assert analyze(text, mask_places=True)[0] == masked


@pytest.mark.parametrize("text", ["г.", "5", "а?", "...", "👍 1"])
def test_message_without_words_is_not_an_appeal(text):
    # «г.» alone was a healthcare appeal (0.72): no word of two letters carries a topic
    r = classify(text)
    assert (r.label, r.is_appeal) == ("other", False)


# ------------------------------------------------------------------ label shift for appeals

def test_appeal_prior_ratio(small, tmp_path):
    # every non-appeal is `other`: among appeals `other` is rarer (here absent) than overall
    r = small.appeal_prior_ratio_
    assert r["other"] < 1.0 < r["roads"]
    assert r["roads"] == pytest.approx(r["transport"])
    # full strength: P(other | appeal) = 0 here, so an appeal is never `other`
    full = TopicClassifier(embedding_words=0, calibration_size=0, min_df=1,
                           appeal_prior_correction=1.0).fit(TEXTS * 2, LABELS * 2,
                                                            is_appeal=APPEAL * 2)
    res = full.classify("нет горячей воды в подъезде")
    assert res.is_appeal and res.scores["other"] == 0.0
    assert sum(res.scores.values()) == pytest.approx(1.0)
    # non-appeals are untouched; the factors survive save / load
    loaded = TopicClassifier.load(small.save(tmp_path / "m"))
    assert loaded.appeal_prior_ratio_ == pytest.approx(r)
    assert loaded.classify("спасибо за помощь").scores == \
        pytest.approx(small.classify("спасибо за помощь").scores)


def test_appeal_prior_correction_off_and_invalid():
    off = TopicClassifier(embedding_words=0, calibration_size=0, min_df=1,
                          appeal_prior_correction=0.0).fit(TEXTS * 2, LABELS * 2,
                                                           is_appeal=APPEAL * 2)
    assert set(off.appeal_prior_ratio_.values()) == {1.0}
    with pytest.raises(ValueError, match="appeal_prior_correction"):
        TopicClassifier(embedding_words=0, calibration_size=0, min_df=1,
                        appeal_prior_correction=2.0).fit(TEXTS * 2, LABELS * 2,
                                                         is_appeal=APPEAL * 2)
