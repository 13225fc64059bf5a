"""spaCy component and Dask scale-out against the real default pipeline."""

from __future__ import annotations

import pytest

TEXTS = [
    "В Максатихе на ул. Железнодорожной сломанное дерево висит над тротуаром",
    "г. Курск, ул. Союзная д. 71Б — УК не убирает двор",
    "спасибо администрации за новую детскую площадку!!!",
    "автобус 32 не ходит по расписанию уже неделю",
    "",
    "в поликлинике на ленина 5 невозможно записаться к терапевту",
]


def test_spacy_component():
    spacy = pytest.importorskip("spacy")
    import complaintnlp.integrations.spacy  # noqa: F401  (registers the factory)
    from complaintnlp import analyze

    nlp = spacy.blank("ru")
    nlp.add_pipe("complaintnlp")
    docs = list(nlp.pipe(TEXTS, batch_size=4))
    for text, doc in zip(TEXTS, docs, strict=True):
        expected = analyze(text)
        assert doc._.complaint.to_dict()["addresses"] == expected.to_dict()["addresses"]
        assert doc.cats == expected.topic.scores
        for span, addr in zip(doc.spans["addresses"], expected.addresses, strict=True):
            assert span.start_char <= addr.start and span.end_char >= addr.end
    single = nlp(TEXTS[1])
    assert single._.complaint.topic.label == docs[1]._.complaint.topic.label


@pytest.mark.slow
def test_dask_local_cluster_matches_single_process():
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    from complaintnlp.integrations.dask import analyze_dataframe, analyze_partition

    df = pd.DataFrame({"text": TEXTS * 5})
    expected = analyze_partition(df)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        got = analyze_dataframe(dd.from_pandas(df, npartitions=4)).compute()
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index())


def test_dask_pandas_fallback_and_joblib_backend():
    pd = pytest.importorskip("pandas")
    from complaintnlp.integrations.dask import RESULT_COLUMNS, analyze_dataframe

    out = analyze_dataframe(pd.DataFrame({"text": TEXTS}))
    assert list(out.columns) == list(RESULT_COLUMNS)
    assert len(out) == len(TEXTS)
