"""complaintnlp: a raw Russian message from a social network → a routed, geolocated appeal.

The chain, one subpackage a stage::

    text/       normalize_text, tokenize, lemmatize          → Text
    topics/     classify, TopicClassifier                     → TopicResult
    addresses/  extract_addresses, AddressExtractor           → [Address]
    geo/        geolocate, Gazetteer, AddressRegistry         → Location
    routing/    route, AgencyRouter, RoutingTable             → [Agency]
    pipeline    analyze, analyze_batch, ComplaintPipeline     → Analysis

Everything heavy (models, gazetteer) loads lazily on first use, never at import.

>>> import complaintnlp
>>> complaintnlp.lemmatize("Сломанные качели")
['сломать', 'качели']
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it (imported on first access)
_LAZY = {
    # text
    "Text": "complaintnlp.text",
    "Token": "complaintnlp.text",
    "NormalizedText": "complaintnlp.text",
    "TextNormalizer": "complaintnlp.text",
    "TokenSegmenter": "complaintnlp.text",
    "Lemmatizer": "complaintnlp.text",
    "normalize_text": "complaintnlp.text",
    "tokenize": "complaintnlp.text",
    "lemmatize": "complaintnlp.text",
    "prepare": "complaintnlp.text",
    # topics
    "TAXONOMY": "complaintnlp.topics",
    "Taxonomy": "complaintnlp.topics",
    "TopicClassifier": "complaintnlp.topics",
    "TopicResult": "complaintnlp.topics",
    "classify": "complaintnlp.topics",
    # addresses
    "Address": "complaintnlp.addresses",
    "AddressExtractor": "complaintnlp.addresses",
    "extract_addresses": "complaintnlp.addresses",
    # geo
    "Place": "complaintnlp.geo",
    "PlaceMention": "complaintnlp.geo",
    "Location": "complaintnlp.geo",
    "Gazetteer": "complaintnlp.geo",
    "AddressRegistry": "complaintnlp.geo",
    "Geolocator": "complaintnlp.geo",
    "geolocate": "complaintnlp.geo",
    # routing
    "Agency": "complaintnlp.routing",
    "AgencyRouter": "complaintnlp.routing",
    "RoutingTable": "complaintnlp.routing",
    "route": "complaintnlp.routing",
    # pipeline
    "Analysis": "complaintnlp.pipeline",
    "ComplaintPipeline": "complaintnlp.pipeline",
    "analyze": "complaintnlp.pipeline",
    "analyze_batch": "complaintnlp.pipeline",
    # errors
    "ComplaintNLPError": "complaintnlp.errors",
    "DataFormatError": "complaintnlp.errors",
    "ModelFormatError": "complaintnlp.errors",
    "NotFittedError": "complaintnlp.errors",
    "RoutingTableError": "complaintnlp.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'complaintnlp' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
