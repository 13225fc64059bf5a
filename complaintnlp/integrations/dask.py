"""Scale-out on Dask (extra ``[dask]``): analyse a text column partition by partition.

The pipeline is loaded once per worker process and reused for every partition it handles.
``analyze_batch`` itself goes through joblib, so ``joblib.parallel_config(backend="dask")`` runs it
on a Dask cluster too.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"text": ["Яма на ул. Ленина 5 в Твери", "Спасибо!"]})
>>> out = analyze_partition(df)
>>> list(out["topic"])
['roads', 'other']
"""

from __future__ import annotations

import json
import threading
from typing import Any

from . import require

__all__ = ["RESULT_COLUMNS", "analyze_dataframe", "analyze_partition"]

#: Flattened result columns (JSON strings for nested values).
RESULT_COLUMNS = {
    "topic": "object", "is_appeal": "bool", "topic_score": "float64", "topics": "object",
    "address": "object", "addresses_json": "object", "region": "object",
    "municipality": "object", "settlement": "object", "street": "object", "house": "object",
    "lat": "float64", "lon": "float64", "oktmo": "object", "precision": "object",
    "agency": "object", "agency_type": "object", "agencies_json": "object", "error": "object",
}

_PIPELINES: dict[Any, Any] = {}
_LOCK = threading.Lock()


def _pipeline(model: str | None, region: str | None) -> Any:
    key = (model, region)
    pipe = _PIPELINES.get(key)
    if pipe is None:
        with _LOCK:
            pipe = _PIPELINES.get(key)
            if pipe is None:
                from ..pipeline import ComplaintPipeline

                pipe = _PIPELINES[key] = ComplaintPipeline.load(model, region=region)
    return pipe


def _flatten(record: dict[str, Any]) -> dict[str, Any]:
    loc = record.get("location") or {}
    agencies = record.get("agencies") or []
    addresses = record.get("addresses") or []
    scores = record.get("topic_scores") or {}
    topic = record.get("topic")
    return {
        "topic": topic,
        "is_appeal": bool(record.get("is_appeal")),
        "topic_score": float(scores.get(topic, float("nan"))) if topic else float("nan"),
        "topics": ",".join(record.get("topics") or []),
        "address": addresses[0]["normalized"] if addresses else None,
        "addresses_json": json.dumps(addresses, ensure_ascii=False),
        "region": loc.get("region"),
        "municipality": loc.get("municipality"),
        "settlement": loc.get("settlement"),
        "street": loc.get("street"),
        "house": loc.get("house"),
        "lat": loc.get("lat") if loc.get("lat") is not None else float("nan"),
        "lon": loc.get("lon") if loc.get("lon") is not None else float("nan"),
        "oktmo": loc.get("oktmo"),
        "precision": loc.get("precision"),
        "agency": agencies[0]["name"] if agencies else None,
        "agency_type": agencies[0]["type"] if agencies else None,
        "agencies_json": json.dumps(agencies, ensure_ascii=False),
        "error": record.get("error"),
    }


def analyze_partition(df: Any, text_column: str = "text", model: str | None = None,
                      region: str | None = None) -> Any:
    """Analyse one pandas DataFrame; return the :data:`RESULT_COLUMNS` with the same index."""
    pd = require("pandas", "dask")
    pipe = _pipeline(model, region)
    texts = df[text_column].tolist()
    records = [a.to_dict() for a in pipe.analyze_batch(texts)]
    out = pd.DataFrame([_flatten(r) for r in records], index=df.index,
                       columns=list(RESULT_COLUMNS))
    return out.astype(RESULT_COLUMNS)


def analyze_dataframe(ddf: Any, text_column: str = "text", model: str | None = None,
                      region: str | None = None) -> Any:
    """Analyse a Dask (or pandas) DataFrame's text column partition by partition.

    Returns a DataFrame of the same kind with the flattened :data:`RESULT_COLUMNS`.
    """
    pd = require("pandas", "dask")
    if isinstance(ddf, pd.DataFrame):
        return analyze_partition(ddf, text_column, model, region)
    require("dask.dataframe", "dask")
    meta = pd.DataFrame({k: pd.Series(dtype=v) for k, v in RESULT_COLUMNS.items()})
    return ddf.map_partitions(analyze_partition, text_column, model, region, meta=meta)
