"""The README's pictures: `python benchmarks/screenshots.py [--db faultlines.db] [--out docs/images]`.

Serves the store (by default the one `make demo` builds from the bundled examples) on a free loopback
port and opens it in headless Chromium (the system's, as the browser tests do), then saves
events.png (the events page: filters, totals, chart and the first rows) and map.png (the map zoomed
on north-east Nigeria, one place's popup open with its evidence), 1200 pixels wide.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import threading
import time
from pathlib import Path

WIDTH = 1200
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
MAP_PLACE = "Konduga"  # a town of Borno in the bundled examples, near Gwoza, Monguno and Damasak


def serve(db: str):
    """A running server over `db` and its address."""
    import uvicorn

    from faultlines.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, "screenshots"), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def clip(page, bottom: str) -> dict[str, float]:
    """From the page's top (its menu) to `bottom`'s lower edge, and a little more."""
    box = page.locator(bottom).bounding_box()
    return {"x": 0, "y": 0, "width": WIDTH, "height": box["y"] + box["height"] + 8}


def events(page, base: str, out: Path) -> None:
    page.goto(f"{base}/events")
    # The menu, filters, totals and chart, and the table's first rows.
    page.screenshot(path=str(out / "events.png"), clip=clip(page, "table.events tbody tr:nth-child(4)"))


def map_view(page, base: str, out: Path) -> None:
    page.goto(f"{base}/map")
    page.locator(".map-layout.map-ready").wait_for()
    # As a visitor would: into the group holding the place until it stands alone, then its popup.
    for _ in range(6):
        group = page.locator(f'g.cluster[aria-label*="{MAP_PLACE}"]')
        if not group.count():
            break
        group.click()
    # The arrow keys move the view a fifth of its width: the place to the left, its popup on the right.
    page.locator("figure.map").press("ArrowRight")
    page.locator("figure.map").press("ArrowDown")
    page.locator(f'circle.place[aria-label="{MAP_PLACE}: evidence"]').click()
    page.locator(".map-popup").wait_for()
    page.screenshot(path=str(out / "map.png"), clip=clip(page, ".map-layout"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="faultlines.db")
    parser.add_argument("--out", default="docs/images")
    args = parser.parse_args()
    if not Path(args.db).exists():
        parser.error(f"no store at {args.db}: `make demo` builds one from the bundled examples")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        parser.error("Chromium is not installed (Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(args.db)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
            events(page, base, out)
            map_view(page, base, out)
            browser.close()
    finally:
        server.should_exit = True
    for name in ("events.png", "map.png"):
        print(f"{out / name}: {(out / name).stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
