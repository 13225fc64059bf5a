"""The probe scorer (corpora/probes/score_probes.py) on a two-message probe file."""

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "corpora" / "probes" / "score_probes.py"


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("score_probes", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_score_file(scorer, tmp_path):
    rows = [
        {"text": "В Максатихе на ул. Железнодорожной сломанное дерево висит над тротуаром",
         "topic": "landscaping", "is_appeal": True, "region": "Тверская область",
         "settlement": "Максатиха", "street": "Железнодорожная", "house": None},
        {"text": "С праздником, дорогие земляки!", "topic": "other", "is_appeal": False,
         "region": None, "settlement": None, "street": None, "house": "5"},
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    from complaintnlp.topics import default_classifier

    res, errors = scorer.score_file(str(path), default_classifier())
    assert res["n"] == 2 and res["topic_accuracy"] == 1.0 and res["appeal_accuracy"] == 1.0
    assert res["non_appeal_recall"] == 1.0
    assert res["region"] == res["settlement"] == res["street"] == 1.0
    assert res["house"] == 0.5  # the second row expects a house the text does not name
    assert len(errors) == 1 and errors[0].startswith("house:")
