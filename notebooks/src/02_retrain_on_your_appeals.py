# %% [markdown]
# # 02 · Retrain on your own appeals
#
# A regional centre has its own labelled appeals: texts, the centre's own topic names and the
# body that answered. This notebook takes such a file — the Kursk training file in `../shared` is
# the worked example — and goes all the way:
#
# 1. map the centre's topics to labels (`ru_appeals.v1` here; any strings work),
# 2. deduplicate and split (train / validation / test),
# 3. train a `TopicClassifier` and an `AgencyRouter`,
# 4. evaluate on the held-out test split: per-label F1, confusion matrix, routing accuracy,
# 5. tune the per-label thresholds on the validation split,
# 6. save the whole pipeline with `ComplaintPipeline.save`, load it back with
#    `ComplaintPipeline.load(path)` and check that the outputs are identical.
#
# Replace `TRAIN_CSV` and the column names with yours. Runs in a few minutes on 2 cores.

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
import json
import re
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import classification_report, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split

import complaintnlp
from complaintnlp import AgencyRouter, ComplaintPipeline, TopicClassifier

# your file and its columns
TRAIN_CSV = DATA / "kursk" / "train.csv"
TEXT, TOPIC, AGENCY = "text", "topic_ru", "executor"
REGION = "Курская область"  # the centre's region: the default place for geolocation and routing
SEED = 0

df = pd.read_csv(TRAIN_CSV)
print(len(df), "rows;", df[TOPIC].nunique(), "topics;", df[AGENCY].nunique(), "agencies")
df[[TEXT, TOPIC, AGENCY]].head()

# %% [markdown]
# ## 1 · Map your topics to labels
#
# A centre's topic lists are long (Kursk: 160 topics). Keep them if that is what you route by —
# `TopicClassifier` accepts any strings — or map them to a small taxonomy with a two-column table.
# Here the mapping `topic_labels.csv` sends each Kursk topic to `ru_appeals.v1`
# (`complaintnlp.TAXONOMY`) with the boundary rules of the taxonomy.

# %%
mapping = pd.read_csv(DATA / "kursk" / "topic_labels.csv")
topic_to_label = dict(zip(mapping["topic_ru"], mapping["label"]))
df["y"] = df[TOPIC].map(topic_to_label)
unmapped = df[df["y"].isna()]
print("unmapped rows:", len(unmapped), unmapped[TOPIC].unique()[:5])
df = df.dropna(subset=["y"])
if "label" in df:  # the release carries the mapped label already: both must agree
    print("agrees with the released label:", round(float((df["y"] == df["label"]).mean()), 4))
print("taxonomy:", complaintnlp.TAXONOMY.id, complaintnlp.TAXONOMY.ids)
df["y"].value_counts()

# %% [markdown]
# ## 2 · Deduplicate, then split
#
# Appeals repeat (copy-pasted complaints, the same text sent twice): deduplicate on a normalised
# key *before* splitting, otherwise the test split holds copies of training texts and the scores
# are inflated. Split stratified by label: 64 % train, 16 % validation (threshold tuning), 20 % test.

# %%
def dedup_key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", str(text).lower()).strip()


df["key"] = df[TEXT].map(dedup_key)
before = len(df)
df = df[df["key"].str.len() > 0].drop_duplicates("key").reset_index(drop=True)
print(f"{before} → {len(df)} rows after deduplication")

# a label needs a few examples in every split
counts = df["y"].value_counts()
df = df[df["y"].isin(counts[counts >= 10].index)].reset_index(drop=True)

train_val, test = train_test_split(df, test_size=0.2, stratify=df["y"], random_state=SEED)
train, val = train_test_split(train_val, test_size=0.2, stratify=train_val["y"],
                              random_state=SEED)
assert not set(train["key"]) & set(test["key"])
print({"train": len(train), "validation": len(val), "test": len(test)})

# %% [markdown]
# ## 3 · Train the topic classifier
#
# `TopicClassifier` is a scikit-learn estimator (`fit`, `predict`, `predict_proba`, `classes_`,
# `get_params`); a target may also be a list of labels per text (multi-label).

# %%
t0 = time.perf_counter()
clf = TopicClassifier().fit(train[TEXT].tolist(), train["y"].tolist())
print(f"trained in {time.perf_counter() - t0:.1f} s; labels: {list(clf.classes_)}")
print(clf.get_params())

# %% [markdown]
# ## 4 · Evaluate on the held-out test split

# %%
labels = list(clf.classes_)
y_test = test["y"].tolist()
pred = list(clf.predict(test[TEXT].tolist()))
print(classification_report(y_test, pred, labels=labels, digits=3, zero_division=0))
macro_f1 = f1_score(y_test, pred, labels=labels, average="macro", zero_division=0)
print("macro-F1 on the test split:", round(macro_f1, 3))

# %%
cm = confusion_matrix(y_test, pred, labels=labels)
per_label_f1 = f1_score(y_test, pred, labels=labels, average=None, zero_division=0)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [1.2, 1]})
ax1.imshow(cm / np.maximum(cm.sum(axis=1, keepdims=True), 1), cmap="Blues", vmin=0, vmax=1)
ax1.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
ax1.set_yticks(range(len(labels)), labels)
for i in range(len(labels)):
    for j in range(len(labels)):
        if cm[i, j]:
            ax1.text(j, i, cm[i, j], ha="center", va="center",
                     color="white" if cm[i, j] > cm[i].sum() / 2 else "black")
ax1.set_xlabel("predicted")
ax1.set_ylabel("true")
ax1.set_title("Confusion matrix (test split; colour = share of the true row)")
ax2.barh(labels, per_label_f1, color=["tab:red" if f < 0.7 else "tab:green"
                                      for f in per_label_f1])
ax2.axvline(0.7, color="grey", linestyle="--", linewidth=1)
ax2.set_xlim(0, 1)
ax2.invert_yaxis()
ax2.set_title(f"F1 per label (macro-F1 {macro_f1:.3f})")
for i, f in enumerate(per_label_f1):
    ax2.text(min(f + 0.01, 0.9), i, f"{f:.2f}", va="center")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 5 · Tune the per-label thresholds
#
# The primary label is the most probable one; the per-label thresholds decide which *other* labels
# a message also carries (`TopicResult.labels`: the primary label plus every label whose
# probability reaches its threshold). `fit` already tunes them on a held-out calibration fold of
# the training data (`calibration_size`, 15 %) and stores them in the model (`thresholds_`, saved
# in `params.json`). Here we check them against thresholds tuned on *our* validation split, for
# the one-vs-rest F1 of each label, and compare both on the test split. (Never tune on the test
# split.)

# %%
GRID = np.round(np.arange(0.15, 0.91, 0.025), 3)


def label_sets(proba, classes, thresholds):
    """Primary label + every label at or above its threshold, as TopicResult.labels does."""
    out = []
    for row in proba:
        top = int(np.argmax(row))
        out.append({classes[top]} | {c for c, p in zip(classes, row) if p >= thresholds[c]})
    return out


def tune_thresholds(proba, classes, gold):
    best = {}
    top = proba.argmax(axis=1)
    for k, c in enumerate(classes):
        truth = np.array([g == c for g in gold])
        scores = [f1_score(truth, (top == k) | (proba[:, k] >= t), zero_division=0)
                  for t in GRID]
        best[c] = float(GRID[int(np.argmax(scores))])
    return best


def set_f1(pred_sets, gold) -> float:
    """Micro-F1 of the predicted label sets against the gold label."""
    tp = sum(g in s for s, g in zip(pred_sets, gold))
    fp = sum(len(s - {g}) for s, g in zip(pred_sets, gold))
    fn = len(gold) - tp
    return 2 * tp / max(2 * tp + fp + fn, 1)


classes = [str(c) for c in clf.classes_]
stored = dict(clf.thresholds_)
tuned = tune_thresholds(np.asarray(clf.predict_proba(val[TEXT].tolist())), classes,
                        val["y"].tolist())
test_proba = np.asarray(clf.predict_proba(test[TEXT].tolist()))
comparison = pd.DataFrame({"stored in the model": stored, "tuned on validation": tuned})
print(comparison.round(3))
print(f"label-set micro-F1 on the test split: stored {set_f1(label_sets(test_proba, classes, stored), y_test):.3f}, "
      f"validation-tuned {set_f1(label_sets(test_proba, classes, tuned), y_test):.3f}")
# the model's own labels use the stored thresholds:
assert [set(r.labels) for r in clf.classify_batch(test[TEXT].tolist()[:50])] == \
    label_sets(test_proba[:50], classes, stored)

# %% [markdown]
# To ship different thresholds, change how the model tunes them when it is fitted
# (`TopicClassifier(calibration_size=..., default_threshold=...)`), and compare the same way.

# %% [markdown]
# ## 6 · Train the agency router
#
# `AgencyRouter` learns the answering body from the text, the predicted topic and the place
# (extracted from the text, or given in `context` — a list of dicts with known fields such as
# `region`, `municipality`, `district`). Compare with the baseline that answers the most frequent
# agency of the message's label.

# %%
t0 = time.perf_counter()
router = AgencyRouter().fit(train[TEXT].tolist(), train[AGENCY].tolist(),
                            context=[{"region": REGION}] * len(train))
print(f"router trained in {time.perf_counter() - t0:.1f} s; {len(router.classes_)} agencies")

test_ctx = [{"region": REGION}] * len(test)
proba = np.asarray(router.predict_proba(test[TEXT].tolist(), context=test_ctx))
top3 = np.argsort(-proba, axis=1)[:, :3]
classes = np.asarray(router.classes_)
gold = test[AGENCY].to_numpy()
acc = float((classes[top3[:, 0]] == gold).mean())
acc3 = float(np.mean([g in classes[row] for g, row in zip(gold, top3)]))
majority = train.groupby("y")[AGENCY].agg(lambda s: s.value_counts().index[0])
baseline = float((test["y"].map(majority) == test[AGENCY]).mean())
print(f"router accuracy {acc:.3f}, top-3 {acc3:.3f}; "
      f"baseline (most frequent agency of the label) {baseline:.3f}")

# %% [markdown]
# ## 7 · Save the pipeline, load it back, compare
#
# `ComplaintPipeline.save(path)` writes a directory in the safe model format (JSON + NumPy arrays
# + `meta.json` with versions, labels and SHA-256 checksums; nothing is pickled);
# `ComplaintPipeline.load(path)` verifies the checksums and rebuilds it.
# (`ComplaintPipeline(region=...).fit(texts, labels, agencies=...)` trains both stages in one
# call, with default settings.)

# %%
pipe = ComplaintPipeline(classifier=clf, router=router, region=REGION)
model_dir = Path(tempfile.mkdtemp(prefix="complaintnlp-")) / "kursk_pipeline"
pipe.save(model_dir)
print(sorted(p.name for p in model_dir.iterdir()))
print(json.dumps(json.loads((model_dir / "meta.json").read_text(encoding="utf-8")),
                 ensure_ascii=False, indent=1)[:1200])

# %%
loaded = ComplaintPipeline.load(model_dir)


def stable(analysis) -> dict:
    d = analysis.to_dict()
    d.pop("timings_ms")
    return d


sample = test[TEXT].tolist()[:200]
before = [stable(x) for x in pipe.analyze_batch(sample)]
after = [stable(x) for x in loaded.analyze_batch(sample)]
assert before == after, "the reloaded pipeline differs"
print(f"identical outputs on {len(sample)} held-out messages ✔")
example = loaded.analyze(test[TEXT].iloc[0])
print(json.dumps(stable(example), ensure_ascii=False, indent=1)[:1500])

# %% [markdown]
# The saved directory is what you deploy:
#
# ```bash
# complaintnlp analyze --model kursk_pipeline --input appeals.csv --output out.jsonl
# ```
#
# and in Python `ComplaintPipeline.load("kursk_pipeline").analyze(text)`.
