"""``TopicClassifier``: a linear topic model over lemmas, character n-grams and navec vectors.

Training uses scikit-learn (TF-IDF, ``LogisticRegression``, ``StandardScaler``) and navec.
Inference is pure NumPy: the fitted model is *compiled* into per-feature weight rows,

* word terms and character n-grams: ``idf`` and a weight row per term (TF-IDF with sublinear
  term frequency and L2 norm is recomputed exactly);
* navec: because the model is linear, the standardised mean word vector collapses to the mean of
  per-word projections ``emb(word) · W / σ`` (stored, float16), the scaler's shift folded into
  the bias.

Every weight matrix has one extra column: the *is_appeal* head (a separate binary logistic
regression on the same features). Probabilities are calibrated on a held-out fold of the training
data: a temperature for the topic softmax, a Platt scaling for the appeal head; per-label
thresholds for multi-label output are tuned on the same fold. Everything is saved with
:func:`complaintnlp.io.save_model_dir` (JSON + ``.npy``, checksums, no pickle).
"""

from __future__ import annotations

import inspect
import math
import os
from collections.abc import Iterable, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFormatError, NotFittedError
from ..text import Text, prepare
from .features import analyze, char_ngrams, word_terms
from .genre import non_appeal_genre
from .result import TopicResult

__all__ = ["MODEL_KIND", "TopicClassifier"]

MODEL_KIND = "topic_classifier"
_CACHE_LIMIT = 300_000
#: appeal probability of a message of a non-appeal genre (see complaintnlp.topics.genre)
_GENRE_APPEAL_CAP = 0.3


def _check_input(text: object) -> str | Text:
    if isinstance(text, str | Text):
        return text
    raise TypeError(f"text must be str or complaintnlp.text.Text, got {type(text).__name__}")


def _label_set(y: object) -> tuple[str, ...]:
    if isinstance(y, str):
        return (y,)
    if isinstance(y, Iterable):
        out = tuple(str(v) for v in y)
        if not out:
            raise ValueError("an empty label list in the training labels")
        return tuple(dict.fromkeys(out))
    if isinstance(y, np.generic | int):
        return (str(y),)
    raise TypeError(f"a label must be a str or a list of str, got {type(y).__name__}")


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(x: float) -> float:
    """Logistic function that never overflows."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _tfidf_weights(ids: list[int], idf2: list[float]) -> tuple[list[int], list[float]]:
    """Distinct ``ids`` and their TF-IDF weights (sublinear tf, L2 norm) without the idf factor,
    which the weight rows carry: ``Σ weight · (idf · w)`` is the TF-IDF vector times ``w``."""
    if len(set(ids)) == len(ids):  # the usual case: every term once
        return ids, [1.0 / math.sqrt(sum([idf2[i] for i in ids]))] * len(ids)
    counts: dict[int, int] = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    idx = list(counts)
    tf = [1.0 + math.log(c) for c in counts.values()]
    inv = 1.0 / math.sqrt(sum([f * f * idf2[i] for i, f in zip(idx, tf, strict=True)]))
    return idx, [f * inv for f in tf]


def _segments(doc: np.ndarray) -> np.ndarray:
    """Start index of each run of equal values in sorted ``doc``."""
    return np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])


class _Compiled:
    """The NumPy inference state of a fitted classifier.

    Every feature of a message contributes one logit row: a word term its ``idf · w`` row, a
    navec word its projection, a word form the row of its character n-grams (computed once, then
    kept in a per-model cache). A message's logits are the bias plus one weighted sum of rows of
    :attr:`rows` — one ``np.dot`` per message, one ``reduceat`` per batch.
    """

    __slots__ = (
        "_cache",
        "_n_rows",
        "_n_static",
        "appeal_platt",
        "appeal_ratio",
        "bias",
        "char_idf",
        "char_idf2",
        "char_index",
        "char_mode",
        "char_range",
        "char_rows",
        "char_w",
        "classes",
        "default_label",
        "names",
        "nav_base",
        "nav_index",
        "nav_proj",
        "rows",
        "temperature",
        "threshold_list",
        "thresholds",
        "word_idf",
        "word_idf2",
        "word_index",
        "word_range",
        "word_w",
    )

    def __init__(self, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.classes = np.array(params["classes"], dtype=object)
        self.word_range = tuple(params["word_ngram_range"])
        self.char_range = tuple(params["char_ngram_range"])
        self.char_mode = params.get("char_mode", "word")
        self.word_index = {t: i for i, t in enumerate(params["word_vocab"])}
        self.char_index = {t: i for i, t in enumerate(params["char_vocab"])}
        self.nav_index = {t: i for i, t in enumerate(params["nav_vocab"])}
        self.word_idf = np.asarray(arrays["word_idf"], dtype=np.float64)
        self.char_idf = np.asarray(arrays["char_idf"], dtype=np.float64)
        self.word_w = np.asarray(arrays["word_w"], dtype=np.float32)
        self.char_w = np.asarray(arrays["char_w"], dtype=np.float32)
        self.nav_proj = np.asarray(arrays["nav_proj"], dtype=np.float32)
        self.bias = np.asarray(arrays["bias"], dtype=np.float64)
        k = len(self.classes) + 1
        for name in ("word_w", "char_w", "nav_proj"):
            a = getattr(self, name)
            if a.ndim != 2 or a.shape[1] != k:
                raise ModelFormatError(f"array {name} has shape {a.shape}, expected (*, {k})")
        if (self.word_w.shape[0] != len(self.word_index) or self.char_w.shape[0] !=
                len(self.char_index) or self.nav_proj.shape[0] != len(self.nav_index)
                or self.bias.shape != (k,) or self.word_idf.shape != (len(self.word_index),)
                or self.char_idf.shape != (len(self.char_index),)):
            raise ModelFormatError("vocabulary and weight sizes do not match")
        self.temperature = float(params["temperature"])
        ratio = params.get("appeal_prior_ratio")  # absent in models saved before it existed
        self.appeal_ratio: list[float] | None = (
            [float(v) for v in ratio] if ratio and any(float(v) != 1.0 for v in ratio)
            else None)
        if self.appeal_ratio is not None and len(self.appeal_ratio) != len(self.classes):
            raise ModelFormatError("appeal_prior_ratio does not match the classes")
        self.appeal_platt = tuple(float(v) for v in params["appeal_platt"])
        th = params["thresholds"]
        self.thresholds = np.array([float(th[str(c)]) for c in self.classes])
        self.threshold_list = self.thresholds.tolist()
        self.names = [str(c) for c in self.classes]
        self.default_label = params.get("default_label")
        self.word_idf2 = (self.word_idf ** 2).tolist()
        self.char_idf2 = (self.char_idf ** 2).tolist()
        # idf · w of each n-gram, row-major (the .npy may be column-major: rows are gathered)
        self.char_rows = np.ascontiguousarray(self.char_idf[:, None] * self.char_w)
        # rows = [idf · w of each word term | navec projections | char rows of seen word forms]
        self.nav_base = len(self.word_index)
        self._n_static = self.nav_base + len(self.nav_index)
        self.rows = np.empty((self._n_static + 4096, k))
        self.rows[:self.nav_base] = self.word_idf[:, None] * self.word_w
        self.rows[self.nav_base:self._n_static] = self.nav_proj
        self._n_rows = self._n_static
        self._cache: dict[str, tuple[int, int]] = {}

    # -------------------------------------------------------------- per word
    def _char_vector(self, ids: list[int]) -> np.ndarray | None:
        """TF-IDF (sublinear tf, L2 norm) of character n-gram ids, times their weights."""
        if not ids:
            return None
        idx, wts = _tfidf_weights(ids, self.char_idf2)
        return np.dot(wts, self.char_rows[idx])

    def _char_ids(self, form: str) -> list[int]:
        """Ids of the known character n-grams of ``form``."""
        get = self.char_index.get
        return [i for g in char_ngrams(form, self.char_range) if (i := get(g)) is not None]

    def _word_info(self, form: str, lemma: str) -> tuple[int, int]:
        """Cached rows of one word: its character n-grams and its navec projection (-1: none)."""
        key = form if form == lemma else f"{form}\t{lemma}"
        info = self._cache.get(key)
        if info is None:
            crow = -1
            vec = self._char_vector(self._char_ids(form)) if self.char_mode == "word" else None
            if vec is not None:
                crow = self._n_rows
                if crow == len(self.rows):
                    grown = np.empty((2 * crow, self.rows.shape[1]))
                    grown[:crow] = self.rows
                    self.rows = grown
                self.rows[crow] = vec
                self._n_rows = crow + 1
            nav = self.nav_index.get(form, -1)
            if nav < 0:
                nav = self.nav_index.get(lemma, -1)
            info = self._cache[key] = (crow, nav if nav < 0 else self.nav_base + nav)
        return info

    def _check_cache(self) -> None:
        """Bound the per-word cache; called between messages, never inside one sum."""
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
            self._n_rows = self._n_static
            self.rows = self.rows[:self._n_static + 4096].copy()

    def _terms(self, forms: list[str], lemmas: list[str]
               ) -> tuple[list[int], list[float], np.ndarray | None]:
        """``(rows, weights, extra)``: the logits are ``bias + weights · rows[rows] + extra``."""
        wi = self.word_index
        ids = [i for t in word_terms(lemmas, self.word_range) if (i := wi.get(t)) is not None]
        idx, wts = _tfidf_weights(ids, self.word_idf2) if ids else ([], [])
        extra = None
        if self.char_mode == "text":
            extra = self._char_vector([i for f in forms for i in self._char_ids(f)])
        chars: list[int] = []
        navs: list[int] = []
        for f, lem in zip(forms, lemmas, strict=True):
            c, r = self._word_info(f, lem)
            if c >= 0:
                chars.append(c)
            if r >= 0:
                navs.append(r)
        if chars:  # mean over all the words of the per-word rows
            idx += chars
            wts += [1.0 / len(forms)] * len(chars)
        if navs:  # mean over the words navec knows
            idx += navs
            wts += [1.0 / len(navs)] * len(navs)
        return idx, wts, extra

    # -------------------------------------------------------------- logits
    def raw_one(self, forms: list[str], lemmas: list[str]) -> np.ndarray:
        """Raw logits (classes + appeal) of one analysed message."""
        self._check_cache()
        idx, wts, extra = self._terms(forms, lemmas)
        z = self.bias + np.dot(wts, self.rows[idx]) if idx else self.bias.copy()
        if extra is not None:
            z += extra
        return z

    def raw_batch(self, analysed: Sequence[tuple[list[str], list[str]]],
                  chunk: int = 4096) -> np.ndarray:
        """Raw logits of many analysed messages, vectorised (in chunks of ``chunk`` messages)."""
        n = len(analysed)
        out = np.tile(self.bias, (n, 1))
        for lo in range(0, n, chunk):
            self._check_cache()
            doc: list[int] = []
            idx: list[int] = []
            wts: list[float] = []
            for j in range(lo, min(n, lo + chunk)):
                a, w, extra = self._terms(*analysed[j])
                idx += a
                wts += w
                doc += [j] * len(a)
                if extra is not None:
                    out[j] += extra
            if not idx:
                continue
            d = np.asarray(doc, dtype=np.int64)
            starts = _segments(d)
            contrib = self.rows[np.asarray(idx, dtype=np.int64)] * np.asarray(wts)[:, None]
            out[d[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return out

    # -------------------------------------------------------------- calibrated outputs
    def probabilities_one(self, raw: np.ndarray) -> tuple[list[float], float]:
        """:meth:`probabilities` of one message, in plain Python (no small-array overhead)."""
        z = raw.tolist()
        t = self.temperature
        logits = [v / t for v in z[:-1]]
        top = max(logits)
        e = [math.exp(v - top) for v in logits]
        s = sum(e)
        a, b = self.appeal_platt
        return [v / s for v in e], _sigmoid(a * z[-1] + b)

    def probabilities(self, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(class probabilities, appeal probability)`` from raw logits."""
        raw = np.atleast_2d(raw)
        proba = _softmax(raw[:, :-1] / self.temperature)
        a, b = self.appeal_platt
        appeal = 1.0 / (1.0 + np.exp(-(a * raw[:, -1] + b)))
        return proba, appeal


def _contentless(forms: Sequence[str]) -> bool:
    """No word of two letters or more: empty, emoji, «г.», «5», «?» carry no topic."""
    for f in forms:
        if len(f) >= 2 and sum(ch.isalpha() for ch in f) >= 2:
            return False
    return True


class TopicClassifier:
    """Topic classifier (scikit-learn compatible estimator, NumPy inference).

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the topic logistic regression.
    appeal_C : float
        Inverse regularisation strength of the *is_appeal* head.
    word_ngram_range : tuple of int
        Lemma n-gram range.
    char_ngram_range : tuple of int
        Character n-gram range (n-grams of each space-padded word form).
    char_mode : {"word", "text"}
        ``"word"``: the character block is the mean over the words of each word's L2-normalised
        TF-IDF n-gram vector (cached per word at inference: fastest); ``"text"``: one TF-IDF
        vector of all n-grams of the text.
    min_df : int
        Minimum document frequency of a word term or character n-gram.
    max_word_features, max_char_features : int
        Vocabulary caps (most frequent terms kept).
    embedding_words : int
        Number of navec words (most frequent first) used; 0 disables the embedding features.
    word_weight, char_weight, embedding_weight : float
        Scale of each feature block before the regression.
    calibration_size : float
        Share of the training texts held out to calibrate probabilities and tune the per-label
        thresholds (0 disables calibration: temperature 1, thresholds ``default_threshold``).
    default_threshold : float
        Threshold of a label without enough held-out examples to tune it.
    default_label : str or None
        Label returned for a message without any word (empty, whitespace, emoji only); when it
        is not one of the classes the bias alone decides.
    class_weight : {None, "balanced"}
        Class weighting of the topic regression.
    max_iter : int
        Iterations of the solver.
    random_state : int
        Seed of the calibration split and of the context augmentation.
    context_augmentation : float
        Augmented copies per training text (0: none): the text with label-neutral context added
        — a town of any region, a street and house, a village, a complaint phrase, lower case —
        and its labels unchanged (:class:`~complaintnlp.topics.augment.ContextAugmenter`). The
        copies teach the model that places and phrasing are no evidence of the topic; the
        vocabulary is still built from the given texts only, and held-out calibration texts are
        never augmented into training.
    augmentation_weight : float
        Sample weight of an augmented copy relative to its original.
    appeal_prior_correction : float
        Strength ``s`` in [0, 1] of the label-shift correction for a message the appeal head
        judges an appeal: each probability times ``(P(label | appeal) / P(label)) ** s`` (the
        prior shift in the weighted training data), renormalised; ``s = 1`` gives
        ``P(topic | text, appeal)``, ``0`` turns it off. All non-appeals carry
        ``non_appeal_label``, so without it that label is over-predicted for appeals (in the
        default model its prior halves: 0.29 overall, 0.15 among appeals). The default 0.5 was
        chosen on the hand-written probes and the Kursk split (``models/README.md``).
    non_appeal_label : str or None
        Primary label of a message the appeal head judges not to be an appeal (taxonomy v1,
        rule 6: thanks, greetings, ads and news are ``other`` whatever service they name); the
        service the topic head saw stays in ``scores`` and as a secondary label. ``None``, or a
        label that is not a class, keeps the topic head's label.
    non_appeal_cues : bool
        Cap the appeal probability at 0.3 for a message of a genre that is no appeal — thanks,
        an ad, an announcement — with no sign of a complaint
        (:func:`~complaintnlp.topics.genre.non_appeal_genre`; Russian surface cues, applied at
        prediction time only).
    mask_places : bool
        Leave the words of place and address mentions out of the features
        (:func:`~complaintnlp.topics.features.place_mask`: «ул. Ленина 5», «д. Малиновка»,
        «Тульской обл»): where a problem is says nothing about what it is.
    mask_words : sequence of str, optional
        Lemmas (or lower-case forms) also left out wherever they occur when ``mask_places`` is
        on; the default model's are the towns of 10,000+ people and informal place names
        (:func:`complaintnlp.topics.training.place_words`).

    Attributes
    ----------
    classes_ : ndarray of str
        Labels, sorted.
    thresholds_ : dict
        Label → probability threshold for :meth:`predict_labels` (the primary label is always
        included).
    temperature_ : float
        Softmax temperature fitted on the held-out fold.
    appeal_prior_ratio_ : dict
        Label → the factor applied to an appeal's probability, ``(P(label | appeal) /
        P(label)) ** appeal_prior_correction`` (all 1.0 when the training data has no
        non-appeals or the correction is 0).
    metrics_, taxonomy_, data_hash_ : optional
        Metadata stored in ``meta.json`` (set by the training script).

    Examples
    --------
    >>> texts = ["яма на дороге", "разбитый асфальт во дворе", "нет горячей воды",
    ...          "течет крыша подъезд", "спасибо за помощь", "всем привет"] * 3
    >>> labels = ["roads", "roads", "housing_utilities", "housing_utilities", "other",
    ...           "other"] * 3
    >>> clf = TopicClassifier(embedding_words=0, calibration_size=0, min_df=1).fit(texts, labels)
    >>> list(clf.classes_)
    ['housing_utilities', 'other', 'roads']
    >>> clf.predict(["огромная яма на дороге"]).tolist()
    ['roads']
    >>> r = clf.classify("опять нет горячей воды")
    >>> r.label, round(sum(r.scores.values()), 6)
    ('housing_utilities', 1.0)
    """

    def __init__(self, C: float = 4.0, appeal_C: float = 2.0,
                 word_ngram_range: tuple[int, int] = (1, 2),
                 char_ngram_range: tuple[int, int] = (3, 5), char_mode: str = "word",
                 min_df: int = 2,
                 max_word_features: int = 60_000, max_char_features: int = 60_000,
                 embedding_words: int = 100_000, word_weight: float = 1.0,
                 char_weight: float = 1.0, embedding_weight: float = 0.05,
                 calibration_size: float = 0.15, default_threshold: float = 0.4,
                 default_label: str | None = "other", class_weight: str | None = None,
                 max_iter: int = 500, random_state: int = 0,
                 context_augmentation: float = 0.0, augmentation_weight: float = 0.5,
                 non_appeal_label: str | None = "other", mask_places: bool = True,
                 mask_words: Sequence[str] | None = None,
                 appeal_prior_correction: float = 0.5, non_appeal_cues: bool = True) -> None:
        self.C = C
        self.appeal_C = appeal_C
        self.mask_places = mask_places
        self.mask_words = mask_words
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.char_mode = char_mode
        self.min_df = min_df
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.embedding_words = embedding_words
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.embedding_weight = embedding_weight
        self.calibration_size = calibration_size
        self.default_threshold = default_threshold
        self.default_label = default_label
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state
        self.context_augmentation = context_augmentation
        self.augmentation_weight = augmentation_weight
        self.non_appeal_label = non_appeal_label
        self.appeal_prior_correction = appeal_prior_correction
        self.non_appeal_cues = non_appeal_cues

    # ------------------------------------------------------------------ sklearn API
    @classmethod
    def _get_param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return sorted(p for p in sig.parameters if p != "self")

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor parameters (scikit-learn convention)."""
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params: Any) -> TopicClassifier:
        """Set constructor parameters; returns ``self``."""
        valid = set(self._get_param_names())
        for key, value in params.items():
            if key not in valid:
                raise ValueError(f"invalid parameter {key!r} for TopicClassifier")
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        defaults = {p.name: p.default for p in
                    inspect.signature(type(self).__init__).parameters.values()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if defaults.get(k) != v]
        return f"TopicClassifier({', '.join(changed)})"

    def __sklearn_tags__(self) -> Any:  # only called by scikit-learn itself
        from sklearn.utils import ClassifierTags, Tags, TargetTags

        tags = Tags(estimator_type="classifier", target_tags=TargetTags(required=True),
                    classifier_tags=ClassifierTags(multi_label=True))
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    _estimator_type = "classifier"

    # ------------------------------------------------------------------ fit
    def fit(self, texts: Sequence[str | Text], labels: Sequence[Any], *,
            is_appeal: Sequence[bool] | None = None,
            sample_weight: Sequence[float] | None = None) -> TopicClassifier:
        """Fit on texts and labels (a label or a list of labels per text).

        Parameters
        ----------
        texts : sequence of str or Text
        labels : sequence of str or of list of str
            One label, or several (multi-label, the first is the primary one), per text.
        is_appeal : sequence of bool, optional
            Target of the appeal head; default: every text is an appeal.
        sample_weight : sequence of float, optional
        """
        if self.char_mode not in ("word", "text"):
            raise ValueError(f"char_mode must be 'word' or 'text', got {self.char_mode!r}")
        texts = list(texts)
        label_sets = [_label_set(y) for y in labels]
        if len(texts) != len(label_sets):
            raise ValueError(f"{len(texts)} texts but {len(label_sets)} labels")
        if not texts:
            raise ValueError("no training texts")
        for t in texts:
            _check_input(t)
        classes = sorted({lab for s in label_sets for lab in s})
        if len(classes) < 2:
            raise ValueError("at least two distinct labels are needed")
        if not 0.0 <= float(self.appeal_prior_correction) <= 1.0:
            raise ValueError("appeal_prior_correction must be in [0, 1], got "
                             f"{self.appeal_prior_correction}")
        appeal = (np.ones(len(texts), dtype=bool) if is_appeal is None
                  else np.asarray(list(is_appeal), dtype=bool))
        weights = (np.ones(len(texts)) if sample_weight is None
                   else np.asarray(list(sample_weight), dtype=np.float64))
        if appeal.shape != (len(texts),) or weights.shape != (len(texts),):
            raise ValueError("is_appeal and sample_weight must have one value per text")
        analysed = [self._features(t) for t in texts]
        nav_words, nav_vectors = self._navec()
        state: dict[str, Any] = {"nav_words": nav_words, "nav_vectors": nav_vectors}
        originals = [t.original if isinstance(t, Text) else t for t in texts]
        params, arrays = self._fit_core(analysed, label_sets, classes, appeal, weights, state,
                                        originals)
        temperature, platt = 1.0, (1.0, 0.0)
        thresholds = {c: float(self.default_threshold) for c in classes}
        cal_idx = self._calibration_split(label_sets, len(texts))
        if cal_idx is not None:
            train_idx = np.setdiff1d(np.arange(len(texts)), cal_idx)
            sub = [analysed[i] for i in train_idx]
            sub_sets = [label_sets[i] for i in train_idx]
            sub_classes = sorted({lab for s in sub_sets for lab in s})
            if sub_classes == classes:
                p2, a2 = self._fit_core(sub, sub_sets, classes, appeal[train_idx],
                                        weights[train_idx], state,
                                        [originals[i] for i in train_idx])
                comp = _Compiled(self._finish_params(p2, 1.0, (1.0, 0.0), thresholds), a2)
                raw = comp.raw_batch([analysed[i] for i in cal_idx])
                cal_sets = [label_sets[i] for i in cal_idx]
                temperature = _fit_temperature(raw[:, :-1], cal_sets, classes)
                platt = _fit_platt(raw[:, -1], appeal[cal_idx])
                proba = _softmax(raw[:, :-1] / temperature)
                thresholds = _fit_thresholds(proba, cal_sets, classes, self.default_threshold)
        shift = _prior_ratio(label_sets, classes, appeal, weights)
        ratio = [round(v ** float(self.appeal_prior_correction), 6) for v in shift]
        params = dict(params, appeal_prior_shift=shift, appeal_prior_ratio=ratio)
        self._compiled = _Compiled(self._finish_params(params, temperature, platt, thresholds),
                                   arrays)
        self._params_json = self._finish_params(params, temperature, platt, thresholds)
        self.appeal_prior_ratio_ = dict(zip(classes, ratio, strict=True))
        self._arrays = arrays
        self.classes_ = np.array(classes, dtype=object)
        self.thresholds_ = dict(thresholds)
        self.temperature_ = temperature
        return self

    def _navec(self) -> tuple[list[str], np.ndarray | None]:
        if not self.embedding_words:
            return [], None
        from .embeddings import load_vectors

        return load_vectors(int(self.embedding_words))

    def _calibration_split(self, label_sets: list[tuple[str, ...]], n: int
                           ) -> np.ndarray | None:
        share = float(self.calibration_size)
        if share <= 0 or n < 20:
            return None
        rng = np.random.RandomState(self.random_state)
        primary = np.array([s[0] for s in label_sets], dtype=object)
        cal: list[int] = []
        for c in sorted(set(primary)):
            idx = np.flatnonzero(primary == c)
            rng.shuffle(idx)
            k = round(len(idx) * share)
            if len(idx) - k >= 1:
                cal.extend(idx[:k].tolist())
        return np.array(sorted(cal), dtype=np.int64) if len(cal) >= 10 else None

    def _finish_params(self, params: dict[str, Any], temperature: float,
                       platt: tuple[float, float], thresholds: dict[str, float]
                       ) -> dict[str, Any]:
        out = dict(params)
        out.update(temperature=float(temperature), appeal_platt=[float(v) for v in platt],
                   thresholds={str(k): float(v) for k, v in thresholds.items()})
        return out

    def _augmented(self, texts: list[str], analysed: list[tuple[list[str], list[str]]],
                   label_sets: list[tuple[str, ...]], appeal: np.ndarray, weights: np.ndarray
                   ) -> tuple[list[tuple[list[str], list[str]]], list[tuple[str, ...]],
                              np.ndarray, np.ndarray]:
        """The training rows followed by their context-augmented copies."""
        from .augment import ContextAugmenter

        pairs = ContextAugmenter(share=self.context_augmentation,
                                 seed=self.random_state).copies(texts, appeal.tolist())
        src = [i for i, _ in pairs]
        idx = np.asarray(src, dtype=np.int64)
        return (analysed + [self._features(t) for _, t in pairs], label_sets + [label_sets[i] for i in src],
                np.concatenate([appeal, appeal[idx]]),
                np.concatenate([weights, weights[idx] * self.augmentation_weight]))

    def _fit_core(self, analysed: list[tuple[list[str], list[str]]],
                  label_sets: list[tuple[str, ...]], classes: list[str], appeal: np.ndarray,
                  weights: np.ndarray, state: dict[str, Any],
                  texts: list[str] | None = None
                  ) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        n_given = len(analysed)
        if self.context_augmentation > 0 and texts is not None:
            analysed, label_sets, appeal, weights = self._augmented(
                texts, analysed, label_sets, appeal, weights)
        wr = tuple(self.word_ngram_range)
        cr = tuple(self.char_ngram_range)
        word_docs = [word_terms(lem, wr) for _, lem in analysed]
        char_docs = [[g for f in forms for g in char_ngrams(f, cr)] for forms, _ in analysed]

        def vec(max_features: int) -> TfidfVectorizer:
            return TfidfVectorizer(analyzer=_identity, lowercase=False, sublinear_tf=True,
                                   min_df=self.min_df, max_features=max_features,
                                   dtype=np.float64)

        # the vocabulary and the IDF come from the given texts only (not from augmented copies)
        wv = vec(self.max_word_features).fit(word_docs[:n_given])
        xw = wv.transform(word_docs)
        cv = vec(self.max_char_features).fit(char_docs[:n_given])
        if self.char_mode == "text":
            xc = cv.transform(char_docs)
        else:
            # character block: mean over the words of a text of each word's L2-normalised
            # TF-IDF vector of n-grams (a per-word property, so inference caches it per word)
            form_ids: dict[str, int] = {}
            a_rows: list[int] = []
            a_cols: list[int] = []
            a_vals: list[float] = []
            for j, (forms, _) in enumerate(analysed):
                for f in forms:
                    a_rows.append(j)
                    a_cols.append(form_ids.setdefault(f, len(form_ids)))
                    a_vals.append(1.0 / len(forms))
            amat = sp.csr_matrix((a_vals, (a_rows, a_cols)),
                                 shape=(len(analysed), len(form_ids)))
            xf = cv.transform([char_ngrams(f, cr) for f in form_ids])
            xc = (amat @ xf).tocsr()
        blocks = [xw * self.word_weight, xc * self.char_weight]
        nav_words: list[str] = state["nav_words"]
        nav_vectors = state["nav_vectors"]
        n = len(analysed)
        if nav_vectors is not None:
            index = state.setdefault("nav_index", {w: i for i, w in enumerate(nav_words)})
            emb = np.zeros((n, nav_vectors.shape[1]))
            for j, (forms, lemmas) in enumerate(analysed):
                rows = []
                for f, lem in zip(forms, lemmas, strict=True):
                    r = index.get(f, -1)
                    if r < 0:
                        r = index.get(lem, -1)
                    if r >= 0:
                        rows.append(r)
                if rows:
                    emb[j] = nav_vectors[rows].mean(axis=0)
            mu = emb.mean(axis=0)
            sigma = emb.std(axis=0)
            sigma[sigma < 1e-6] = 1.0
            blocks.append(sp.csr_matrix((emb - mu) / sigma * self.embedding_weight))
        x = sp.hstack(blocks, format="csr")
        # multi-label: a text with k labels is repeated k times with weight 1/k
        rep = np.repeat(np.arange(n), [len(s) for s in label_sets])
        y = np.array([lab for s in label_sets for lab in s], dtype=object)
        w = np.concatenate([np.full(len(s), weights[i] / len(s))
                            for i, s in enumerate(label_sets)])
        topic = LogisticRegression(C=self.C, max_iter=self.max_iter,
                                   class_weight=self.class_weight)
        topic.fit(x[rep], y, sample_weight=w)
        order = [list(topic.classes_).index(c) for c in classes]
        if len(classes) == 2:  # binary: logits (0, z)
            coef = np.vstack([np.zeros_like(topic.coef_[0]), topic.coef_[0]])
            icpt = np.array([0.0, topic.intercept_[0]])
        else:
            coef = topic.coef_[order]
            icpt = topic.intercept_[order]
        if appeal.all() or not appeal.any():
            a_coef = np.zeros(x.shape[1])
            a_icpt = 10.0 if appeal.all() else -10.0
        else:
            head = LogisticRegression(C=self.appeal_C, max_iter=self.max_iter,
                                      class_weight="balanced")
            head.fit(x, appeal, sample_weight=weights)
            a_coef = head.coef_[0]
            a_icpt = float(head.intercept_[0])
        state["last_fit"] = (x, topic)  # for consistency checks (tests)
        full = np.vstack([coef, a_coef[None, :]]).T  # (features, k)
        bias = np.r_[icpt, a_icpt].astype(np.float64)
        nw, nc = xw.shape[1], xc.shape[1]
        word_w = full[:nw] * self.word_weight
        char_w = full[nw:nw + nc] * self.char_weight
        if nav_vectors is not None:
            we = full[nw + nc:] * self.embedding_weight / sigma[:, None]  # (300, k)
            bias = bias - mu @ we
            nav_proj = (nav_vectors @ we).astype(np.float16)
        else:
            nav_proj = np.zeros((0, len(classes) + 1), dtype=np.float16)
        params = {
            "classes": list(classes),
            "word_ngram_range": list(wr),
            "char_ngram_range": list(cr),
            "char_mode": self.char_mode,
            "word_vocab": _vocab_list(wv),
            "char_vocab": _vocab_list(cv),
            "nav_vocab": list(nav_words) if nav_vectors is not None else [],
            "default_label": self.default_label,
            "estimator_params": {k: (list(v) if isinstance(v, tuple) else v)
                                 for k, v in self.get_params().items()},
        }
        arrays = {
            "word_idf": wv.idf_.astype(np.float32),
            "char_idf": cv.idf_.astype(np.float32),
            "word_w": word_w.astype(np.float16),
            "char_w": char_w.astype(np.float16),
            "nav_proj": nav_proj,
            "bias": bias,
        }
        return params, arrays

    # ------------------------------------------------------------------ inference
    def _features(self, text: str | Text) -> tuple[list[str], list[str]]:
        words = getattr(self, "_mask_set", None)
        if words is None or words[0] is not self.mask_words:
            words = self._mask_set = (self.mask_words, frozenset(self.mask_words or ()))
        return analyze(text, mask_places=getattr(self, "mask_places", False),
                       mask_words=words[1] or None)

    @property
    def compiled(self) -> _Compiled:
        comp = getattr(self, "_compiled", None)
        if comp is None:
            raise NotFittedError("this TopicClassifier is not fitted yet; call fit() or load()")
        return comp

    def _result(self, comp: _Compiled, proba: np.ndarray | list[float], appeal: float,
                text: Text | None = None) -> TopicResult:
        names = comp.names
        if appeal >= 0.5 and text is not None and getattr(self, "non_appeal_cues", False) and \
                non_appeal_genre(text.clean, text.original) is not None:
            appeal = min(appeal, _GENRE_APPEAL_CAP)  # «Спасибо дорожникам, ямы заделали»
        p = proba if isinstance(proba, list) else proba.tolist()
        ratio = comp.appeal_ratio
        if ratio is not None and appeal >= 0.5:  # P(topic | text, appeal): see the class doc
            p = [a * b for a, b in zip(p, ratio, strict=True)]
            total = sum(p)
            if total > 0:
                p = [v / total for v in p]
        order = sorted(range(len(p)), key=p.__getitem__, reverse=True)
        th = comp.threshold_list
        labels = [names[order[0]]]
        labels += [names[i] for i in order[1:] if p[i] >= th[i]]
        scores = dict(zip(names, p, strict=True))
        is_appeal = bool(appeal >= 0.5)
        na = getattr(self, "non_appeal_label", None)
        if not is_appeal and na is not None and na != labels[0] and na in scores:
            # «Благодарю врачей больницы…»: thanks are `other`; the service stays secondary
            labels = [na] + [lab for lab in labels if lab != na]
        return TopicResult(label=labels[0], scores=scores, labels=tuple(labels),
                           is_appeal=is_appeal, appeal_score=float(appeal))

    def _empty(self, comp: _Compiled) -> TopicResult | None:
        """The result of a message with no words: the default label, not an appeal."""
        d = comp.default_label
        if d is None or d not in set(comp.classes):
            return None
        scores = {str(c): (1.0 if c == d else 0.0) for c in comp.classes}
        return TopicResult(label=d, scores=scores, labels=(d,), is_appeal=False,
                           appeal_score=0.0)

    def classify(self, text: str | Text) -> TopicResult:
        """Classify one message.

        Raises
        ------
        TypeError
            ``text`` is neither a ``str`` nor a :class:`~complaintnlp.text.Text`.
        """
        comp = self.compiled
        checked = prepare(_check_input(text))  # one Text for the features and the genre cues
        forms, lemmas = self._features(checked)
        if _contentless(forms):
            empty = self._empty(comp)
            if empty is not None:
                return empty
        proba, appeal = comp.probabilities_one(comp.raw_one(forms, lemmas))
        return self._result(comp, proba, appeal, checked)

    __call__ = classify

    def classify_batch(self, texts: Iterable[str | Text]) -> list[TopicResult]:
        """Classify many messages at once (vectorised; same results as :meth:`classify`)."""
        comp = self.compiled
        checked = [prepare(_check_input(t)) for t in texts]
        analysed = [self._features(t) for t in checked]
        if not analysed:
            return []
        proba, appeal = comp.probabilities(comp.raw_batch(analysed))
        out = []
        for (forms, _), p, a, t in zip(analysed, proba, appeal, checked, strict=True):
            empty = self._empty(comp) if _contentless(forms) else None
            out.append(empty if empty is not None else self._result(comp, p, float(a), t))
        return out

    predict_results = classify_batch

    def decision_function(self, texts: Iterable[str | Text]) -> np.ndarray:
        """Calibrated (temperature-scaled) topic logits, shape ``(n, n_classes)``."""
        comp = self.compiled
        raw = comp.raw_batch([self._features(_check_input(t)) for t in texts])
        return raw[:, :-1] / comp.temperature

    def predict_proba(self, texts: Iterable[str | Text]) -> np.ndarray:
        """Class probabilities in the order of :attr:`classes_` (rows sum to 1)."""
        res = self.classify_batch(texts)
        classes = [str(c) for c in self.compiled.classes]
        return np.array([[r.scores[c] for c in classes] for r in res]).reshape(len(res),
                                                                               len(classes))

    def predict(self, texts: Iterable[str | Text]) -> np.ndarray:
        """Primary label of each text."""
        return np.array([r.label for r in self.classify_batch(texts)], dtype=object)

    def predict_labels(self, texts: Iterable[str | Text]) -> list[tuple[str, ...]]:
        """Every label above its threshold for each text, primary first (multi-label)."""
        return [r.labels for r in self.classify_batch(texts)]

    def predict_appeal(self, texts: Iterable[str | Text]) -> np.ndarray:
        """Probability that each text is an appeal."""
        return np.array([r.appeal_score for r in self.classify_batch(texts)])

    def score(self, texts: Sequence[str | Text], labels: Sequence[Any]) -> float:
        """Accuracy of the primary label (a text with several labels counts if any matches)."""
        pred = self.predict(texts)
        sets = [_label_set(y) for y in labels]
        return float(np.mean([p in s for p, s in zip(pred, sets, strict=True)]))

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Save to a model directory (JSON + ``.npy`` + ``meta.json`` with checksums)."""
        from ..io.model_format import save_model_dir

        self.compiled  # noqa: B018  (raises NotFittedError)
        meta: dict[str, Any] = {"labels": [str(c) for c in self.classes_],
                                "thresholds": self.thresholds_,
                                "temperature": self.temperature_}
        for key in ("taxonomy", "metrics", "data_hash", "training"):
            value = getattr(self, f"{key}_", None)
            if value is not None:
                meta[key] = value
        return save_model_dir(path, kind=MODEL_KIND, params=self._params_json,
                              arrays=self._arrays, meta=meta)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | Traversable) -> TopicClassifier:
        """Load a model directory saved by :meth:`save` (checksums verified, no pickle).

        Raises
        ------
        ModelFormatError
            Missing, tampered with or inconsistent files.
        """
        from ..io.model_format import load_model_dir

        params, arrays, meta = load_model_dir(path, kind=MODEL_KIND)
        try:
            est = params.get("estimator_params", {})
            names = set(cls._get_param_names())
            kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in est.items()
                      if k in names}
            kwargs.setdefault("mask_places", False)  # saved before place masking existed
            clf = cls(**kwargs)
            clf._compiled = _Compiled(params, arrays)
        except (KeyError, TypeError, ValueError) as e:
            if isinstance(e, ModelFormatError):
                raise
            raise ModelFormatError(f"{path}: inconsistent topic model: {e!r}") from e
        clf._params_json = params
        clf._arrays = arrays
        clf.classes_ = np.array(params["classes"], dtype=object)
        clf.thresholds_ = {str(k): float(v) for k, v in params["thresholds"].items()}
        clf.temperature_ = float(params["temperature"])
        clf.appeal_prior_ratio_ = dict(zip(
            [str(c) for c in params["classes"]],
            params.get("appeal_prior_ratio") or [1.0] * len(params["classes"]), strict=True))
        for key in ("taxonomy", "metrics", "data_hash", "training"):
            if key in meta:
                setattr(clf, f"{key}_", meta[key])
        return clf


def _prior_ratio(label_sets: list[tuple[str, ...]], classes: list[str], appeal: np.ndarray,
                 weights: np.ndarray) -> list[float]:
    """``P(label | appeal) / P(label)`` of each class (primary labels, sample-weighted); all 1.0
    unless both appeals and non-appeals are present."""
    if appeal.all() or not appeal.any():
        return [1.0] * len(classes)
    idx = {c: i for i, c in enumerate(classes)}
    total = np.zeros(len(classes))
    of_appeals = np.zeros(len(classes))
    for s, a, w in zip(label_sets, appeal, weights, strict=True):
        total[idx[s[0]]] += w
        if a:
            of_appeals[idx[s[0]]] += w
    p_all = total / max(total.sum(), 1e-12)
    p_app = of_appeals / max(of_appeals.sum(), 1e-12)
    return [round(float(pa / pt), 6) if pt > 0 else 1.0 for pa, pt in zip(p_app, p_all,
                                                                        strict=True)]


def _identity(doc: list[str]) -> list[str]:
    return doc


def _vocab_list(vectorizer: Any) -> list[str]:
    vocab = vectorizer.vocabulary_
    out = [""] * len(vocab)
    for term, i in vocab.items():
        out[i] = term
    return out


def _fit_temperature(logits: np.ndarray, sets: list[tuple[str, ...]],
                     classes: list[str]) -> float:
    idx = {c: i for i, c in enumerate(classes)}
    y = np.array([idx[s[0]] for s in sets])
    best, best_t = np.inf, 1.0
    for t in np.exp(np.linspace(np.log(0.2), np.log(5.0), 81)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        nll = float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(y)), y]))
        if nll < best:
            best, best_t = nll, float(t)
    return best_t


def _fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    if y.all() or not y.any():
        return (1.0, 0.0)
    a, b = 1.0, 0.0
    yt = y.astype(np.float64)
    for _ in range(50):  # Newton steps on the logistic log-loss (tiny L2 for stability)
        p = 1.0 / (1.0 + np.exp(-(a * z + b)))
        g = np.array([np.sum((p - yt) * z) + 1e-3 * a, np.sum(p - yt)])
        s = p * (1 - p)
        h = np.array([[np.sum(s * z * z) + 1e-3, np.sum(s * z)], [np.sum(s * z), np.sum(s) + 1e-9]])
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-8:
            break
    return (float(a), float(b))


def _fit_thresholds(proba: np.ndarray, sets: list[tuple[str, ...]], classes: list[str],
                    default: float) -> dict[str, float]:
    out: dict[str, float] = {}
    top = proba.argmax(axis=1)
    for k, c in enumerate(classes):
        truth = np.array([c in s for s in sets])
        if truth.sum() < 5:
            out[c] = float(default)
            continue
        best_f, best_t = -1.0, float(default)
        for t in np.arange(0.15, 0.91, 0.025):
            pred = (top == k) | (proba[:, k] >= t)
            tp = float(np.sum(pred & truth))
            f = 2 * tp / (pred.sum() + truth.sum()) if tp else 0.0
            if f > best_f + 1e-9:
                best_f, best_t = f, float(round(t, 3))
        out[c] = best_t
    return out

