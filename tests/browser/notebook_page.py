"""Drive an open notebook in JupyterLab 4 or Notebook 7 as a student does.

Both front ends are built from the same JupyterLab widgets, so the same CSS
classes find the notebook, its cells, prompts and outputs in either:

- .jp-NotebookPanel              the notebook (the one not hidden is current)
- .jp-Cell / .jp-CodeCell        a cell; .jp-InputPrompt shows [ ], [*] or [3]
- .jp-OutputArea-output          one output; an error or a stderr stream has
                                 data-mime-type="application/vnd.jupyter.stderr"
- .jp-Notebook-ExecutionIndicator[data-status]   the kernel's status

The watch loop polls the page about every POLL_SECONDS. Whenever the image
in a cell's output changes (its base64 `src` differs), it takes a screenshot
of that output, so the live loss plot is caught in several states.
"""
import io
import re
import time
from dataclasses import dataclass, field

import numpy as np

POLL_SECONDS = 0.1
STDERR_MIME = "application/vnd.jupyter.stderr"
NOTEBOOK_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
METRICS_PATTERN = re.compile(r"accuracy [01]\.\d{3}, precision [01]\.\d{3}, recall [01]\.\d{3}")

# One round trip that reports everything the watch loop needs. The image
# `src` is hashed in the page (FNV-1a) so that ~40 kB of base64 is not copied
# ten times a second.
STATE_JS = """
() => {
  const panels = [...document.querySelectorAll('.jp-NotebookPanel')]
    .filter(p => !p.classList.contains('lm-mod-hidden'));
  if (panels.length !== 1) return {problem: `found ${panels.length} visible notebooks`};
  const panel = panels[0];
  const hash = s => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16) + ':' + s.length;
  };
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const dialog = document.querySelector('.jp-Dialog');
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')].map((cell, index) => {
    const code = cell.classList.contains('jp-CodeCell');
    const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
    const img = cell.querySelector('.jp-OutputArea-output img[src^="data:image/png"]');
    return {
      index,
      code,
      prompt: code ? (cell.querySelector('.jp-InputPrompt')?.textContent ?? '').trim() : '',
      empty: code ? (cell.querySelector('.cm-content')?.textContent ?? '').trim() === '' : false,
      errors: outputs.filter(o => o.getAttribute('data-mime-type') === '%(stderr)s')
                     .map(o => o.textContent.slice(0, 4000)),
      image: img ? hash(img.src) : null,
      text: outputs.map(o => o.textContent).join('\\n').slice(-4000),
    };
  });
  return {
    status: indicator ? indicator.getAttribute('data-status') : null,
    dialog: dialog ? dialog.textContent.slice(0, 500) : null,
    cells,
  };
}
""".replace("%(stderr)s", STDERR_MIME)

RUNNING_PROMPT = "[*]:"
DONE_PROMPT = re.compile(r"^\[\d+\]:$")


class StudentRunError(AssertionError):
    """The notebook did not run as a student expects; the message says why."""


@dataclass
class Shot:
    """One screenshot of a cell's image output."""

    seconds: float  # since Run All was clicked
    image_hash: str  # hash of the img src seen just before the screenshot
    png: bytes
    running: bool  # the cell showed [*] both before and after the screenshot


@dataclass
class RunResult:
    seconds: float
    cells: list
    shots: dict = field(default_factory=dict)  # cell index -> [Shot]
    hashes_seen: dict = field(default_factory=dict)  # cell index -> [hash] in order

    def code_cells(self):
        return [c for c in self.cells if c["code"] and not c["empty"]]

    def error_texts(self):
        return [(c["index"], e) for c in self.cells for e in c["errors"]]

    def metrics_lines(self):
        return [m.group(0) for c in self.cells for m in METRICS_PATTERN.finditer(c["text"])]


def pixels(png):
    """The RGB pixels of a PNG screenshot, as a numpy array."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"))


def differ(png_a, png_b):
    """True if two screenshots differ in size or in any pixel."""
    a, b = pixels(png_a), pixels(png_b)
    return a.shape != b.shape or bool(np.any(a != b))


def notebook_state(page):
    state = page.evaluate(STATE_JS)
    if "problem" in state:
        raise StudentRunError(state["problem"])
    return state


def wait_for_notebook_ready(page, expected_cells, timeout=90):
    """Wait until the notebook shows all its cells and its kernel is idle."""
    page.wait_for_selector(f"{NOTEBOOK_PANEL} .jp-Notebook .jp-Cell", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = notebook_state(page)
        if state["dialog"]:
            raise StudentRunError(f"a dialog opened instead of the notebook: {state['dialog']!r}")
        if len(state["cells"]) == expected_cells and state["status"] == "idle":
            return state
        time.sleep(0.2)
    raise StudentRunError(
        f"the notebook was not ready within {timeout} s: kernel status "
        f"{state and state['status']!r}, {state and len(state['cells'])} cells shown, "
        f"{expected_cells} expected"
    )


def click_menu(page, menu_label, item_label, timeout=15):
    """Open a main-menu menu by its label and click the item labelled `item_label`.

    item_label is a regular expression that must match the whole label.
    """
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(menu_label)}$")).click(
        timeout=timeout * 1000
    )
    label = page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^(?:{item_label})$"))
    page.locator(".lm-Menu:visible .lm-Menu-item").filter(has=label).first.click(
        timeout=timeout * 1000
    )


def output_with_image(page, cell_index):
    return (
        page.locator(f"{NOTEBOOK_PANEL} .jp-Notebook .jp-Cell")
        .nth(cell_index)
        .locator(".jp-OutputArea-output:has(img)")
        .first
    )


def run_all_and_watch(page, timeout=150):
    """Click Run > Run All Cells and watch until every cell ran or one failed.

    Returns a RunResult with the final state of every cell and the
    screenshots of image outputs taken whenever an image changed.
    """
    click_menu(page, "Run", "Run All Cells")
    start = time.monotonic()
    result = RunResult(seconds=0.0, cells=[])
    screenshotted = {}  # cell index -> hash of the last image screenshotted
    while True:
        poll_start = time.monotonic()
        state = notebook_state(page)
        cells = state["cells"]
        if state["dialog"]:
            raise StudentRunError(f"a dialog opened during the run: {state['dialog']!r}")
        for cell in cells:
            image = cell["image"]
            if image is None:
                continue
            seen = result.hashes_seen.setdefault(cell["index"], [])
            if not seen or seen[-1] != image:
                seen.append(image)
            if screenshotted.get(cell["index"]) == image:
                continue
            screenshotted[cell["index"]] = image
            shot = _screenshot_output(page, cell, start)
            if shot is not None:
                result.shots.setdefault(cell["index"], []).append(shot)

        code = [c for c in cells if c["code"] and not c["empty"]]
        running = any(c["prompt"] == RUNNING_PROMPT for c in code)
        failed = any(c["errors"] for c in cells)
        all_ran = all(DONE_PROMPT.match(c["prompt"]) for c in code)
        if state["status"] == "idle" and not running and (all_ran or failed):
            result.cells = cells
            result.seconds = time.monotonic() - start
            return result
        if time.monotonic() - start > timeout:
            result.cells = cells
            result.seconds = time.monotonic() - start
            prompts = " ".join(c["prompt"] for c in code)
            raise StudentRunError(
                f"Run All did not finish within {timeout} s (kernel {state['status']!r}, "
                f"prompts {prompts})"
            )
        time.sleep(max(0.0, POLL_SECONDS - (time.monotonic() - poll_start)))


def _screenshot_output(page, cell, start):
    """Screenshot the image output of `cell`; None if it vanished meanwhile."""
    from playwright.sync_api import Error as PlaywrightError

    was_running = cell["prompt"] == RUNNING_PROMPT
    try:
        png = output_with_image(page, cell["index"]).screenshot(timeout=10_000, animations="disabled")
    except PlaywrightError:
        return None
    seconds = time.monotonic() - start
    after = notebook_state(page)["cells"]
    still_running = cell["index"] < len(after) and after[cell["index"]]["prompt"] == RUNNING_PROMPT
    return Shot(seconds, cell["image"], png, was_running and still_running)


def plot_updates(result):
    """The cell with the live plot and two of its screenshots that differ.

    Both screenshots were taken while that cell was still running, the first
    as early and the second as late as possible. Returns (cell index, first,
    second), or (cell index or None, None, None) when no such pair exists.
    """
    best = (None, None, None)
    for index, shots in result.shots.items():
        running = [s for s in shots if s.running]
        for i, first in enumerate(running):
            for second in reversed(running[i + 1:]):
                if differ(first.png, second.png):
                    return index, first, second
        if best[0] is None and len(result.hashes_seen.get(index, [])) > 1:
            best = (index, None, None)
    return best


def save_notebook(page):
    """File > Save Notebook, as a student does before handing in."""
    click_menu(page, "File", "Save Notebook|Save")
