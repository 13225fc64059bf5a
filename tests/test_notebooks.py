"""The notebooks: committed without outputs, in sync with their sources, and executable.

Execution (``-m slow``) needs ``../shared``, nbclient, nbformat and ipykernel; it skips cleanly
without them. The kernel is the ``python3`` kernelspec run by this interpreter (the venv), so
the notebooks see the same complaintnlp as the tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SHARED = ROOT.parent / "shared"
NAMES = ["01_quickstart", "02_retrain_on_your_appeals", "03_map_of_appeals"]
CELL_TIMEOUT = 900  # seconds per cell: 2 shared cores, training in notebook 02


@pytest.mark.parametrize("name", NAMES)
def test_notebook_committed_without_outputs(name):
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert nb["cells"], name
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, \
                f"{name}: clear the outputs before committing"


def test_notebooks_in_sync_with_sources():
    pytest.importorskip("nbformat")
    r = subprocess.run([sys.executable, str(NOTEBOOKS / "build.py"), "--check"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def _executor_parts():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    return nbformat, nbclient


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_executes(name, tmp_path, monkeypatch):
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent")
    nbformat, nbclient = _executor_parts()
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("COMPLAINTNLP_SHARED", str(SHARED))
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # saved models and registries land here
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError naming the failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.slow
def test_notebook_stops_cleanly_without_shared(tmp_path, monkeypatch):
    """The first cell of each notebook says clearly that ../shared is missing, then stops."""
    nbformat, nbclient = _executor_parts()
    monkeypatch.setenv("COMPLAINTNLP_SHARED", str(tmp_path / "nowhere"))
    nb = nbformat.read(NOTEBOOKS / f"{NAMES[0]}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    with pytest.raises(nbclient.exceptions.CellExecutionError) as err:
        client.execute()
    assert "SharedDataMissing" in str(err.value) and "is absent" in str(err.value)
    executed = [c for c in nb.cells if c.cell_type == "code" and c.execution_count]
    assert len(executed) == 1  # nothing ran after the first cell


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-m", "slow", *sys.argv[1:]]))
