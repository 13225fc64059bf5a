"""Reproducible training of the default topic model from ``corpora/topics`` and ``../shared``.

Used by ``complaintnlp train`` and ``complaintnlp evaluate topics --builtin``. It needs a source
checkout (``corpora/`` next to the package) and the shared data; scikit-learn and navec are
imported only here, never at inference.
"""

from __future__ import annotations

import importlib.util
import os
import random
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from .augment import ContextAugmenter
from .classifier import TopicClassifier
from .evaluation import TopicReport, evaluate_predictions
from .taxonomy import TAXONOMY

__all__ = ["CONTEXT_SEED", "DEFAULT_PARAMS", "INFORMAL_PLACE_NAMES", "SOURCE_WEIGHTS",
           "default_paths", "evaluate_builtin", "load_corpus", "place_words", "train_default",
           "with_context"]

#: hyper-parameters of the default model (see models/README.md)
DEFAULT_PARAMS: dict[str, Any] = {"C": 4.0, "appeal_C": 2.0, "embedding_weight": 0.05,
                                  "random_state": 0, "context_augmentation": 2.0,
                                  "augmentation_weight": 0.5}
#: informal names of big towns and regions, written instead of the official ones
INFORMAL_PLACE_NAMES = ("питер", "спб", "мск", "екб", "ебург", "нск", "новосиб", "челяба",
                        "владик", "кенигсберг", "подмосковье", "ленобласть", "кубань", "урал",
                        "сибирь", "ставрополье", "прикамье", "приморье", "забайкалье", "югра",
                        "ямал", "кузбасс", "донбасс", "крым", "мо", "ло", "рф", "россия")
#: towns of at least this many people are masked by name (see :func:`place_words`)
PLACE_WORDS_MIN_POPULATION = 10_000


def place_words(min_population: int = PLACE_WORDS_MIN_POPULATION) -> list[str]:
    """Lemmas and lower-case forms of place names the default topic model leaves out.

    The towns of ``min_population``+ people of the packaged gazetteer (one-word names, and the
    proper-name words of longer ones: «новгород», «оскол», not «нижний» or «челны»), the one-word names of
    regions («татарстан», «москва») and :data:`INFORMAL_PLACE_NAMES`. A town whose name is also a
    common word («Мирный», «Заречный») is kept out below 100,000 people.
    """
    from ..geo.gazetteer import _NONPLACE, default_gazetteer
    from ..text.morphology import lemmatize_word, parse_word

    def common(word: str) -> bool:
        return any(p.is_known and p.score >= 0.1 and not p.tag.grammemes & _NONPLACE
                   for p in parse_word(word)[:3])

    gaz = default_gazetteer()
    out = set(INFORMAL_PLACE_NAMES)
    for place in gaz.iter_places():
        if place.kind == "settlement" and place.population < min_population:
            continue
        if place.kind not in ("settlement", "region"):
            continue
        words = place.name.lower().replace("ё", "е").replace("(", " ").replace(")", " ").split()
        for w in words:
            if w in _TYPE_WORDS or len(w) < 3 or not w[0].isalpha():
                continue
            if common(w) and (len(words) > 1 or place.population < 100_000):
                continue
            if w in _NOT_MASKED:
                continue
            out.add(w)
            lemma = lemmatize_word(w)
            if lemma != w and not common(lemma):  # not «шахта», «ковровый» for Шахты, Ковров
                out.add(lemma)
    return sorted(out)


_NOT_MASKED = frozenset({"шахты"})  # «шахты лифта» is a housing complaint
_TYPE_WORDS = frozenset("""область край республика автономный автономная округ город
федерального значения район""".split())

#: seed of the context test sets (``*+context``): held-out messages with unseen context added
CONTEXT_SEED = 7
#: the held-out sets of the documented split
HELD_OUT = ("kursk_test", "spb_test", "informal_eval")
#: sample weight of each training source
SOURCE_WEIGHTS = {"kursk": 1.0, "spb": 0.5, "handwritten_train": 3.0}


def default_paths() -> tuple[Path, Path]:
    """``(corpora/topics, ../shared/data)`` of the source checkout this package runs from."""
    root = Path(__file__).resolve().parents[2]
    return root / "corpora" / "topics", root.parent / "shared" / "data"


def _loaders(corpora: Path) -> ModuleType:
    path = Path(corpora) / "loaders.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: training needs a source checkout with "
                                "corpora/topics")
    name = "complaintnlp_corpora_topics_loaders"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_corpus(corpora: Path | None = None, shared: Path | None = None
                ) -> tuple[dict[str, list[dict[str, Any]]], ModuleType]:
    """The documented split (see ``corpora/topics/README.md``) and the loaders module."""
    c0, s0 = default_paths()
    corpora = Path(corpora) if corpora else c0
    shared = Path(shared) if shared else s0
    if not shared.is_dir():
        raise FileNotFoundError(f"shared data not found at {shared}")
    mod = _loaders(corpora)
    return mod.build_corpus(shared), mod


def _report(clf: TopicClassifier, rows: list[dict[str, Any]],
            reference: list[str] | None = None) -> tuple[TopicReport, list[str]]:
    res = clf.classify_batch([r["text"] for r in rows])
    pred = [r.label for r in res]
    rep = evaluate_predictions([r["labels"][0] for r in rows], pred, labels=list(TAXONOMY.ids),
                               gold_appeal=[r["is_appeal"] for r in rows],
                               pred_appeal=[r.is_appeal for r in res])
    if reference is not None and pred:
        rep.extra["label_flip_rate"] = sum(
            a != b for a, b in zip(pred, reference, strict=True)) / len(pred)
    return rep, pred


def with_context(rows: list[dict[str, Any]], seed: int = CONTEXT_SEED) -> list[dict[str, Any]]:
    """Copies of held-out rows with label-neutral context the model never saw in training.

    The context comes from the *eval* half of :class:`~complaintnlp.topics.augment.
    ContextAugmenter` (other towns and villages, other complaint phrases than in training).
    """
    aug = ContextAugmenter(share=1.0, part="eval", seed=seed)
    rng = random.Random(seed)
    return [dict(r, text=aug.augment_text(str(r["text"]), rng, bool(r["is_appeal"])))
            for r in rows]


def evaluate_builtin(clf: TopicClassifier, corpora: Path | None = None,
                     shared: Path | None = None, context: bool = True,
                     corpus: dict[str, list[dict[str, Any]]] | None = None
                     ) -> dict[str, TopicReport]:
    """Reports on the held-out Kursk and SPb splits and on the informal hand-written set.

    With ``context`` also on each set with label-neutral context added (``<set>+context``, see
    :func:`with_context`), with the share of messages whose label changed
    (``label_flip_rate``): the model's robustness to places and phrasing. ``corpus`` (from
    :func:`load_corpus`) saves reading the data again.
    """
    if corpus is None:
        corpus, _ = load_corpus(corpora, shared)
    out: dict[str, TopicReport] = {}
    for name in HELD_OUT:
        out[name], pred = _report(clf, corpus[name])
        if context:
            out[f"{name}+context"], _ = _report(clf, with_context(corpus[name]), pred)
    return out


def train_default(out: str | os.PathLike[str] | None = None, corpora: Path | None = None,
                  shared: Path | None = None, verbose: bool = True) -> TopicClassifier:
    """Fit the default model on the training split, evaluate it, save it to ``out``."""
    t0 = time.perf_counter()
    corpus, mod = load_corpus(corpora, shared)
    train = corpus["train"]
    counts: dict[str, int] = {}
    for r in train:
        counts[r["source"]] = counts.get(r["source"], 0) + 1
    if verbose:
        print(f"training rows: {len(train)} {counts}", file=sys.stderr)
    clf = TopicClassifier(**DEFAULT_PARAMS, mask_words=place_words())
    clf.fit([r["text"] for r in train], [r["labels"] for r in train],
            is_appeal=[r["is_appeal"] for r in train],
            sample_weight=[SOURCE_WEIGHTS.get(r["source"], 1.0) for r in train])
    reports = evaluate_builtin(clf, corpus=corpus)
    clf.metrics_ = {name: {"macro_f1": round(rep.macro_f1, 4),
                           "accuracy": round(rep.accuracy, 4), "n": rep.n,
                           "f1": {k: round(v["f1"], 4) for k, v in rep.per_label.items()
                                  if v["support"]},
                           **({"appeal_accuracy": round(rep.appeal["accuracy"], 4)}
                              if rep.appeal else {}),
                           **{k: round(v, 4) for k, v in rep.extra.items()}}
                    for name, rep in reports.items()}
    clf.taxonomy_ = TAXONOMY.id
    clf.data_hash_ = mod.data_hash(train)
    clf.training_ = {"rows": len(train), "sources": counts, "seed": mod.SEED,
                     "source_weights": SOURCE_WEIGHTS, "spb_per_reason": mod.SPB_PER_REASON,
                     "command": "complaintnlp train"}
    if verbose:
        for name, rep in reports.items():
            print(f"== {name}\n{rep.format()}\n", file=sys.stderr)
        print(f"trained in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if out is not None:
        clf.save(out)
    return clf
