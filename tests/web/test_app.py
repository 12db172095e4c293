"""The web app over a real store: pages, the API, the evidence links, and its safety rules."""

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from faultlines.web import create_app

TOKEN = "test-token-123"
HOSTILE = 'ISIS-K <script>alert("x")</script> attacked <img src=x onerror=alert(1)> a Taliban post in Kunar.'


@pytest.fixture
def client(corpus_db, tmp_path):
    db = tmp_path / "web.db"
    shutil.copy(corpus_db, db)  # the tests that write must not change the shared store
    with TestClient(create_app(str(db), TOKEN, max_upload_mb=1), base_url="http://127.0.0.1") as c:
        yield c


def test_home_lists_actors_and_searches(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Islamic State Khorasan Province" in page.text and "/actors/isis-k" in page.text
    assert "Published from 2021-11-09 to 2024-09-20." in page.text
    found = client.get("/", params={"q": "Barsalogho"})
    assert "Massacre at Barsalogho" in found.text


def test_home_counts_read_as_english(client):
    """No "[None, None]" for a place of unknown level and country, no "1 documents" (issue 18)."""
    page = client.get("/").text
    assert "None" not in page and " 1 documents" not in page and " 1 mentions" not in page
    assert re.search(r"\d+ mentions?, \d+ documents?", page)


def test_actor_page_links_each_quote_to_its_sentence(client):
    page = client.get("/actors/ISKP")
    assert page.status_code == 200 and "<svg" in page.text and "Nangarhar" in page.text
    links = re.findall(r'<a class="quote" href="(/documents/(\w+)#s(\d+))">', page.text)
    assert links
    url, document_id, start = links[0]
    document = client.get(f"/documents/{document_id}")
    mark = re.search(rf'<mark id="s{start}" title="\d+ facts">(.*?)</mark>', document.text, re.S)
    assert mark is not None
    text = client.get(f"/api/documents/{document_id}").json()["document"]["text"]
    assert text[int(start):].startswith(mark.group(1)[:40].replace("&#39;", "'").replace("&amp;", "&"))


def test_fighters_estimate_opens_the_document_at_its_sentence(client):
    page = client.get("/actors/isis-k").text
    row = re.search(r'<a class="quote" href="(/documents/\w+#s\d+)">“[^”]*fighters[^”]*”</a>', page)
    assert row is not None
    document_id, anchor = row.group(1).split("/documents/")[1].split("#")
    assert f'<mark id="{anchor}"' in client.get(f"/documents/{document_id}").text


def test_api_covers_the_pages(client):
    summary = client.get("/api/summary").json()
    assert summary["counts"]["documents"] == 8
    dossier = client.get("/api/actors/JNIM").json()
    assert dossier["actor"]["id"] == "jnim"
    assert any(r["type"] == "hostile" and r["target"] == "wagner-group" for r in dossier["relations"])
    titles = {h["title"] for h in client.get("/api/search", params={"q": "Hasakah"}).json()}
    assert titles == {"Islamic State fighters storm prison in Syria's Hasakah",
                      "SDF announces end of Hasakah prison siege"}
    assert client.get("/api/actors/Nobody").status_code == 404
    spec = client.get("/openapi.json").json()
    assert {"/api/summary", "/api/search", "/api/actors/{name}", "/api/documents/{document_id}",
            "/api/analyze"} <= set(spec["paths"])


def test_headers_and_pages_reference_nothing_outside(client):
    for path in ("/", "/actors/isis-k", "/analyze", "/map", "/network", "/static/style.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", response.text), path
        # Scripts only from the app's own files, none inline (the CSP would refuse one anyway).
        scripts = re.findall(r"<script\b.*?(?:</script>|$)", response.text, re.S)
        assert all(re.fullmatch(r'<script src="/static/[\w-]+\.js" defer></script>', s) for s in scripts), path


def test_writing_needs_the_token(client):
    assert client.post("/api/analyze", json={"text": "ISIS-K attacked."}).status_code == 401
    wrong = client.post("/api/analyze", json={"text": "ISIS-K attacked."}, headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 401
    assert client.post("/analyze", data={"text": "ISIS-K attacked.", "token": "no"}).status_code == 401


def test_hostile_text_shows_as_text(client):
    made = client.post("/api/analyze", json={"text": HOSTILE, "title": "<b>t</b>"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert made.status_code == 200, made.text
    document_id = made.json()["document"]["id"]
    page = client.get(f"/documents/{document_id}").text
    assert "<script>" not in page and "<img" not in page and "<b>t</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_100_mb_upload_is_refused_before_it_is_read(corpus_db, tmp_path):
    shutil.copy(corpus_db, tmp_path / "w.db")
    with TestClient(create_app(str(tmp_path / "w.db"), TOKEN), base_url="http://localhost") as default_limit:  # 10 MB
        response = default_limit.post("/api/analyze", content=b"x" * 100_000_000,
                                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413 and response.json() == {"detail": "the upload is over the 10 MB limit"}


def test_uploads_are_limited_and_typed(client):
    big = b"a" * (1_000_000 + 10)
    response = client.post("/api/analyze", content=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413 and "1 MB limit" in response.json()["detail"]
    form = client.post("/analyze", data={"token": TOKEN},
                       files={"upload": ("x.exe", b"MZ...", "application/octet-stream")})
    assert form.status_code == 415
    ok = client.post("/analyze", data={"token": TOKEN},
                     files={"upload": ("note.txt", b"JNIM fighters attacked an army post in Djibo.", "text/plain")})
    assert ok.status_code == 200 and "Djibo" in ok.text


def test_network_page_filters_relations_and_links_actors(client):
    page = client.get("/network").text
    assert '<a href="/actors/isis-k" class="node">' in page
    assert "<title>Islamic State Khorasan Province hostile Taliban</title>" in page
    allied = client.get("/network", params={"types": "allied"}).text
    assert 'class="edge edge-allied"' in allied and "edge-hostile" not in allied
    api = client.get("/api/network", params={"types": "hostile"}).json()
    assert {(e["source"], e["target"]) for e in api["edges"]} >= {("isis-k", "taliban"), ("jnim", "wagner-group")}
    assert all(e["relation"] == "hostile" for e in api["edges"])


def test_map_page_filters_by_actor_and_event_type(client):
    iskp = client.get("/map", params={"actor": "ISKP"}).text
    assert "Nangarhar" in iskp and "Barsalogho" not in iskp
    jnim = client.get("/map", params={"actor": "JNIM"}).text
    assert "Barsalogho" in jnim and "Nangarhar" not in jnim
    assert client.get("/map", params={"actor": "Nobody"}).status_code == 404


def test_a_new_document_shows_in_the_dossier_at_once(client):
    before = client.get("/api/actors/JNIM").json()
    made = client.post("/api/analyze", headers={"Authorization": f"Bearer {TOKEN}"},
                       json={"text": "JNIM fighters attacked an army post in Djibo, Burkina Faso.",
                             "title": "Djibo attack", "published": "2024-10-02"})
    assert made.status_code == 200
    after = client.get("/api/actors/JNIM").json()
    assert len(after["sources"]) == len(before["sources"]) + 1
    assert "Djibo attack" in {s["title"] for s in after["sources"]}


PAYLOADS = ('<script>alert("x")</script>', "<iframe src=x>", '"><img src=x onerror=alert(1)>',
            "<b onmouseover=alert(1)>bold</b>")


@pytest.mark.issue(17)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_page_shows_hostile_fields_as_text(client, payload):
    """A quote, title, author and publisher holding markup show as text on every page that shows
    them, the actor dossier included (its body is a .j2 template the app includes)."""
    made = client.post("/api/analyze", headers={"Authorization": f"Bearer {TOKEN}"},
                       json={"text": f"JNIM fighters attacked an army post in Djibo {payload}, killing 4 soldiers.",
                             "title": f"Djibo {payload}", "author": f"A. {payload}",
                             "publisher": f"Wire {payload}", "published": "2024-10-02"})
    assert made.status_code == 200, made.text
    document_id = made.json()["document"]["id"]
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    pages = {path: client.get(path).text for path in (
        "/actors/JNIM", f"/documents/{document_id}", "/", "/?q=Djibo", "/map?actor=JNIM", "/network")}
    for path, text in pages.items():
        assert payload not in text, path
        text = re.sub(r'<script src="/static/[\w-]+\.js" defer></script>', "", text)  # the app's own scripts
        for tag in ("<script", "<iframe", "<img", "<b "):
            assert tag not in text, (path, tag)
    assert escaped in pages["/actors/JNIM"] and escaped in pages[f"/documents/{document_id}"]


def test_api_docs_are_a_page_of_our_own_that_works_offline(client):
    """/docs lists every API operation from the OpenAPI description, with no script from elsewhere
    (FastAPI's own page loads Swagger UI from a CDN, which the CSP blocks)."""
    page = client.get("/docs")
    assert page.status_code == 200 and "<script" not in page.text and "cdn" not in page.text.lower()
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in page.text
    assert "<code>q</code>" in page.text or "<code>actor</code>" in page.text  # parameters are listed
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"


def test_the_analyze_form_takes_title_source_and_date(client):
    from faultlines.ingest import make_document
    text = "Gunmen attacked a checkpoint near Konduga in Borno State on Sunday, killing three soldiers."
    form = {"token": TOKEN, "title": "Checkpoint attack", "publisher": "Borno Monitor", "published": "2024-03-10",
            "url": "https://example.org/konduga", "text": text}
    assert client.post("/analyze", data=form).status_code == 200
    stored = client.get(f"/api/documents/{make_document(text).id}").json()["document"]
    assert (stored["title"], stored["publisher"], stored["published"], stored["url"]) == (
        "Checkpoint attack", "Borno Monitor", "2024-03-10", "https://example.org/konduga")
    bad = client.post("/analyze", data={**form, "published": "last Sunday", "text": text + " Again."})
    assert bad.status_code == 400 and "2024-05-17" in bad.text
