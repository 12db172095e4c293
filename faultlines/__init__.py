"""faultlines: read reports on armed conflict and build a sourced model of the conflict.

    from faultlines import Pipeline, open_store, read_documents
"""

import importlib
import logging

# The public names, loaded on first use: the command line answers `--version`, `search` or
# `summary` without importing spaCy, which analysis alone needs.
_WHERE = {
    "FaultlinesError": "faultlines.errors", "read_documents": "faultlines.ingest",
    "Pipeline": "faultlines.pipeline", "analyze_file": "faultlines.pipeline",
    "Store": "faultlines.store", "open_store": "faultlines.store",
    **dict.fromkeys(("Analysis", "CausalLink", "Claim", "Document", "Entity", "Event", "Relation", "Span"),
                    "faultlines.model"),
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'faultlines' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


logging.getLogger(__name__).addHandler(logging.NullHandler())
