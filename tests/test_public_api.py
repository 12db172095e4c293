"""The public API is what __all__ says, and the README's library example runs."""

import faultlines


def test_public_api_names_exist():
    for name in faultlines.__all__:
        assert hasattr(faultlines, name), name


def test_public_api_readme_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_text(
        "Clashes in Kunduz\n\nBy A. Reporter\n\nAccording to local officials, the Taliban arrested "
        "dozens of ISIS-K members in Kunduz province.\n")
    pipeline = faultlines.Pipeline.load()
    with faultlines.open_store("faultlines.db") as store:
        for document in faultlines.read_documents("report.txt"):
            analysis = pipeline.analyze(document)
            store.save(analysis)
    claim = analysis.to_dict()["claims"][0]
    assert (claim["subject"], claim["attribute"], claim["attributed_to"]) == ("isis-k", "arrested", "local officials")


def test_commands_that_do_not_analyse_do_not_load_the_language_pipeline():
    """`--version`, `search` and `summary` answer without importing spaCy (half a second)."""
    import subprocess
    import sys
    code = "import sys, faultlines, faultlines.cli; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    loaded = "import sys; from faultlines import Pipeline; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", loaded], capture_output=True, text=True,
                          check=True).stdout.strip() == "True"
