"""The exceptions faultlines raises; the CLI prints their message as one line and exits non-zero.

    FaultlinesError
    ├── InputError          a document cannot be read (missing, empty, binary, too large, bad JSON)
    ├── ConfigError         a setting or option is wrong (unknown model, bad database URL)
    ├── KnowledgeBaseError  the actor registry or gazetteer is invalid
    ├── StoreError          the database cannot be opened or written
    └── ExportError         an export cannot be written

Messages say what is wrong and what to do about it.
"""


class FaultlinesError(Exception):
    """Base class: catch this to handle every error faultlines reports."""


class InputError(FaultlinesError):
    """A document cannot be read or is not a document."""


class ConfigError(FaultlinesError):
    """An option, setting or model name is wrong."""


class KnowledgeBaseError(FaultlinesError):
    """The actor registry or the gazetteer is invalid."""


class StoreError(FaultlinesError):
    """The store cannot be opened, migrated or written."""


class ExportError(FaultlinesError):
    """An export cannot be produced."""
