"""The web app under hostile use (issue 17): host names, the token before the body, body limits and
timeouts, malformed bodies, bounded search, analyses off the event loop, and /map and /network
served from memory."""

import contextlib
import dataclasses
import re
import shutil
import socket
import threading
import time

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from faultlines.web import create_app
from faultlines.web.safe import bounded_search, check_query
from faultlines.web.server import TimedH11, bind_warning
from tests.conftest import free_port

pytestmark = pytest.mark.issue(17)
TOKEN = "test-token-123"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(corpus_db, tmp_path):
    path = tmp_path / "web.db"
    shutil.copy(corpus_db, path)
    return str(path)


@pytest.fixture
def client(db):
    with TestClient(create_app(db, TOKEN, max_upload_mb=1), base_url="http://127.0.0.1") as c:
        yield c


@contextlib.contextmanager
def serving(app, http=TimedH11):
    """The app served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", http=http))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def exchange(port: int, head: str, parts=(), wait: float = 10) -> tuple[bytes, int]:
    """Send a request's head and then its body parts over a raw socket, stopping at the first
    refusal; the response and how many body bytes got sent."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
        s.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        for part in parts:
            try:
                s.sendall(part)
            except OSError:  # the server answered and closed
                break
            sent += len(part)
            s.setblocking(False)
            try:
                if s.recv(1, socket.MSG_PEEK):
                    break
            except BlockingIOError:
                pass
            finally:
                s.setblocking(True)
        s.settimeout(wait)
        response = b""
        with contextlib.suppress(OSError):
            while chunk := s.recv(65536):
                response += chunk
                head, _, body = response.partition(b"\r\n\r\n")
                length = re.search(rb"content-length: (\d+)", head, re.I)
                if length and len(body) >= int(length.group(1)):
                    break
    return response, sent


# Host header (DNS rebinding)

def test_only_known_host_names_are_answered(db):
    app = create_app(db, TOKEN)
    for host, status in [("127.0.0.1:8000", 200), ("localhost", 200), ("[::1]:8000", 200),
                         ("evil.example", 400), ("evil.example:8000", 400), ("127.0.0.1.evil.example", 400),
                         ("", 400), ("10.0.0.5", 400)]:
        with TestClient(app, base_url="http://127.0.0.1") as c:
            response = c.get("/api/summary", headers={"Host": host})
        assert response.status_code == status, host
    with TestClient(app, base_url="http://evil.example") as c:
        page = c.get("/")
        assert page.status_code == 400 and "--allowed-host" in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert c.get("/api/summary").json()["detail"].startswith("this server does not answer")


def test_allowed_names_and_any_address_on_a_wildcard_bind(db):
    named = create_app(db, TOKEN, host="faultlines.lan", allowed_host_names=["Analysts.Example.org"])
    with TestClient(named, base_url="http://faultlines.lan:8000") as c:
        assert c.get("/api/summary").status_code == 200
        assert c.get("/api/summary", headers={"Host": "analysts.example.org"}).status_code == 200
        assert c.get("/api/summary", headers={"Host": "192.168.1.20"}).status_code == 400
    everywhere = create_app(db, TOKEN, host="0.0.0.0")
    with TestClient(everywhere, base_url="http://192.168.1.20:8000") as c:
        assert c.get("/api/summary").status_code == 200  # an address cannot be re-pointed by DNS
        assert c.get("/api/summary", headers={"Host": "rebind.attacker.example"}).status_code == 400


def test_serve_warns_on_a_non_loopback_bind(db, monkeypatch):
    import faultlines.web.server
    from faultlines.cli import main

    monkeypatch.setattr(faultlines.web.server, "run", lambda app, host, port: None)
    shared = CliRunner().invoke(main, ["serve", "--db", db, "--host", "0.0.0.0", "--token", "t"])
    assert shared.exit_code == 0, shared.output
    assert "warning: listening on 0.0.0.0" in shared.stderr and "warning" not in shared.stdout
    local = CliRunner().invoke(main, ["serve", "--db", db, "--token", "t"])
    assert local.exit_code == 0 and "warning" not in local.stderr
    assert bind_warning("::1") is None and bind_warning("localhost") is None and bind_warning("192.168.1.2")


# The token before the body; body limits and timeouts

def counting(app, counter: dict):
    """The app, counting the body bytes it takes in."""
    async def counted(scope, receive, send):
        async def receiving():
            message = await receive()
            counter["read"] = counter.get("read", 0) + len(message.get("body", b""))
            return message

        await app(scope, receiving, send)

    return counted


def test_a_form_without_the_token_is_refused_before_its_body_is_read(db):
    read: dict = {}
    app = counting(create_app(db, TOKEN, max_upload_mb=0.1), read)
    big = 50_000_000
    chunk = b"x" * 65536
    with serving(app) as port:
        for first_field in ('name="text"\r\n\r\nhello', f'name="token"\r\n\r\nwrong-{TOKEN}'):
            head = (f"POST /analyze HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary=B\n"
                    f"Content-Length: {big}\n")
            opening = f'--B\r\nContent-Disposition: form-data; {first_field}\r\n--B\r\n'.encode()
            started = time.monotonic()
            response, sent = exchange(port, head, [opening] + [chunk] * 20)
            assert response.startswith(b"HTTP/1.1 401"), response[:200]
            assert sent < 2_000_000 and time.monotonic() - started < 5  # the 50 MB were never waited for
            assert b"first field" in response and read.pop("read") < 200_000  # a socket read or two
        # The API refuses on its header alone.
        response, sent = exchange(port, f"POST /api/analyze HTTP/1.1\nHost: 127.0.0.1\nContent-Type: "
                                  f"application/json\nContent-Length: {big}\n", [chunk] * 20)
        assert response.startswith(b"HTTP/1.1 401") and sent < 2_000_000 and read.pop("read", 0) < 200_000
        # With the token, a body over the limit is cut off once the limit is passed, length given or not.
        response, sent = exchange(port, f"POST /api/analyze HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {TOKEN}"
                                  "\nTransfer-Encoding: chunked\n",
                                  [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 200)
        assert response.startswith(b"HTTP/1.1 413") and b"0.1 MB limit" in response
        assert read.pop("read") < 1_000_000  # the limit and what uvicorn had buffered, of 13 MB sent


def test_the_form_token_first_then_the_upload(client):
    ok = client.post("/analyze", data={"token": TOKEN, "text": "JNIM fighters attacked an army post in Djibo."})
    assert ok.status_code == 200 and "Djibo" in ok.text
    # The token as a later field is not looked for: the body before it would have to be read.
    late = client.post("/analyze", data={"text": "JNIM attacked Djibo.", "token": TOKEN})
    assert late.status_code == 401 and "first field" in late.text
    header = client.post("/analyze", data={"text": "JNIM fighters attacked an army post in Djibo."}, headers=BEARER)
    assert header.status_code == 200
    too_big = client.post("/analyze", data={"token": TOKEN}, files={"upload": ("a.txt", b"a" * 1_200_000)})
    assert too_big.status_code == 413


def test_slow_bodies_and_slow_headers_are_cut_off(db, monkeypatch):
    monkeypatch.setattr(TimedH11, "header_timeout", 1.0)
    app = create_app(db, TOKEN, idle_timeout=0.5, body_timeout=2)
    with serving(app) as port:
        started = time.monotonic()
        response, _ = exchange(port, f"POST /api/analyze HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {TOKEN}\n"
                               "Content-Type: application/json\nContent-Length: 1000\n", [b'{"text": "JNIM'])
        assert response.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5
        # Headers that never end: the connection is closed.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
            started = time.monotonic()
            assert s.recv(100) == b"" and time.monotonic() - started < 5
        assert httpx.get(f"http://127.0.0.1:{port}/api/summary").status_code == 200


@pytest.mark.parametrize("body", [b'{"text": "JNIM', b"\xff\xfe{\"text\": 1}", b"[" * 100_000 + b"]" * 100_000,
                                  b'{"text": "x", "title": {"a": 1}}', b'{"text": "\\ud800 JNIM"}',
                                  b'{"text": 1}', b'{"text": "x", "published": ' + b"9" * 5000 + b"}",
                                  b'["text"]', b""])
def test_malformed_json_bodies_are_400(client, body):
    response = client.post("/api/analyze", content=body, headers={**BEARER, "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["detail"]


def test_malformed_forms_are_400(client):
    broken = client.post("/analyze", content=f'--B\r\nContent-Disposition: form-data; name="token"\r\n\r\n{TOKEN}'
                         '\r\n--B\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\n\r\nabc'
                         .encode(), headers={"Content-Type": "multipart/form-data; boundary=B"})
    assert broken.status_code == 400
    no_boundary = client.post("/analyze", content=b"token=x", headers={"Content-Type": "multipart/form-data"})
    assert no_boundary.status_code == 401


# Search

def test_search_length_and_operators_are_capped(client):
    long = client.get("/api/search", params={"q": "Hasakah " * 60})
    assert long.status_code == 400 and "keep it under 300" in long.json()["detail"]
    wild = client.get("/api/search", params={"q": " OR ".join(f"a{i}*" for i in range(20))})
    assert wild.status_code == 400 and "operators" in wild.json()["detail"]
    page = client.get("/", params={"q": "NEAR(" * 20})
    assert page.status_code == 400 and "operators" in page.text
    assert client.get("/api/search", params={"q": "Hasakah"}).json()
    assert check_query("ISIS-K AND Kunar") == "ISIS-K AND Kunar"


def test_a_search_over_its_time_is_stopped(db, monkeypatch):
    import faultlines.web.safe
    from faultlines.errors import StoreError
    from faultlines.store import open_store

    monkeypatch.setattr(faultlines.web.safe, "PROGRESS_STEPS", 1)  # the sample store is small
    with open_store(db) as store:
        started = time.monotonic()
        with pytest.raises(StoreError, match="took over"):
            bounded_search(store, "a* OR e* OR i* OR o* OR s* OR t*", 100, seconds=0)
        assert time.monotonic() - started < 1
        assert bounded_search(store, "Hasakah", 10)  # the connection is usable afterwards


# Analyses off the event loop

class SlowPipeline:
    """Holds the processor for `seconds` per analysis, as a long document does."""

    def __init__(self, seconds: float):
        self.seconds, self.running = seconds, threading.Event()

    def analyze(self, document):
        from faultlines.model import Analysis

        self.running.set()
        until = time.monotonic() + self.seconds
        while time.monotonic() < until:
            sum(range(1000))
        return Analysis(document)


def test_a_long_analysis_leaves_other_requests_answering(db, monkeypatch):
    from faultlines.pipeline import Pipeline

    slow = SlowPipeline(4)
    monkeypatch.setattr(Pipeline, "load", staticmethod(lambda model=None: slow))
    app = create_app(db, TOKEN, max_analyses=1, analysis_queue=0)
    with serving(app) as port:
        base = f"http://127.0.0.1:{port}"
        results = {}
        writer = threading.Thread(target=lambda: results.update(first=httpx.post(
            f"{base}/api/analyze", json={"text": "A long report."}, headers=BEARER, timeout=30)))
        writer.start()
        assert slow.running.wait(10)
        started = time.monotonic()
        assert httpx.get(f"{base}/api/summary", timeout=10).status_code == 200
        assert httpx.get(f"{base}/", timeout=10).status_code == 200
        assert time.monotonic() - started < 1.5, "reads waited for the analysis"
        busy = httpx.post(f"{base}/api/analyze", json={"text": "Another report."}, headers=BEARER, timeout=10)
        assert busy.status_code == 503 and busy.headers["retry-after"] == "30"
        writer.join(30)
    assert results["first"].status_code == 200


# /map and /network

def test_map_and_network_read_the_store_once_then_only_what_changed(client, db):
    from faultlines.store import Store

    views = client.app.state.views
    assert not re.search(r"\bDjibo\b", client.get("/map", params={"actor": "JNIM"}).text)
    client.get("/network")
    client.get("/api/network")
    assert views.full_reads == 1 and views.documents_read == 8
    made = client.post("/api/analyze", headers=BEARER,
                       json={"text": "JNIM fighters attacked an army post in Djibo, Burkina Faso.",
                             "title": "Djibo attack", "published": "2024-10-02"})
    assert made.status_code == 200
    assert re.search(r"\bDjibo\b", client.get("/map", params={"actor": "JNIM"}).text)
    # The new document, and the newest before it again (the same saved-at time is read twice).
    assert views.full_reads == 1 and views.documents_read <= 10
    # A write by another process (an ingest next to the server) shows too.
    with Store(db) as store:
        analysis = store.analysis(made.json()["document"]["id"])
        store.save(dataclasses.replace(analysis, document=dataclasses.replace(
            analysis.document, id="x" * 64, title="Copied")))
    assert client.get("/api/summary").json()["counts"]["documents"] == 10
    client.get("/network")
    assert views.full_reads == 1 and views.documents_read <= 12
