"""Data files shipped with faultlines: the actor registry, lexicons, patterns and settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent


def data_path(relative: str) -> Path:
    """The path of a shipped data file, e.g. data_path("lexicons/page_furniture.yaml")."""
    return DATA_DIR / relative


def load_yaml(relative_or_path: str | Path) -> Any:
    """Parse a YAML data file (shipped, or a user's own when given a full path)."""
    path = Path(relative_or_path)
    if not path.is_absolute():
        path = data_path(str(relative_or_path))
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
