"""The class report in a real browser: it opens from a file with no network, shows its pictures and numbers.

The page is the made-up class of tests/test_classreport.py, with a planted
look-alike pair (tests/test_similarity.py's copy with cosmetic changes).
Headless Debian Chromium, driven by Playwright, opens it from file://; the
test records every request the page makes (only the file itself and its
data: pictures are allowed), checks that every picture decoded, and that
the numbers a reader sees are the known ones. Screenshots go to
tests/artifacts/browser-report-*.png.

    .venv/bin/python -m pytest -m browser tests/test_browser_report.py
"""
import pytest

from coursekit import similarity
from coursekit.classpage import render
from coursekit.classreport import summarise
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, sync_playwright_or_skip
from tests.course import instructor_notebook, notebook_with
from tests.test_browser import ARTIFACTS
from tests.test_classreport import CHECKS, EX1, EX2, WRONG_B, known_class
from tests.test_similarity import EXERCISE, MARKERS, cosmetic_copy, release_notebook, with_odd_helper

pytestmark = pytest.mark.browser

PREFIX = "browser-report-"


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    """The report page of the known class, with ann's hand-in planted as ben's, written to a file."""
    notebooks = {f"other{n}": instructor_notebook(EXERCISE) for n in range(6)}
    notebooks["ann"] = notebook_with(EXERCISE, with_odd_helper([("dense_backward", "a_prev.T @ dz",
                                                                 "np.dot(a_prev.T, dz)")]))
    notebooks["ben"] = cosmetic_copy(notebooks["ann"])
    handins, reference = similarity.class_statements(notebooks, release_notebook(), MARKERS,
                                                     instructor_notebook(EXERCISE))
    pairs = [(p, handins[p.first], handins[p.second]) for p in similarity.ranked_pairs(handins, reference)]
    summary = summarise(known_class(), CHECKS, [EX1, EX2])
    page = render(summary, "demo-course", "today", {("ann", EX1): "feedback/ann.html"}, {EX1: pairs})
    path = tmp_path_factory.mktemp("report") / "class_report.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser_page(request):
    playwright = sync_playwright_or_skip()().start()
    request.addfinalizer(playwright.stop)
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    request.addfinalizer(browser.close)
    return browser.new_page(viewport=VIEWPORT)


def test_the_report_opens_offline_with_its_pictures_and_numbers(report_file, browser_page):
    """Opened from a file, the page asks for nothing else, shows five pictures, the pass rates and the pair."""
    page = browser_page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{PREFIX}top.png"))
    page.screenshot(path=str(ARTIFACTS / f"{PREFIX}full.png"), full_page=True)

    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    widths = page.eval_on_selector_all("img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) == 5 and all(width > 300 for width in widths), widths

    text = page.inner_text("body")
    assert "What the class did in demo-course" in text
    assert "2 of 4 (50%)" in text and f"{WRONG_B} — 2: ben, cat" in text
    assert "ann and ben: score" in text
    shared = page.eval_on_selector_all(f"#{EX1} ~ .pair .shared", "spans => spans.map(s => s.innerText)")
    assert "def _derivative(value):" in shared and "def _slope(s):" in shared, shared
    page.locator(".pair").first.screenshot(path=str(ARTIFACTS / f"{PREFIX}pair.png"))
