"""As a person uses it: the app served on loopback, driven in a real headless Chromium.

Screenshots are saved in tests/artifacts/ (not committed) for whoever reads a CI run.
"""

import pytest

from tests.web.conftest import ARTIFACTS


def test_dossier_map_relations_and_evidence_in_a_browser(chromium, server):
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{server}/actors/ISIS-K")
    assert page.locator("h1").first.inner_text().startswith("Islamic State Khorasan Province")
    # The map shows the provinces where the group is reported.
    places = page.locator("figure svg text").evaluate_all("els => els.map(e => e.textContent)")
    assert {"Nangarhar", "Urozgan"} <= set(places)
    # The Taliban, in a hostile relation.
    hostile = page.locator("li", has_text="—hostile→").all_inner_texts()
    assert any("Taliban —hostile→ Islamic State Khorasan Province" in h for h in hostile)
    page.screenshot(path=str(ARTIFACTS / "dossier-isis-k.png"), full_page=True)
    # The network shows the Taliban joined to ISIS-K by a hostile edge; its node's menu opens its dossier.
    page.goto(f"{server}/network")
    edges = page.locator("line.edge-hostile title").evaluate_all("els => els.map(e => e.textContent)")
    assert "Islamic State Khorasan Province hostile Taliban" in edges
    page.screenshot(path=str(ARTIFACTS / "network.png"))
    page.locator('a.node[href="/actors/taliban"]').click()
    page.locator(".network-menu").get_by_role("link", name="Open dossier").click()
    page.wait_for_load_state()
    assert page.url.endswith("/actors/taliban") and page.locator("h1").first.inner_text().startswith("Taliban")
    # The 2,200-4,000 fighters estimate (the sample names its subject "ISIS in Afghanistan",
    # linked to the Islamic State): clicking it opens the document at that sentence.
    page.goto(f"{server}/actors/islamic-state")
    page.locator("a.quote", has_text="2,200").first.click()
    page.wait_for_load_state()
    assert "/documents/" in page.url and "#s" in page.url
    target = page.locator("mark:target")
    assert target.count() == 1 and "2,200 and even 4,000" in target.inner_text()
    assert target.evaluate("e => e.getBoundingClientRect().top") < 900  # scrolled into view
    page.screenshot(path=str(ARTIFACTS / "evidence-fighters.png"))
    page.close()


@pytest.mark.issue(17)
def test_hostile_fields_run_nothing_and_hide_nothing(chromium, server):
    """An unclosed <iframe> and a script-bearing <img> in a document's fields: in the browser no
    script runs, no frame opens, and the rest of the page (up to the footer) still shows."""
    import httpx

    payload = "<iframe src=/map> <img src=x onerror=\"document.title='pwned';alert(1)\"> <script>alert(2)</script>"
    made = httpx.post(f"{server}/api/analyze", headers={"Authorization": "Bearer token"}, timeout=60,
                      json={"text": f"JNIM fighters attacked an army post in Djibo {payload}, killing 4 soldiers.",
                            "title": f"Djibo {payload}", "publisher": f"Wire {payload}", "published": "2024-10-02"})
    assert made.status_code == 200, made.text
    page = chromium.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (f"/documents/{made.json()['document']['id']}", "/actors/JNIM", "/?q=Djibo"):
        page.goto(f"{server}{path}")
        page.wait_for_load_state("load")
        assert page.locator("iframe, img, script").count() == 0, path
        assert page.title() != "pwned" and not dialogs, path
        assert page.locator("footer").is_visible(), path  # the unclosed <iframe> swallowed nothing
        assert "<iframe src=/map>" in page.locator("main").inner_text(), path  # shown as text
    page.close()


@pytest.mark.issue(18)
def test_events_table_filters_and_opens_the_evidence(chromium, server):
    """The events page without script: choose a country in the form, submit, follow a row's quote to
    its sentence in the document."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{server}/events")
    everything = page.locator("table.events tbody tr").count()
    page.select_option('select[name="country"]', "NG")
    page.fill('input[name="min_fatalities"]', "1")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "country=NG" in page.url and "min_fatalities=1" in page.url
    rows = page.locator("table.events tbody tr")
    assert 0 < rows.count() < everything
    assert any("Damasak" in r for r in rows.all_inner_texts())
    assert "Barsalogho" not in page.locator("main").inner_text()
    assert page.locator("figure svg.timeline rect").count() > 0  # the chart, drawn on the server
    page.screenshot(path=str(ARTIFACTS / "events-filtered.png"), full_page=True)
    rows.filter(has_text="Damasak").locator("a.quote").click()
    page.wait_for_load_state()
    assert "/documents/" in page.url and "#s" in page.url
    target = page.locator("mark:target")
    assert target.count() == 1 and "Damasak" in target.inner_text()
    assert target.evaluate("e => e.getBoundingClientRect().top") < 900
    page.screenshot(path=str(ARTIFACTS / "events-evidence.png"))
    page.close()
