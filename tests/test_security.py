"""Security (issue 7): models load without unpickling and verify their SHA-256 checksums; user
tables are parsed as data only."""

from __future__ import annotations

import ast
import gzip
import io
import json
import pickle
import shutil
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from complaintnlp.errors import DataFormatError, ModelFormatError
from complaintnlp.io.model_format import load_model_dir, sha256_bytes
from complaintnlp.topics import TopicClassifier

PACKAGE = Path(__file__).resolve().parents[1] / "complaintnlp"
DEFAULT_MODEL = PACKAGE / "data" / "topic_model"
MODEL_FILES = sorted(json.loads((DEFAULT_MODEL / "meta.json").read_text("utf-8"))["files"])


@pytest.fixture()
def model_copy(tmp_path: Path) -> Path:
    """A private copy of the packaged topic model directory."""
    dst = tmp_path / "topic_model"
    shutil.copytree(DEFAULT_MODEL, dst)
    return dst


def rewrite_meta(model: Path, **changes) -> None:
    meta = json.loads((model / "meta.json").read_text("utf-8"))
    meta.update(changes)
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


# --------------------------------------------------------------------- tampered model files
def test_copy_loads(model_copy):
    clf = TopicClassifier.load(model_copy)
    assert clf.classify("яма на дороге").label == "roads"


@pytest.mark.parametrize("name", MODEL_FILES)
def test_flipped_byte_is_refused(model_copy, name):
    path = model_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match=rf"checksum mismatch for {name}"):
        TopicClassifier.load(model_copy)


@pytest.mark.parametrize("name", MODEL_FILES)
def test_truncated_file_is_refused(model_copy, name):
    path = model_copy / name
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ModelFormatError, match="tampered with or truncated"):
        TopicClassifier.load(model_copy)


@pytest.mark.parametrize("name", MODEL_FILES)
def test_missing_file_is_refused(model_copy, name):
    (model_copy / name).unlink()
    with pytest.raises(ModelFormatError, match=rf"missing file {name}"):
        TopicClassifier.load(model_copy)


@pytest.mark.parametrize("cut", [0, 1, 100, -10])
def test_truncated_meta_is_refused(model_copy, cut):
    meta = (model_copy / "meta.json").read_bytes()
    (model_copy / "meta.json").write_bytes(meta[:cut])
    with pytest.raises(ModelFormatError, match=r"meta\.json"):
        TopicClassifier.load(model_copy)


def test_missing_meta_is_refused(model_copy):
    (model_copy / "meta.json").unlink()
    with pytest.raises(ModelFormatError, match=r"missing file meta\.json"):
        TopicClassifier.load(model_copy)


@pytest.mark.parametrize(("changes", "message"), [
    ({"format": "something.else"}, "not a complaintnlp model directory"),
    ({"format_version": 99}, "unsupported format_version"),
    ({"kind": "pipeline"}, "expected a 'topic_classifier' model"),
    ({"files": {}}, "lists no files"),
    ({"files": "params.json"}, "lists no files"),
    ({"files": {"params.json": "0" * 64}}, "checksum mismatch for params.json"),
    ({"files": {"../../etc/passwd": "y", "params.json": "x"}}, "illegal file name"),
    ({"files": {"/etc/passwd": "y", "params.json": "x"}}, "illegal file name"),
    ({"files": {".hidden.npy": "y", "params.json": "x"}}, "illegal file name"),
])
def test_edited_meta_is_refused(model_copy, changes, message):
    rewrite_meta(model_copy, **changes)
    with pytest.raises(ModelFormatError, match=message):
        TopicClassifier.load(model_copy)


def test_meta_not_an_object_is_refused(model_copy):
    (model_copy / "meta.json").write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(ModelFormatError):
        TopicClassifier.load(model_copy)


def test_consistent_but_inconsistent_params_are_refused(model_copy):
    """An attacker who also rewrites the checksums still only gets a clear error."""
    blob = b"{}"
    (model_copy / "params.json").write_bytes(blob)
    meta = json.loads((model_copy / "meta.json").read_text("utf-8"))
    meta["files"]["params.json"] = sha256_bytes(blob)
    (model_copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError):
        TopicClassifier.load(model_copy)


class _Payload:
    """Pickling this object makes unpickling create a marker file (never executed here)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_pickled_array_with_valid_checksum_is_never_unpickled(model_copy, tmp_path):
    marker = tmp_path / "PWNED"
    arr = np.empty(1, dtype=object)
    arr[0] = _Payload(marker)
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=True)
    data = buf.getvalue()
    (model_copy / "word_w.npy").write_bytes(data)
    meta = json.loads((model_copy / "meta.json").read_text("utf-8"))
    meta["files"]["word_w.npy"] = sha256_bytes(data)
    (model_copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="not a plain NumPy array"):
        TopicClassifier.load(model_copy)
    assert not marker.exists(), "the pickle payload ran"


def test_model_format_error_is_catchable_as_value_error(model_copy):
    (model_copy / "params.json").write_bytes(b"")
    with pytest.raises(ValueError):
        TopicClassifier.load(model_copy)


# --------------------------------------------------------------------- saved pipelines
@pytest.fixture(scope="module")
def _saved_pipeline(tmp_path_factory) -> Path:
    from complaintnlp import ComplaintPipeline

    return ComplaintPipeline().save(tmp_path_factory.mktemp("pipeline") / "pipe")


@pytest.fixture()
def saved_pipeline(_saved_pipeline, tmp_path) -> Path:
    """A private copy of a saved default pipeline."""
    return Path(shutil.copytree(_saved_pipeline, tmp_path / "pipe"))


def test_tampered_pipeline_component_is_refused(saved_pipeline):
    from complaintnlp import ComplaintPipeline

    saved = saved_pipeline
    assert ComplaintPipeline.load(saved).classifier is not None
    meta = saved / "topics" / "meta.json"
    meta.write_text(meta.read_text("utf-8").replace('"kind"', '"kind" ', 1), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="checksum mismatch for component topics"):
        ComplaintPipeline.load(saved)


def test_tampered_pipeline_model_file_is_refused(saved_pipeline):
    from complaintnlp import ComplaintPipeline

    saved = saved_pipeline
    target = saved / "topics" / "bias.npy"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match="checksum mismatch"):
        ComplaintPipeline.load(saved)


# --------------------------------------------------------------------- never unpickle
@pytest.fixture()
def no_pickle(monkeypatch):
    """Make every unpickling entry point fail loudly."""
    def forbidden(*args, **kwargs):
        raise AssertionError("model loading tried to unpickle")

    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    real_np_load = np.load

    def np_load(*args, **kwargs):
        assert not kwargs.get("allow_pickle", False), "np.load(allow_pickle=True)"
        return real_np_load(*args, **kwargs)

    monkeypatch.setattr(np, "load", np_load)
    real_read_array = np.lib.format.read_array

    def read_array(fp, allow_pickle=False, *args, **kwargs):
        assert not allow_pickle, "numpy read_array(allow_pickle=True)"
        return real_read_array(fp, allow_pickle, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "read_array", read_array)
    try:
        import joblib

        monkeypatch.setattr(joblib, "load", forbidden)
    except ImportError:  # pragma: no cover
        pass


def test_default_topic_model_loads_without_unpickling(no_pickle):
    clf = TopicClassifier.load(files("complaintnlp") / "data" / "topic_model")
    assert clf.classify("нет горячей воды").label == "housing_utilities"
    _params, arrays, meta = load_model_dir(DEFAULT_MODEL, kind="topic_classifier")
    assert all(a.dtype != object for a in arrays.values())
    assert set(meta["files"]) == {"params.json", *(f"{k}.npy" for k in arrays)}


def test_default_gazetteer_loads_without_unpickling(no_pickle):
    from complaintnlp.geo.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    assert gaz.lookup("Тверь")


def test_default_routing_rules_load_without_unpickling(no_pickle):
    rules = pytest.importorskip("complaintnlp.routing.rules")
    assert rules._load() is not None


def test_saved_pipeline_loads_without_unpickling(saved_pipeline, no_pickle):
    from complaintnlp import ComplaintPipeline

    pipe = ComplaintPipeline.load(saved_pipeline)
    assert pipe.classifier.classify("автобус 5 не ходит").label == "transport"


PICKLE_CALLS = {("pickle", "load"), ("pickle", "loads"), ("pickle", "Unpickler"),
                ("marshal", "loads"), ("marshal", "load"), ("joblib", "load"),
                ("yaml", "load"), ("yaml", "unsafe_load"), ("yaml", "full_load"),
                ("yaml", "load_all"), ("yaml", "unsafe_load_all"), ("yaml", "full_load_all"),
                ("shelve", "open"), ("dill", "load"), ("dill", "loads"),
                ("cloudpickle", "load"), ("cloudpickle", "loads")}
#: Deliberate, documented opt-in uses (file:function) — none today.
ALLOWED: set[str] = set()


def _unsafe_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        if isinstance(f, ast.Name) and f.id in ("eval", "exec", "compile", "__import__"):
            found.append(f"{where} {f.id}()")
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            if (f.value.id, f.attr) in PICKLE_CALLS:
                found.append(f"{where} {f.value.id}.{f.attr}()")
            if f.attr == "load" and f.value.id in ("np", "numpy"):
                for kw in node.keywords:
                    if kw.arg == "allow_pickle" and not (
                            isinstance(kw.value, ast.Constant) and kw.value.value is False):
                        found.append(f"{where} np.load(allow_pickle=...)")
        for kw in node.keywords:   # yaml.load(..., Loader=yaml.Loader / UnsafeLoader)
            if kw.arg == "Loader" and "Safe" not in ast.unparse(kw.value):
                found.append(f"{where} Loader={ast.unparse(kw.value)}")
    return found


def test_no_eval_or_unpickling_in_the_package():
    """A static check: no eval/exec, no pickle/marshal/joblib/unsafe-YAML loading anywhere."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += [f for f in _unsafe_calls(path) if f.split(" ")[0] not in ALLOWED]
    assert found == [], "\n".join(found)


# --------------------------------------------------------------------- user tables are data
def test_gazetteer_truncated_file_is_a_clear_error(tmp_path):
    from complaintnlp.geo.gazetteer import Gazetteer

    raw = (PACKAGE / "data" / "gazetteer" / "gazetteer.json.gz").read_bytes()
    bad = tmp_path / "gazetteer.json.gz"
    bad.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DataFormatError):
        Gazetteer.load(bad)


def test_gazetteer_malformed_file_is_a_clear_error(tmp_path):
    from complaintnlp.geo.gazetteer import Gazetteer

    bad = tmp_path / "gazetteer.json.gz"
    for doc in (b'{"not": "a gazetteer"', b'{"not": "a gazetteer"}', b"[]", b"null",
                b'{"places": 5}', b"\xff\xfe"):
        bad.write_bytes(gzip.compress(doc))
        with pytest.raises(DataFormatError):
            Gazetteer.load(bad)


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_gazetteer_extension_is_data_only(tmp_path, suffix):
    """Code-looking values in a user place file stay strings."""
    from complaintnlp.geo.gazetteer import Gazetteer

    marker = tmp_path / "PWNED"
    name = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    path = tmp_path / f"places{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps([{"name": "Кодово", "kind": "settlement",
                                     "region": "Тверская область", "type": name,
                                     "aliases": ["=cmd|' /C calc'!A0", "!!python/object"]}],
                                   ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text("name,kind,region,type,aliases\n"
                        f"Кодово,settlement,Тверская область,\"{name}\",=cmd|' /C calc'!A0\n",
                        encoding="utf-8")
    gaz = Gazetteer.load()
    assert gaz.extend(path) == 1
    assert not marker.exists()
    found = gaz.lookup("Кодово")
    assert found and found[0].type == name


def test_registry_csv_is_data_only(tmp_path):
    from complaintnlp.geo import AddressRegistry

    marker = tmp_path / "PWNED"
    path = tmp_path / "registry.csv"
    path.write_text("address,lat,lon\n"
                    f"\"г. Тверь, ул. Советская, д. 5\",56.86,35.9\n"
                    f"\"__import__('os').system('touch {marker}')\",56.8,35.8\n",
                    encoding="utf-8")
    try:
        AddressRegistry.from_csv(path)
    except DataFormatError:
        pass
    assert not marker.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("address,lat,lon\nул. Ленина,__import__('os'),35\n", encoding="utf-8")
    with pytest.raises(DataFormatError):
        AddressRegistry.from_csv(bad)


def _routing_table():
    routing = pytest.importorskip("complaintnlp.routing")
    try:
        return routing.RoutingTable
    except AttributeError as e:
        pytest.skip(f"complaintnlp.routing.RoutingTable is not available: {e}")
    except ImportError as e:
        if "complaintnlp" not in str(e):
            raise
        pytest.skip(f"complaintnlp.routing.RoutingTable is not available: {e}")


YAML_ATTACKS = [
    "!!python/object/apply:builtins.open [{marker}, w]",
    "!!python/object/new:builtins.open [{marker}, w]",
    "!!python/name:builtins.eval",
    "!!python/object:pathlib.PosixPath {{}}",
]


@pytest.mark.parametrize("attack", YAML_ATTACKS)
def test_yaml_routing_table_never_constructs_objects(tmp_path, attack):
    pytest.importorskip("yaml")
    table = _routing_table()
    marker = tmp_path / "PWNED"
    value = attack.format(marker=json.dumps(str(marker)))
    for doc in (f"rules:\n  - topic: roads\n    agency: {value}\n",
                f"rules: {value}\n",
                f"{value}\n"):
        path = tmp_path / "table.yaml"
        path.write_text(doc, encoding="utf-8")
        with pytest.raises(DataFormatError):
            table.from_file(path)
        assert not marker.exists(), "a YAML tag constructed a Python object"


def test_trained_router_round_trip_without_unpickling(tmp_path, no_pickle):
    """A user-trained AgencyRouter saved with a pipeline loads in the safe format; tampering
    with it is refused."""
    routing = pytest.importorskip("complaintnlp.routing")
    from complaintnlp import ComplaintPipeline

    texts = ["нет горячей воды", "яма на дороге", "автобус не ходит", "лифт сломан",
             "ямы на улице", "маршрутка опаздывает"] * 3
    agencies = ["УК", "Дорожное управление", "Минтранс"] * 6
    router = routing.AgencyRouter().fit(texts, agencies)
    saved = ComplaintPipeline(router=router).save(tmp_path / "pipe")
    loaded = ComplaintPipeline.load(saved)
    assert list(loaded.router.classes_) == list(router.classes_)
    target = saved / "router" / "params.json"
    target.write_bytes(target.read_bytes()[:-5])
    with pytest.raises(ModelFormatError, match="checksum mismatch"):
        ComplaintPipeline.load(saved)


def test_packaged_gazetteer_checksum_verified(monkeypatch):
    """A modified packaged gazetteer is refused with a clear error (checksum in .sha256)."""
    from complaintnlp.errors import DataFormatError
    from complaintnlp.geo import gazetteer as gz

    real = gz._verify_packaged
    with pytest.raises(DataFormatError, match="checksum mismatch"):
        real(b"\x1f\x8b tampered bytes")
