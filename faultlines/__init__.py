"""faultlines: read reports on armed conflict and build a sourced model of the conflict.

    from faultlines import Pipeline, open_store, read_documents
"""

import logging

from faultlines.errors import FaultlinesError
from faultlines.ingest import read_documents
from faultlines.model import Analysis, CausalLink, Claim, Document, Entity, Event, Relation, Span
from faultlines.pipeline import Pipeline, analyze_file
from faultlines.store import Store, open_store

__all__ = [
    "Analysis", "CausalLink", "Claim", "Document", "Entity", "Event", "FaultlinesError",
    "Pipeline", "Relation", "Span", "Store", "analyze_file", "open_store", "read_documents",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
