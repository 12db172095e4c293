"""End to end through the `faultlines` command: the sample article, formats, and bad input."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from faultlines.cli import main

CONTRACT = {
    "document": {"id", "title", "author", "publisher", "published", "url", "language", "text"},
    "entities": {"id", "name", "kind", "aliases", "mentions", "country", "admin_level", "lat", "lon", "attributes"},
    "relations": {"type", "source", "target", "modality", "attributed_to", "time", "confidence", "evidence"},
    "events": {"type", "mode", "actors", "targets", "place", "date", "fatalities", "modality",
               "attributed_to", "confidence", "evidence"},
    "claims": {"subject", "attribute", "value", "unit", "as_of", "modality", "attributed_to", "confidence", "evidence"},
    "causal_links": {"cause", "effect", "sign", "modality", "attributed_to", "confidence", "evidence"},
}


@pytest.fixture(scope="module")
def sample_model(sample_path, tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "sample.db"
    result = CliRunner().invoke(main, ["analyze", str(sample_path), "--format", "json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output), db


def test_cli_sample_follows_the_contract(sample_model):
    model, _ = sample_model
    assert set(model) == set(CONTRACT)
    assert CONTRACT["document"] <= set(model["document"])
    for key, fields in CONTRACT.items():
        for record in model[key] if key != "document" else []:
            assert fields <= set(record), (key, fields - set(record))
    text = model["document"]["text"]
    for record in model["relations"] + model["claims"]:
        ev = record["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_cli_sample_isis_k_is_one_entity_with_aliases(sample_model):
    model, _ = sample_model
    isk = [e for e in model["entities"] if "ISIS-K" in e["aliases"]]
    assert len(isk) == 1 and "ISKP" in isk[0]["aliases"] and isk[0]["kind"] == "armed_group"


def test_cli_sample_hostile_relation_with_taliban(sample_model):
    model, _ = sample_model
    pairs = {frozenset((r["source"], r["target"])) for r in model["relations"] if r["type"] == "hostile"}
    assert frozenset(("isis-k", "taliban")) in pairs


def test_cli_sample_leaders(sample_model):
    model, _ = sample_model
    leads = {(r["source"], r["target"]) for r in model["relations"] if r["type"] == "leads"}
    assert ("sanaullah-ghafari", "isis-k") in leads
    assert ("abdul-ghani-baradar", "taliban-kandahar-faction") in leads


def test_cli_sample_fighters_estimate(sample_model):
    model, _ = sample_model
    fighters = [c for c in model["claims"] if c["attribute"] == "fighters"
                and c["value"]["low"] == 2200 and c["value"]["high"] == 4000]
    assert len(fighters) == 1 and fighters[0]["attributed_to"] == "various estimates"


def test_cli_sample_provinces_geocoded(sample_model):
    model, _ = sample_model
    places = {e["id"]: e for e in model["entities"] if e["kind"] == "place"}
    nangarhar = places["place:AF-NAN"]
    assert (nangarhar["admin_level"], nangarhar["country"]) == ("admin1", "AF")
    assert abs(nangarhar["lat"] - 34.2) < 0.5 and abs(nangarhar["lon"] - 70.6) < 0.5
    for code in ["SAM", "JOW", "BDS", "HEL", "SAR", "TAK", "KDZ", "KNR", "URU"]:
        assert places[f"place:AF-{code}"]["admin_level"] == "admin1", code
        assert places[f"place:AF-{code}"]["lat"] is not None


def test_cli_sample_no_place_or_title_as_actor(sample_model):
    model, _ = sample_model
    actor_names = {e["name"] for e in model["entities"] if e["kind"] != "place"}
    assert not actor_names & {"Emir", "GMT", "Nangarhar", "Kandahar", "Afghanistan", "Dr."}


def test_cli_sample_stored_once(sample_model, sample_path):
    _, db = sample_model
    runner = CliRunner()
    assert runner.invoke(main, ["analyze", str(sample_path), "--db", str(db)]).exit_code == 0
    result = runner.invoke(main, ["summary", "--db", str(db), "--json"])
    summary = json.loads(result.output)
    assert summary["counts"]["documents"] == 1
    assert summary["actors"][0]["id"] == "isis-k"


@pytest.mark.parametrize("fmt, marker", [("text", "RELATIONS ("), ("markdown", "## Relations (")])
def test_cli_readable_formats(sample_path, tmp_path, fmt, marker):
    result = CliRunner().invoke(main, ["analyze", str(sample_path), "--format", fmt, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0
    assert marker in result.output and "declared war against each other" in result.output


@pytest.mark.parametrize("content, options, message", [
    (b"", [], "is empty"),
    (b"\x00\x01\x02\x03" * 100, [], "binary"),
    # 24,000 characters of text against a limit of 20,000 for one document
    (b"Gunmen attacked the market in Djibo. " * 650, ["--max-text-mb", "0.02"],
     "its text is 24,049 characters, above the limit of 20,000 for one document; split it, "
     "or raise the limit with --max-text-mb"),
])
def test_cli_bad_input_one_line_error_and_nothing_stored(tmp_path, content, options, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    db = tmp_path / "store.db"
    proc = subprocess.run([sys.executable, "-m", "faultlines", "analyze", str(path), "--db", str(db), *options],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert str(path) in lines[0]
    if db.exists():
        import sqlite3
        assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_cli_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_cli_markdown_report_to_file(sample_path, tmp_path):
    out = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["analyze", str(sample_path), "--format", "markdown", "--out", str(out),
                                       "--no-store"])
    assert result.exit_code == 0 and result.output == f"wrote {out}\n"
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# The Power of ISIS-K") and "## Numbers (" in report
    assert not (tmp_path / "faultlines.db").exists()


def test_cli_sample_every_group_is_linked_to_the_registry(sample_model):
    model, _ = sample_model
    ids = {e["id"] for e in model["entities"]}
    assert {"isis-k", "taliban", "haqqani-network", "taliban-kandahar-faction", "national-resistance-front",
            "lashkar-e-taiba", "tehrik-i-taliban-pakistan", "jaish-e-mohammed", "lashkar-e-jhangvi",
            "global-coalition-against-daesh", "islamic-state"} <= ids
    assert not [i for i in ids if i.startswith("new:")]


def test_cli_dossier_html_to_file(corpus_db, tmp_path):
    out = tmp_path / "iskp.html"
    result = CliRunner().invoke(main, ["dossier", "ISKP", "--db", str(corpus_db), "--format", "html",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "Islamic State Khorasan Province" in html


def test_cli_dossier_since_and_unknown_actor(corpus_db):
    result = CliRunner().invoke(main, ["dossier", "JNIM", "--db", str(corpus_db), "--since", "2024-09"])
    assert result.exit_code == 0, result.output
    assert "facts dated since 2024-09" in result.output and "Iyad Ag Ghaly" in result.output
    missing = CliRunner().invoke(main, ["dossier", "Nobody Brigade", "--db", str(corpus_db)])
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == [
        "error: no actor called 'Nobody Brigade' in the store; `faultlines summary` lists the actors it holds"]
    bad = CliRunner().invoke(main, ["dossier", "JNIM", "--db", str(corpus_db), "--since", "soon"])
    assert bad.exit_code == 1 and "--since 'soon': not a date" in bad.output


def test_cli_outlook_what_if(corpus_db, tmp_path):
    graph = tmp_path / "outlook.graphml"
    result = CliRunner().invoke(main, [
        "outlook", "ISIS-K", "--db", str(corpus_db), "--graph", str(graph),
        "--assume", "agreement between the Taliban and the opposition=up"])
    assert result.exit_code == 0, result.output
    assert "the chances of the presence of ISIS-K: down" in result.output
    assert "down, because the agreement between the Taliban and Opposition lowers" in result.output
    import networkx as nx

    assert nx.read_graphml(graph).number_of_edges() >= 20
    as_json = json.loads(CliRunner().invoke(main, ["outlook", "ISIS-K", "--db", str(corpus_db), "--json",
                                                   "--assume", "division within the Taliban=up"]).output)
    assert [c["direction"] for c in as_json["conclusions"]] == ["up"]
    bad = CliRunner().invoke(main, ["outlook", "ISIS-K", "--db", str(corpus_db), "--assume", "weather=up"])
    assert bad.exit_code == 1 and bad.output.startswith("error: no single factor like 'weather'")


def test_cli_export_filters_by_actor(corpus_db, tmp_path):
    out = tmp_path / "jnim.geojson"
    result = CliRunner().invoke(main, ["export", "--format", "geojson", "--db", str(corpus_db), "--out", str(out),
                                       "--actor", "JNIM"])
    assert result.exit_code == 0, result.output
    assert "1 documents exported as geojson" in result.output
    places = {f["properties"].get("country") for f in json.loads(out.read_text())["features"]}
    assert "ML" in places and "AF" not in places


@pytest.mark.issue(18)
def test_cli_dossier_with_branches_rolls_them_up(corpus_db):
    """ISWAP's attack in Damasak (the Borno briefs) is no fact of the Islamic State itself; with
    --with-branches it is, marked as ISWAP's, in the text and in the JSON."""
    alone = CliRunner().invoke(main, ["dossier", "Islamic State", "--db", str(corpus_db)])
    rolled = CliRunner().invoke(main, ["dossier", "Islamic State", "--db", str(corpus_db), "--with-branches"])
    assert alone.exit_code == 0 and rolled.exit_code == 0, rolled.output
    assert "Damasak" not in alone.output and "with its branches" not in alone.output
    (attack,) = [line for line in rolled.output.splitlines() if "assault" in line and "Islamic State West Africa "
                 "Province" in line and "(via Islamic State West Africa Province)" in line]
    assert attack.lstrip().startswith("2024-05-05 assault")
    as_json = json.loads(CliRunner().invoke(main, ["dossier", "Islamic State", "--db", str(corpus_db),
                                                   "--with-branches", "--format", "json"]).output)
    assert "iswap" in as_json["branches"]
    assert any(e["via"] == ["iswap"] and e["date"] == "2024-05-05" for e in as_json["events"])
    markdown = CliRunner().invoke(main, ["dossier", "Islamic State", "--db", str(corpus_db), "--with-branches",
                                         "--format", "markdown"]).output
    assert "(via Islamic State Khorasan Province)" in markdown and "*with its branches (" in markdown


@pytest.mark.parametrize("command", [["search", "ISIS-K"], ["summary"], ["export", "--format", "json"]])
def test_cli_output_into_a_closed_pipe_stops_quietly(sample_model, command, tmp_path):
    """`faultlines search ... | head`: when the reader has gone, the command stops with the status
    of a SIGPIPE and writes nothing to stderr (it had called this an internal error)."""
    _, db = sample_model
    if command[0] == "export":
        command = [*command, "--out", str(tmp_path / "model.json")]  # it says where it wrote on stdout
    proc = subprocess.Popen([sys.executable, "-m", "faultlines", *command, "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # before the command has started writing: its first write finds no reader
    error = proc.stderr.read()
    assert (proc.wait(), error) == (141, "")
