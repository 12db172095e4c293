"""The /network page and /api/network: one actor's neighbourhood (the ego view), arrows on directed
relations only, a legend of what is drawn; in Chromium, the script's highlight, menu and zoom, and
the page without script."""

import re
import shutil
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from fastapi.testclient import TestClient

from faultlines.store import Store
from faultlines.web import create_app
from tests.web.conftest import ARTIFACTS

NS = {"s": "http://www.w3.org/2000/svg"}
SYMMETRIC = {"hostile", "allied", "rival", "negotiates", "same_as"}  # DESIGN.md: relations without a direction


@pytest.fixture
def client(corpus_db, tmp_path):
    db = tmp_path / "web.db"
    shutil.copy(corpus_db, db)
    with TestClient(create_app(str(db), "token"), base_url="http://127.0.0.1") as c:
        yield c


def picture(page: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg .*?</svg>", page, re.S).group(0))


def actors_in(page: str) -> set[str]:
    from urllib.parse import unquote

    return {unquote(a.get("href").removeprefix("/actors/")) for a in picture(page).iterfind(".//s:a[@class='node']",
                                                                                              NS)}


def within(corpus_db, centre: str, depth: int) -> set[str]:
    """The actors within `depth` relations of `centre`, either way, read from the stored relations:
    between actors (not places), and not denied by every statement of them."""
    with Store(corpus_db) as store:
        analyses = list(store.analyses())
    actors = {e.id for a in analyses for e in a.entities if e.kind != "place"}
    modalities = defaultdict(set)
    for a in analyses:
        for r in a.relations:
            modalities[(r.type, r.source, r.target)].add(r.modality)
    near = defaultdict(set)
    for (_, source, target), said in modalities.items():
        if said != {"negated"} and source in actors and target in actors:
            near[source].add(target)
            near[target].add(source)
    reached, ring = {centre}, {centre}
    for _ in range(depth):
        ring = {n for r in ring for n in near[r]} - reached
        reached |= ring
    return reached


@pytest.mark.issue(18)
@pytest.mark.parametrize("depth", [1, 2])
def test_network_ego_view_holds_the_actor_and_those_within_depth(client, corpus_db, depth):
    expected = within(corpus_db, "isis-k", depth)
    assert len(expected) > 3 and "taliban" in expected and "jnim" not in expected
    page = client.get("/network", params={"actor": "ISIS-K", "depth": depth})
    assert page.status_code == 200
    assert actors_in(page.text) == expected
    assert "Network around Islamic State Khorasan Province" in page.text
    api = client.get("/api/network", params={"actor": "ISIS-K", "depth": depth}).json()
    assert {n["id"] for n in api["nodes"]} == expected
    assert all(e["source"] in expected and e["target"] in expected for e in api["edges"])
    # The centre is marked, and the links to the other depths and the whole network keep it.
    assert picture(page.text).find(".//s:g[@class='actor centre']/s:a", NS).get("href") == "/actors/isis-k"
    other = 2 if depth == 1 else 1
    assert f'href="/network?actor=isis-k&amp;depth={other}"' in page.text


@pytest.mark.issue(18)
def test_network_ego_view_grows_with_depth_and_is_a_part_of_the_whole(client):
    whole = actors_in(client.get("/network").text)
    one = actors_in(client.get("/network", params={"actor": "taliban", "depth": 1}).text)
    two = actors_in(client.get("/network", params={"actor": "taliban", "depth": 2}).text)
    assert "taliban" in one and one < two <= whole


@pytest.mark.issue(18)
def test_network_arrows_only_on_directed_relations(client):
    root = picture(client.get("/network").text)
    markers = {f"url(#{m.get('id')})" for m in root.iterfind(".//s:defs/s:marker", NS)}
    kinds = set()
    for line in root.iterfind(".//s:g[@class='plot']/s:line", NS):
        kind = line.get("class").split()[1].removeprefix("edge-")
        kinds.add(kind)
        if kind in SYMMETRIC:
            assert line.get("marker-end") is None, kind
        else:
            assert line.get("marker-end") in markers, kind
    assert {"hostile", "leads", "member_of"} <= kinds  # both sorts are on the page


@pytest.mark.issue(18)
def test_network_legend_lists_the_types_present(client):
    for params in ({}, {"types": "hostile,leads"}, {"actor": "JNIM"}):
        root = picture(client.get("/network", params=params).text)
        drawn = {line.get("class").split()[1].removeprefix("edge-")
                 for line in root.iterfind(".//s:g[@class='plot']/s:line", NS)}
        listed = {"".join(g.itertext()).removesuffix(" →")
                  for g in root.iterfind(".//s:g[@class='legend']/s:g", NS) if "legend-relation" in g.get("class")}
        assert drawn and listed == drawn, params
    assert listed != {"hostile", "leads"}  # the last, JNIM's, lists its own types, not the filter before


@pytest.mark.issue(18)
def test_network_unknown_actor_is_a_404_that_says_so(client):
    page = client.get("/network", params={"actor": "Nobody at all"})
    assert page.status_code == 404 and "no actor called &#39;Nobody at all&#39; in the store" in page.text
    api = client.get("/api/network", params={"actor": "Nobody at all"})
    assert api.status_code == 404 and api.json() == {"detail": "no actor called 'Nobody at all' in the store"}
    # An actor the store knows but with no relation that matches: said in words, not an empty picture.
    quiet = client.get("/network", params={"actor": "Nangarhar"})
    assert quiet.status_code == 200 and "has no relations that match" in quiet.text and "<svg" not in quiet.text
    assert client.get("/api/network", params={"actor": "ISIS-K", "depth": 9}).status_code == 422


@pytest.mark.issue(18)
@pytest.mark.parametrize("name", ["script", "attribute", "unicode"])
def test_network_ego_view_of_a_hostile_name_shows_it_as_text(client, tmp_path, name):
    from tests.web.test_escaping import PAYLOADS, assert_inert, hostile_actor

    payload = PAYLOADS[name]
    with Store(tmp_path / "web.db") as store:  # the client's copy of the store
        store.save(hostile_actor(payload))
    for params in ({"actor": "hostile-front", "depth": 2}, {"actor": f"Front {payload}"}, {"actor": f"{payload}x"}):
        page = client.get("/network", params=params)
        assert page.status_code in (200, 404), params
        parsed = assert_inert(page.text, str(params))
        if page.status_code == 200:
            assert {"hostile-front", "jnim"} <= actors_in(page.text)  # drawn, not refused by the allow-list
            assert f"Network around Front {payload.strip()}" in "".join(parsed.text)


@pytest.mark.issue(18)
def test_network_api_documents_actor_and_depth(client):
    operation = client.get("/openapi.json").json()["paths"]["/api/network"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert "depth" in parameters["actor"]["description"] and parameters["depth"]["schema"]["maximum"] == 3
    assert "404" in operation["responses"]


@pytest.mark.issue(18)
def test_network_dossier_links_to_the_network_around_the_actor(client):
    dossier = client.get("/actors/ISIS-K").text
    link = re.search(r'<a href="(/network\?actor=isis-k&amp;depth=1)">Network around this actor</a>', dossier)
    assert link is not None
    assert client.get(link.group(1).replace("&amp;", "&")).status_code == 200


@pytest.mark.issue(18)
def test_network_in_a_browser_highlights_zooms_and_centres(open_page, server):
    page, problems = open_page()
    page.goto(f"{server}/network")
    page.wait_for_load_state("load")
    everyone = page.locator("g.actor").count()
    # Hovering the Taliban lights its neighbours (ISIS-K) and not the others (JNIM).
    page.hover('a.node[href="/actors/taliban"] circle')
    actor = lambda href: page.locator(f'g.actor:has(a.node[href="{href}"])')  # noqa: E731
    assert "active" in actor("/actors/taliban").get_attribute("class")
    assert "neighbour" in actor("/actors/isis-k").get_attribute("class")
    assert "neighbour" not in actor("/actors/jnim").get_attribute("class")
    assert "lighting" in page.locator("svg.network").get_attribute("class")
    assert page.locator("line.edge.lit").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "network-hover.png"))
    # So does the keyboard's focus.
    page.mouse.move(5, 5)
    page.locator('a.node[href="/actors/jnim"]').focus()
    assert "neighbour" in actor("/actors/wagner-group").get_attribute("class")
    assert "neighbour" not in actor("/actors/isis-k").get_attribute("class")
    page.locator('a.node[href="/actors/jnim"]').blur()
    assert "lighting" not in page.locator("svg.network").get_attribute("class")
    # The wheel zooms: the plot takes a transform.
    page.mouse.move(300, 600)
    page.mouse.wheel(0, -300)
    assert "scale(" in (page.locator("g.plot").get_attribute("transform") or "")
    page.get_by_role("button", name="Reset view").click()
    assert page.locator("g.plot").get_attribute("transform") == "translate(0.0 0.0) scale(1.000)"
    # A drag pans, and the click that ends it opens nothing, even when it starts on an actor.
    box = page.locator('a.node[href="/actors/isis-k"] circle').bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 80, box["y"] + 40, steps=5)
    page.mouse.up()
    assert page.locator("g.plot").get_attribute("transform").startswith("translate(")
    assert page.locator("g.plot").get_attribute("transform") != "translate(0.0 0.0) scale(1.000)"
    assert not page.locator(".network-menu").is_visible() and page.url.endswith("/network")
    page.get_by_role("button", name="Reset view").click()
    # A click opens the menu instead of the dossier; "Centre here" opens the ego view.
    page.locator('a.node[href="/actors/isis-k"] circle').click()
    menu = page.locator(".network-menu")
    assert menu.is_visible() and page.url.endswith("/network")
    assert menu.get_by_role("link", name="Open dossier").get_attribute("href") == "/actors/isis-k"
    page.screenshot(path=str(ARTIFACTS / "network-menu.png"))
    menu.get_by_role("link", name="Centre here", exact=True).click()
    page.wait_for_load_state("load")
    assert "actor=isis-k" in page.url and "depth=1" in page.url
    assert page.locator("h1").inner_text() == "Network around Islamic State Khorasan Province"
    assert 1 < page.locator("g.actor").count() < everyone
    assert page.locator('g.actor.centre a.node[href="/actors/isis-k"]').count() == 1
    page.screenshot(path=str(ARTIFACTS / "network-centred.png"))
    # Escape closes the menu; "Open dossier" opens the dossier.
    page.locator('a.node[href="/actors/taliban"] circle').click()
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    page.locator('a.node[href="/actors/taliban"] circle').click()
    menu.get_by_role("link", name="Open dossier").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/actors/taliban")
    assert not problems, problems
    page.close()


@pytest.mark.issue(18)
def test_network_without_script_still_shows_the_picture_and_its_legend(chromium, server):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/network?actor=ISIS-K&depth=2")
    assert page.locator("svg.network g.legend").is_visible()
    assert "hostile" in page.locator("svg.network g.legend").text_content()
    assert page.locator("svg.network line.edge").count() > 0
    assert page.locator(".network-tools, .network-menu").count() == 0  # the script's, not drawn
    page.screenshot(path=str(ARTIFACTS / "network-no-script.png"))
    # A node is a plain link to its dossier.
    page.locator('a.node[href="/actors/taliban"] circle').click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/actors/taliban")
    context.close()
