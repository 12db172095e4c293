"""The map (issue 18): /api/map and the /map page on the corpus store, the picture's markers and
province lines, and the page in a real headless Chromium: pan, zoom, groups that split, a popup
whose quote opens the document at its sentence; and the same page without script.

Screenshots are saved in tests/artifacts/map-*.png (not committed).
"""

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from faultlines.export.maps import MapFrame, MapPoint, svg_map
from faultlines.web import create_app
from faultlines.web.mapdata import sentence_around
from tests.web.conftest import ARTIFACTS

pytestmark = pytest.mark.issue(18)
TOKEN = "map-token"


@pytest.fixture
def client(corpus_db, tmp_path):
    db = tmp_path / "web.db"
    shutil.copy(corpus_db, db)
    with TestClient(create_app(str(db), TOKEN), base_url="http://127.0.0.1") as c:
        yield c


def by_name(answer: dict) -> dict[str, dict]:
    return {p["name"]: p for p in answer["places"]}


# /api/map

def test_map_api_gives_points_precision_and_quotes_that_open_their_sentence(client):
    places = by_name(client.get("/api/map").json())
    damasak, nangarhar, afghanistan = places["Damasak"], places["Nangarhar"], places["Afghanistan"]
    assert (round(damasak["lat"], 1), round(damasak["lon"], 1)) == (13.1, 12.5)
    assert (damasak["precision"], nangarhar["precision"], afghanistan["precision"]) == ("town", "province", "country")
    assert (damasak["province"], damasak["district"], damasak["country"]) == ("Borno", "Mobbar", "NG")
    assert damasak["counted"] == "mentions" and damasak["count"] >= 1 and damasak["documents"] == 1
    [quote] = damasak["quotes"]
    assert "Damasak" in quote["text"] and quote["title"]
    assert quote["url"] == f"/documents/{quote['document_id']}#{quote['anchor']}"
    # The anchor is a marked sentence on the document page, holding the quote.
    page = client.get(quote["url"].split("#")[0]).text
    marked = re.search(rf'<mark id="{quote["anchor"]}"[^>]*>([^<]*)</mark>', page)
    assert marked and "Damasak" in marked.group(1)
    # A place named only in a sentence that is no fact's evidence: the sentence, linking to the document.
    unmarked = [q for p in places.values() for q in p["quotes"] if q["anchor"] is None]
    assert all(q["url"] == f"/documents/{q['document_id']}" and q["text"] for q in unmarked)
    assert sum(len(p["quotes"]) for p in places.values()) > 2 * len(unmarked)  # most quotes are marked


def test_map_api_filters_narrow_the_places(client):
    everything = by_name(client.get("/api/map").json())
    jnim = by_name(client.get("/api/map", params={"actor": "JNIM"}).json())
    assert "Barsalogho" in jnim and "Nangarhar" not in jnim and set(jnim) < set(everything)
    assaults = by_name(client.get("/api/map", params={"type": "assault"}).json())
    assert {"Damasak", "Barsalogho", "Palma"} <= set(assaults) and "Nangarhar" not in assaults
    assert set(assaults) < set(everything)
    # Counted by events now, each quote the event's own sentence.
    assert all(p["counted"] == "events" and p["quotes"] and p["quotes"][0]["anchor"] for p in assaults.values())
    recent = by_name(client.get("/api/map", params={"type": "assault", "since": "2024"}).json())
    assert "Damasak" in recent and "Palma" not in recent  # Palma's attack was in March 2021
    early = by_name(client.get("/api/map", params={"type": "assault", "until": "2021-12"}).json())
    assert "Palma" in early and "Damasak" not in early


def test_map_api_refuses_what_it_cannot_use(client):
    bad = client.get("/api/map", params={"since": "yesterday"})
    assert bad.status_code == 400 and "2024-05" in bad.json()["detail"]
    assert client.get("/api/map", params={"until": "2024-5-1"}).status_code == 400
    assert client.get("/map", params={"since": "yesterday"}).status_code == 400
    assert client.get("/api/map", params={"actor": "Nobody"}).status_code == 404


def test_map_api_is_described_and_kept_per_store_version(client):
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/map"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"actor", "type", "since", "until"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/MapAnswer")
    place = spec["components"]["schemas"]["MapPlaceAnswer"]
    assert set(place["properties"]["precision"]["enum"]) == {"town", "district", "province", "region", "country",
                                                           "approximate"}
    assert "/api/map" in client.get("/docs").text
    first, again = client.get("/api/map").content, client.get("/api/map").content
    assert first == again
    views = client.app.state.views
    assert views.full_reads == 1  # the page and the API share the models read once
    client.get("/map")
    assert views.full_reads == 1


def test_map_page_is_kept_until_a_document_is_saved(client, pipeline, tmp_path):
    from faultlines.ingest import make_document
    from faultlines.store import open_store

    first = client.get("/map").text
    assert client.get("/map").text == first and "Timbuktu" not in first
    with open_store(tmp_path / "web.db") as store:  # the client's copy
        store.save(pipeline.analyze(make_document("Fighters attacked a market in Timbuktu, Mali, on 3 May 2024.")))
    assert ">Timbuktu</span>" in client.get("/map").text


# The page without script

def test_map_page_shows_picture_legend_and_places_with_their_evidence(client):
    page = client.get("/map", params={"actor": "ISKP"}).text
    figure = re.search(r'<figure class="map" data-west="([-\d.e]+)" data-north="([-\d.e]+)" '
                       r'data-x-scale="([\d.e]+)" data-y-scale="([\d.e]+)">', page)
    assert figure
    assert 'class="place place-province"' in page and 'class="place place-country"' in page
    assert 'class="admin1"' in page  # Afghanistan's provinces
    assert "Legend" in page and "Province or region, at its centre" in page
    items = re.findall(r'<li data-lat="[-\d.]+" data-lon="[-\d.]+" data-precision="(\w+)" data-weight="(\d+)">', page)
    assert len(items) >= 10 and ("province", "2") in items
    assert re.search(r'<a class="quote" href="/documents/\w+#s\d+">', page)
    assert 'src="/static/map.js"' in page


def test_markers_show_how_precisely_a_place_is_known():
    town = MapPoint("Damasak", 13.1, 12.5, 2, province="Borno")
    province = MapPoint("Borno", 11.9, 13.2, precision="province")
    country = MapPoint("Nigeria", 10.0, 8.0, precision="country")
    svg = svg_map([town, province, country], zoomable=True)
    assert re.search(r'<circle [^>]*fill="#c0392b" fill-opacity="0.75"[^>]*class="place place-town"', svg)
    assert re.search(r'<circle [^>]*fill="#fff"[^>]*stroke-dasharray="4 2" class="place place-province"', svg)
    assert re.search(r'<circle [^>]*fill="#fff"[^>]*stroke-dasharray="1.5 2.5" class="place place-country"', svg)
    assert "<title>Borno: 1 (province, drawn at its centre)</title>" in svg
    # Nigeria holds places below country level: its provinces are drawn, and no other country's.
    lines = re.search(r'<path d="([^"]+)"[^>]*class="admin1"', svg).group(1)
    frame = MapFrame.around([town, province, country], 640, 420)
    west, _ = frame.xy(2.7, 0)  # Nigeria's western border
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", lines)]
    assert len(xs) > 100 and min(xs) > west - 2
    assert 'class="admin1"' not in svg_map([country], zoomable=True)  # a country alone needs no provinces
    # Markers sit where the frame the page's script uses puts them.
    cx, cy = map(float, re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*place-town', svg).groups())
    assert (round(cx, 1), round(cy, 1)) == tuple(round(v, 1) for v in frame.xy(12.5, 13.1))


def test_a_sentence_is_cut_at_its_full_stops():
    text = "ISWAP attacked Damasak. Troops arrived in Monguno on Sunday. Then it rained."
    at = text.index("Monguno")
    assert sentence_around(text, at, at + 7) == "Troops arrived in Monguno on Sunday."


# In the browser

def test_map_pans_zooms_splits_groups_and_opens_the_evidence(open_page, server):
    page, errors = open_page(1300, 1000)
    page.goto(f"{server}/map")
    page.wait_for_selector(".map-ready")
    svg = page.locator("figure.map svg")
    home = svg.get_attribute("viewBox")
    assert page.locator("svg g.cluster").count() > 0  # the Sahel and Afghanistan are grouped
    assert page.locator("svg .admin1").evaluate("e => getComputedStyle(e).display") == "none"
    page.screenshot(path=str(ARTIFACTS / "map-home.png"))
    # The + button and the wheel zoom in; a drag moves; 0 goes back.
    page.get_by_role("button", name="Zoom in", exact=True).click()
    zoomed = svg.get_attribute("viewBox")
    assert width(zoomed) < width(home)
    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -200)
    assert width(svg.get_attribute("viewBox")) < width(zoomed)
    before = svg.get_attribute("viewBox")
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 80, box["y"] + box["height"] / 2 - 40, steps=5)
    page.mouse.up()
    moved = svg.get_attribute("viewBox")
    assert width(moved) == width(before) and moved.split()[0] != before.split()[0]
    page.locator("figure.map").focus()
    page.keyboard.press("0")
    assert svg.get_attribute("viewBox") == home
    page.keyboard.press("+")
    keyed = svg.get_attribute("viewBox")
    page.keyboard.press("ArrowLeft")
    assert width(keyed) < width(home) and float(svg.get_attribute("viewBox").split()[0]) < float(keyed.split()[0])
    page.keyboard.press("0")
    # The group holding Konduga splits as it is clicked (each click zooms to its places), until
    # Konduga has a marker of its own.
    for _ in range(10):
        if page.locator('svg .place[aria-label="Konduga: evidence"]').count():
            break
        group = page.locator('svg g.cluster[aria-label*="Konduga"]').first
        members, before = int(group.locator("text").text_content()), width(svg.get_attribute("viewBox"))
        group.click()
        assert width(svg.get_attribute("viewBox")) < before
        shown = page.locator("svg .place").count() + page.locator("svg g.cluster").count()
        assert members >= 2 and shown >= 2  # one marker became several
    assert width(svg.get_attribute("viewBox")) < width(home) / 4
    assert page.locator("svg .place-town").count() >= 3  # Borno's towns, apart
    assert page.locator("svg .admin1").evaluate("e => getComputedStyle(e).display") != "none"
    page.screenshot(path=str(ARTIFACTS / "map-borno.png"))
    # The marker opens a popup with the sentence; its link opens the document at that sentence.
    page.locator('svg .place[aria-label="Konduga: evidence"]').click()
    popup = page.locator(".map-popup")
    assert popup.is_visible() and popup.locator("h3").all_inner_texts() == ["Konduga"]
    assert "Borno" in popup.inner_text() and "town or village" in popup.inner_text()
    quote = popup.locator(".quotes q").first.inner_text()
    assert "Konduga" in quote
    page.screenshot(path=str(ARTIFACTS / "map-popup.png"))
    # Damasak and the district named after it share a point: their group opens both in one popup.
    page.locator('svg g.cluster[aria-label*="Damasak"]').click()
    assert popup.locator("h3").all_inner_texts() == ["Damasak", "Mobbar"]
    assert "district, at its centre" in popup.inner_text()
    page.keyboard.press("Escape")
    assert page.locator(".map-popup").count() == 0
    page.locator('svg .place[aria-label="Konduga: evidence"]').click()
    page.locator(".map-popup a.quote").first.click()
    page.wait_for_load_state()
    assert "/documents/" in page.url and "#s" in page.url
    target = page.locator("mark:target")
    assert target.count() == 1 and quote[:40] in target.inner_text()
    # A place in the list is found on the map, its popup open.
    page.go_back()
    page.wait_for_selector(".map-ready")
    place_item(page, "Palma").get_by_role("button", name="on the map").click()
    assert page.locator(".map-popup h3").all_inner_texts() == ["Palma"]
    assert width(svg.get_attribute("viewBox")) <= width(home) / 8
    assert not errors, errors  # no script error, no resource refused by the CSP
    page.close()


def test_map_reads_without_script(chromium, server):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/map?type=assault")
    assert page.locator("figure.map svg path.country").count() > 10
    assert page.locator("figure.map svg .place").count() == page.locator("ul.map-places > li").count() > 5
    assert page.locator(".map-controls").count() == 0
    assert not page.locator(".map-legend .needs-script").first.is_visible()  # no groups, no zoom
    place_item(page, "Damasak").locator("summary").click()  # <details> needs no script
    link = place_item(page, "Damasak").locator("a.quote")
    assert link.is_visible() and re.fullmatch(r"/documents/\w+#s\d+", link.get_attribute("href"))
    page.screenshot(path=str(ARTIFACTS / "map-no-script.png"), full_page=True)
    context.close()


def place_item(page, name: str):
    """The list's item for the place called `name` (not one whose quotes name it)."""
    return page.locator("ul.map-places > li").filter(has=page.locator(".place-name", has_text=re.compile(f"^{name}$")))


def width(view_box: str) -> float:
    return float(view_box.split()[2])
