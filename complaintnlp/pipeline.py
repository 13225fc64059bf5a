"""The pipeline: wires the stages, owns batching, parallelism, saving and loading.

>>> from complaintnlp import analyze
>>> a = analyze("В Максатихе на ул. Железнодорожной сломанное дерево висит над тротуаром")
>>> a.topic.label
'landscaping'
>>> a.addresses[0].street
'Железнодорожная улица'
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from math import isfinite
from pathlib import Path
from typing import Any

from .addresses.address import ADDRESS_PARTS, Address
from .errors import ModelFormatError
from .geo.location import Location
from .routing.agency import Agency
from .text import Text, prepare
from .topics.result import TopicResult
from .values import ValueObject

__all__ = [
    "ANALYSIS_SCHEMA_VERSION",
    "Analysis",
    "ComplaintPipeline",
    "analyze",
    "analyze_batch",
    "default_pipeline",
]

#: Version of the JSON shape of :meth:`Analysis.to_dict` (see docs/formats.md).
ANALYSIS_SCHEMA_VERSION = "1.0"

LOCATION_FIELDS = ("region", "municipality", "settlement", "settlement_type", "street", "house",
                   "lat", "lon", "oktmo", "precision", "confidence")
_LOCATION_NUMBERS = ("lat", "lon", "confidence")
AGENCY_FIELDS = ("name", "type", "level", "score", "reason")
ADDRESS_FIELDS = ("start", "end", "text", *ADDRESS_PARTS, "normalized")
STAGES = ("normalize", "classify", "extract", "geolocate", "route")


@dataclass(frozen=True, slots=True)
class Analysis(ValueObject):
    """Everything known about one message.

    ``to_dict()`` has exactly the documented shape (schema :data:`ANALYSIS_SCHEMA_VERSION`)::

        {"id", "text", "topic", "topic_scores", "topics", "is_appeal", "addresses": [...],
         "location": {...} | None, "agencies": [...], "timings_ms": {...}}

    plus ``"error"`` (a message) only in the record of an input that could not be analysed, and
    ``"truncated": true`` only when the input was longer than the maximum text length.
    """

    text: str
    id: Any = None
    topic: TopicResult | None = None
    addresses: tuple[Address, ...] = ()
    location: Location | None = None
    agencies: tuple[Agency, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape."""
        topic = self.topic
        loc = self.location
        out: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "topic": topic.label if topic else None,
            "topic_scores": {k: _finite(v) for k, v in topic.scores.items()} if topic else {},
            "topics": list(topic.labels) if topic else [],
            "is_appeal": bool(topic.is_appeal) if topic else False,
            "addresses": [{k: getattr(a, k) for k in ADDRESS_FIELDS} for a in self.addresses],
            "location": _location_dict(loc) if loc is not None else None,
            "agencies": [{"name": a.name, "type": a.type, "level": a.level,
                          "score": _finite(a.score), "reason": a.reason}
                         for a in self.agencies],
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
        }
        if self.error is not None:
            out["error"] = self.error
        if self.truncated:
            out["truncated"] = True
        return out

    def to_json(self) -> str:
        """One JSON line."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def _finite(v: Any) -> Any:
    """``v``, or ``None`` for a NaN or infinite float (JSON has neither)."""
    if isinstance(v, float) and not isfinite(v):  # also numpy.float64, a float subclass
        return None
    return v


def _location_dict(loc: Location) -> dict[str, Any]:
    out = {k: getattr(loc, k) for k in LOCATION_FIELDS}
    for k in _LOCATION_NUMBERS:
        out[k] = _finite(out[k])
    return out


def _describe(value: object) -> str:
    return type(value).__name__


class ComplaintPipeline:
    """The chain text → topic → addresses → place → responsible bodies.

    Parameters
    ----------
    classifier : TopicClassifier or callable, optional
        Text → :class:`TopicResult`. Default: the packaged topic model.
    extractor : AddressExtractor or callable, optional
        Text → list of :class:`Address`. Default: :func:`complaintnlp.extract_addresses`.
    geolocator : Geolocator or callable, optional
        A :class:`~complaintnlp.geo.Geolocator` (it reuses the extracted addresses), or any
        callable ``(text, region=, registry=) -> Location | None``. Default:
        :func:`complaintnlp.geolocate`.
    router : AgencyRouter or callable, optional
        A trained :class:`~complaintnlp.routing.AgencyRouter` (combined with the rules by
        :func:`~complaintnlp.routing.route`), or a function ``(analysis, region=, table=) ->
        [Agency]`` replacing the routing stage. Default: the packaged routing rules.
    routing_table : RoutingTable, optional
        User routing rules consulted before the defaults.
    region : str, optional
        Default region for geolocation and routing (a regional centre sets it once).
    registry : AddressRegistry, optional
        Canonical addresses with coordinates for house-level geolocation.

    Examples
    --------
    >>> pipe = ComplaintPipeline(region="Курская область")
    >>> a = pipe.analyze("г. Курск, ул. Союзная д. 71Б — УК не убирает двор")
    >>> a.topic.label, a.location.settlement, a.addresses[0].house
    ('housing_utilities', 'Курск', '71Б')
    """

    def __init__(self, classifier: Any = None, extractor: Any = None, geolocator: Any = None,
                 router: Any = None, routing_table: Any = None, region: str | None = None,
                 registry: Any = None) -> None:
        self.classifier = classifier
        self.extractor = extractor
        self.geolocator = geolocator
        self.router = router
        self.routing_table = routing_table
        self.region = region
        self.registry = registry

    # ------------------------------------------------------------------ stages
    def _classify(self, text: Text) -> TopicResult:
        clf = self.classifier
        if clf is None:
            from .topics import classify

            return classify(text)
        if hasattr(clf, "classify"):
            return clf.classify(text)
        return clf(text)

    def _extract(self, text: Text) -> list[Address]:
        ext = self.extractor
        if ext is None:
            from .addresses import extract_addresses

            return extract_addresses(text)
        return ext(text)

    def _geolocate(self, text: Text, addresses: list[Address], region: str | None,
                   registry: Any) -> Location | None:
        from .geo.locator import Geolocator, geolocate

        geo = self.geolocator if self.geolocator is not None else geolocate
        if isinstance(geo, Geolocator):  # reuses the addresses already extracted
            return geo(text, region=region, registry=registry, addresses=addresses)
        return geo(text, region=region, registry=registry)

    def _route(self, analysis: Analysis, region: str | None) -> list[Agency]:
        router = self.router
        if router is not None and callable(router) and not hasattr(router, "predict_proba"):
            # a plain routing function: (analysis, region=, table=) -> [Agency]
            return list(router(analysis, region=region, table=self.routing_table))
        from .routing import route

        return route(analysis, region=region, table=self.routing_table, router=router)

    # ------------------------------------------------------------------ analysis
    def warm_up(self) -> ComplaintPipeline:
        """Load every lazily loaded model and gazetteer now (not on the first message).

        A service calls it at start-up so that its first request is as fast as the others.

        >>> default_pipeline().warm_up().analyze("яма на дороге").topic.label
        'roads'
        """
        self.analyze("г. Курск, ул. Союзная, д. 71б: нет горячей воды, яма у подъезда")
        return self

    def analyze(self, text: str, region: str | None = None, registry: Any = None,
                id: Any = None) -> Analysis:
        """Analyse one message.

        Raises
        ------
        TypeError
            ``text`` is not a ``str``.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {_describe(text)}")
        region = region if region is not None else self.region
        registry = registry if registry is not None else self.registry
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        prepared = prepare(text)
        t1 = time.perf_counter()
        timings["normalize"] = (t1 - t0) * 1000
        topic = self._classify(prepared)
        t2 = time.perf_counter()
        timings["classify"] = (t2 - t1) * 1000
        addresses = self._extract(prepared)
        t3 = time.perf_counter()
        timings["extract"] = (t3 - t2) * 1000
        location = self._geolocate(prepared, addresses, region, registry)
        t4 = time.perf_counter()
        timings["geolocate"] = (t4 - t3) * 1000
        partial = Analysis(text=text, id=id, topic=topic, addresses=tuple(addresses),
                           location=location, truncated=prepared.truncated)
        agencies = self._route(partial, region)
        t5 = time.perf_counter()
        timings["route"] = (t5 - t4) * 1000
        timings["total"] = (t5 - t0) * 1000
        return Analysis(text=text, id=id, topic=topic, addresses=tuple(addresses),
                        location=location, agencies=tuple(agencies), timings_ms=timings,
                        truncated=prepared.truncated)

    def _analyze_safe(self, text: Any, region: str | None, registry: Any, id: Any) -> Analysis:
        try:
            return self.analyze(text, region=region, registry=registry, id=id)
        except Exception as e:  # one bad item never loses the others
            shown = text if isinstance(text, str) else ""
            return Analysis(text=shown, id=id, error=f"{type(e).__name__}: {e}")

    def _analyze_chunk(self, chunk: Sequence[tuple[Any, Any]], region: str | None,
                       registry: Any) -> list[Analysis]:
        return [self._analyze_safe(t, region, registry, i) for i, t in chunk]

    def pipe(self, texts: Iterable[Any], *, ids: Iterable[Any] | None = None,
             as_tuples: bool = False, n_jobs: int = 1, batch_size: int = 256,
             region: str | None = None, registry: Any = None) -> Iterator[Analysis]:
        """Stream analyses in input order; parallel through joblib when ``n_jobs > 1``.

        ``ids`` gives one id per text; with ``as_tuples=True`` the items are ``(text, id)``
        pairs instead (as in spaCy's ``nlp.pipe``). An item that fails (``None``, bytes, …)
        yields a record with ``error`` set; the stream goes on.
        """
        if as_tuples:
            items: Iterable[tuple[Any, Any]] = ((i, t) for t, i in texts)
        elif ids is not None:
            items = zip(ids, texts, strict=True)
        else:
            items = ((None, t) for t in texts)
        chunks = _chunked(items, batch_size)
        if n_jobs == 1:
            for chunk in chunks:
                yield from self._analyze_chunk(chunk, region, registry)
            return
        from joblib import Parallel, delayed

        parallel = Parallel(n_jobs=n_jobs, return_as="generator")
        for result in parallel(delayed(_run_chunk)(self, chunk, region, registry)
                               for chunk in chunks):
            yield from result

    def analyze_batch(self, texts: Iterable[Any], *, ids: Iterable[Any] | None = None,
                      n_jobs: int = 1, batch_size: int = 256, region: str | None = None,
                      registry: Any = None) -> list[Analysis]:
        """Analyse many messages: one record per input, in order (see :meth:`pipe`)."""
        return list(self.pipe(texts, ids=ids, n_jobs=n_jobs, batch_size=batch_size,
                              region=region, registry=registry))

    __call__ = analyze

    # ------------------------------------------------------------------ training
    def fit(self, texts: Sequence[str], labels: Sequence[Any] | None = None,
            agencies: Sequence[str] | None = None, context: Sequence[dict] | None = None
            ) -> ComplaintPipeline:
        """Retrain the trainable stages: the topic classifier on ``labels`` and, when
        ``agencies`` are given, an :class:`~complaintnlp.routing.AgencyRouter`."""
        if labels is not None:
            from .topics import TopicClassifier

            clf = self.classifier if isinstance(self.classifier, TopicClassifier) \
                else TopicClassifier()
            self.classifier = clf.fit(texts, labels)
        if agencies is not None:
            from .routing import AgencyRouter

            router = self.router if isinstance(self.router, AgencyRouter) else AgencyRouter()
            self.router = router.fit(texts, agencies, context=context)
        return self

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Save the pipeline as a directory (safe format, no pickle).

        Layout: ``meta.json`` (kind ``pipeline``, versions, settings, the components and the
        SHA-256 of each component's ``meta.json``), ``topics/`` and ``router/`` model
        directories when those stages are trained models.
        """
        from .io.model_format import save_model_dir, sha256_bytes

        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        components: dict[str, str] = {}
        clf = self.classifier
        if clf is None:
            from .topics import default_classifier

            clf = default_classifier()
        clf.save(out / "topics")
        components["topics"] = sha256_bytes((out / "topics" / "meta.json").read_bytes())
        if self.router is not None:
            self.router.save(out / "router")
            components["router"] = sha256_bytes((out / "router" / "meta.json").read_bytes())
        if self.routing_table is not None and hasattr(self.routing_table, "to_records"):
            (out / "routing_table.json").write_text(
                json.dumps(self.routing_table.to_records(), ensure_ascii=False, indent=1),
                encoding="utf-8")
            components["routing_table.json"] = sha256_bytes(
                (out / "routing_table.json").read_bytes())
        params = {"region": self.region, "components": sorted(components),
                  "analysis_schema": ANALYSIS_SCHEMA_VERSION}
        meta = {"components": components}
        labels = getattr(clf, "classes_", None)
        if labels is not None:
            meta["labels"] = [str(x) for x in labels]
        for key in ("taxonomy", "metrics", "data_hash"):
            value = getattr(clf, f"{key}_", None)
            if value is not None:
                meta[key] = value
        save_model_dir(out, kind="pipeline", params=params, meta=meta)
        return out

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, **overrides: Any
             ) -> ComplaintPipeline:
        """Load a saved pipeline, or the default one when ``path`` is None.

        Nothing is unpickled; each component's checksum is verified.
        """
        if path is None:
            return cls(**overrides)
        from .io.model_format import load_model_dir, sha256_bytes
        from .topics import TopicClassifier

        base = Path(path)
        params, _, meta = load_model_dir(base, kind="pipeline")
        components = meta.get("components", {})
        for name, digest in components.items():
            target = base / name / "meta.json" if not name.endswith(".json") else base / name
            try:
                data = target.read_bytes()
            except FileNotFoundError as e:
                raise ModelFormatError(f"{base}: missing component {name}") from e
            if sha256_bytes(data) != digest:
                raise ModelFormatError(f"{base}: checksum mismatch for component {name}")
        kwargs: dict[str, Any] = {"region": params.get("region")}
        kwargs["classifier"] = TopicClassifier.load(base / "topics")
        if "router" in components:
            from .routing import AgencyRouter

            kwargs["router"] = AgencyRouter.load(base / "router")
        if "routing_table.json" in components:
            from .routing import RoutingTable

            kwargs["routing_table"] = RoutingTable.from_file(base / "routing_table.json")
        kwargs.update(overrides)
        return cls(**kwargs)


def _run_chunk(pipeline: ComplaintPipeline, chunk: Sequence[tuple[Any, Any]],
               region: str | None, registry: Any) -> list[Analysis]:
    return pipeline._analyze_chunk(chunk, region, registry)


def _chunked(items: Iterable[tuple[Any, Any]], size: int) -> Iterator[list[tuple[Any, Any]]]:
    chunk: list[tuple[Any, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_DEFAULT: ComplaintPipeline | None = None
_LOCK = threading.Lock()


def default_pipeline() -> ComplaintPipeline:
    """The shared default pipeline (created once, thread-safe)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = ComplaintPipeline()
    return _DEFAULT


def analyze(text: str, region: str | None = None, registry: Any = None, id: Any = None
            ) -> Analysis:
    """Analyse one message with the default pipeline (see :meth:`ComplaintPipeline.analyze`)."""
    return default_pipeline().analyze(text, region=region, registry=registry, id=id)


def analyze_batch(texts: Iterable[Any], *, n_jobs: int = 1, **kwargs: Any) -> list[Analysis]:
    """Analyse many messages with the default pipeline; one record per input, in order."""
    return default_pipeline().analyze_batch(texts, n_jobs=n_jobs, **kwargs)


