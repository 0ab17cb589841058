"""End to end: the explorer of exercise 4 in JupyterLab, in a real browser.

A JupyterLab server serves a student copy of exercise 4 with every blank
filled in correctly. Headless Chromium opens it, runs all cells, and then does
what a student does with the explorer: drags the learning-rate slider and picks
another optimiser. The test checks that

- Run All finishes without an error or anything on stderr,
- the explorer shows its sliders, the optimiser buttons and a plot,
- dragging the slider retrains: the plot changes and its line names the new
  learning rate; choosing "adam" changes the plot again.

Screenshots and a summary go to tests/artifacts/browser-ex4-*. Needs Debian's
Chromium at /usr/bin/chromium and Playwright; without either it is skipped:

    .venv/bin/python -m pytest -m browser tests/test_browser_ex4.py
"""
import re
import time
from pathlib import Path

import pytest

from tests.browser import exercise, notebook_page
from tests.browser.chromium import persistent_context, sync_playwright_or_skip
from tests.browser.jupyter_server import JupyterServer, modules_importable

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARTIFACT_PREFIX = "browser-ex4-"
EXERCISE = "ex4_training"
NOTEBOOK = f"{EXERCISE}.ipynb"

# The explorer's plot and its line, and the hash of the plot's src (FNV-1a, as notebook_page does).
EXPLORER_JS = """
() => {
  const box = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .widget-vbox');
  if (!box) return null;
  const img = box.querySelector('img[src^="data:image/png"]');
  const hash = s => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16) + ':' + s.length;
  };
  return {
    sliders: box.querySelectorAll('.widget-slider').length,
    buttons: [...box.querySelectorAll('.widget-toggle-button')].map(b => b.textContent.trim()),
    image: img ? hash(img.src) : null,
    text: box.querySelector('.jp-OutputArea-output pre, .widget-output pre')?.textContent ?? '',
  };
}
"""


@pytest.fixture(scope="module")
def playwright_api():
    return sync_playwright_or_skip()


@pytest.fixture(scope="module")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{ARTIFACT_PREFIX}*"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture(scope="module")
def jupyter(request, playwright_api, artifacts, tmp_path_factory):
    """A JupyterLab server on a folder with a filled-in student copy of exercise 4."""
    root = tmp_path_factory.mktemp("student")
    exercise.student_copy(REPO, EXERCISE, root / "lab")
    server = JupyterServer(
        root_dir=root,
        state_dir=tmp_path_factory.mktemp("jupyter-state"),
        log_path=artifacts / f"{ARTIFACT_PREFIX}jupyter-server.log",
    )
    if not modules_importable(["siouxdnn", "coursekit"], root, server.environment()):
        server.extra_pythonpath = [str(REPO)]
    request.addfinalizer(server.stop)
    server.start(timeout=90)
    return server


@pytest.fixture(scope="module")
def page(request, playwright_api, tmp_path_factory):
    playwright = playwright_api().start()
    request.addfinalizer(playwright.stop)
    context = persistent_context(playwright, tmp_path_factory.mktemp("chromium-profile"))
    request.addfinalizer(context.close)
    return context.new_page()


def save_png(artifacts, name, png):
    (artifacts / f"{ARTIFACT_PREFIX}{name}.png").write_bytes(png)


def note(artifacts, line):
    print(line)
    with open(artifacts / f"{ARTIFACT_PREFIX}summary.txt", "a", encoding="utf-8") as summary:
        summary.write(line + "\n")


def wait_for_change(page, before, timeout=30):
    """The explorer's state once its plot differs from `before` (and it shows a line of text)."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(EXPLORER_JS)
        if state and state["image"] and state["image"] != before["image"] and state["text"].strip():
            return state
        time.sleep(0.2)
    raise AssertionError(f"the explorer's plot did not change within {timeout} s: {state}")


def test_moving_the_slider_retrains_and_redraws(jupyter, page, artifacts):
    page.goto(jupyter.url(f"lab/workspaces/ex4/tree/lab/{NOTEBOOK}"))
    notebook_page.wait_for_notebook_ready(page, exercise.cell_count(Path(jupyter.root_dir) / "lab" / NOTEBOOK))
    result = notebook_page.run_all_and_watch(page, timeout=150)
    errors = result.error_texts()
    if errors:
        save_png(artifacts, "failed", page.screenshot())
        pytest.fail(f"cell {errors[0][0]} shows an error or stderr: {errors[0][1]}")
    note(artifacts, f"Run All took {result.seconds:.1f} s")

    box = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-vbox").first
    box.wait_for(timeout=30_000)
    box.scroll_into_view_if_needed()
    start = page.evaluate(EXPLORER_JS)
    assert start["sliders"] == 2 and start["buttons"] == ["sgd", "momentum", "adam"], start
    assert start["image"], "the explorer shows no plot"
    assert "sgd, learning rate 0.01, batch size 32" in start["text"], start["text"]
    save_png(artifacts, "1-explorer", box.screenshot())

    # Drag the learning-rate slider's handle to the right, as a student does with the mouse.
    handle = box.locator(".widget-slider").first.locator(".noUi-handle")
    handle_box = handle.bounding_box()
    x, y = handle_box["x"] + handle_box["width"] / 2, handle_box["y"] + handle_box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 25, y, steps=5)
    page.mouse.up()
    moved = wait_for_change(page, start)
    rate = re.search(r"learning rate ([0-9.e-]+)", moved["text"])
    assert rate and float(rate.group(1)) > 0.01, moved["text"]
    save_png(artifacts, "2-slider-moved", box.screenshot())
    note(artifacts, f"after dragging the slider: {moved['text'].strip()}")

    box.locator(".widget-toggle-button", has_text=re.compile(r"^adam$")).click()
    adam = wait_for_change(page, moved)
    assert adam["text"].strip().startswith("adam,"), adam["text"]
    save_png(artifacts, "3-adam", box.screenshot())
    note(artifacts, f"after choosing adam: {adam['text'].strip()}")
