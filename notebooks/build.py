"""Build the notebooks from their percent-format sources in ``notebooks/src/``.

The ``.py`` files are the reviewable source; the ``.ipynb`` files are generated from them, without
outputs, so that diffs stay readable and no output (or data) is ever committed::

    python notebooks/build.py           # rewrite notebooks/*.ipynb from notebooks/src/*.py
    python notebooks/build.py --check   # exit 1 when a notebook is out of date

Cells start with ``# %%`` (code) or ``# %% [markdown]`` (markdown; each line starts with ``# ``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent


def parse(source: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                       "language": "python"},
        "language_info": {"name": "python"},
    }
    cells: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        if line.startswith("# %%"):
            cells.append(("markdown" if "[markdown]" in line else "code", []))
        elif cells:
            cells[-1][1].append(line)
    for kind, lines in cells:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if kind == "markdown":
            text = "\n".join(ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in lines)
            nb.cells.append(nbformat.v4.new_markdown_cell(text))
        else:
            nb.cells.append(nbformat.v4.new_code_cell("\n".join(lines)))
    for i, cell in enumerate(nb.cells):  # stable ids keep diffs small
        cell["id"] = f"cell-{i:02d}"
    return nb


def render(src: Path) -> str:
    return nbformat.writes(parse(src.read_text(encoding="utf-8"))) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for src in sorted((HERE / "src").glob("*.py")):
        target = HERE / f"{src.stem}.ipynb"
        text = render(src)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(target.name)
            if "--check" not in argv:
                target.write_text(text, encoding="utf-8")
    if "--check" in argv and stale:
        print("out of date:", ", ".join(stale), "(run python notebooks/build.py)")
        return 1
    for name in stale:
        print("wrote", name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
