"""The bundled example reports: each gives the facts an analyst would list from it."""

import pytest

from faultlines.ingest import read_documents
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def models(pipeline):
    out = {}
    for path in sorted(EXAMPLES.iterdir()):
        if path.name != "README.md":
            out[path.name] = [pipeline.analyze(d) for d in read_documents(path)]
    return out


def relations(analysis):
    return {(r.type, r.source, r.target) for r in analysis.relations}


def claims(analysis):
    return {(c.subject, c.attribute, c.value.low, c.value.high, c.attributed_to) for c in analysis.claims}


def places(analysis):
    return {e.id for e in analysis.entities if e.kind == "place"}


def test_examples_metadata_from_every_format(models):
    md = models["somalia_shabaab_analysis.md"][0].document
    assert (md.author, md.published) == ("Amina Warsame", "2023-01-15")
    txt = models["sahel_jnim_issp.txt"][0].document
    assert (txt.author, txt.publisher, txt.published) == ("Idrissa Compaoré", "The Meridian Ledger", "2024-09-05")
    assert "Related articles" not in txt.text
    html = models["mozambique_cabo_delgado.html"][0].document
    assert (html.author, html.publisher, html.published) == (
        "Tomás Machava", "Southern Africa Security Review", "2024-07-20")
    assert "Subscribe" not in html.text and "Related stories" not in html.text
    assert [a.document.published for a in models["syria_hasakah_prison.jsonl"]] == ["2022-01-24", "2022-01-31"]


def test_examples_sudan(models):
    [a] = models["sudan_saf_rsf.json"]
    assert {("hostile", "sudanese-armed-forces", "rapid-support-forces"),
            ("leads", "abdel-fattah-al-burhan", "sudanese-armed-forces"),
            ("leads", "mohamed-hamdan-dagalo", "rapid-support-forces")} <= relations(a)
    assert (None, "displaced", 10_000_000, None, "international-organization-for-migration") in claims(a)
    assert (None, "killed", 10_000, 15_000, "united-nations") in claims(a)
    assert {"place:SD-DN", "place:SD-DW", "place:region-darfur"} <= places(a)
    assert a.entity("rapid-support-forces").aliases[:1] == ("RSF",)


def test_examples_somalia(models):
    [a] = models["somalia_shabaab_analysis.md"]
    assert ("leads", "ahmed-diriye", "al-shabaab") in relations(a)
    assert ("hostile", "al-shabaab", "islamic-state-somalia") in relations(a)
    assert ("al-shabaab", "fighters", 7000, 12000, "un-panel-of-experts") in claims(a)
    assert (None, "injured", 333, 333, "government:SO") in claims(a)  # "The government said"
    assert (None, "killed", 121, None, "government:SO") in claims(a)
    assert {"place:gn:53654", "place:SO-HI", "place:SO-SD", "place:SO-JH"} <= places(a)


def test_examples_sahel(models):
    [a] = models["sahel_jnim_issp.txt"]
    assert ("member_of", "jnim", "al-qaeda") in relations(a)
    assert {"place:BF-02", "place:ML-9", "place:NE-6"} & places(a) or {"place:ML", "place:BF", "place:NE"} <= places(a)
    toll = [c for c in a.claims if c.attribute == "killed" and c.value.low == 600]
    assert toll and toll[0].modality == "estimated"  # "the government has not published" negates nothing


def test_examples_mozambique(models):
    [a] = models["mozambique_cabo_delgado.html"]
    assert ("rwanda-defence-force", "fighters", 1000, 1000, None) in claims(a)
    assert (None, "killed", 6000, None, "acled") in claims(a)
    assert {"place:MZ-P"} <= places(a)
    six_thousand = next(c for c in a.claims if c.value.low == 6000)
    assert six_thousand.as_of == "2017/2024-07-20"


def test_examples_syria_two_sources_two_tolls(models):
    first, second = models["syria_hasakah_prison.jsonl"]
    assert (None, "killed", 100, None, "syrian-observatory-for-human-rights") in claims(first)
    assert ("syrian-democratic-forces", "killed", 121, 121, "syrian-democratic-forces") in claims(second)


def test_examples_borno_event_notes(models):
    """Four event notes, each one event with its actor, target, place, day, count and ACLED
    coding (written down before the extractor was run on them)."""
    [a] = models["borno_wire_briefs.txt"]
    name = {e.id: e.name for e in a.entities}
    got = {(e.type, e.mode, tuple(name[x] for x in e.actors), tuple(name[x] for x in e.targets), name.get(e.place),
            e.date, e.fatalities, e.abducted, e.arrested, e.acled_subtype) for e in a.events}
    assert got == {
        ("assault", None, ("Islamic State West Africa Province",), ("Armed Forces of Nigeria",), "Damasak",
         "2024-05-05", 6, None, None, "Armed clash"),
        ("assault", "abduction", ("Boko Haram",), ("women",), "Gwoza", "2024-05-06", None, 12, None,
         "Abduction/forced disappearance"),
        ("assault", "suicide_bombing", ("suicide bomber",), ("people",), "Konduga", "2024-05-07", 4, None, None,
         "Suicide bomb"),
        ("coerce", "arrest", ("Nigerian Army",), ("Islamic State West Africa Province",), "Monguno", "2024-05-07",
         None, None, 15, "Arrests"),
    }
