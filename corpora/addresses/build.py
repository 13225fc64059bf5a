"""Build the gold JSONL files of corpora/addresses from the annotated sources.

Source syntax (one message a line, ``#`` starts a comment line, ``\\n`` is a line break):
``яма на [Ленина 5|st=улица Ленина;h=5] уже неделю`` — a mention in square brackets, its visible
text, then ``|`` and its parts. Part keys: st street, h house, b building, apt apartment,
s settlement, stype settlement_type, m municipality, r region, d district, lm landmark,
x cross_street.

Run: ``.venv/bin/python corpora/addresses/build.py`` (writes dev.jsonl and heldout.jsonl).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

KEYS = {"st": "street", "h": "house", "b": "building", "apt": "apartment", "s": "settlement",
        "stype": "settlement_type", "m": "municipality", "r": "region", "d": "district",
        "lm": "landmark", "x": "cross_street"}
_MENTION = re.compile(r"\[([^\]|]+)\|([^\]]*)\]")


def parse_line(line: str, idx: str) -> dict:
    line = line.replace("\\n", "\n")
    text = []
    addresses = []
    pos = 0
    out_len = 0
    for m in _MENTION.finditer(line):
        plain = line[pos:m.start()]
        text.append(plain)
        out_len += len(plain)
        vis = m.group(1)
        parts = {}
        for kv in m.group(2).split(";"):
            if not kv.strip():
                continue
            k, v = kv.split("=", 1)
            parts[KEYS[k.strip()]] = v.strip()
        addresses.append({"start": out_len, "end": out_len + len(vis), "text": vis, **parts})
        text.append(vis)
        out_len += len(vis)
        pos = m.end()
    text.append(line[pos:])
    full = "".join(text)
    assert "[" not in full and "]" not in full, (idx, full)
    for a in addresses:
        assert full[a["start"]:a["end"]] == a["text"]
    return {"id": idx, "text": full, "addresses": addresses}


def build(src: Path, dst: Path, prefix: str) -> int:
    rows = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(parse_line(line.rstrip(), f"{prefix}{len(rows) + 1:03d}"))
    with dst.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(rows)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for name, prefix in (("dev", "d"), ("heldout", "h")):
        n = build(here / f"{name}.txt", here / f"{name}.jsonl", prefix)
        print(f"{name}: {n} messages")
