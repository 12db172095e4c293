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


# News-like NER data (issue 16): flag -> (file written by prepare.py, credit in the model's meta.json).
NEWS_DATA = {
    "crossner": ("crossner-train.spacy", {"name": "CrossNER politics, train split (Liu et al. 2021; "
                                                  "sentences from English Wikipedia)",
                                          "license": "MIT, Copyright (c) 2020 Zihan Liu; text CC BY-SA"}),
    "btc": ("btc-train.spacy", {"name": "Broad Twitter Corpus, section G (Derczynski et al. 2016)",
                                "license": "CC BY 4.0"}),
    "redocred": ("redocred-train.spacy", {"name": "Re-DocRED dev_revised, 200 sampled documents "
                                                  "(Tan et al. 2022; DocRED, Yao et al. 2019; English Wikipedia)",
                                          "license": "MIT, Copyright (c) 2023 tonytan48; text CC BY-SA"}),
}
GUM_CREDIT = {"name": "GUM, openly licensed genres, training documents (Zeldes 2017)",
              "license": "annotations CC BY 4.0; texts CC BY 4.0 / CC BY 2.5 / CC BY-SA 3.0"}


def arrange_corpora(re3d_weight: int = RE3D_WEIGHT, into: Path = CORPUS, gum: bool = False,
                    gum_entities: bool = False, news: tuple[str, ...] = (),
                    lenient: bool = False) -> tuple[Path, Path]:
    """train/ and dev/ directories of DocBins, as spaCy's corpus reader takes them. `gum_entities`
    uses GUM's trees with its named mentions as entities instead of the trees alone; `news` adds
    the other news-like NER files by their NEWS_DATA keys; `lenient` takes these news-like files
    in their *-lenient.spacy form (training/prepare.py --lenient-nominals)."""
    suffix = "-lenient" if lenient else ""
    train, dev = into / "train", into / "dev"
    for folder in (train, dev):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    shutil.copy(CORPUS / "ewt-train.spacy", train / "ewt.spacy")
    if gum_entities:  # the same trees, with the entity layer: see training/prepare.py
        shutil.copy(CORPUS / f"gum-ner-train{suffix}.spacy", train / "gum.spacy")
    elif gum:  # GUM's open genres' trees (news, interviews, biographies): see docs/model.md
        shutil.copy(CORPUS / "gum-train.spacy", train / "gum.spacy")
    for key in news:
        shutil.copy(CORPUS / NEWS_DATA[key][0].replace(".spacy", f"{suffix}.spacy"), train / NEWS_DATA[key][0])
    for k in range(re3d_weight):
        shutil.copy(CORPUS / "re3d-train.spacy", train / f"re3d-{k}.spacy")
    shutil.copy(CORPUS / "ewt-dev.spacy", dev / "ewt.spacy")
    shutil.copy(CORPUS / "re3d-dev.spacy", dev / "re3d.spacy")
    return train, dev


def training_data(args: argparse.Namespace) -> list[str]:
    """The data a run trains on, by name, as recorded in the model's meta.json."""
    data = ["ewt", "uner", "re3d"]
    if args.with_gum_entities:
        data.append("gum-entities")
    elif args.with_gum:
        data.append("gum")
    return data + [key for key in NEWS_DATA if getattr(args, f"with_{key}")]


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
    parser.add_argument("--with-gum-entities", action="store_true",
                        help="GUM's trees with its named mentions as NER labels (implies --with-gum)")
    parser.add_argument("--with-crossner", action="store_true", help="add CrossNER politics' train split")
    parser.add_argument("--with-btc", action="store_true", help="add the Broad Twitter Corpus' section G")
    parser.add_argument("--with-redocred", action="store_true", help="add 200 Re-DocRED dev documents")
    parser.add_argument("--lenient-nominals", action="store_true",
                        help="in the news-like data, GUM's nominal person/organization mentions and a "
                             "\"the\" before a name are missing, not O (issue 16, run C)")
    parser.add_argument("--experiment", action="store_true",
                        help="train into --output only; do not install into the package")
    parser.add_argument("--install-from", type=Path, default=None, metavar="MODEL",
                        help="do not train: install this trained model (e.g. after changing the rules)")
    parser.add_argument("--install-to", type=Path, default=SHIPPED, metavar="DIR",
                        help="where to install (default: the package); e.g. a copy to benchmark")
    parser.add_argument("--ner-from", type=Path, default=None, metavar="MODEL",
                        help="install with this pipeline's NER (and a copy of the features it reads) in "
                             "place of the trained one: one run's parse with another's NER (docs/model.md, H)")
    args = parser.parse_args()
    if args.install_from:
        install(args.install_from, args)
        return
    data = training_data(args)
    news_files = ["gum-ner-train.spacy", *(v[0] for v in NEWS_DATA.values())]
    if args.lenient_nominals:
        news_files = [f.replace(".spacy", "-lenient.spacy") for f in news_files]
    if not (args.experiment and (CORPUS / "ewt-train.spacy").exists()
            and all((CORPUS / f).exists() for f in news_files)):
        subprocess.run([sys.executable, str(TRAINING / "prepare.py"), "--datasets", str(args.datasets),
                        "--out", str(CORPUS), *["--lenient-nominals"] * args.lenient_nominals], check=True)
    # Each run arranges its own copy, so that experiments can run side by side.
    corpus = arrange_corpora(args.re3d_weight, args.output / "corpus" if args.experiment else CORPUS,
                             args.with_gum, args.with_gum_entities, tuple(d for d in data if d in NEWS_DATA),
                             args.lenient_nominals)
    overrides = [part for item in args.set for part in (f"--{item.split('=', 1)[0]}", item.split("=", 1)[1])]
    subprocess.run([sys.executable, "-m", "spacy", "train", str(args.config), "--output", str(args.output),
                    "--paths.train", str(corpus[0]), "--paths.dev", str(corpus[1]), "--system.seed", str(args.seed),
                    "--nlp.lang", "en", *overrides], check=True)
    for model in ("model-best", "model-last"):  # provenance travels with the model, for --install-from
        meta_path = args.output / model / "meta.json"
        meta = json.loads(meta_path.read_text())
        meta["faultlines"] = {"trained": date.today().isoformat(), "seed": args.seed, "re3d_weight": args.re3d_weight,
                              "data": data, "lenient_nominals": args.lenient_nominals,
                              "config": args.config.name, "overrides": args.set,
                              "command": "python training/train.py " + " ".join(sys.argv[1:]),
                              "scores": "measure with python benchmarks/language_pipeline.py and record them "
                                        "here and in docs/model.md"}
        meta_path.write_text(json.dumps(meta, indent=2))
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
    """Copy the trained model into the package (or --install-to), with the vehicle rules, its
    licence and provenance."""
    import spacy

    target = getattr(args, "install_to", SHIPPED)
    nlp = spacy.load(model)
    previous = json.loads((model / "meta.json").read_text()).get("faultlines", {})
    if getattr(args, "ner_from", None):
        donor = spacy.load(args.ner_from)
        if donor.get_pipe_config("ner")["model"]["tok2vec"]["@architectures"].startswith("spacy.Tok2VecListener"):
            donor.replace_listeners("tok2vec", "ner", ["model.tok2vec"])  # the NER takes its own copy
        nlp.remove_pipe("ner")
        nlp.add_pipe("ner", source=donor, after="parser")
        previous = {**previous, "ner_from": str(args.ner_from)}
    if "vehicle_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="vehicle_ruler", after="ner",
                             config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(vehicle_patterns())
    shutil.rmtree(target, ignore_errors=True)
    nlp.to_disk(target)
    meta = json.loads((target / "meta.json").read_text())
    data = previous.get("data") or training_data(args)
    sources = [{"name": "Universal Dependencies English Web Treebank 2.16", "license": "CC BY-SA 4.0"},
               {"name": "Universal NER English EWT", "license": "CC BY-SA 4.0"},
               {"name": "re3d (Dstl), all sources but " + "Wikipedia",
                "license": "CC BY 3.0 AU / EEAS reuse notice / OGL v3.0 / US public domain"}]
    if "gum" in data or "gum-entities" in data:
        sources.append(GUM_CREDIT)
    sources += [credit for key, (_, credit) in NEWS_DATA.items() if key in data]
    meta.update({"name": "faultlines", "license": "CC BY-SA 4.0", "sources": sources,
                 "faultlines": previous or {  # what train.py recorded after training, if it did
                     "trained": date.today().isoformat(), "seed": args.seed,
                     "re3d_weight": getattr(args, "re3d_weight", RE3D_WEIGHT), "data": data,
                     "command": "python training/train.py",
                     "scores": "measure with python benchmarks/language_pipeline.py and record them here and in "
                               "docs/model.md"}})
    (target / "meta.json").write_text(json.dumps(meta, indent=2))
    shutil.copy(TRAINING / "MODEL_LICENSE.md", target / "LICENSE.md")


if __name__ == "__main__":
    main()
