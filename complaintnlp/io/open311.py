"""Open311 GeoReport v2 service requests and GeoJSON features from :class:`Analysis` values.

Open311 fields follow GeoReport v2 (``service_request_id``, ``service_code``, ``service_name``,
``description``, ``status``, ``agency_responsible``, ``requested_datetime``, ``address``, ``lat``,
``long``); everything complaintnlp adds lives under the single key ``"complaintnlp"``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["to_geojson", "to_geojson_feature", "to_open311"]


def _display(label: str | None) -> str | None:
    if label is None:
        return None
    try:
        from ..topics import TAXONOMY

        return TAXONOMY.display_name(label)
    except (ImportError, AttributeError, KeyError, ValueError):
        return label


def to_open311(record: dict[str, Any], requested_datetime: str | None = None) -> dict[str, Any]:
    """One Open311 GeoReport v2 service request from an ``Analysis.to_dict()`` record.

    Examples
    --------
    >>> r = {"id": 7, "text": "Яма", "topic": "roads", "topic_scores": {}, "topics": ["roads"],
    ...      "is_appeal": True, "addresses": [], "location": None, "agencies": [],
    ...      "timings_ms": {}}
    >>> req = to_open311(r)
    >>> req["service_code"], req["lat"], sorted(req["complaintnlp"])[:2]
    ('roads', None, ['addresses', 'agencies'])
    """
    loc = record.get("location") or {}
    agencies = record.get("agencies") or []
    addresses = record.get("addresses") or []
    address = addresses[0].get("normalized") if addresses else None
    out: dict[str, Any] = {
        "service_request_id": None if record.get("id") is None else str(record["id"]),
        "status": "open",
        "service_code": record.get("topic"),
        "service_name": _display(record.get("topic")),
        "description": record.get("text"),
        "agency_responsible": agencies[0]["name"] if agencies else None,
        "address": address,
        "lat": loc.get("lat"),
        "long": loc.get("lon"),
    }
    if requested_datetime is not None:
        out["requested_datetime"] = requested_datetime
    out["complaintnlp"] = {k: record.get(k) for k in (
        "topic_scores", "topics", "is_appeal", "addresses", "location", "agencies", "error")
        if k in record}
    return out


def to_geojson_feature(record: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature for a located record (``None`` when it has no coordinates)."""
    loc = record.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    agencies = record.get("agencies") or []
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
        "properties": {
            "id": record.get("id"),
            "text": record.get("text"),
            "topic": record.get("topic"),
            "is_appeal": record.get("is_appeal"),
            "precision": loc.get("precision"),
            "confidence": loc.get("confidence"),
            "region": loc.get("region"),
            "settlement": loc.get("settlement"),
            "street": loc.get("street"),
            "house": loc.get("house"),
            "agency": agencies[0]["name"] if agencies else None,
        },
    }


def to_geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of the located records."""
    features = [f for f in map(to_geojson_feature, records) if f is not None]
    return {"type": "FeatureCollection", "features": features}
