"""Dossiers as files: text and Markdown sections, one self-contained HTML file, the offline map."""

import base64
import json
import re

import pytest

from faultlines.analyze.dossier import build_dossier
from faultlines.export.dossier import render
from faultlines.export.maps import MapPoint, svg_map
from faultlines.kb.registry import Registry
from faultlines.model import Analysis, Claim, Document, Entity, Quantity, Relation, Span
from faultlines.store import Store

HOSTILE_TEXT = 'ISIS-K <script>alert("x")</script> fights <img src=x onerror=alert(1)> the Taliban.'


@pytest.fixture(scope="module")
def sample_dossier(corpus_db):
    with Store(corpus_db) as store:
        actor = store.find_entity("ISIS-K")
        return build_dossier(actor, store.analyses(involving=actor.id), Registry.load())


def test_text_dossier_has_every_section_with_evidence(sample_dossier):
    text = render(sample_dossier, "text")
    for heading in ("PROFILE", "STRENGTH", "PRESENCE", "RELATIONS", "EVENTS", "OUTLOOK", "SOURCES"):
        assert re.search(rf"^{heading}\b", text, re.M), heading
    assert "Part of: Islamic State" in text
    assert "Taliban —hostile→ Islamic State Khorasan Province" in text
    assert "250 [reported, according to Taliban]" in text
    assert "lowers the chances of the presence of ISIS-K" in text


def test_markdown_dossier_embeds_the_map(sample_dossier):
    md = render(sample_dossier, "markdown")
    assert md.startswith("# Islamic State Khorasan Province [armed_group]")
    images = re.findall(r"!\[([^\]]*)\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", md)
    assert [alt for alt, _ in images] == ["Map of Islamic State Khorasan Province's reported presence",
                                          "What raises and lowers Islamic State Khorasan Province"]
    svg = base64.b64decode(images[0][1]).decode()
    assert "<title>Afghanistan</title>" in svg and "Nangarhar" in svg


def test_html_dossier_is_self_contained(sample_dossier):
    html = render(sample_dossier, "html")
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "Content-Security-Policy" in html
    located = [p for p in sample_dossier.presence if p.place.lat is not None]
    assert html.count('fill-opacity="0.75"') == len(located) > 0  # one marker per place on the map
    assert "Natural Earth" in html


def test_html_escapes_what_documents_say():
    actor = Entity("isis-k", "ISIS-K", "armed_group", mentions=(Span(0, 6, "ISIS-K"),))
    taliban = Entity("taliban", 'Taliban "<b>"', "armed_group", mentions=(Span(0, 7, "Taliban"),))
    analysis = Analysis(
        Document("x", HOSTILE_TEXT, title="<script>alert(2)</script>", published="2024-01-01"), (actor, taliban),
        relations=(Relation("hostile", "isis-k", "taliban", Span(0, len(HOSTILE_TEXT), HOSTILE_TEXT)),),
        claims=(Claim("isis-k", "fighters", Quantity(10, 10), Span(0, 6, "<i>10</i>"), attributed_to="<u>me</u>"),))
    html = render(build_dossier(actor, [analysis]), "html")
    assert "<script" not in html and "<img" not in html and "<u>" not in html and "<i>10" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Taliban &#34;&lt;b&gt;&#34;" in html


def test_json_dossier(sample_dossier):
    data = json.loads(render(sample_dossier, "json"))
    assert data["actor"]["id"] == "isis-k" and "ISKP" in data["actor"]["aliases"]
    assert {"place:AF-NAN", "place:AF-URU"} <= {p["place"] for p in data["presence"]}
    assert any(r["type"] == "hostile" and r["source"] == "taliban" for r in data["relations"])
    assert data["names"]["taliban"] == "Taliban"


def test_map_places_points_where_they_are():
    kabul, herat = MapPoint("Kabul", 34.53, 69.17, 3), MapPoint("Herat", 34.34, 62.2)
    svg = svg_map([kabul, herat])
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg)
    (kx, ky, kr), (hx, hy, hr) = [tuple(map(float, c)) for c in circles]
    assert hx < kx  # Herat lies west of Kabul
    assert 0 < hy - ky < 20  # Herat lies a little south of Kabul
    assert kr > hr  # Kabul has more evidence
    assert "<title>Afghanistan</title>" in svg and "<title>Iran</title>" in svg
    assert svg_map([]) is None


def test_map_draws_a_place_placed_at_its_container_as_an_open_ring(analyze_text):
    a = analyze_text("He was killed in the Doura district of Baghdad, Iraq.")
    doura = MapPoint.of(a.entity("new:doura"))
    assert doura.placed_at == "Baghdad"
    svg = svg_map([doura, MapPoint("Mosul", 36.34, 43.13)])
    assert 'fill="none"' in svg and "placed at Baghdad" in svg
    assert svg.count('fill="#c0392b"') == 1  # Mosul alone is a filled point


def test_strength_chart_draws_each_dated_estimate():
    from faultlines.export.graphs import svg_estimates
    from tests.analyze.test_dossier import ISKP, doc, fighters

    corpus = [doc("a", "2021-11-09", claims=[fighters(2200, 4000, "UN monitors"), fighters(1500, 2000, "taliban")]),
              doc("b", "2023-05-01", claims=[fighters(5000, 5000, "analysts")])]
    (series,) = build_dossier(ISKP, corpus).strength
    svg = svg_estimates(series)
    bars = re.findall(r'<line x1="(\d+)" y1="(\d+)" x2="\d+" y2="(\d+)" stroke="(#\w+)" stroke-width="6"', svg)
    assert [colour for *_, colour in bars] == ["#b03a2e", "#b03a2e"]  # the two that contradict, in red
    assert int(bars[1][0]) - int(bars[0][0]) == 9  # same date, side by side
    assert svg.count("<circle") == 1 and "fighters 5,000–5,000, 2023-05-01, analysts" in svg
    assert ">2021-11-09</text>" in svg and ">2023-05-01</text>" in svg
    html = render(build_dossier(ISKP, corpus), "html")
    assert html.count('aria-label="fighters over time"') == 1
