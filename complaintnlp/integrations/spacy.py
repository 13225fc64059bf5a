"""spaCy component ``"complaintnlp"`` (extra ``[spacy]``).

It sets ``doc.cats`` (topic scores), ``doc.spans["addresses"]`` (address mentions, labelled
``ADDRESS``) and ``doc._.complaint`` (the :class:`~complaintnlp.pipeline.Analysis`).

Examples
--------
>>> import spacy
>>> import complaintnlp.integrations.spacy  # registers the factory (also via entry point)
>>> nlp = spacy.blank("ru")
>>> _ = nlp.add_pipe("complaintnlp")
>>> doc = nlp("На ул. Ленина 5 яма на дороге")
>>> max(doc.cats, key=doc.cats.get), [s.text for s in doc.spans["addresses"]]
('roads', ['ул. Ленина 5'])
"""

from __future__ import annotations

from typing import Any

from . import require

spacy = require("spacy", "spacy")

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

__all__ = ["ComplaintComponent", "make_component"]

if not Doc.has_extension("complaint"):
    Doc.set_extension("complaint", default=None)


class ComplaintComponent:
    """Runs a :class:`~complaintnlp.pipeline.ComplaintPipeline` on each ``Doc``."""

    def __init__(self, model: str | None = None, region: str | None = None,
                 spans_key: str = "addresses") -> None:
        from ..pipeline import ComplaintPipeline

        self.pipeline = ComplaintPipeline.load(model, region=region)
        self.spans_key = spans_key

    def _set(self, doc: Doc, analysis: Any) -> Doc:
        if analysis.topic is not None:
            doc.cats = dict(analysis.topic.scores)
        spans = []
        for a in analysis.addresses:
            span = doc.char_span(a.start, a.end, label="ADDRESS", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.complaint = analysis
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self.pipeline.analyze(doc.text))

    def pipe(self, docs: Any, batch_size: int = 256) -> Any:
        """Batch processing for ``nlp.pipe``."""
        buffer: list[Doc] = []
        for doc in docs:
            buffer.append(doc)
            if len(buffer) >= batch_size:
                yield from self._flush(buffer)
                buffer = []
        if buffer:
            yield from self._flush(buffer)

    def _flush(self, docs: list[Doc]) -> Any:
        analyses = self.pipeline.analyze_batch([d.text for d in docs])
        for doc, analysis in zip(docs, analyses, strict=True):
            yield self._set(doc, analysis)


@Language.factory(
    "complaintnlp",
    default_config={"model": None, "region": None, "spans_key": "addresses"},
    assigns=["doc.cats", "doc.spans", "doc._.complaint"],
)
def make_component(nlp: Language, name: str, model: str | None, region: str | None,
                   spans_key: str) -> ComplaintComponent:
    """Factory of the ``"complaintnlp"`` component."""
    return ComplaintComponent(model=model, region=region, spans_key=spans_key)
