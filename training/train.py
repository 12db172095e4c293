"""Rebuild the shipped English pipeline from ../shared/datasets: `python training/train.py`.

Steps: prepare the corpora (training/prepare.py), train with spaCy on the config
training/faultlines.cfg with a fixed seed, then install the best model into
faultlines/models/en_faultlines with its provenance. On the project's 2-core machines the
training takes under an hour. Never run in CI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRAINING = REPO / "training"
CORPUS = TRAINING / "corpus"
SHIPPED = REPO / "faultlines" / "models" / "en_faultlines"
RE3D_WEIGHT = 4  # re3d is small and in the domain: its training documents are read this many times


def arrange_corpora() -> tuple[Path, Path]:
    """train/ and dev/ directories of DocBins, as spaCy's corpus reader takes them."""
    train, dev = CORPUS / "train", CORPUS / "dev"
    for folder in (train, dev):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    shutil.copy(CORPUS / "ewt-train.spacy", train / "ewt.spacy")
    for k in range(RE3D_WEIGHT):
        shutil.copy(CORPUS / "re3d-train.spacy", train / f"re3d-{k}.spacy")
    shutil.copy(CORPUS / "ewt-dev.spacy", dev / "ewt.spacy")
    shutil.copy(CORPUS / "re3d-dev.spacy", dev / "re3d.spacy")
    return train, dev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--output", type=Path, default=TRAINING / "output")
    parser.add_argument("--config", type=Path, default=TRAINING / "faultlines.cfg")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    subprocess.run([sys.executable, str(TRAINING / "prepare.py"), "--datasets", str(args.datasets),
                    "--out", str(CORPUS)], check=True)
    train, dev = arrange_corpora()
    subprocess.run([sys.executable, "-m", "spacy", "train", str(args.config), "--output", str(args.output),
                    "--paths.train", str(train), "--paths.dev", str(dev), "--system.seed", str(args.seed),
                    "--nlp.lang", "en"], check=True)
    install(args.output / "model-best", args)


def install(model: Path, args: argparse.Namespace) -> None:
    """Copy the trained model into the package, with its licence and provenance."""
    shutil.rmtree(SHIPPED, ignore_errors=True)
    shutil.copytree(model, SHIPPED)
    meta = json.loads((SHIPPED / "meta.json").read_text())
    meta.update({"name": "faultlines", "license": "CC BY-SA 4.0",
                 "sources": [{"name": "Universal Dependencies English Web Treebank 2.16", "license": "CC BY-SA 4.0"},
                             {"name": "Universal NER English EWT", "license": "CC BY-SA 4.0"},
                             {"name": "re3d (Dstl), all sources but " + "Wikipedia",
                              "license": "CC BY 3.0 AU / EEAS reuse notice / OGL v3.0 / US public domain"}],
                 "faultlines": {"trained": date.today().isoformat(), "seed": args.seed,
                                "command": "python training/train.py"}})
    (SHIPPED / "meta.json").write_text(json.dumps(meta, indent=2))
    shutil.copy(TRAINING / "MODEL_LICENSE.md", SHIPPED / "LICENSE.md")


if __name__ == "__main__":
    main()
