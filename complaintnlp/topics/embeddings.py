"""navec word vectors for *training* (never imported at inference).

The embeddings file ships inside the natasha wheel; it is located without importing natasha
(importing it pulls pymorphy2) and read with the ``navec`` package.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np

__all__ = ["NAVEC_FILE", "find_navec", "load_vectors"]

NAVEC_FILE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
_CYRILLIC = re.compile(r"[а-я]+(?:-[а-я]+)*")


def find_navec() -> Path:
    """Path of the navec archive inside the installed natasha package.

    Raises
    ------
    FileNotFoundError
        natasha (or the file) is not installed.
    """
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("natasha is not installed (it ships the navec embeddings)")
    for base in spec.submodule_search_locations:
        path = Path(base) / NAVEC_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(f"{NAVEC_FILE} not found in the natasha package")


def load_vectors(n_words: int = 100_000) -> tuple[list[str], np.ndarray]:
    """The ``n_words`` most frequent Cyrillic words of navec (ё → е) and their vectors.

    Returns
    -------
    words : list of str
        Sorted by decreasing corpus frequency.
    vectors : ndarray of shape (n_words, 300), float32
    """
    from navec import Navec

    nv = Navec.load(str(find_navec()))
    vocab = nv.vocab
    counts = np.asarray(vocab.counts, dtype=np.int64)
    order = np.argsort(-counts, kind="stable")
    words: list[str] = []
    rows: list[int] = []
    seen: set[str] = set()
    for i in order:
        w = vocab.words[i].replace("ё", "е")
        if w in seen or not _CYRILLIC.fullmatch(w):
            continue
        seen.add(w)
        words.append(w)
        rows.append(int(i))
        if len(words) >= n_words:
            break
    pq = nv.pq
    idx = np.asarray(pq.indexes)[rows]  # (n, qdim) uint8
    codes = np.asarray(pq.codes)  # (qdim, centroids, subdim)
    q = np.arange(codes.shape[0])
    vectors = codes[q[None, :], idx].reshape(len(rows), -1).astype(np.float32)
    return words, vectors
