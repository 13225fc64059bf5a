"""``AgencyRouter``: a trainable router from text, predicted topic and place to the answering body.

Features (all sparse, one linear model — multinomial logistic regression):

* TF-IDF of lemma unigrams and bigrams and of character n-grams of the word forms
  (:mod:`complaintnlp.topics.features`, the same analysis as the topic model);
* the predicted topic (``topic=roads``) when ``use_topic`` is on;
* one-hot context fields (``district=Невский``) and their crosses with the topic.

**Context templates.** Bodies are often named after the place they serve («СПб ГКУ ЖА Невского
района», «Администрация Курского района»). When a training label contains a form of one of the
row's context values, the value is replaced by a slot (``СПб ГКУ ЖА {district} района``) and the
model learns the *template* from all districts at once; at prediction time the slot is filled
with the row's own value through the ``(template, value) → label`` pairs seen in training. The
probabilities of :meth:`predict_proba` are over the original labels (:attr:`classes_`).

**Intermediate label.** With ``intermediate_field`` (e.g. ``"reason_name"``, the fine category of
a St Petersburg petition), the training context carries a finer label that is *not* known at
prediction time. ``fit`` learns a second linear model text → that label (on the same TF-IDF
features) and the table ``(label, context) → body`` counted on the gold training labels. At
prediction time the label is predicted from the text, the body distribution is composed,
``q(body) = Σ_r p(r | text) · P(body | r, context)`` (each table row smoothed towards the
router's own distribution), and blended log-linearly with the router:
``log p_final ∝ (1 - w) · log p_router + w · log q`` with ``w = intermediate_weight``.

Saved with :func:`complaintnlp.io.save_model_dir` (JSON + ``.npy``, no pickle).
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFormatError, NotFittedError

__all__ = ["MODEL_KIND", "AgencyRouter"]

MODEL_KIND = "agency_router"
_WORD = re.compile(r"[0-9a-zа-яё]+", re.I)
_SLOT = "{%s}"


def _stem_match(value: str, label: str) -> str | None:
    """The word of ``label`` that is a form of ``value`` (first word of it), if any."""
    v = value.split()[0].lower().replace("ё", "е") if value.split() else ""
    if len(v) < 4:
        return None
    n = max(4, len(v) - 3)
    stem = v[:n]
    for w in _WORD.findall(label):
        lw = w.lower().replace("ё", "е")
        if lw.startswith(stem) and abs(len(lw) - len(v)) <= 4:
            return w
    return None


def _template(label: str, ctx: Mapping[str, str], fields: Sequence[str]) -> tuple[str, str] | None:
    """``(template, field)`` of a label naming one of the context values."""
    for f in fields:
        v = ctx.get(f)
        if not v:
            continue
        w = _stem_match(v, label)
        if w is not None:
            return re.sub(rf"\b{re.escape(w)}\b", _SLOT % f, label, count=1), f
    return None


class AgencyRouter:
    """Learns which body answers a message from labelled examples.

    Parameters
    ----------
    C : float
        Inverse regularisation strength.
    solver : {"svm", "logreg"}
        ``"svm"``: a linear SVM (fast, one-vs-rest) whose margins, times ``temperature_scale``,
        are softmax logits; ``"logreg"``: multinomial logistic regression (slower).
    temperature_scale : float
        Scale of the SVM margins turned into probabilities.
    word_ngram_range, char_ngram_range : tuple of int
        Lemma n-grams and character n-grams of word forms.
    max_word_features, max_char_features : int
        Vocabulary caps (most frequent first).
    context_fields : sequence of str, optional
        Context fields used (default: every field seen in the training context).
    use_topic : bool
        Add the predicted topic (the packaged topic model) as a feature.
    templates : bool
        Learn place-named bodies as templates (see the module docstring).
    extract_place : bool
        When a row has no context, take region/municipality/settlement from
        :func:`complaintnlp.geo.geolocate` of the text.
    context_weight : float
        Scale of the one-hot context features.
    cross_text : bool
        Add crosses of each context value with the lemmas of the text (``district=Невский|
        мусор``): place-specific habits of routing.
    cross_weight : float
        Scale of those crosses.
    intermediate_field : str, optional
        A context field given for training only (see the module docstring); it is removed from
        the context features and predicted from the text at prediction time.
    intermediate_weight : float
        Weight ``w`` of the composed distribution in the log-linear blend.
    intermediate_top : int
        Number of most probable intermediate labels summed over in the composition.
    intermediate_smoothing : float
        Pseudo-count of the router's own distribution in each ``(label, context)`` row of the
        table (backs off unseen combinations).
    blend_weight : float
        Weight of this router when :func:`~complaintnlp.routing.route` blends it with rules.
    max_iter : int

    Examples
    --------
    >>> texts = ["яма на дороге", "яма во дворе", "нет воды в доме", "течёт труба в подвале"]
    >>> y = ["Дорожный комитет", "Дорожный комитет", "Водоканал", "Водоканал"]
    >>> r = AgencyRouter(use_topic=False).fit(texts, y)
    >>> r.predict(["яма у дома"]).tolist()
    ['Дорожный комитет']
    >>> r2 = AgencyRouter(use_topic=False).fit(
    ...     ["мусор во дворе", "мусор на улице", "грязь во дворе", "мусор в парке"],
    ...     ["ЖА Невского района", "ЖА Кировского района", "ЖА Невского района",
    ...      "ЖА Кировского района"],
    ...     context=[{"district": "Невский"}, {"district": "Кировский"},
    ...              {"district": "Невский"}, {"district": "Кировский"}])
    >>> r2.predict(["грязь на улице"], context=[{"district": "Кировский"}]).tolist()
    ['ЖА Кировского района']
    """

    def __init__(self, C: float = 0.25, solver: str = "svm", temperature_scale: float = 4.0, word_ngram_range: tuple[int, int] = (1, 2),
                 char_ngram_range: tuple[int, int] = (2, 5), max_word_features: int = 60_000,
                 max_char_features: int = 60_000, context_fields: Sequence[str] | None = None,
                 use_topic: bool = True, templates: bool = True, extract_place: bool = False,
                 context_weight: float = 1.0, cross_text: bool = True,
                 cross_weight: float = 0.3, intermediate_field: str | None = None,
                 intermediate_weight: float = 0.6, intermediate_top: int = 10,
                 intermediate_smoothing: float = 1.0, blend_weight: float = 0.7,
                 max_iter: int = 300) -> None:
        self.C = C
        self.solver = solver
        self.temperature_scale = temperature_scale
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.context_fields = context_fields
        self.use_topic = use_topic
        self.templates = templates
        self.extract_place = extract_place
        self.context_weight = context_weight
        self.cross_text = cross_text
        self.cross_weight = cross_weight
        self.intermediate_field = intermediate_field
        self.intermediate_weight = intermediate_weight
        self.intermediate_top = intermediate_top
        self.intermediate_smoothing = intermediate_smoothing
        self.blend_weight = blend_weight
        self.max_iter = max_iter

    # ------------------------------------------------------------------ sklearn protocol
    @classmethod
    def _get_param_names(cls) -> list[str]:
        import inspect

        sig = inspect.signature(cls.__init__)
        return [p for p in sig.parameters if p != "self"]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor parameters (scikit-learn convention)."""
        return {k: getattr(self, k) for k in self._get_param_names()}

    def set_params(self, **params: Any) -> AgencyRouter:
        """Set constructor parameters (scikit-learn convention)."""
        for k, v in params.items():
            if k not in self._get_param_names():
                raise ValueError(f"unknown parameter {k!r}")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        return f"AgencyRouter(C={self.C}, use_topic={self.use_topic}, templates={self.templates})"

    # ------------------------------------------------------------------ features
    def _contexts(self, texts: Sequence[str], context: Sequence[Mapping[str, Any] | None] | None
                  ) -> list[dict[str, str]]:
        if context is not None and len(context) != len(texts):
            raise ValueError(f"context has {len(context)} rows, texts {len(texts)}")
        out = []
        for i, t in enumerate(texts):
            c = context[i] if context is not None else None
            row = {str(k): str(v) for k, v in (c or {}).items()
                   if v is not None and str(v) != "" and str(v).lower() != "nan"}
            if self.extract_place and not any(k in row for k in ("municipality", "settlement")):
                row.update(_extract_place(t))
            out.append(row)
        return out

    def _topics(self, texts: Sequence[str], ctxs: list[dict[str, str]]) -> list[str | None]:
        if not self.use_topic:
            return [None] * len(texts)
        need = [i for i, c in enumerate(ctxs) if "topic" not in c]
        labels: list[str | None] = [c.get("topic") for c in ctxs]
        if need:
            from ..topics import default_classifier

            res = default_classifier().classify_batch([texts[i] for i in need])
            for i, r in zip(need, res, strict=True):
                labels[i] = r.label
        return labels

    def _tokens(self, texts: Sequence[str]) -> tuple[list[list[str]], list[list[str]]]:
        from ..topics.features import analyze, char_ngrams, word_terms

        words, chars = [], []
        wr = tuple(self.word_ngram_range)
        cr = tuple(self.char_ngram_range)
        for t in texts:
            forms, lemmas = analyze(t)
            words.append(word_terms(lemmas, wr))
            chars.append([g for f in forms for g in char_ngrams(f, cr)])
        return words, chars

    def _ctx_terms(self, ctx: Mapping[str, str], topic: str | None,
                   words: Sequence[str] = ()) -> list[str]:
        fields = self.fields_
        terms = [f"{f}={ctx[f]}" for f in fields if ctx.get(f)]
        if self.cross_text and words:
            uni = {w for w in words if " " not in w}
            for f in fields:
                if ctx.get(f):
                    terms.extend(f"{f}={ctx[f]}|{w}" for w in uni)
        if topic is not None:
            terms.append(f"topic={topic}")
            terms.extend(f"{f}={ctx[f]}|topic={topic}" for f in fields if ctx.get(f))
        return terms

    @staticmethod
    def _tfidf(docs: list[list[str]], vocab: Mapping[str, int], idf: np.ndarray) -> Any:
        import scipy.sparse as sp

        rows, cols, vals = [], [], []
        for j, doc in enumerate(docs):
            cnt = Counter(i for t in doc if (i := vocab.get(t)) is not None)
            if not cnt:
                continue
            idx = np.fromiter(cnt, dtype=np.int64, count=len(cnt))
            v = (1.0 + np.log(np.fromiter(cnt.values(), dtype=np.float64, count=len(cnt))))
            v *= idf[idx]
            v /= math.sqrt(float(v @ v)) or 1.0
            rows.extend([j] * len(idx))
            cols.extend(idx.tolist())
            vals.extend(v.tolist())
        return sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(idf)))

    def _onehot(self, docs: list[list[str]]) -> Any:
        import scipy.sparse as sp

        vocab = self.ctx_vocab_
        rows, cols, vals = [], [], []
        for j, doc in enumerate(docs):
            cross = [i for t in doc if "|" in t and "topic=" not in t
                     and (i := vocab.get(t)) is not None]
            for t in doc:
                if "|" in t and "topic=" not in t:
                    continue
                i = vocab.get(t)
                if i is not None:
                    rows.append(j)
                    cols.append(i)
                    vals.append(self.context_weight)
            if cross:
                w = self.cross_weight / math.sqrt(len(cross))
                rows.extend([j] * len(cross))
                cols.extend(cross)
                vals.extend([w] * len(cross))
        return sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), max(len(vocab), 1)))

    def _matrix(self, texts: Sequence[str], ctxs: list[dict[str, str]],
                topics: list[str | None]) -> Any:
        import scipy.sparse as sp

        words, chars = self._tokens(texts)
        xw = self._tfidf(words, self.word_vocab_, self.word_idf_)
        xc = self._tfidf(chars, self.char_vocab_, self.char_idf_)
        xo = self._onehot([self._ctx_terms(c, t, w) for c, t, w in zip(ctxs, topics, words,
                                                                        strict=True)])
        return sp.hstack([xw, xc, xo], format="csr")

    # ------------------------------------------------------------------ fit
    def fit(self, texts: Sequence[str], agencies: Sequence[str],
            context: Sequence[Mapping[str, Any] | None] | None = None) -> AgencyRouter:
        """Learn from messages and the bodies that answered them.

        Parameters
        ----------
        texts : sequence of str
        agencies : sequence of str
            The answering body of each text.
        context : sequence of mapping, optional
            Known fields per text (``region``, ``municipality``, ``district`` …; ``topic``
            overrides the predicted topic).

        Returns
        -------
        AgencyRouter
            ``self``.
        """

        texts = [str(t) for t in texts]
        y = [str(a) for a in agencies]
        if len(texts) != len(y):
            raise ValueError(f"{len(texts)} texts but {len(y)} agencies")
        if len(set(y)) < 2:
            raise ValueError("need at least two different agencies to train a router")
        ctxs = self._contexts(texts, context)
        inter_y: list[str] = []
        if self.intermediate_field:
            inter_y = [c.pop(self.intermediate_field, "") for c in ctxs]
        seen = sorted({k for c in ctxs for k in c if k != "topic"})
        self.fields_ = [f for f in (self.context_fields or seen)
                        if f not in ("topic", self.intermediate_field)]
        topics = self._topics(texts, ctxs)
        # targets: templates where the label names a context value
        targets: list[str] = []
        render: dict[str, dict[str, str]] = {}
        if self.templates:
            for lab, c in zip(y, ctxs, strict=True):
                tf = _template(lab, c, self.fields_)
                if tf is None:
                    targets.append(lab)
                    continue
                tpl, f = tf
                key = f"{tpl}\t{f}"
                render.setdefault(key, {})[c[f]] = lab
                targets.append(key)
            # a template seen with one value only is just a label
            single = {k for k, m in render.items() if len(m) < 2}
            targets = [next(iter(render[t].values())) if t in single else t for t in targets]
            for k in single:
                del render[k]
        else:
            targets = list(y)
        words, chars = self._tokens(texts)
        self.word_vocab_, self.word_idf_ = _fit_vocab(words, self.max_word_features)
        self.char_vocab_, self.char_idf_ = _fit_vocab(chars, self.max_char_features)
        # keep in memory exactly the precision that save() writes: a saved and reloaded
        # router predicts the same numbers as the fitted one
        self.word_idf_ = self.word_idf_.astype(np.float32).astype(np.float64)
        self.char_idf_ = self.char_idf_.astype(np.float32).astype(np.float64)
        ctx_docs = [self._ctx_terms(c, t, w) for c, t, w in zip(ctxs, topics, words,
                                                                 strict=True)]
        cnt = Counter(t for d in ctx_docs for t in set(d))
        self.ctx_vocab_ = {t: i for i, t in enumerate(sorted(
            k for k, v in cnt.items() if v >= (3 if "|" in k and "topic=" not in k else 2)))}
        import scipy.sparse as sp

        x = sp.hstack([self._tfidf(words, self.word_vocab_, self.word_idf_),
                       self._tfidf(chars, self.char_vocab_, self.char_idf_),
                       self._onehot(ctx_docs)], format="csr")
        if len(set(targets)) == 1:  # every label is one template: nothing to learn
            self.targets_ = [targets[0]]
            coef = np.zeros((1, x.shape[1]))
            icpt = np.zeros(1)
        else:
            coef, icpt = self._fit_linear(x, targets)
        if self.solver == "svm" and len(self.targets_) > 1:  # margins → softmax logits
            coef = coef * self.temperature_scale
            icpt = icpt * self.temperature_scale
        self.coef_ = coef.astype(np.float16).astype(np.float32)  # = the saved precision
        self.intercept_ = icpt.astype(np.float64)
        self.render_ = render
        labels = set(y)
        self.classes_ = np.array(sorted(labels), dtype=object)
        self.template_default_ = {k: Counter(
            lab for lab, t in zip(y, targets, strict=True) if t == k).most_common(1)[0][0]
            for k in render}
        self.n_samples_ = len(texts)
        self._fit_intermediate(x[:, :self._n_text_features()], inter_y, y, ctxs)
        return self

    def _n_text_features(self) -> int:
        """Number of TF-IDF columns (word and character) at the head of the feature matrix."""
        return len(self.word_vocab_) + len(self.char_vocab_)

    def _ctx_key(self, ctx: Mapping[str, str]) -> str:
        """The row key of the intermediate table: the values of :attr:`fields_`."""
        return "\t".join(ctx.get(f, "") for f in self.fields_)

    def _fit_intermediate(self, x_text: Any, inter_y: list[str], y: list[str],
                          ctxs: list[dict[str, str]]) -> None:
        """Fit the text → intermediate label model and count ``(label, context) → body``."""
        self.inter_classes_: list[str] = []
        self.inter_coef_ = np.zeros((0, x_text.shape[1]), dtype=np.float32)
        self.inter_intercept_ = np.zeros(0)
        self.inter_table_: dict[str, dict[str, dict[str, int]]] = {}
        keep = [i for i, v in enumerate(inter_y) if v]
        if not self.intermediate_field or len({inter_y[i] for i in keep}) < 2:
            return
        coef, icpt, classes = _linear(x_text[keep], [inter_y[i] for i in keep], self.solver,
                                      self.C, self.max_iter)
        if self.solver == "svm":
            coef, icpt = coef * self.temperature_scale, icpt * self.temperature_scale
        self.inter_classes_ = classes
        self.inter_coef_ = coef.astype(np.float16).astype(np.float32)  # = the saved precision
        self.inter_intercept_ = icpt.astype(np.float64)
        table: dict[str, dict[str, dict[str, int]]] = {}
        for i in keep:
            row = table.setdefault(inter_y[i], {}).setdefault(self._ctx_key(ctxs[i]), {})
            row[y[i]] = row.get(y[i], 0) + 1
        self.inter_table_ = table

    def _fit_linear(self, x: Any, targets: list[str]) -> tuple[np.ndarray, np.ndarray]:
        coef, icpt, self.targets_ = _linear(x, targets, self.solver, self.C, self.max_iter)
        return coef, icpt

    def _compose(self, x_text: Any, ctxs: list[dict[str, str]], p: np.ndarray) -> np.ndarray:
        """Blend ``p`` (rows over :attr:`classes_`) with the distribution composed through the
        predicted intermediate label (see the module docstring)."""
        z = np.asarray(x_text @ self.inter_coef_.T, dtype=np.float64) + self.inter_intercept_
        z -= z.max(axis=1, keepdims=True)
        pr = np.exp(z)
        pr /= pr.sum(axis=1, keepdims=True)
        index = {c: i for i, c in enumerate(self.classes_)}
        a = self.intermediate_smoothing
        top = np.argsort(-pr, axis=1)[:, :max(self.intermediate_top, 1)]
        q = np.zeros_like(p)
        for j, c in enumerate(ctxs):
            key = self._ctx_key(c)
            for k in top[j]:
                row = self.inter_table_.get(self.inter_classes_[k], {}).get(key, {})
                v = a * p[j]
                n = a
                for lab, cnt in row.items():
                    v[index[lab]] += cnt
                    n += cnt
                q[j] += pr[j, k] * v / max(n, 1e-12)
        q /= np.maximum(q.sum(axis=1, keepdims=True), 1e-12)
        w = self.intermediate_weight
        logit = (1.0 - w) * np.log(p + 1e-12) + w * np.log(q + 1e-12)
        logit -= logit.max(axis=1, keepdims=True)
        out = np.exp(logit)
        return out / out.sum(axis=1, keepdims=True)

    # ------------------------------------------------------------------ inference
    def _check(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedError("this AgencyRouter is not fitted yet; call fit() or load()")

    def decision_targets(self, texts: Sequence[str],
                         context: Sequence[Mapping[str, Any] | None] | None = None
                         ) -> tuple[np.ndarray, list[dict[str, str]]]:
        """Probabilities over the internal targets (labels and templates) and the contexts."""
        p, ctxs, _ = self._decision(texts, context)
        return p, ctxs

    def _decision(self, texts: Sequence[str],
                  context: Sequence[Mapping[str, Any] | None] | None
                  ) -> tuple[np.ndarray, list[dict[str, str]], Any]:
        """:meth:`decision_targets` and the feature matrix."""
        self._check()
        texts = [str(t) for t in texts]
        ctxs = self._contexts(texts, context)
        topics = self._topics(texts, ctxs)
        x = self._matrix(texts, ctxs, topics)
        z = np.asarray(x @ self.coef_.T, dtype=np.float64) + self.intercept_
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        return p, ctxs, x

    def predict_proba(self, texts: Sequence[str],
                      context: Sequence[Mapping[str, Any] | None] | None = None) -> np.ndarray:
        """Probabilities over :attr:`classes_` (rows sum to 1)."""
        p, ctxs, x = self._decision(texts, context)
        index = {c: i for i, c in enumerate(self.classes_)}
        out = np.zeros((len(ctxs), len(self.classes_)))
        cols: list[tuple[int, str | None, str | None]] = []
        for k, t in enumerate(self.targets_):
            if t in self.render_:
                field = t.rsplit("\t", 1)[1]
                cols.append((k, t, field))
            else:
                cols.append((k, None, None))
        for j, c in enumerate(ctxs):
            for k, t, field in cols:
                if t is None:
                    out[j, index[self.targets_[k]]] += p[j, k]
                    continue
                lab = self.render_[t].get(c.get(field or "", ""), None)
                if lab is None:
                    lab = self.template_default_.get(t)
                if lab is not None:
                    out[j, index[lab]] += p[j, k]
        s = out.sum(axis=1, keepdims=True)
        s[s == 0] = 1.0
        out /= s
        if len(getattr(self, "inter_classes_", ())) > 1:
            out = self._compose(x[:, :self._n_text_features()], ctxs, out)
        return out

    def predict(self, texts: Sequence[str],
                context: Sequence[Mapping[str, Any] | None] | None = None) -> np.ndarray:
        """The most probable body of each text."""
        p = self.predict_proba(texts, context)
        return self.classes_[p.argmax(axis=1)]

    def predict_top(self, texts: Sequence[str],
                    context: Sequence[Mapping[str, Any] | None] | None = None, k: int = 3
                    ) -> list[list[tuple[str, float]]]:
        """The ``k`` best bodies of each text with their probabilities."""
        p = self.predict_proba(texts, context)
        order = np.argsort(-p, axis=1)[:, :k]
        return [[(str(self.classes_[i]), float(p[j, i])) for i in row]
                for j, row in enumerate(order)]

    def score(self, texts: Sequence[str], agencies: Sequence[str],
              context: Sequence[Mapping[str, Any] | None] | None = None) -> float:
        """Accuracy."""
        pred = self.predict(texts, context)
        return float(np.mean([a == b for a, b in zip(pred, agencies, strict=True)]))

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Save to a model directory (JSON + ``.npy``, checksums, no pickle)."""
        from ..io.model_format import save_model_dir

        self._check()
        params = {
            "estimator_params": {k: (list(v) if isinstance(v, tuple) else v)
                                 for k, v in self.get_params().items()},
            "fields": list(self.fields_),
            "targets": list(self.targets_),
            "classes": [str(c) for c in self.classes_],
            "render": self.render_,
            "template_default": self.template_default_,
            "word_vocab": _vocab_list(self.word_vocab_),
            "char_vocab": _vocab_list(self.char_vocab_),
            "ctx_vocab": _vocab_list(self.ctx_vocab_),
            "n_samples": int(self.n_samples_),
            "inter_classes": list(getattr(self, "inter_classes_", [])),
            "inter_table": getattr(self, "inter_table_", {}),
        }
        arrays = {"coef": self.coef_.astype(np.float16), "intercept": self.intercept_,
                  "word_idf": self.word_idf_.astype(np.float32),
                  "char_idf": self.char_idf_.astype(np.float32)}
        if len(params["inter_classes"]) > 1:
            arrays["inter_coef"] = self.inter_coef_.astype(np.float16)
            arrays["inter_intercept"] = self.inter_intercept_
        meta = {"labels": params["classes"], "n_samples": int(self.n_samples_)}
        return save_model_dir(path, kind=MODEL_KIND, params=params, arrays=arrays, meta=meta)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | Traversable) -> AgencyRouter:
        """Load a directory written by :meth:`save`.

        Raises
        ------
        ModelFormatError
            Missing, tampered with or inconsistent files.
        """
        from ..io.model_format import load_model_dir

        params, arrays, _ = load_model_dir(path, kind=MODEL_KIND)
        try:
            est = params["estimator_params"]
            names = set(cls._get_param_names())
            r = cls(**{k: (tuple(v) if k.endswith("range") else v) for k, v in est.items()
                       if k in names})
            r.fields_ = list(params["fields"])
            r.targets_ = list(params["targets"])
            r.classes_ = np.array(params["classes"], dtype=object)
            r.render_ = {k: dict(v) for k, v in params["render"].items()}
            r.template_default_ = dict(params["template_default"])
            r.word_vocab_ = {t: i for i, t in enumerate(params["word_vocab"])}
            r.char_vocab_ = {t: i for i, t in enumerate(params["char_vocab"])}
            r.ctx_vocab_ = {t: i for i, t in enumerate(params["ctx_vocab"])}
            r.n_samples_ = int(params["n_samples"])
            r.coef_ = np.asarray(arrays["coef"], dtype=np.float32)
            r.intercept_ = np.asarray(arrays["intercept"], dtype=np.float64)
            r.word_idf_ = np.asarray(arrays["word_idf"], dtype=np.float64)
            r.char_idf_ = np.asarray(arrays["char_idf"], dtype=np.float64)
            r.inter_classes_ = [str(c) for c in params.get("inter_classes", [])]
            r.inter_table_ = {str(k): {str(c): {str(lab): int(n) for lab, n in row.items()}
                                       for c, row in v.items()}
                              for k, v in params.get("inter_table", {}).items()}
            n_text = r._n_text_features()
            if len(r.inter_classes_) > 1:
                r.inter_coef_ = np.asarray(arrays["inter_coef"], dtype=np.float32)
                r.inter_intercept_ = np.asarray(arrays["inter_intercept"], dtype=np.float64)
            else:
                r.inter_coef_ = np.zeros((0, n_text), dtype=np.float32)
                r.inter_intercept_ = np.zeros(0)
        except (KeyError, TypeError, ValueError) as e:
            raise ModelFormatError(f"{path}: inconsistent agency router: {e!r}") from e
        n_feat = len(r.word_vocab_) + len(r.char_vocab_) + max(len(r.ctx_vocab_), 1)
        if r.coef_.shape != (len(r.targets_), n_feat) or r.intercept_.shape != (
                len(r.targets_),) or len(r.word_idf_) != len(r.word_vocab_) or len(
                r.char_idf_) != len(r.char_vocab_):
            raise ModelFormatError(f"{path}: agency router arrays do not match its vocabulary")
        if len(r.inter_classes_) > 1 and (
                r.inter_coef_.shape != (len(r.inter_classes_), n_text)
                or r.inter_intercept_.shape != (len(r.inter_classes_),)):
            raise ModelFormatError(f"{path}: intermediate arrays do not match its labels")
        if any(lab not in set(r.classes_.tolist()) for v in r.inter_table_.values()
               for row in v.values() for lab in row):
            raise ModelFormatError(f"{path}: unknown body in the intermediate table")
        labels = set(r.classes_.tolist())
        for t in r.targets_:
            if t not in r.render_ and t not in labels:
                raise ModelFormatError(f"{path}: unknown target {t!r}")
        return r


def _fit_vocab(docs: list[list[str]], max_features: int) -> tuple[dict[str, int], np.ndarray]:
    df = Counter(t for d in docs for t in set(d))
    terms = sorted(df, key=lambda t: (-df[t], t))[:max_features]
    terms.sort()
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
    return {t: i for i, t in enumerate(terms)}, idf


def _vocab_list(vocab: Mapping[str, int]) -> list[str]:
    out = [""] * len(vocab)
    for t, i in vocab.items():
        out[i] = t
    return out


def _extract_place(text: str) -> dict[str, str]:
    from ..geo import geolocate

    try:
        loc = geolocate(text)
    except Exception:
        return {}
    if loc is None:
        return {}
    out = {}
    for k in ("region", "municipality", "settlement"):
        v = getattr(loc, k, None)
        if v:
            out[k] = str(v)
    return out


def _linear(x: Any, targets: Sequence[str], solver: str, C: float, max_iter: int
            ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Fit one linear model; ``(coef, intercept, classes)`` with one row per class."""
    from sklearn.linear_model import LogisticRegression

    if solver == "logreg":
        model: Any = LogisticRegression(C=C, max_iter=max_iter)
    elif solver == "svm":
        from sklearn.svm import LinearSVC

        model = LinearSVC(C=C, max_iter=max_iter * 10)
    else:
        raise ValueError(f"unknown solver {solver!r} (use 'svm' or 'logreg')")
    model.fit(x, np.array(targets, dtype=object))
    classes = [str(t) for t in model.classes_]
    coef = model.coef_
    icpt = model.intercept_
    if len(classes) == 2:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        icpt = np.array([-icpt[0] / 2, icpt[0] / 2])
    return coef, icpt, classes
