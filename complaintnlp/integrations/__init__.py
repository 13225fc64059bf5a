"""Optional integrations (imported lazily; each needs its extra).

- :mod:`complaintnlp.integrations.spacy` — ``pip install 'complaintnlp[spacy]'``
- :mod:`complaintnlp.integrations.dask` — ``pip install 'complaintnlp[dask]'``
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["require"]


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency or raise ImportError with the install hint."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError(f"{module} is needed for this feature: "
                          f"pip install 'complaintnlp[{extra}]'") from e
