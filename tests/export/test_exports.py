"""Every export format, read back with the library its users would open it with."""

import json

import geopandas as gpd
import networkx as nx
import pandas as pd
import pytest
import stix2

from faultlines.errors import ExportError
from faultlines.export import write_export
from faultlines.export.acled import COLUMNS
from faultlines.export.stix import EXTENSION, strict_findings, validate
from faultlines.model import Analysis, Document, Entity, Event, Span


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("exports")


def test_json_is_the_contract_per_document(corpus, out):
    (path,) = write_export("json", corpus, out / "model.json")
    models = json.loads(path.read_text())
    assert len(models) == len(corpus) == 8
    sample = next(m for m in models if m["document"]["title"].startswith("The Power of ISIS-K"))
    assert {"document", "entities", "relations", "events", "claims", "causal_links"} == set(sample)
    assert ("hostile", "isis-k", "taliban") in {(r["type"], r["source"], r["target"]) for r in sample["relations"]}


@pytest.mark.parametrize("fmt,read", [("csv", pd.read_csv), ("parquet", pd.read_parquet)])
def test_tables_one_file_per_record_type(corpus, out, fmt, read):
    paths = write_export(fmt, corpus, out / fmt)
    assert sorted(p.stem for p in paths) == sorted(
        ["documents", "entities", "mentions", "relations", "events", "claims", "causal_links"])
    tables = {p.stem: read(p) for p in paths}
    relations = tables["relations"]
    hostile = relations[(relations.source == "isis-k") & (relations.target == "taliban")
                        & (relations.type == "hostile")]
    assert len(hostile) >= 1
    documents = tables["documents"].set_index("id")
    row = hostile.iloc[0]
    text = documents.loc[row.document_id, "text"]
    assert text[int(row.evidence_start):int(row.evidence_end)] == row.evidence_text
    claims = tables["claims"]
    assert ((claims.attribute == "fighters") & (claims.value_low == 2200) & (claims.value_high == 4000)).any()
    entities = tables["entities"].set_index("id")
    assert entities.loc["isis-k", "name"] == "Islamic State Khorasan Province"
    assert entities.loc["isis-k", "document_count"] == 1 and entities.loc["isis-k", "mention_count"] > 20
    assert entities.index.is_unique
    mentions = tables["mentions"]
    first = mentions[mentions.entity_id == "place:AF-NAN"].iloc[0]
    assert documents.loc[first.document_id, "text"][int(first.start):int(first.end)] == first.text


def test_acled_csv_has_acleds_columns_and_codes_events(corpus, out):
    (path,) = write_export("acled-csv", corpus, out / "acled.csv")
    table = pd.read_csv(path, keep_default_na=False)
    assert tuple(table.columns) == COLUMNS
    founding = table[(table.actor1 == "Islamic State Khorasan Province") & table.tags.str.contains("type=founding")]
    assert len(founding) == 1
    row = founding.iloc[0]
    assert (row.event_date, row.year, row.time_precision) == ("2014-01-01", 2014, 3)
    assert (row.event_type, row.sub_event_type, row.disorder_type) == (
        "Strategic developments", "Change to group/activity", "Strategic developments")
    assert (row.country, row.iso, row.region, row.location, row.inter1, row.interaction, row.geo_precision) == (
        "Afghanistan", 4, "South Asia", "Afghanistan", "Rebel group", "Rebel group only", 3)
    assert table.event_id_cnty.is_unique
    # Events that did not happen are not exported: no negated/future/conditional modality.
    assert not table.tags.str.contains("modality=(?:negated|future|conditional)").any()


def test_geojson_places_and_events(corpus, out):
    (path,) = write_export("geojson", corpus, out / "model.geojson")
    frame = gpd.read_file(path)
    places = frame[frame.feature == "place"].set_index("id")
    nangarhar = places.loc["place:AF-NAN"].geometry
    assert (round(nangarhar.x, 1), round(nangarhar.y, 1)) == (70.4, 34.2)
    events = frame[frame.feature == "event"]
    assert len(events) > 0 and set(events.place_id) <= set(places.index)
    raw = json.loads(path.read_text())
    assert raw["type"] == "FeatureCollection"
    assert all(f["geometry"]["type"] == "Point" for f in raw["features"])


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_actor_network(corpus, out, fmt, read):
    (path,) = write_export(fmt, corpus, out / f"network.{fmt}")
    graph = read(path)
    assert graph.nodes["isis-k"]["label"] == "Islamic State Khorasan Province"
    assert not any(n.startswith("place:") for n in graph.nodes)
    types = {(u, v, d["relation"]) for u, v, d in graph.edges(data=True)}
    assert ("isis-k", "taliban", "hostile") in types
    assert {("jnim", "wagner-group", "hostile"), ("jnim", "csp-dpa", "allied"), ("jnim", "al-qaeda", "member_of"),
            ("iyad-ag-ghaly", "jnim", "leads")} <= types
    # "The Taliban denied any link to ..." is not an edge.
    assert not any(u == "taliban" and t == "allied" for u, _, t in types)


def test_stix_bundle_is_valid_and_complete(corpus, out):
    (path,) = write_export("stix", corpus, out / "model.stix.json")
    assert validate(path) == []
    bundle = stix2.parse(path.read_text(), allow_custom=True)
    by_id = {o.id: o for o in bundle.objects}
    actor = next(o for o in bundle.objects if o.type == "threat-actor" and o.name == "Islamic State Khorasan Province")
    assert "ISKP" in actor.aliases
    taliban = next(o for o in bundle.objects if o.type == "threat-actor" and o.name == "Taliban")
    ours = lambda o: o.get("extensions", {}).get(EXTENSION, {})  # noqa: E731
    hostile = [o for o in bundle.objects if o.type == "relationship" and ours(o).get("type") == "hostile"
               and o.source_ref == actor.id and o.target_ref == taliban.id]
    # STIX suggests no relationship between two threat actors: related-to, our type in the extension.
    assert hostile and hostile[0].relationship_type == "related-to" and hostile[0].description.startswith("“")
    nangarhar = next(o for o in bundle.objects if o.type == "location" and o.name == "Nangarhar")
    assert round(float(nangarhar.latitude), 1) == 34.2
    report = next(o for o in bundle.objects if o.type == "report" and o.name.startswith("The Power of ISIS-K"))
    assert actor.id in report.object_refs and all(ref in by_id for ref in report.object_refs)
    notes = [o for o in bundle.objects if o.type == "note" and actor.id in o.object_refs]
    assert any("arrested 250" in n.abstract for n in notes)
    # Generic nominal groups are not threat actors (nor any object): they would clutter OpenCTI.
    assert not any(ours(o).get("id", "").startswith("generic:") for o in bundle.objects)
    assert not {"foreign groups", "clan militias"} & {o.get("name") for o in bundle.objects}
    # Same store, same ids: a second export can be imported over the first.
    (again,) = write_export("stix", corpus, out / "again.stix.json")
    assert {o["id"] for o in json.loads(again.read_text())["objects"]} == set(by_id)


def test_export_errors_say_what_to_do(corpus, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'xls'"):
        write_export("xls", corpus, tmp_path / "x")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="give a directory"):
        write_export("csv", corpus, tmp_path / "file")
    with pytest.raises(ExportError, match="is a directory"):
        write_export("stix", corpus, tmp_path)


@pytest.mark.issue(18)
def test_stix_strict_mode_has_no_warnings(corpus, out):
    """The bundle of the sample and the bundled examples, in stix2-validator's strict mode."""
    (path,) = write_export("stix", corpus, out / "strict.stix.json")
    assert strict_findings(path) == []


@pytest.mark.issue(18)
def test_parquet_fatalities_is_a_nullable_integer_even_when_all_unknown(tmp_path):
    text = "Fighters attacked the town."
    event = Event("assault", Span(0, len(text), text), actors=("x",))
    analysis = Analysis(Document("d1", text), (Entity("x", "X", "armed_group"),), events=(event,))
    paths = write_export("parquet", [analysis], tmp_path / "parquet")
    import pyarrow.parquet as pq

    assert str(pq.read_schema(next(p for p in paths if p.stem == "events")).field("fatalities").type) == "int64"


@pytest.mark.issue(18)
def test_parquet_fatalities_is_integer_in_the_corpus(corpus, out):
    import pyarrow.parquet as pq

    write_export("parquet", corpus, out / "parquet-types")
    assert str(pq.read_schema(out / "parquet-types" / "events.parquet").field("fatalities").type) == "int64"


@pytest.mark.issue(18)
@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_actor_network_has_registry_parent_links(corpus, out, fmt, read):
    (path,) = write_export(fmt, corpus, out / f"parents.{fmt}")
    graph = read(path)
    parents = {(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == "registry_parent"}
    assert ("isis-k", "islamic-state") in parents and ("haqqani-network", "taliban") in parents
