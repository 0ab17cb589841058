"""End to end: a student's session with exercise 3, in a real browser.

A JupyterLab server from the kit's own environment serves a temporary folder
with student copies of exercise 3 whose blanks are filled in correctly
(tests/browser/exercise.py). Headless Chromium, driven by Playwright, then
does what a student does, in JupyterLab and in Notebook 7: open the notebook,
Run > Run All Cells, and watch the network train. The test checks that

- no cell shows an error or anything on stderr,
- the live loss plot appears and changes while the training cell runs,
- the final metrics line "accuracy 0.xxx, precision 0.xxx, recall 0.xxx" is shown,
- the saved notebook has the same: no error output, the plot, the metrics,
- with init_loss_plot(epochs=...), in a one-cell notebook of its own (the
  seed's training cell gives no epoch count), the plot's progress bar is seen
  part-way while the cell runs and full at the end,
- the nbgrader extension is there for students in JupyterLab (the notebook's
  Validate button or the Nbgrader > Assignment List menu item), and its
  Validate button reports success for the correct notebook.

Screenshots, the server's log and a summary (timings, how many pictures of
the live plot were seen) are written to tests/artifacts/browser-*.

Needs Chromium from Debian at /usr/bin/chromium (.ci/browser-deps.sh installs
it) and Playwright for Python; without either the tests are skipped. Run:

    .venv/bin/python -m pytest -m browser tests/test_browser.py
"""
import base64
import json
import re
import time
from pathlib import Path

import numpy as np
import pytest

import loss_plot
from tests.browser import exercise, notebook_page
from tests.browser.chromium import persistent_context, sync_playwright_or_skip
from tests.browser.jupyter_server import JupyterServer, modules_importable

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARTIFACT_PREFIX = "browser-"
EXERCISE = "ex3_backpropagation"
NOTEBOOK = f"{EXERCISE}.ipynb"

# One folder per front end, so that neither sees the other's outputs or kernel.
STUDENT_FOLDERS = ("lab", "notebook7", "nbgrader")


@pytest.fixture(scope="module")
def playwright_api():
    """Playwright's sync API, or a skip when Chromium or Playwright is missing."""
    return sync_playwright_or_skip()


@pytest.fixture(scope="module")
def artifacts():
    """tests/artifacts/, emptied of this test's screenshots from an earlier run."""
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{ARTIFACT_PREFIX}*"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture(scope="module")
def student_root(tmp_path_factory):
    """The folder the server serves: one filled-in copy of exercise 3 per front end."""
    root = tmp_path_factory.mktemp("student")
    for folder in STUDENT_FOLDERS:
        exercise.student_copy(REPO, EXERCISE, root / folder)
    return root


@pytest.fixture(scope="module")
def jupyter(request, playwright_api, student_root, artifacts, tmp_path_factory):
    """A running JupyterLab server (stopped again, whatever happens)."""
    server = JupyterServer(
        root_dir=student_root,
        state_dir=tmp_path_factory.mktemp("jupyter-state"),
        log_path=artifacts / f"{ARTIFACT_PREFIX}jupyter-server.log",
    )
    # The kit is normally installed into its environment (pip install -e .);
    # if it is not, let the kernel find it in the repository.
    env = server.environment()
    if not modules_importable(["siouxdnn", "loss_plot", "coursekit"], student_root, env):
        server.extra_pythonpath = [str(REPO)]
    request.addfinalizer(server.stop)
    server.start(timeout=90)
    return server


@pytest.fixture(scope="module")
def browser_context(request, playwright_api, tmp_path_factory):
    """Headless Debian Chromium with a new, empty profile (closed at the end)."""
    playwright = playwright_api().start()
    request.addfinalizer(playwright.stop)
    context = persistent_context(playwright, tmp_path_factory.mktemp("chromium-profile"))
    request.addfinalizer(context.close)
    return context


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()


def note(artifacts, line):
    """Print a line and keep it in tests/artifacts/browser-summary.txt."""
    print(line)
    with open(artifacts / f"{ARTIFACT_PREFIX}summary.txt", "a", encoding="utf-8") as summary:
        summary.write(line + "\n")


def save_png(artifacts, name, png):
    path = artifacts / f"{ARTIFACT_PREFIX}{name}.png"
    path.write_bytes(png)
    return path


def saved_notebook(server, page, path, timeout=30):
    """The notebook as saved on the server, once the whole run is in the file.

    Reads the file from disk, not through the server's contents API: the
    server writes a notebook in place (after a backup copy), and an API read
    that finds it half written "repairs" it by putting the backup back, which
    would undo the student's save. Waits until every code cell with code has
    an execution count, so that an autosave from the middle of the run is not
    mistaken for the final save.
    """
    file = Path(server.root_dir) / path
    deadline = time.monotonic() + timeout
    last = "the file could not be read"
    while True:
        try:
            notebook = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            notebook = None  # being written right now
        if notebook is not None:
            code = [
                (i, c) for i, c in enumerate(notebook["cells"])
                if c["cell_type"] == "code" and "".join(c["source"]).strip()
            ]
            missing = [i for i, c in code if c["execution_count"] is None]
            if not missing:
                return notebook
            last = f"code cells {missing} have no execution count in the file"
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            raise AssertionError(f"saving {path} opened a dialog: {dialog.first.text_content()!r}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} was not saved after the run within {timeout} s: {last}")
        time.sleep(0.25)


def check_saved_notebook(notebook):
    """The saved file: no error output, the final plot, the metrics line."""
    problems, has_plot, text = [], False, []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        for output in cell["outputs"]:
            kind = output["output_type"]
            if kind == "error":
                problems.append(f"cell {index}: {output['ename']}: {output['evalue']}")
            elif kind == "stream":
                stream = "".join(output["text"])  # a string, or a list of lines on disk
                if output["name"] == "stderr":
                    problems.append(f"cell {index} wrote to stderr: {stream!r}")
                text.append(stream)
            elif "image/png" in output.get("data", {}):
                has_plot = True
    assert not problems, "the saved notebook has error output:\n" + "\n".join(problems)
    assert has_plot, "the saved notebook has no image output (the loss plot)"
    assert notebook_page.METRICS_PATTERN.search("".join(text)), (
        "the saved notebook has no line 'accuracy 0.xxx, precision 0.xxx, recall 0.xxx'"
    )


def student_runs_all(page, server, folder, ui, artifacts):
    """Open the notebook, Run All Cells, and check what the student sees."""
    path = f"{folder}/{NOTEBOOK}"
    expected_cells = exercise.cell_count(Path(server.root_dir) / path)
    notebook_page.wait_for_notebook_ready(page, expected_cells)
    save_png(artifacts, f"{ui}-1-opened", page.screenshot())

    try:
        result = notebook_page.run_all_and_watch(page, timeout=150)
    except notebook_page.StudentRunError:
        save_png(artifacts, f"{ui}-failed", page.screenshot())
        raise

    cells = page.locator(f"{notebook_page.NOTEBOOK_PANEL} .jp-Notebook .jp-Cell")
    errors = result.error_texts()
    if errors:
        cell, text = errors[0]
        cells.nth(cell).scroll_into_view_if_needed()
        save_png(artifacts, f"{ui}-failed", page.screenshot())
        pytest.fail(
            f"{len(errors)} cell output(s) show an error or stderr in {ui}; the first, "
            f"in cell {cell}:\n{text}"
        )
    not_run = [c["index"] for c in result.code_cells() if not notebook_page.DONE_PROMPT.match(c["prompt"])]
    assert not not_run, f"Run All left code cells {not_run} without an execution count in {ui}"

    # The live plot: two different pictures while the training cell still ran.
    plot_cell, first, second = notebook_page.plot_updates(result)
    shots = {i: len(s) for i, s in result.shots.items()}
    images = {i: len(h) for i, h in result.hashes_seen.items()}
    assert result.shots, f"no image output appeared in {ui} (the loss plot)"
    assert first is not None, (
        f"the loss plot did not visibly change while training ran in {ui}: images seen per "
        f"cell {images}, screenshots per cell {shots}, Run All took {result.seconds:.1f} s. "
        "If the plot was redrawn but too fast to catch, training is too short for this test."
    )
    save_png(artifacts, f"{ui}-2-plot-early", first.png)
    save_png(artifacts, f"{ui}-3-plot-later", second.png)

    metrics = result.metrics_lines()
    assert metrics, f"no line 'accuracy 0.xxx, precision 0.xxx, recall 0.xxx' is shown in {ui}"

    cells.nth(plot_cell).scroll_into_view_if_needed()
    save_png(artifacts, f"{ui}-4-plot-final", page.screenshot())
    cells.nth(expected_cells - 1).scroll_into_view_if_needed()
    save_png(artifacts, f"{ui}-5-end", page.screenshot())

    notebook_page.save_notebook(page)
    try:
        check_saved_notebook(saved_notebook(server, page, path))
    except AssertionError:
        save_png(artifacts, f"{ui}-failed", page.screenshot())
        raise

    note(
        artifacts,
        f"{ui}: Run All took {result.seconds:.1f} s; plot cell {plot_cell} showed "
        f"{images.get(plot_cell)} images, {shots.get(plot_cell)} screenshots; early shot at "
        f"{first.seconds:.2f} s, later at {second.seconds:.2f} s; {metrics[-1]}"
    )


def test_student_runs_exercise_3_in_jupyterlab(jupyter, page, artifacts):
    # A workspace of its own, so nothing another test opened is restored.
    page.goto(jupyter.url(f"lab/workspaces/student-run/tree/lab/{NOTEBOOK}"))
    student_runs_all(page, jupyter, "lab", "lab", artifacts)


def test_student_runs_exercise_3_in_notebook7(jupyter, page, artifacts):
    page.goto(jupyter.url("tree/notebook7"))
    listing = page.locator(".jp-DirListing-item", has_text=NOTEBOOK)
    listing.wait_for(timeout=60_000)
    save_png(artifacts, "notebook7-0-tree", page.screenshot())

    page.goto(jupyter.url(f"notebooks/notebook7/{NOTEBOOK}"))
    student_runs_all(page, jupyter, "notebook7", "notebook7", artifacts)


def test_nbgrader_extension_works_for_students_in_jupyterlab(jupyter, page, artifacts):
    page.goto(jupyter.url(f"lab/workspaces/nbgrader/tree/nbgrader/{NOTEBOOK}"))
    notebook_page.wait_for_notebook_ready(page, exercise.cell_count(Path(jupyter.root_dir) / "nbgrader" / NOTEBOOK))

    panel = page.locator(notebook_page.NOTEBOOK_PANEL)
    validate = panel.locator(".jp-Toolbar-item", has_text=re.compile(r"^\s*Validate\s*$"))
    has_validate = validate.count() == 1 and validate.is_visible()

    has_assignments = False
    menu = page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$"))
    if menu.count():
        menu.first.click()
        assignments = page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text=re.compile(r"^Assignment List$"))
        has_assignments = assignments.count() == 1 and assignments.is_visible()
        save_png(artifacts, "lab-nbgrader-menu", page.screenshot())
        page.keyboard.press("Escape")
    note(artifacts, f"nbgrader in JupyterLab: Validate button {has_validate}, Assignment List {has_assignments}")
    assert has_validate or has_assignments, (
        "the nbgrader extension is missing in JupyterLab: no Validate button in the "
        "notebook toolbar and no Nbgrader > Assignment List menu item"
    )

    # A student's last step: Validate runs the whole notebook with nbgrader.
    if has_validate:
        validate.click()
        dialog = page.locator(".jp-Dialog")
        started = time.monotonic()
        dialog.wait_for(timeout=150_000)
        page.locator(".jp-Dialog-body").wait_for(timeout=10_000)
        text = " ".join(dialog.text_content().split())
        note(artifacts, f"nbgrader Validate answered after {time.monotonic() - started:.1f} s: {text}")
        save_png(artifacts, "lab-nbgrader-validate", page.screenshot())
        assert "Success! Your notebook passes all the tests." in text, (
            f"nbgrader's Validate did not report success for a correct notebook: {text!r}"
        )


PROGRESS_NOTEBOOK = "progress_bar.ipynb"
PROGRESS_EPOCHS = 200
# The seed's training cell calls init_loss_plot() without an epoch count, so it
# has no progress bar: a small notebook of its own shows one. Each epoch keeps
# the CPU busy for 10 ms, as training does.
PROGRESS_CELL = f"""\
import time
from loss_plot import init_loss_plot, add_loss_to_plot, finish_loss_plot

init_loss_plot(epochs={PROGRESS_EPOCHS})
for epoch in range({PROGRESS_EPOCHS}):
    busy_until = time.process_time() + 0.01
    while time.process_time() < busy_until:
        pass
    add_loss_to_plot(1 / (epoch + 1), 1.5 / (epoch + 1), epoch % 10 == 0)
finish_loss_plot()"""
BAR_GREEN = (0x2C, 0xA0, 0x2C)  # loss_plot.BAR_COLOUR


def green_pixels(png):
    """How many pixels of a PNG have exactly the progress bar's colour."""
    return int(np.all(notebook_page.pixels(png) == BAR_GREEN, axis=-1).sum())


def accept_kernel_dialog(page, seconds=10):
    """Click Select if JupyterLab asks which kernel to start (on a busy machine it sometimes
    asks before it has read the kernel list); the preselected kernel is the notebook's own."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=seconds * 1000)
    except Exception:  # Playwright's TimeoutError: no dialog, nothing to do
        return
    dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
    dialog.wait_for(state="detached")


def test_progress_bar_reaches_the_end_in_jupyterlab(jupyter, page, artifacts):
    """init_loss_plot(epochs=...): the bar is seen part-way while the cell runs and full at the end."""
    import nbformat

    folder = Path(jupyter.root_dir) / "progress"
    folder.mkdir(exist_ok=True)
    # The same kernel as the exercise's notebook, so JupyterLab starts it without asking.
    metadata = nbformat.read(REPO / "release" / EXERCISE / NOTEBOOK, as_version=4).metadata
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(PROGRESS_CELL)],
        metadata={key: metadata[key] for key in ("kernelspec", "language_info") if key in metadata},
    )
    nbformat.write(notebook, folder / PROGRESS_NOTEBOOK)
    page.goto(jupyter.url(f"lab/workspaces/progress/tree/progress/{PROGRESS_NOTEBOOK}"))
    accept_kernel_dialog(page)
    notebook_page.wait_for_notebook_ready(page, 1)
    result = notebook_page.run_all_and_watch(page, timeout=60)
    assert not result.error_texts(), result.error_texts()

    running = [shot for shot in result.shots.get(0, []) if shot.running]
    final_src = page.locator(f"{notebook_page.NOTEBOOK_PANEL} .jp-OutputArea-output img").first.get_attribute("src")
    final = base64.b64decode(final_src.split(",", 1)[1])
    save_png(artifacts, "progress-final", final)
    if running:
        save_png(artifacts, "progress-running", running[len(running) // 2].png)
    full = green_pixels(final)
    partial = [green_pixels(shot.png) for shot in running]
    note(artifacts, f"progress bar: {len(result.hashes_seen.get(0, []))} pictures seen; green pixels "
                    f"in those caught while running {partial}, at the end {full}; "
                    f"Run All took {result.seconds:.1f} s")
    # The bar's inside, in pixels of the image, as loss_plot lays it out.
    left, top, right, bottom = loss_plot._picture(with_progress=True).bar
    inside = (right - left - 1) * (bottom - top - 1)
    assert full >= 0.98 * inside, f"the final bar is not full: {full} green pixels of {inside}"
    assert running, "no picture of the plot was caught while the cell ran"
    assert min(partial) < 0.8 * full, f"the bar was never seen part-way: {partial} vs {full} at the end"
    pictures = len(result.hashes_seen.get(0, []))
    assert pictures >= 3, f"the plot showed only {pictures} pictures: it did not move while the cell ran"
