"""The event-extraction scorer itself (faultlines/evaluate/events.py), on hand-made gold and
hand-made analyses: no pipeline run."""

from __future__ import annotations

from collections import Counter

import pytest

from faultlines.evaluate.events import (
    GoldActor,
    GoldEvent,
    GoldReport,
    GoldSentence,
    PloverRecord,
    admin1_of,
    cameo_to_plover,
    field_checks,
    petr_actor,
    petrarch_gold,
    plover_gold,
    read_cameo_plover,
    read_event_reports,
    read_petrarch_tests,
    read_phoenix_countries,
    read_plover_gsr,
    score_reports,
    score_sentences,
    text_matches,
)
from faultlines.model import Analysis, Document, Entity, Event, Span
from tests.conftest import SHARED

EVENT_CODING = SHARED / "datasets" / "event-coding"
GSR = SHARED / "datasets" / "plover-gsr-dev" / "PLOVER_GSR_dev.json"


def need(path):
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path


def entity(eid: str, name: str, *mentions: str, kind: str = "state", **kw) -> Entity:
    return Entity(eid, name, kind, mentions=tuple(Span(0, len(m), m) for m in mentions), **kw)


def event(type_: str, actors=(), targets=(), **kw) -> Event:
    return Event(type_, Span(0, 10, "evidence."), actors=tuple(actors), targets=tuple(targets), **kw)


def analysis(entities=(), events=(), text="A sentence.") -> Analysis:
    return Analysis(Document("d", text), entities=tuple(entities), events=tuple(events))


HUNGARIAN_AGREE = PloverRecord("GSR-1", "Senior Hungarian and Romanian officials agreed ...", "agree",
                               ["Hungarian", "Romanian"], [])
HUNGARY = entity("state:HU", "Hungary", "Hungarian officials")
ROMANIA = entity("state:RO", "Romania", "Romanian")


# --- matching actors ---------------------------------------------------------------------------


def test_actor_text_containment_on_whole_words():
    assert text_matches("Hungarian", ["Hungarian officials"])
    assert text_matches("Senior Hungarian officials", ["Hungarian"])
    assert text_matches("hungarian", ["HUNGARIAN OFFICIALS"])
    assert text_matches("U.S. ... negotiators", ["U.S."])
    assert text_matches("Sudanese Armed Forces", ["Sudanese Armed Forces (SAF)"])
    assert not text_matches("Russian negotiators", ["US"])  # 'us' inside 'russian' is no word
    assert not text_matches("Hungarian", ["Romania"])
    assert not text_matches("the Taliban", ["the"])  # an entity text of empty words names nothing


def test_petrarch_codes_match_by_their_letters():
    arnor = ["Arnor", "Arnor's"]
    assert GoldActor(prefixes=("ARN",)).matches(arnor)
    assert petr_actor("ARN").matches(arnor)
    assert petr_actor("ARNGOV").prefixes == ("ARN",) and petr_actor("ARNGOV").matches(["the Arnor government"])
    assert not petr_actor("GONGOV").matches(["the government", "Arnor"])
    assert not petr_actor("GON").matches(arnor)
    assert petr_actor("IGOAFR").prefixes == ("AFR",)
    assert not petr_actor("---GOV").checkable and not petr_actor("###").checkable
    quoted = petr_actor('"INJURY TOLL"')
    assert quoted.text == "INJURY TOLL" and quoted.matches(["the injury toll"])
    countries = {"LBY": ("LIBYA", "LIBYAN")}
    assert petr_actor("LBY", countries).matches(["Libya"])


# --- sentence scoring --------------------------------------------------------------------------


def test_a_correct_prediction_scores_one():
    gold = plover_gold([HUNGARIAN_AGREE])
    predicted = analysis([HUNGARY, ROMANIA], [event("agree", ["state:HU", "state:RO"])])
    result = score_sentences(zip(gold, [predicted]))
    assert result["micro"]["f1"] == 1.0 and result["macro"]["f1"] == 1.0
    assert result["types"]["agree"] == {"gold": 1, "predicted": 1, "correct": 1,
                                        "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["source_accuracy"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert result["target_accuracy"]["total"] == 0  # gold has no target: not scored
    assert result["crashed"] == 0


def test_a_wrong_type_scores_zero():
    gold = plover_gold([HUNGARIAN_AGREE])
    predicted = analysis([HUNGARY], [event("reject", ["state:HU"])])
    result = score_sentences(zip(gold, [predicted]))
    assert result["micro"] == {"gold": 1, "predicted": 1, "correct": 0, "precision": 0.0,
                               "recall": 0.0, "f1": 0.0}
    assert result["types"]["reject"]["precision"] == 0.0 and result["types"]["agree"]["recall"] == 0.0
    assert result["source_accuracy"]["total"] == 0  # the gold type was not found


def test_source_and_target_accuracy():
    record = PloverRecord("GSR-2", "Iraqi police arrested three Syrian smugglers.", "coerce",
                          ["Iraqi police"], ["Syrian smugglers"])
    police = entity("iraq-police", "Iraqi Police", "Iraqi police", kind="government")
    syria = entity("state:SY", "Syria", "Syrian", kind="state")
    wrong = entity("state:IQ", "Iraq", "Iraq")
    right = analysis([police, syria], [event("coerce", ["iraq-police"], ["state:SY"])])
    swapped = analysis([wrong, syria], [event("coerce", ["state:SY"], ["state:IQ"])])
    details: list = []
    result = score_sentences(zip(plover_gold([record, record]), [right, swapped]), details)
    assert result["source_accuracy"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert result["target_accuracy"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert len(details) == 1 and details[0]["wrong_roles"] == ["coerce actors", "coerce targets"]
    assert details[0]["events"] == [{"type": "coerce", "actors": ["Syria"], "targets": ["Iraq"]}]


def test_organisational_events_and_empty_gold():
    gold = [GoldSentence("s1", "t", frozenset()), GoldSentence("s2", "t", frozenset({"assault"}))]
    result = score_sentences(zip(gold, [analysis(events=[event("founding"), event("assault")]),
                                        analysis(events=[event("founding")])]))
    # founding is not a PLOVER type: not scored; the assault in a no-event sentence is false.
    assert set(result["types"]) == {"assault"}
    assert result["types"]["assault"] == {"gold": 1, "predicted": 1, "correct": 0, "precision": 0.0,
                                          "recall": 0.0, "f1": 0.0}


def test_a_crashed_document_predicts_nothing():
    result = score_sentences(zip(plover_gold([HUNGARIAN_AGREE]), [None]))
    assert result["crashed"] == 1 and result["micro"]["recall"] == 0.0


def test_macro_averages_types_with_gold():
    gold = [GoldSentence("a", "t", frozenset({"agree"})), GoldSentence("b", "t", frozenset({"reject"}))]
    result = score_sentences(zip(gold, [analysis(events=[event("agree")]), analysis()]))
    assert result["macro"]["f1"] == 0.5 and result["micro"]["recall"] == 0.5


# --- CAMEO to PLOVER ---------------------------------------------------------------------------


def test_cameo_to_plover():
    table = read_cameo_plover(need(EVENT_CODING / "CAMEO2PLOVER-2021.txt"))
    code = lambda c: (cameo_to_plover(c, table) or (None,))[0]  # noqa: E731
    assert code("190") == "assault"
    assert code("1823") == "assault"  # kill by physical assault
    assert code("130") == "threaten"
    assert code("036") == "agree"
    assert cameo_to_plover("0431", table) == ("consult", "visit")  # not listed: 043, host a visit
    assert code("163") == "coerce"  # sanctions are COERCE in 2021's table
    assert code("1712") == "assault"  # destroy property
    assert code("0874") == "retreat"
    assert code("110") == "accuse" and code("090") == "accuse"
    assert code("1717") == "coerce" and code("174K") == "coerce"  # validation codes: by prefix
    assert code("023") is None and code("903") is None  # appeals and test-only codes: no entry


# --- readers -----------------------------------------------------------------------------------


def test_plover_reader_maps_2016_names():
    records = read_plover_gsr(need(GSR))
    assert len(records) == 164
    types = Counter(r.gold_type for r in records)
    assert not {"demand", "disapprove", "investigate", "fight", "document"} & set(types)
    assert all(t == t.lower() for t in types)
    assert types["request"] == 17 and types["accuse"] == 8 + 5 and types["assault"] == 8 + 9
    first = next(r for r in records if r.id == "PLOVER-GSR01-AGREE-0001")
    assert first.gold_sources == ["Hungarian", "Romanian"] and first.gold_targets == []
    record_id, text, gold_type, sources, targets = first  # a plain 5-tuple too
    assert gold_type == "agree" and "Hungarian" in text
    # A bare string that is not in the sentence is no actor (AGREE-0007's misplaced context).
    assert next(r for r in records if r.id == "PLOVER-GSR01-AGREE-0007").gold_targets == []


def test_petrarch_reader():
    sentences = read_petrarch_tests(need(EVENT_CODING / "PETR.UnitTest.records.xml"))
    assert len(sentences) >= 250
    demo = next(s for s in sentences if s.id == "DEMO-00")
    assert demo.text.startswith("Arnor is about to restore full diplomatic ties with Gondor almost five")
    assert "\n" not in demo.text and "  " not in demo.text
    assert demo.date == "1995-01-01"
    assert [(c.source, c.target, c.event) for c in demo.codings] == [("ARN", "GON", "064")]
    assert sum(s.noevents for s in sentences) >= 10
    assert {s.error for s in sentences if s.error} >= {"dateline", "storydiscard"}
    table = read_cameo_plover(EVENT_CODING / "CAMEO2PLOVER-2021.txt")
    countries = read_phoenix_countries(EVENT_CODING / "Phoenix.Countries.actors.txt")
    gold, skipped = petrarch_gold(sentences, table, countries)
    assert len(gold) + sum(skipped.values()) == len(sentences)
    assert next(g for g in gold if g.id == "DEMO-00").types == {"cooperate"}
    assert any(not g.types for g in gold)  # the noevents sentences stay, with no gold type


def test_petrarch_reader_survives_broken_xml(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("""<Validation><Sentences>
<Sentence date = "20080801" id ="X-01" category="DEMO" sentence="true">
<!-- a comment with <angle> brackets & an ampersand -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="190"></EventCoding>
<EventCoding sourcecode='"INJURY TOLL"' targetcode="GON" eventcode="223"></EventCoding>
<Text>
Arnor attacked
   Gondor.
</Text>
</Sentence>
<Sentence date="19950101" id="X-02" category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened & nobody came.</Text>
</Sentence>
""", encoding="utf-8")  # unclosed root, bare ampersand: not XML
    first, second = read_petrarch_tests(path)
    assert (first.id, first.text, first.date) == ("X-01", "Arnor attacked Gondor.", "2008-08-01")
    assert [c.source for c in first.codings] == ["ARN", '"INJURY TOLL"']
    assert second.noevents and not second.codings


# --- event reports -----------------------------------------------------------------------------

REPORTS_YAML = """
reports:
  - id: r1
    published: 2024-03-02
    text: On 1 March 2024 JNIM fighters attacked an army post in Djibo, Soum province, killing 12 soldiers.
    events:
      - plover: assault
        plover_mode: firearms
        acled_type: Battles
        acled_subtype: Armed clash
        actors: [JNIM]
        targets: [army]
        country: Burkina Faso
        admin1: Sahel
        place: Djibo
        date: 2024-03-01
        fatalities: 12
  - id: r2
    published: "2024-03-05"
    text: Protesters marched in Bamako on Monday.
    events:
      - plover: protest
        acled_type: Protests
        acled_subtype: Peaceful protest
        actors: [protesters]
        targets: []
        country: Mali
        admin1: Bamako
        place: null
        date: "2024-03-04"
        fatalities: null
  - id: r3
    published: "2024-03-06"
    text: The minister said the talks would resume next month.
    events: []
"""


def report_analyses():
    jnim = entity("jnim", "Jama'at Nusrat al-Islam wal-Muslimin", "JNIM fighters", kind="armed_group",
                  aliases=("JNIM",))
    army = entity("bf-army", "Burkina Faso Armed Forces", "army", kind="government")
    djibo = entity("place:gn:1", "Djibo", "Djibo", kind="place", admin_level="city", country="BF",
                   attributes={"admin1": "Sahel"})
    r1 = analysis([jnim, army, djibo], [
        event("assault", ["jnim"], ["bf-army"], place="place:gn:1", date="2024-03-01", fatalities=12,
              acled_type="Battles", acled_subtype="Armed clash"),
        event("assault", ["jnim"], [], date="2024-03-01"),  # a repeat: matched to nothing
    ])
    protesters = entity("generic:protesters", "protesters", "Protesters", kind="community")
    bamako = entity("place:ML-BKO", "Bamako", "Bamako", kind="place", admin_level="admin1", country="ML")
    r2 = analysis([protesters, bamako], [event("protest", ["generic:protesters"], place="place:ML-BKO",
                                              date="2024-03", acled_type="Protests")])
    r3 = analysis(events=[event("consult")])
    return [r1, r2, r3]


def test_event_reports(tmp_path):
    (tmp_path / "reports.yaml").write_text(REPORTS_YAML, encoding="utf-8")
    reports = read_event_reports(tmp_path)
    assert [r.id for r in reports] == ["r1", "r2", "r3"]
    g = reports[0].events[0]
    assert (g.type, g.mode, g.date, g.fatalities, g.actors) == ("assault", "firearms", "2024-03-01", 12, ("JNIM",))
    assert reports[0].published == "2024-03-02" and reports[2].events == ()
    details: list = []
    places = {"place:ML": type("P", (), {"name": "Mali"})(),
              "place:BF": type("P", (), {"name": "Burkina Faso"})()}.get
    result = score_reports(zip(reports, report_analyses()), places=places, details=details)
    assert (result["gold_events"], result["predicted_events"], result["matched"]) == (2, 4, 2)
    assert result["detection_recall"] == 1.0
    assert result["precision"] == 0.5  # the repeat and r3's consult are false
    assert result["type_precision"] == 0.75  # the repeat is of a gold type
    fields = {k: v["correct"] for k, v in result["fields"].items()}
    assert fields == {"actors": 2, "targets": 2, "mode": 1, "acled_type": 2, "acled_subtype": 1,
                      "date": 1, "place": 2, "admin1": 2, "country": 2, "fatalities": 2,
                      "injured": 2, "abducted": 2, "arrested": 2}
    assert details[0]["matched"][0]["wrong"] == ["mode"]  # firearms, not read
    assert details[1]["matched"][0]["wrong"] == ["acled_subtype", "date"]
    assert details[2]["extra"][0]["type"] == "consult"


def test_field_checks_one_by_one():
    iraq = entity("state:IQ", "Iraq", "Iraq")
    isis = entity("isis", "Islamic State", "ISIS", kind="armed_group")
    mosul = entity("place:gn:2", "Mosul", "Mosul", kind="place", admin_level="city", country="IQ")
    a = analysis([iraq, isis, mosul])
    gold = GoldEvent("assault", actors=("ISIS",), targets=("Iraqi forces",), place="Mosul",
                     admin1="Nineveh", country="IQ", date="2017", fatalities=None)
    e = event("assault", ["isis"], ["state:IQ"], place="place:gn:2", date="2017-06-01", fatalities=3)
    # The gazetteer, as a lookup: Mosul lies in Nineveh (IQ-NI).
    known = {"place:gn:2": type("P", (), {"name": "Mosul", "admin_level": "city", "admin1": "IQ-NI"})(),
             "place:IQ-NI": type("P", (), {"name": "Nineveh Governorate", "admin_level": "admin1"})()}
    assert admin1_of(mosul, a, known.get) == "Nineveh Governorate"
    checks = field_checks(gold, e, a, known.get)
    assert checks == {"actors": True, "targets": False, "mode": True, "acled_type": True, "acled_subtype": True,
                      "date": True, "place": True, "admin1": True, "country": True, "fatalities": False,
                      "injured": True, "abducted": True, "arrested": True}
    # No gazetteer: admin1 unknown, so wrong against a gold admin1; a predicted actor gold lacks is wrong.
    checks = field_checks(gold, event("assault", ["isis", "state:IQ"], date="2016"), a)
    assert not checks["actors"] and not checks["date"] and not checks["place"] and not checks["admin1"]


def test_crashed_report_counts():
    report = GoldReport("r", "text", None, (GoldEvent("assault"),))
    result = score_reports([(report, None)])
    assert result["crashed"] == 1 and result["detection_recall"] == 0.0 and result["precision"] is None


def test_the_project_event_reports_read():
    from faultlines.evaluate.events import EVENT_REPORTS

    if not any(EVENT_REPORTS.glob("*.yaml")):
        pytest.skip("no event reports yet")
    reports = read_event_reports(EVENT_REPORTS)
    assert reports and len({r.id for r in reports}) == len(reports)
    for r in reports:
        assert r.text and (r.published is None or r.published[:4].isdigit())
        for e in r.events:
            assert e.type and e.type == e.type.lower()
            assert e.date is None or e.date[:4].isdigit()
