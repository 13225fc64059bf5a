"""Routing stage: who must answer a message.

Public names are imported lazily (importing :mod:`complaintnlp.routing` loads no data)::

    Agency, LEVELS                 agency.py   ranked candidate value object
    route                          route.py    analysis or text → [Agency]
    DefaultRules, default_rules    rules.py    the packaged topic × place rules
    RoutingTable                   table.py    user routing tables (YAML / CSV / JSON)
    AgencyRouter                   router.py   trainable router (text + topic + place)

>>> from complaintnlp.routing import route
>>> route("Во дворе дома не вывозят мусор", region="Курская область")[0].type
'waste_operator'
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["LEVELS", "Agency", "AgencyRouter", "DefaultRules", "RoutingTable", "default_rules",
           "route"]

_LAZY = {
    "Agency": ".agency",
    "LEVELS": ".agency",
    "route": ".route",
    "DefaultRules": ".rules",
    "default_rules": ".rules",
    "RoutingTable": ".table",
    "AgencyRouter": ".router",
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
