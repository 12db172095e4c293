"""The command line the re3d benchmarks share: [RE3D_DIR] [--model NAME] [--json] [--source NAME]."""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def re3d_arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("re3d", nargs="?", type=Path, default=REPO.parent / "shared" / "datasets" / "re3d")
    parser.add_argument("--model", default=None, help="language pipeline (default: the shipped one)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--source", action="append", help="only this re3d source (repeatable)")
    args = parser.parse_args()
    args.sources = set(args.source) if args.source else None
    return args
