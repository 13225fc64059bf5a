"""Every code example in ``docs/`` runs.

Each Markdown file is run top to bottom in a fresh temporary directory (holding a copy of
``docs/examples/``), the way a reader would follow it:

* a ```` ```python ```` block with ``>>>`` prompts is a doctest (``ELLIPSIS`` and
  ``NORMALIZE_WHITESPACE`` on); one without prompts is executed; all Python blocks of one file
  share a namespace;
* a ```` ```bash ```` block runs in ``bash -euo pipefail`` with this interpreter's ``bin/`` first
  on ``PATH`` (so ``complaintnlp`` and ``python`` are the ones under test);
* a ```` ```json ```` block must parse (``...`` placeholders aside);
* a block right after ``<!-- doc-test: skip REASON -->`` is not run (installs, long evaluations
  on ``../shared``); ``<!-- doc-test: needs-shared -->`` runs only when ``../shared/data``
  exists, with ``$SHARED`` / ``SHARED`` pointing at it.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SHARED = ROOT.parent / "shared"
# files other helpers own whose blocks are long-running commands documented, not re-run here
NOT_RUN = {"benchmarks.md": "the benchmark suite takes minutes; docs/benchmarks.md is its output"}

_FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_MARK = re.compile(r"<!--\s*doc-test:\s*(?P<kind>skip|needs-shared)\b(?P<reason>[^>]*)-->\s*$")


@dataclass
class Block:
    lang: str
    body: str
    line: int
    mark: str | None
    reason: str


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        before = text[:m.start()].rstrip().splitlines()
        mark = _MARK.search(before[-1]) if before else None
        out.append(Block(m["lang"].lower(), m["body"], text.count("\n", 0, m.start()) + 1,
                         mark["kind"] if mark else None,
                         mark["reason"].strip() if mark else ""))
    return out


def doc_files() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["SHARED"] = str(SHARED)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def _run_python(block: Block, path: Path, globs: dict) -> None:
    name = f"{path.name}:{block.line}"
    if ">>>" not in block.body:
        exec(compile(block.body, name, "exec"), globs)
        return
    test = doctest.DocTestParser().get_doctest(block.body, globs, name, str(path), block.line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=False)
    globs.update(test.globs)  # the parser works on a copy: share names with later blocks
    if runner.failures:
        pytest.fail(f"{name}: doctest failed\n" + "".join(report), pytrace=False)


def _run_bash(block: Block, path: Path, cwd: Path) -> None:
    r = subprocess.run(["bash", "-euo", "pipefail", "-c", block.body], cwd=cwd, env=_env(),
                       capture_output=True, text=True, timeout=180)
    if r.returncode != 0:
        pytest.fail(f"{path.name}:{block.line}: bash block exited {r.returncode}\n"
                    f"--- script\n{block.body}--- stdout\n{r.stdout[-3000:]}"
                    f"--- stderr\n{r.stderr[-3000:]}", pytrace=False)


def _check_json(block: Block, path: Path) -> None:
    body = re.sub(r'"\.\.\.":\s*[^,}\]]+,?', "", block.body)  # abridged keys
    body = re.sub(r",\s*([}\]])", r"\1", body)
    try:
        json.loads(body)
    except json.JSONDecodeError as e:
        pytest.fail(f"{path.name}:{block.line}: invalid JSON example: {e}", pytrace=False)


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: p.name)
def test_doc_examples(path, tmp_path, monkeypatch):
    if path.name in NOT_RUN:
        for block in blocks(path):
            if block.lang == "json":
                _check_json(block, path)
        pytest.skip(NOT_RUN[path.name])
    examples = DOCS / "examples"
    if examples.is_dir():
        shutil.copytree(examples, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    globs: dict = {"__name__": f"docs.{path.stem}", "SHARED": SHARED}
    skipped = []
    for block in blocks(path):
        if block.lang not in ("python", "py", "pycon", "bash", "sh", "console", "json"):
            continue
        if block.mark == "skip":
            skipped.append(block.line)
            continue
        if block.mark == "needs-shared" and not (SHARED / "data").is_dir():
            skipped.append(block.line)
            continue
        if block.lang in ("python", "py", "pycon"):
            _run_python(block, path, globs)
        elif block.lang == "json":
            _check_json(block, path)
        else:
            _run_bash(block, path, tmp_path)


def test_every_doc_is_linked_from_the_index():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for path in doc_files():
        if path.name != "index.md":
            assert f"({path.name}" in index, f"docs/index.md does not link {path.name}"


def test_local_links_resolve():
    link = re.compile(r"\]\((?!https?://|#|mailto:)([^)#\s]+)")
    broken = [f"{path.relative_to(ROOT)} → {target}"
              for path in [*doc_files(), ROOT / "README.md", ROOT / "CHANGELOG.md"]
              if path.exists()
              for target in link.findall(path.read_text(encoding="utf-8"))
              if not (path.parent / target).exists()]
    assert not broken, "broken links: " + "; ".join(broken)
