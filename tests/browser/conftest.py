"""Real-browser harness: Debian's Chromium driven by Playwright against a live server.

Every page a browser test visits must be audited with axe-core (`audit(page)`); a test that
navigates somewhere and forgets to audit it fails at teardown.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from panelhire import create_app
from panelhire.core.demo import load_demo
from panelhire.extensions import db
from tests.conftest import TEST_CONFIG
from tests.databases import fresh_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
STAFF_PASSWORD = "panelhire-demo"  # noqa: S105 - the published demo credential
RESIDENT_PIN = "135790"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a fresh demo organisation, served on 127.0.0.1 on a free port.

    One per test module, so journeys in one area never trip over another area's changes.
    """
    url = fresh_database("browser", tmp_path_factory.mktemp("browser-db"))
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        load_demo(date.today())
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: run `make test` as root, or apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Auditor:
    """Runs axe-core on pages and remembers which visited pages were audited."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.visited: set[str] = set()
        self.audited: set[str] = set()

    def watch(self, page) -> None:  # noqa: ANN001
        def on_navigated(frame) -> None:  # noqa: ANN001
            if frame == page.main_frame and frame.url.startswith("http"):
                self.visited.add(_without_fragment(frame.url))

        page.on("framenavigated", on_navigated)

    def __call__(self, page) -> None:  # noqa: ANN001
        page.wait_for_load_state("load")
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, (
            f"axe found accessibility problems on {page.url}:\n{results.generate_report()}"
        )
        self.audited.add(_without_fragment(page.url))


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


@pytest.fixture()
def audit() -> Iterator[Auditor]:
    auditor = Auditor()
    yield auditor
    missed = auditor.visited - auditor.audited
    assert not missed, f"pages visited but not checked with axe: {sorted(missed)}"


def _context(browser, audit: Auditor, artifacts: Path, name: str, options: dict):  # noqa: ANN001
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    audit.watch(page)
    return context, page


@pytest.fixture()
def page(browser, audit: Auditor, request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN001
    context, page = _context(browser, audit, tmp_path, request.node.name, DESKTOP)
    yield page
    _keep_screenshot_on_failure(page, request)
    context.close()


@pytest.fixture()
def phone(browser, audit: Auditor, request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN001
    """A page in a 390x844 touch viewport, as on a resident's phone."""
    context, page = _context(browser, audit, tmp_path, request.node.name, PHONE)
    yield page
    _keep_screenshot_on_failure(page, request)
    context.close()


def _keep_screenshot_on_failure(page, request: pytest.FixtureRequest) -> None:  # noqa: ANN001
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        out = Path("test-artifacts")
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / f"{request.node.name}.png"), full_page=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call):  # noqa: ANN001
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def sign_in_staff(
    page,
    base: str,
    email: str,
    audit: Auditor,  # noqa: ANN001
    password: str = STAFF_PASSWORD,
) -> None:
    page.goto(f"{base}/sign-in")
    audit(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/home")


def sign_in_resident(
    page,
    base: str,
    username: str,
    audit: Auditor,  # noqa: ANN001
    pin: str = RESIDENT_PIN,
) -> None:
    page.goto(f"{base}/sign-in/resident")
    audit(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("PIN").fill(pin)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/home")
