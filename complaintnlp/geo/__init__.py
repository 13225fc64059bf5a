"""Geo stage: the built-in gazetteer of Russia, address registries and geolocation.

Public names are imported lazily (importing :mod:`complaintnlp.geo` loads no data)::

    Place, PlaceMention, Location     value objects (location.py)
    Gazetteer, default_gazetteer      gazetteer.py
    AddressRegistry                   registry.py
    Geolocator, geolocate             locator.py
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["AddressRegistry", "Gazetteer", "Geolocator", "Location", "Place", "PlaceMention",
           "default_gazetteer", "geolocate"]

_LAZY = {
    "Place": ".location",
    "PlaceMention": ".location",
    "Location": ".location",
    "Gazetteer": ".gazetteer",
    "default_gazetteer": ".gazetteer",
    "AddressRegistry": ".registry",
    "Geolocator": ".locator",
    "geolocate": ".locator",
}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(mod, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
