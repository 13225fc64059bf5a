# %% [markdown]
# # 03 · A map of appeals: St Petersburg petitions
#
# Geolocate a sample of petitions from the portal «Наш Санкт-Петербург» (`../shared`) at house
# level with an **address registry** — canonical addresses with coordinates, here built from the
# portal's own `full_address`, `latitude`, `longitude` — then plot them on longitude/latitude axes
# coloured by topic, measure how far the points land from the portal's coordinates, and chart the
# TOP-5 topics of each district.
#
# Everything is offline: no map tiles, the "map" is matplotlib on lon/lat axes (with the cosine
# of the latitude as aspect ratio). A regional centre would build its registry from its ГАР/ФИАС
# extract the same way. Runs in a couple of minutes on 2 cores.

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
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from complaintnlp import TAXONOMY, AddressRegistry, ComplaintPipeline
from complaintnlp.topics import classify_batch

REGION = "Санкт-Петербург"
SAMPLE = 3000  # petitions to geolocate
SEED = 0

pet = pd.read_csv(DATA / "spb" / "petitions.csv.gz",
                  usecols=["id", "text", "reason_name", "category_name", "district",
                           "full_address", "latitude", "longitude"])
pet = pet.dropna(subset=["text"]).reset_index(drop=True)
print(len(pet), "petitions;", pet["full_address"].notna().mean().round(2),
      "with a canonical address")
pet.head(3)

# %% [markdown]
# ## The address registry
#
# Split the petitions first: the sample to geolocate is held out, and the registry is built from
# the **other** petitions only (otherwise we would look up the answer). About a fifth of the
# sample's buildings are then absent from the registry; for those the street is the best we get.
# The registry file is a plain CSV written to a temporary directory — never into the repository.

# %%
rng = np.random.default_rng(SEED)
sample_idx = rng.choice(len(pet), size=SAMPLE, replace=False)
is_sample = np.zeros(len(pet), dtype=bool)
is_sample[sample_idx] = True
sample = pet[is_sample].reset_index(drop=True)

registry_rows = (pet[~is_sample].dropna(subset=["full_address", "latitude", "longitude"])
                 .drop_duplicates("full_address")[["full_address", "latitude", "longitude"]])
workdir = Path(tempfile.mkdtemp(prefix="complaintnlp-map-"))
registry_csv = workdir / "spb_registry.csv"
registry_rows.to_csv(registry_csv, index=False)

t0 = time.perf_counter()
registry = AddressRegistry.from_csv(registry_csv, address="full_address", lat="latitude",
                                    lon="longitude")
print(f"{len(registry_rows)} canonical addresses ({len(registry)} registry entries) loaded in "
      f"{time.perf_counter() - t0:.1f} s")

# %% [markdown]
# ## Analyse the sample
#
# One pipeline with the region and the registry set once; `analyze_batch` keeps the input order.

# %%
pipe = ComplaintPipeline(region=REGION, registry=registry)
t0 = time.perf_counter()
analyses = pipe.analyze_batch(sample["text"].tolist(), ids=sample["id"].tolist())
elapsed = time.perf_counter() - t0
print(f"{len(analyses)} petitions in {elapsed:.1f} s ({len(analyses) / elapsed:.0f}/s)")

res = pd.DataFrame([{
    "id": a.id,
    "topic": a.topic.label if a.topic else None,
    "precision": a.location.precision if a.location else None,
    "lat": a.location.lat if a.location else None,
    "lon": a.location.lon if a.location else None,
    "street": a.location.street if a.location else None,
    "house": a.location.house if a.location else None,
    "agency": a.agencies[0].name if a.agencies else None,
} for a in analyses])
res = pd.concat([sample.reset_index(drop=True), res.drop(columns="id")], axis=1)
res["precision"].value_counts(dropna=False)

# %% [markdown]
# ## How far from the portal's coordinates?
#
# The portal stores where each petition is. For the petitions placed at house or street level,
# the distance between our point and the portal's (haversine, metres):

# %%
def haversine_m(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_000 * np.arcsin(np.sqrt(h))


fine = res[res["precision"].isin(["house", "street"]) & res["lat"].notna()].copy()
fine["error_m"] = haversine_m(fine["lat"], fine["lon"], fine["latitude"], fine["longitude"])
summary = fine.groupby("precision")["error_m"].describe(percentiles=[0.5, 0.75])
summary["within_150m"] = fine.groupby("precision")["error_m"].apply(lambda e: (e <= 150).mean())
summary

# %% [markdown]
# ## The map
#
# Grey: every petition of the portal (its own coordinates), for the shape of the city. Coloured:
# our sample, placed by complaintnlp from the text alone, coloured by predicted topic.

# %%
labels = list(TAXONOMY.ids)
colors = dict(zip(labels, plt.get_cmap("tab10").colors))
located = res[res["lat"].notna() & res["precision"].isin(["house", "street"])]

fig, ax = plt.subplots(figsize=(11, 10))
ax.scatter(pet["longitude"], pet["latitude"], s=1, c="0.85", linewidths=0, rasterized=True)
for label, group in located.groupby("topic"):
    ax.scatter(group["lon"], group["lat"], s=10, color=colors.get(label, "black"),
               label=f"{TAXONOMY.display_name(label)} ({len(group)})", alpha=0.8)
lat0 = float(pet["latitude"].median())
ax.set_aspect(1 / np.cos(np.radians(lat0)))
ax.set_xlim(pet["longitude"].quantile([0.002, 0.998]))
ax.set_ylim(pet["latitude"].quantile([0.002, 0.998]))
ax.set_xlabel("longitude")
ax.set_ylabel("latitude")
ax.set_title(f"St Petersburg: {len(located)} of {len(res)} sampled petitions placed at "
             "street or house level, by topic")
ax.legend(loc="lower right", markerscale=2, fontsize=9)
plt.show()

# %% [markdown]
# ## TOP-5 topics by district
#
# Topics are predicted for a larger sample (classification alone is fast); the district is the
# portal's own.

# %%
big = pet.sample(min(len(pet), 15000), random_state=SEED).dropna(subset=["district"])
t0 = time.perf_counter()
big["topic"] = [r.label for r in classify_batch(big["text"].tolist())]
print(f"classified {len(big)} petitions in {time.perf_counter() - t0:.1f} s")

shares = (big.groupby("district")["topic"].value_counts(normalize=True)
          .rename("share").reset_index())
top5 = shares.sort_values(["district", "share"], ascending=[True, False]) \
    .groupby("district").head(5)
districts = sorted(top5["district"].unique())
ncols = 4
nrows = -(-len(districts) // ncols)
fig, axes = plt.subplots(nrows, ncols, figsize=(15, 2.6 * nrows), sharex=True)
for ax, district in zip(axes.flat, districts):
    d = top5[top5["district"] == district].iloc[::-1]
    ax.barh([TAXONOMY.display_name(t) for t in d["topic"]], d["share"],
            color=[colors.get(t, "black") for t in d["topic"]])
    ax.set_title(district, fontsize=10)
    ax.tick_params(labelsize=8)
for ax in list(axes.flat)[len(districts):]:
    ax.axis("off")
fig.suptitle("TOP-5 predicted topics by district (share of the district's petitions)")
fig.tight_layout()
plt.show()

# %% [markdown]
# The same as a table, with the portal's own finer reasons for comparison:

# %%
top5_table = top5.assign(item=lambda t: t["topic"].map(TAXONOMY.display_name)
                         + " " + (100 * t["share"]).round(0).astype(int).astype(str) + "%")
reasons = (big.groupby("district")["reason_name"]
           .agg(lambda s: "; ".join(s.value_counts().index[:3])))
pd.DataFrame({"TOP-5 topics": top5_table.groupby("district")["item"].agg(", ".join),
              "TOP-3 portal reasons": reasons})

# %% [markdown]
# ## Export for a GIS
#
# The same records as GeoJSON (`complaintnlp analyze --format geojson` does this from the command
# line); open the file in QGIS or any web map.

# %%
from complaintnlp.io.open311 import to_geojson

collection = to_geojson([a.to_dict() for a in analyses])
print(len(collection["features"]), "features, e.g.", collection["features"][0]["properties"]
      if collection["features"] else None)
