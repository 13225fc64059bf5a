"""The safe model directory format: JSON + NumPy ``.npy`` arrays + ``meta.json`` with checksums.

A model directory holds::

    meta.json        {"format": "complaintnlp.model", "format_version": 1, "kind": ...,
                      "versions": {...}, "files": {name: sha256}, ...free metadata...}
    params.json      JSON-safe parameters and vocabularies
    <name>.npy       arrays, loaded with ``allow_pickle=False``

Loading verifies every checksum before reading, so a tampered or truncated file is refused with
:class:`~complaintnlp.errors.ModelFormatError`. Nothing is ever unpickled.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import warnings
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFormatError

__all__ = ["FORMAT", "FORMAT_VERSION", "load_model_dir", "save_model_dir", "sha256_bytes",
           "versions"]

FORMAT = "complaintnlp.model"
FORMAT_VERSION = 1


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def versions() -> dict[str, str]:
    """Versions of the packages a model depends on (recorded in ``meta.json``)."""
    from .. import __version__

    out = {"complaintnlp": __version__, "numpy": np.__version__,
           "python": platform.python_version()}
    try:
        import sklearn

        out["scikit-learn"] = sklearn.__version__
    except ImportError:  # pragma: no cover
        pass
    return out


def save_model_dir(path: str | os.PathLike[str], *, kind: str, params: Mapping[str, Any],
                   arrays: Mapping[str, np.ndarray] | None = None,
                   meta: Mapping[str, Any] | None = None) -> Path:
    """Write a model directory; return its path.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> d = save_model_dir(tempfile.mkdtemp(), kind="demo", params={"a": 1},
    ...                    arrays={"w": np.ones(3)})
    >>> p, arr, meta = load_model_dir(d, kind="demo")
    >>> p["a"], arr["w"].tolist(), meta["kind"]
    (1, [1.0, 1.0, 1.0], 'demo')
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    blob = json.dumps(params, ensure_ascii=False, sort_keys=True).encode("utf-8")
    (out / "params.json").write_bytes(blob)
    files["params.json"] = sha256_bytes(blob)
    for name, arr in (arrays or {}).items():
        if not name.replace("_", "").replace("-", "").isalnum():
            raise ValueError(f"bad array name {name!r}")
        a = np.asarray(arr)
        if a.dtype == object:
            raise ValueError(f"array {name!r} has dtype object; only numeric arrays are stored")
        buf = io.BytesIO()
        np.save(buf, a, allow_pickle=False)
        data = buf.getvalue()
        (out / f"{name}.npy").write_bytes(data)
        files[f"{name}.npy"] = sha256_bytes(data)
    full_meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind,
                 "versions": versions(), **dict(meta or {}), "files": files}
    (out / "meta.json").write_text(json.dumps(full_meta, ensure_ascii=False, indent=2,
                                              sort_keys=True), encoding="utf-8")
    return out


def _read(path: Path | Traversable, name: str) -> bytes:
    try:
        return (path / name).read_bytes()
    except FileNotFoundError as e:
        raise ModelFormatError(f"{path}: missing file {name}") from e
    except OSError as e:  # pragma: no cover
        raise ModelFormatError(f"{path}: cannot read {name}: {e}") from e


def load_model_dir(path: str | os.PathLike[str] | Traversable, *, kind: str | None = None
                   ) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, Any]]:
    """Read and verify a model directory: ``(params, arrays, meta)``.

    Raises
    ------
    ModelFormatError
        Missing ``meta.json``, unknown format, wrong kind, a checksum mismatch or an unreadable
        file.
    """
    p: Path | Traversable = path if isinstance(path, Traversable) else Path(path)
    try:
        meta = json.loads(_read(p, "meta.json").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ModelFormatError(f"{p}: meta.json is not valid JSON: {e}") from e
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFormatError(f"{p}: not a complaintnlp model directory (meta.json format)")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelFormatError(f"{p}: unsupported format_version {meta.get('format_version')!r}")
    if kind is not None and meta.get("kind") != kind:
        raise ModelFormatError(f"{p}: expected a {kind!r} model, found {meta.get('kind')!r}")
    files = meta.get("files")
    if not isinstance(files, dict) or "params.json" not in files:
        raise ModelFormatError(f"{p}: meta.json lists no files")
    arrays: dict[str, np.ndarray] = {}
    params: dict[str, Any] = {}
    for name, digest in files.items():
        if "/" in name or "\\" in name or name.startswith("."):
            raise ModelFormatError(f"{p}: illegal file name {name!r} in meta.json")
        data = _read(p, name)
        if sha256_bytes(data) != digest:
            raise ModelFormatError(f"{p}: checksum mismatch for {name} (file tampered with or "
                                   "truncated)")
        if name == "params.json":
            params = json.loads(data.decode("utf-8"))
        elif name.endswith(".npy"):
            try:
                arrays[name[:-4]] = np.load(io.BytesIO(data), allow_pickle=False)
            except ValueError as e:
                raise ModelFormatError(f"{p}: {name} is not a plain NumPy array: {e}") from e
    saved = meta.get("versions", {}).get("complaintnlp")
    from .. import __version__

    if saved and saved.split(".")[:2] != __version__.split(".")[:2]:
        warnings.warn(f"{p}: model saved with complaintnlp {saved}, running {__version__}",
                      UserWarning, stacklevel=2)
    return params, arrays, meta
