"""Context augmentation of the topic training data (fast)."""

from __future__ import annotations

import random

import pytest
from test_topics import APPEAL, LABELS, TEXTS  # the tiny labelled corpus of the topic tests

from complaintnlp.topics import TopicClassifier
from complaintnlp.topics.augment import _FILLERS, ContextAugmenter, _part_of


@pytest.fixture(scope="module")
def train_aug() -> ContextAugmenter:
    return ContextAugmenter(share=1.0, seed=3)


def test_augmented_text_keeps_the_message(train_aug):
    rng = random.Random(0)
    for text in ("Яма на дороге у школы", "нет горячей воды", "спасибо за площадку"):
        for _ in range(30):
            out = train_aug.augment_text(text, rng)
            assert text.lower().rstrip(".!?") in out.lower()
            assert len(out) > len(text)


def test_deterministic_for_a_seed():
    rows = [{"text": t, "labels": [lab], "is_appeal": a, "source": "x"}
            for t, lab, a in zip(TEXTS, LABELS, APPEAL, strict=True)]
    a = ContextAugmenter(share=1.5, seed=5).augment_rows(rows)
    b = ContextAugmenter(share=1.5, seed=5).augment_rows(rows)
    assert [r["text"] for r in a] == [r["text"] for r in b]
    assert len(rows) <= len(a) <= 2 * len(rows)
    for r in a:  # labels and appeal flags are kept, the source says it is a copy
        orig = next(o for o in rows if o["text"].lower() in r["text"].lower())
        assert (r["labels"], r["is_appeal"]) == (orig["labels"], orig["is_appeal"])
        assert r["source"] == "x+context"


def test_train_and_eval_halves_are_disjoint():
    tr = ContextAugmenter(part="train")._inventory()
    ev = ContextAugmenter(part="eval")._inventory()
    assert len(tr[0]) > 300 and len(ev[0]) > 300  # towns of every region
    assert not {n for n, _ in tr[0]} & {n for n, _ in ev[0]}
    assert not {n for n, _ in tr[1]} & {n for n, _ in ev[1]}
    assert all(_part_of(n) == "train" for n, _ in tr[0])
    assert not set(_FILLERS["train"]) & set(_FILLERS["eval"])
    assert any(loc for _, loc in tr[0])  # «в Казани»: locative forms are generated


def test_non_appeals_get_no_complaint_phrase():
    aug = ContextAugmenter(seed=1)
    rng = random.Random(2)
    phrases = set(_FILLERS["train"])
    for _ in range(200):
        prefix, suffix = aug.context(rng, appeal=False)
        assert not any(p in prefix or p in suffix for p in phrases)


def test_no_greetings_or_thanks_among_the_phrases():
    # they are evidence of a non-appeal: adding them to appeals would teach the opposite
    for part in _FILLERS.values():
        for p in part:
            assert "спасибо" not in p and "здравствуй" not in p and "добрый" not in p


def test_classifier_with_augmentation_keeps_its_vocabulary():
    kw = {"embedding_words": 0, "calibration_size": 0, "min_df": 1}
    plain = TopicClassifier(**kw).fit(TEXTS * 2, LABELS * 2, is_appeal=APPEAL * 2)
    aug = TopicClassifier(**kw, context_augmentation=2.0).fit(TEXTS * 2, LABELS * 2,
                                                             is_appeal=APPEAL * 2)
    # the vocabulary comes from the given texts only; the copies only change the weights
    assert plain._params_json["word_vocab"] == aug._params_json["word_vocab"]
    assert plain._params_json["char_vocab"] == aug._params_json["char_vocab"]
    assert aug.get_params()["context_augmentation"] == 2.0
    assert aug.predict(["огромная яма на дороге в Твери"]).tolist() == ["roads"]


def test_default_model_was_trained_with_augmentation():
    from complaintnlp.topics import default_classifier

    clf = default_classifier()
    assert clf.get_params()["context_augmentation"] > 0
    assert "kursk_test+context" in clf.metrics_
