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
RE3D_WEIGHT = 8  # re3d is small and in the domain: its training documents are read this many times


def arrange_corpora(re3d_weight: int = RE3D_WEIGHT, into: Path = CORPUS, gum: bool = False) -> tuple[Path, Path]:
    """train/ and dev/ directories of DocBins, as spaCy's corpus reader takes them."""
    train, dev = into / "train", into / "dev"
    for folder in (train, dev):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    shutil.copy(CORPUS / "ewt-train.spacy", train / "ewt.spacy")
    if gum:  # GUM's open genres' trees (news, interviews, biographies): see docs/model.md
        shutil.copy(CORPUS / "gum-train.spacy", train / "gum.spacy")
    for k in range(re3d_weight):
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
    parser.add_argument("--re3d-weight", type=int, default=RE3D_WEIGHT)
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="override a config value, e.g. components.tok2vec.model.encode.width=128")
    parser.add_argument("--with-gum", action="store_true",
                        help="add GUM's open genres' trees to the training data (not in the shipped model)")
    parser.add_argument("--experiment", action="store_true",
                        help="train into --output only; do not install into the package")
    parser.add_argument("--install-from", type=Path, default=None, metavar="MODEL",
                        help="do not train: install this trained model (e.g. after changing the rules)")
    args = parser.parse_args()
    if args.install_from:
        install(args.install_from, args)
        return
    if not (args.experiment and (CORPUS / "ewt-train.spacy").exists()):
        subprocess.run([sys.executable, str(TRAINING / "prepare.py"), "--datasets", str(args.datasets),
                        "--out", str(CORPUS)], check=True)
    # Each run arranges its own copy, so that experiments can run side by side.
    corpus = arrange_corpora(args.re3d_weight, args.output / "corpus" if args.experiment else CORPUS, args.with_gum)
    overrides = [part for item in args.set for part in (f"--{item.split('=', 1)[0]}", item.split("=", 1)[1])]
    subprocess.run([sys.executable, "-m", "spacy", "train", str(args.config), "--output", str(args.output),
                    "--paths.train", str(corpus[0]), "--paths.dev", str(corpus[1]), "--system.seed", str(args.seed),
                    "--nlp.lang", "en", *overrides], check=True)
    if not args.experiment:
        install(args.output / "model-best", args)


def vehicle_patterns() -> list[dict]:
    """Entity-ruler patterns for VEHICLE, from faultlines/data/lexicons/vehicles.yaml. re3d has no
    accepted Vehicle annotation, and silver vehicles in training cost re3d NER 5 points (docs/model.md),
    so vehicles are found by rule, after the NER and without overriding it."""
    sys.path.insert(0, str(REPO))
    from faultlines.data import load_yaml

    words = load_yaml("lexicons/vehicles.yaml")
    patterns: list[dict] = [{"label": "VEHICLE", "pattern": [{"LOWER": {"IN": words["modifiers"]}, "OP": "?"},
                                                             {"LOWER": {"IN": words["nouns"]}}]}]
    return patterns + [{"label": "VEHICLE", "pattern": name} for name in words["names"]]


def install(model: Path, args: argparse.Namespace) -> None:
    """Copy the trained model into the package, with the vehicle rules, its licence and provenance."""
    import spacy

    nlp = spacy.load(model)
    previous = json.loads((model / "meta.json").read_text()).get("faultlines", {})
    if "vehicle_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="vehicle_ruler", after="ner",
                             config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(vehicle_patterns())
    shutil.rmtree(SHIPPED, ignore_errors=True)
    nlp.to_disk(SHIPPED)
    meta = json.loads((SHIPPED / "meta.json").read_text())
    meta.update({"name": "faultlines", "license": "CC BY-SA 4.0",
                 "sources": [{"name": "Universal Dependencies English Web Treebank 2.16", "license": "CC BY-SA 4.0"},
                             {"name": "Universal NER English EWT", "license": "CC BY-SA 4.0"},
                             {"name": "re3d (Dstl), all sources but " + "Wikipedia",
                              "license": "CC BY 3.0 AU / EEAS reuse notice / OGL v3.0 / US public domain"}],
                 "faultlines": previous if args.install_from else {
                     "trained": date.today().isoformat(), "seed": args.seed,
                     "re3d_weight": getattr(args, "re3d_weight", RE3D_WEIGHT),
                     "command": "python training/train.py",
                     "scores": "measure with python benchmarks/language_pipeline.py and record them here and in "
                               "docs/model.md"}})
    (SHIPPED / "meta.json").write_text(json.dumps(meta, indent=2))
    shutil.copy(TRAINING / "MODEL_LICENSE.md", SHIPPED / "LICENSE.md")


if __name__ == "__main__":
    main()
