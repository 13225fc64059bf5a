# %% [markdown]
# # 01 · Quick start: from a raw message to a routed, geolocated appeal
#
# `complaintnlp.analyze(text)` runs the whole chain offline: clean text → topic (and whether the
# message is an appeal at all) → address mentions → place with coordinates → ranked responsible
# bodies, each with its reason. This notebook analyses a handful of messages from several regions,
# shows the JSON an integrator receives, highlights the address spans in the original text and
# lists the agencies with their reasons.
#
# Runs in well under a minute on 2 cores. The data in `../shared` (next to the repository, never
# inside it) is used for a few real messages at the end.

# %%
# Where is ../shared? (set COMPLAINTNLP_SHARED to point elsewhere)
import os
from pathlib import Path


class SharedDataMissing(RuntimeError):
    """../shared is not next to the repository: this notebook cannot run."""


def find_shared() -> Path:
    if os.environ.get("COMPLAINTNLP_SHARED"):
        shared = Path(os.environ["COMPLAINTNLP_SHARED"])
    else:
        here = Path.cwd().resolve()
        root = next((d for d in [here, *here.parents] if (d / "pyproject.toml").exists()
                     and (d / "complaintnlp").is_dir()), here.parent)
        shared = root.parent / "shared"
    if not (shared / "data").is_dir():
        raise SharedDataMissing(
            f"{shared}/data is absent: this notebook reads the shared corpora from ../shared "
            "(relative to the repository root). Put them there or set COMPLAINTNLP_SHARED.")
    return shared


SHARED = find_shared()
DATA = SHARED / "data"
print("shared data:", DATA)

# %%
import html
import json

import pandas as pd
from IPython.display import HTML, display

import complaintnlp
from complaintnlp import analyze

print("complaintnlp", complaintnlp.__version__)

# %% [markdown]
# ## One message, the whole JSON
#
# `analyze` returns an `Analysis` value; `to_dict()` is the documented, versioned JSON shape
# (`docs/formats.md`, schema 1.0). The first call loads the packaged model and gazetteer (lazily,
# about a second); later calls take about a millisecond.

# %%
a = analyze("г. Курск, ул. Союзная д. 71Б — УК не убирает двор", id=1)
print(json.dumps(a.to_dict(), ensure_ascii=False, indent=1))

# %% [markdown]
# ## Messages from several regions
#
# Informal style on purpose: lower case, no punctuation, abbreviations, emoji. `region=` is the
# default region of the caller (a regional centre sets it once); it is used only when the message
# itself does not say where it is.

# %%
MESSAGES = [
    ("В Максатихе на ул. Железнодорожной сломанное дерево висит над тротуаром", None),
    ("г. Курск, ул. Союзная д. 71Б — УК не убирает двор", None),
    ("в твери на советской 5 третий день нет горячей воды, управляйка трубку не берет", None),
    ("Новосибирск, Красный проспект 28 - огромная яма прямо на пешеходном переходе!!!", None),
    ("автобус 32 опять не пришёл, стоим на остановке по 40 минут 😡", "Тверская область"),
    ("Питер, Звенигородская ул. д. 5 — не горят фонари во дворе, детям страшно", None),
    ("не могу записаться к терапевту в поликлинику №2 в Бежецке, электронная регистратура "
     "не работает", None),
    ("спасибо большое администрации за новую площадку во дворе 👍", None),
]
analyses = [analyze(text, region=region, id=i) for i, (text, region) in enumerate(MESSAGES)]
table = pd.DataFrame([{
    "text": x.text[:60],
    "topic": x.topic.label,
    "score": round(x.topic.scores[x.topic.label], 2),
    "is_appeal": x.topic.is_appeal,
    "place": (x.location.settlement or x.location.region) if x.location else None,
    "precision": x.location.precision if x.location else None,
    "agency": x.agencies[0].name if x.agencies else None,
} for x in analyses])
table

# %% [markdown]
# ## Address spans, highlighted in the original text
#
# Every span indexes the ORIGINAL input (`text[start:end] == address.text`), even when the
# message contains HTML, emoji or odd whitespace — so it can be highlighted as is.

# %%
def highlight(analysis) -> str:
    """HTML of the text with each address mention marked, its parts in the tooltip."""
    text, out, pos = analysis.text, [], 0
    for adr in analysis.addresses:
        assert text[adr.start:adr.end] == adr.text
        parts = {k: v for k, v in adr.to_dict().items()
                 if v and k not in ("start", "end", "text")}
        tip = html.escape("; ".join(f"{k}: {v}" for k, v in parts.items()), quote=True)
        out.append(html.escape(text[pos:adr.start]))
        out.append(f'<mark title="{tip}">{html.escape(adr.text)}</mark>')
        pos = adr.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


rows = []
for x in analyses:
    normalized = "<br>".join(html.escape(adr.normalized) for adr in x.addresses) or "—"
    rows.append(f"<tr><td style='text-align:left'>{highlight(x)}</td>"
                f"<td style='text-align:left'>{normalized}</td></tr>")
display(HTML("<table><tr><th>message (addresses marked)</th><th>normalized</th></tr>"
             + "".join(rows) + "</table>"))

# %% [markdown]
# The same in a terminal (ANSI colours), e.g. for logs:

# %%
def ansi(analysis) -> str:
    text, out, pos = analysis.text, [], 0
    for adr in analysis.addresses:
        out += [text[pos:adr.start], "\x1b[1;43m", adr.text, "\x1b[0m"]
        pos = adr.end
    return "".join([*out, text[pos:]])


for x in analyses[:4]:
    print(ansi(x))

# %% [markdown]
# ## Address parts and the resolved place

# %%
pd.DataFrame([{"message": i, **adr.to_dict()} for i, x in enumerate(analyses)
              for adr in x.addresses]).dropna(axis=1, how="all")

# %%
pd.DataFrame([{"message": i, **{k: v for k, v in x.location.to_dict().items()
                                if k not in ("source", "candidates")}}
              for i, x in enumerate(analyses) if x.location is not None])

# %% [markdown]
# ## Who must answer, and why
#
# `agencies` is a ranked list; each candidate has a `level` (`federal`, `regional`, `municipal`,
# `organization`), a relative `score` and a readable `reason`. Near-ties come back together.

# %%
for x in analyses:
    print(f"■ {x.text}")
    for ag in x.agencies[:3]:
        print(f"    {ag.score:.2f}  {ag.name}  [{ag.type}, {ag.level}]")
        print(f"          ↳ {ag.reason}")

# %% [markdown]
# ## Batches and the other output formats
#
# `analyze_batch` keeps the input order and never loses an item: a bad input (here `None`) gets a
# record with `error` instead of stopping the batch. The records convert to Open311 GeoReport v2
# service requests and to GeoJSON features (`docs/formats.md`).

# %%
from complaintnlp import analyze_batch
from complaintnlp.io.open311 import to_geojson, to_open311

batch = analyze_batch([m for m, _ in MESSAGES[:3]] + [None], ids=["a", "b", "c", "d"])
records = [x.to_dict() for x in batch]
print([(r["id"], r["topic"], r.get("error")) for r in records])
print(json.dumps(to_open311(records[1]), ensure_ascii=False, indent=1)[:800])
print(json.dumps(to_geojson(records), ensure_ascii=False)[:400])

# %% [markdown]
# ## A few real messages from `../shared`
#
# Three appeals to the Kursk regional centre and three St Petersburg petitions (the petitions
# rarely spell out the address in the text: the portal stores it in a separate field).

# %%
kursk = pd.read_csv(DATA / "kursk" / "train.csv").sample(3, random_state=1)
spb = pd.read_csv(DATA / "spb" / "petitions.csv.gz", nrows=2000).sample(3, random_state=1)
real = ([(t, "Курская область") for t in kursk.text]
        + [(t, "Санкт-Петербург") for t in spb.text])
for text, region in real:
    x = analyze(text, region=region)
    print(f"■ [{region}] {text[:150]!r}")
    print(f"    topic={x.topic.label} appeal={x.topic.is_appeal} "
          f"addresses={[adr.text for adr in x.addresses]} "
          f"place={x.location.settlement if x.location else None} "
          f"agency={x.agencies[0].name if x.agencies else None}")

# %% [markdown]
# Next: `02_retrain_on_your_appeals.ipynb` retrains the classifier and the router on your own
# labelled appeals; `03_map_of_appeals.ipynb` puts petitions on a map.
