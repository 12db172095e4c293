"""Fixtures of the web tests: the app over a copy of the corpus store, in a test client or served
on loopback, and a headless Chromium to drive it.

Screenshots are saved in tests/artifacts/ (not committed) for whoever reads a CI run.
"""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from faultlines.web import create_app
from tests.conftest import free_port

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Chromium is not installed (Debian's chromium package); .ci/run installs it"
        if os.environ.get("FAULTLINES_REQUIRE_CHROMIUM"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(corpus_db, tmp_path_factory):
    import uvicorn

    db = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(corpus_db, db)
    port = free_port()
    app = uvicorn.Server(uvicorn.Config(create_app(str(db), "token"), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=app.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not app.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def client(corpus_db, tmp_path_factory):
    """The app over a copy of the corpus store, for a module's tests that only read."""
    db = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(corpus_db, db)
    with TestClient(create_app(str(db), "token"), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def open_page(chromium):
    """A new page, and the problems seen on it: what the CSP refuses (reported on the console),
    script errors and failed requests."""

    def new(width: int = 1200, height: int = 1000):
        ARTIFACTS.mkdir(exist_ok=True)
        page = chromium.new_page(viewport={"width": width, "height": height})
        problems: list[str] = []
        page.add_init_script("document.addEventListener('securitypolicyviolation', "
                             "e => console.log('Content Security Policy: ' + e.violatedDirective))")
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        return page, problems

    return new
