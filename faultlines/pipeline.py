"""The pipeline: ingest -> nlp -> resolve -> extract, one visible loop per document.

    pipeline = Pipeline.load()                 # knowledge base, language model, extractors
    analysis = pipeline.analyze(document)      # -> Analysis (the JSON contract)
    analyses = pipeline.analyze_many(documents)  # the same, the language model run in one batch
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from faultlines.extract import Extractors
from faultlines.kb import KnowledgeBase
from faultlines.model import Analysis, Document
from faultlines.nlp import annotate, load_language
from faultlines.nlp.provisional import ProvisionalRules
from faultlines.resolve import Linker
from faultlines.resolve.nominal import NominalActors


@dataclass
class Pipeline:
    """Everything loaded once and reused for every document."""

    kb: KnowledgeBase
    nlp: Language
    linker: Linker
    extractors: Extractors
    provisional: ProvisionalRules

    @classmethod
    def load(cls, model: str | None = None, user_registry: Path | None = None) -> Pipeline:
        kb = KnowledgeBase.load(user_registry)
        rules = ProvisionalRules.load()
        return cls(kb, load_language(model), Linker(kb, rules), Extractors(NominalActors(kb)), rules)

    def analyze(self, document: Document) -> Analysis:
        return self._finish(document, self.nlp(document.text))

    def analyze_many(self, documents: list[Document]) -> list[Analysis]:
        """The same as `analyze` for each, with the language model run over them in one batch
        (spaCy is faster on batches)."""
        parsed = self.nlp.pipe([d.text for d in documents], batch_size=16)
        return [self._finish(document, doc) for document, doc in zip(documents, parsed, strict=True)]

    def _finish(self, document: Document, parsed) -> Analysis:
        doc = annotate(self.nlp, self.kb, parsed, self.provisional)
        resolved = self.linker.resolve(document, doc)
        facts = self.extractors.extract(resolved)
        return Analysis(
            document=document,
            entities=tuple(resolved.entities.values()),
            relations=tuple(facts.relations),
            events=tuple(facts.events),
            claims=tuple(facts.claims),
            causal_links=tuple(facts.causal_links),
        )


def analyze_file(
    path: str | Path, pipeline: Pipeline, store=None, max_bytes: int | None = None
) -> list[Analysis]:
    """Read every document in a file, analyze each, and save each to `store` if given.

    Reading happens before anything is written, so a file that cannot be read leaves the store
    untouched; each document is saved in its own transaction.
    """
    from faultlines.ingest import DEFAULT_MAX_BYTES, read_documents

    documents = read_documents(path, max_bytes or DEFAULT_MAX_BYTES)
    analyses = [pipeline.analyze(document) for document in documents]
    if store is not None:
        for analysis in analyses:
            store.save(analysis)
    return analyses
