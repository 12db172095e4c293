"""Every payload in every field a user controls, on every page (issue 17): shown as text, never as
markup. Fields come in through the API, the form, the URL and the Host header, and (for actor and
place names, which a user registry or an ingest can set) straight into the store."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from faultlines.model import Analysis, CausalLink, Claim, Document, Entity, Event, Factor, Quantity, Relation, Span
from faultlines.store import Store
from faultlines.web import HERE, create_app

pytestmark = pytest.mark.issue(17)
TOKEN = "test-token-123"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PAYLOADS = {
    "script": '<script>alert("x")</script>',
    "attribute": '"><img src=x onerror=alert(1)>',
    "single-quote": "' onmouseover='alert(1)' x='",
    "unclosed-iframe": "<iframe src=/map>",
    "javascript-url": "javascript:alert(1)//",
    "template": "{{ 7*7 }}{% raw %}{{ config }}{% endraw %}${7*7}",
    "unicode": "\u202e<svg onload=alert(1)>\u202d \uff1cscript\uff1e \u200b<scr\u200dipt> \ufeff",
    "pre-escaped": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;",
    "comment": "<!-- <a href='javascript:alert(1)'>x</a> -->",
}
DANGEROUS_TAGS = {"script", "iframe", "img", "object", "embed", "frame", "frameset", "base", "style", "video",
                  "audio", "math", "template", "foreignobject", "animate", "set", "meta", "scr\u200dipt"}


class Markup(HTMLParser):
    """The tags, attributes and text of a page, as a browser's parser would see them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def own_script(tag: str, attrs: dict[str, str | None]) -> bool:
    """The app's own script, a file of static/ (network.js), loaded as the CSP allows: no inline code."""
    return tag == "script" and set(attrs) == {"src", "defer"} and bool(re.fullmatch(r"/static/[\w-]+\.js",
                                                                                   attrs["src"] or ""))


def assert_inert(html: str, where: str) -> Markup:
    parsed = Markup(html)
    assert not parsed.comments, where
    for tag, attrs in parsed.tags:
        assert tag not in DANGEROUS_TAGS or (tag == "meta" and set(attrs) == {"charset"}) or own_script(tag, attrs), \
            (where, tag)
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name)
            assert name not in {"style", "srcdoc", "formaction"}, (where, tag, name)
            if name in {"href", "src", "action", "xlink:href"}:
                link = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                assert link.startswith(("/", "#")) and not link.startswith("//"), (where, tag, name, value)
    return parsed


@pytest.fixture
def client(corpus_db, tmp_path):
    db = tmp_path / "web.db"
    shutil.copy(corpus_db, db)
    with TestClient(create_app(str(db), TOKEN, max_upload_mb=1), base_url="http://127.0.0.1") as c:
        c.db = db
        yield c


def hostile_actor(payload: str) -> Analysis:
    """A document whose actor and place carry the payload in their names, as a user registry or
    another tool writing to the store could set them; with a relation, an event, an estimate and
    a cause, so the actor shows on the network, the map, and in every part of its dossier."""
    text = f"The {payload} front attacked JNIM near {payload} town. It has 300 fighters, {payload} said. " \
           f"Drought {payload} raises recruitment."
    at = text.index
    actor = Entity("hostile-front", f"Front {payload}", "armed_group", (f"Alias {payload}",),
                   (Span(at(payload), at(payload) + len(payload), payload),), "BF", None, None, None,
                   {"countries": [f"C{payload}"]})
    place = Entity("hostile-town", f"Town {payload}", "place", (), (Span(at("near") + 5, at(" town"), payload),),
                   "BF", "city", 14.1, -1.6, {"admin1_name": f"Province {payload}"})
    jnim = Entity("jnim", "Jama'at Nasr al-Islam wal Muslimin", "armed_group", ("JNIM",),
                  (Span(at("JNIM"), at("JNIM") + 4, "JNIM"),))
    first = Span(0, at(". It") + 1, text[:at(". It") + 1])
    second = Span(at("It has"), at(" Drought"), text[at("It has"):at(" Drought")])
    third = Span(at("Drought"), len(text), text[at("Drought"):])
    return Analysis(
        Document("h" * 64, text, f"Title {payload}", f"Author {payload}", f"Publisher {payload}", "2024-03-01",
                 f"https://example.org/{payload}"),
        (actor, place, jnim),
        (Relation("hostile", "hostile-front", "jnim", first, attributed_to=f"Says {payload}"),),
        (Event("assault", first, actors=("hostile-front",), targets=("jnim",), place="hostile-town",
               date="2024-02-28", fatalities=3),),
        (Claim("hostile-front", "fighters", Quantity(300, 300), second, as_of="2024-02-01",
               attributed_to=f"Source {payload}"),),
        (CausalLink(Factor(f"Drought {payload}"), Factor(f"recruitment {payload}", "hostile-front"), "+", third),),
    )


@pytest.mark.parametrize("name", PAYLOADS)
def test_every_page_shows_every_payload_as_text(client, name):
    payload = PAYLOADS[name]
    fields = {"text": f"JNIM fighters attacked an army post in Djibo {payload}, killing 4 soldiers.",
              "title": f"Djibo {payload}", "author": f"A. {payload}", "publisher": f"Wire {payload}",
              "url": payload, "published": "2024-10-02"}
    made = client.post("/api/analyze", headers=BEARER, json=fields)
    assert made.status_code == 200, made.text
    document_id = made.json()["document"]["id"]
    form = client.post("/analyze", data={"token": TOKEN, "text": f"ISIS-K fighters attacked Kunar. {payload}"})
    assert form.status_code == 200
    assert_inert(form.text, "POST /analyze")
    with Store(client.db) as store:
        store.save(hostile_actor(payload))
    quoted = quote(payload)  # whole, whatever & or # it holds
    pages = ["/", "/?q=Djibo", f"/?q={payload}", "/actors/JNIM", "/actors/hostile-front", f"/actors/Front {payload}",
             f"/documents/{document_id}", f"/documents/{'h' * 64}", "/map", "/map?actor=hostile-front",
             f"/map?type={payload}&since={payload}&until={payload}", "/network", "/network?since=2024",
             f"/network?types={payload}&since={payload}", "/analyze", f"/actors/{payload}x", f"/documents/{payload}",
             f"/map?actor={payload}x", "/events", "/events?actor=hostile-front&sort=fatalities",
             f"/events?actor={quoted}x&type={quoted}", f"/events?date_from={quoted}", f"/events?sort={quoted}",
             "/actors?kind=armed_group&sort=name", f"/actors?kind={quoted}", f"/actors?sort={quoted}",
             "/places?country=BF", f"/places?country={quoted}", "/documents?sort=title", f"/documents?page={quoted}",
             "/actors/hostile-front?branches=1", "/actors/hostile-front/outlook",
             f"/actors/hostile-front/outlook?assume={quote(f'Drought {payload}=up')}&branches=1",
             f"/actors/hostile-front/outlook?assume={quoted}"]
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), path
        parsed = assert_inert(response.text, path)
        # Shown as written: the payload is in the page's text or a form's value, not in its markup (a 404 for a name
        # with a slash in it, or a search the store refuses, may not show it).
        if response.status_code == 200 and path not in ("/", "/analyze", "/network?since=2024", "/events",
                                                        f"/actors?kind={quoted}", f"/places?country={quoted}"):
            shown = "".join(parsed.text) + " ".join(v or "" for _, attrs in parsed.tags for v in attrs.values())
            assert payload.strip() in shown or payload.replace("/", "%2F") in shown or "Nothing found" in shown, path
    document = Markup(client.get(f"/documents/{document_id}").text)
    assert "".join(document.text).count(f"Djibo {payload}") >= 2  # the title and the text, as written
    # Refusals that echo what was sent: an upload's name, the Host header.
    upload = client.post("/analyze", data={"token": TOKEN}, files={"upload": (f"a.{payload}", b"x", "text/plain")})
    assert upload.status_code in (400, 415) and assert_inert(upload.text, "upload")
    host = client.get("/", headers={"Host": re.sub(r"[\s\u0080-\uffff]", "", payload)[:60] or "x"})
    assert host.status_code == 400 and assert_inert(host.text, "host")
    # The CSV download is text for a spreadsheet: no cell starts a formula, whatever a name holds.
    table = client.get("/events.csv", params={"actor": "hostile-front"})
    assert table.headers["content-type"].startswith("text/csv") and table.text.count("\n") >= 2
    assert not re.search(r'(^|,)"?[=+@-]', table.text, re.M)
    # The API answers JSON, which a browser does not render, whatever it holds.
    for path in (f"/api/documents/{document_id}", f"/api/search?q={payload}", "/api/actors/hostile-front",
                 "/api/events?actor=hostile-front", f"/api/events?actor={quoted}",
                 f"/api/actors/{payload}x", "/api/network", "/api/summary",
                 f"/api/actors/hostile-front/outlook?assume={quote(f'Drought {payload}=up')}"):
        response = client.get(path)
        assert response.headers["content-type"] == "application/json", path
        assert response.headers["x-content-type-options"] == "nosniff"


def test_every_template_escapes_and_inserts_nothing_unchecked():
    """Autoescape is on for every template the app loads (the dossier body is the export's .j2);
    no template turns it off or marks a value safe, except the dossier body's pictures, which the
    app hands over already checked (`trusted_svg`)."""
    from faultlines.web import safe

    sources = {p.name: p.read_text() for p in (HERE / "templates").glob("*.html")}
    export = Path(safe.__file__).parent.parent / "export" / "templates" / "dossier_body.html.j2"
    sources[export.name] = export.read_text()
    for name, source in sources.items():
        assert "autoescape" not in source and "|safe" not in source.replace(" ", "") or name == export.name, name
        assert "Markup" not in source, name
    safe_uses = re.findall(r"{{\s*(\w+)\s*\|\s*safe\s*}}", sources[export.name])
    assert set(safe_uses) <= {"chart", "map_svg", "graph_svg"}
    web = (HERE / "__init__.py").read_text()
    assert "estimates_chart=lambda series: trusted_svg(" in web
    assert '"map_svg": trusted_svg(' in web and '"graph_svg": trusted_svg(' in web
    assert "Markup(" not in web


def test_pictures_that_fail_the_allow_list_are_left_out():
    from faultlines.web.safe import trusted_svg

    good = '<svg xmlns="http://www.w3.org/2000/svg"><a href="/actors/x"><text x="1">A &lt;b&gt;</text></a></svg>'
    assert trusted_svg(good) == good
    for bad in ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg"><a href="//evil.example/">x</a></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg"><?x <img src=x onerror=alert(1)>?></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg"><title>a</title><img src=x onerror=alert(1)></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg"><path fill="url(https://evil.example/x)"/></svg>',
                '<svg xmlns="http://www.w3.org/2000/svg"><text style="x">a</text></svg>'):
        assert trusted_svg(bad) is None, bad
