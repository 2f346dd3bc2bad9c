"""What the browser tests share: a real uvicorn server in a thread, and Debian's Chromium
driven by Playwright (never ``playwright install``, which downloads a browser)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free port of 127.0.0.1; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the uvicorn server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright's sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page whose dialogs, console errors and uncaught exceptions are recorded, and, given
    the server's ``origin``, its requests anywhere else."""

    def __init__(self, page: Any, origin: str | None = None) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        if origin is not None:
            page.on("request", lambda r: None if r.url.startswith((origin, "data:"))
                    else self.foreign.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> Any:
        response = self.page.goto(url, wait_until="load")
        assert response is not None
        return response


@contextmanager
def watched_tab(browser: Any, origin: str | None = None) -> Iterator[Watched]:
    """A fresh 1280x900 tab, closed afterwards, which must not have fired a dialog, logged a
    console error or (given ``origin``) requested anything from another origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), origin)
    yield watched
    context.close()
    assert watched.dialogs == [], f"dialogs fired: {watched.dialogs}"
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.foreign == [], f"requests to other origins: {watched.foreign}"

