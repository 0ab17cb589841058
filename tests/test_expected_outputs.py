"""Every output the notebooks' text promises is what the code really prints.

Each instructor notebook runs top to bottom in a fresh kernel. A markdown
cell tagged `expected-output` documents the stdout of the code cell before
it: as an indented block, or, for a one-line output, as its first `code`.
"""
import re

import nbformat
import pytest
from nbclient import NotebookClient

from tests.course import REPO

EXERCISES = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())


@pytest.fixture(scope="module", params=EXERCISES)
def executed(request, tmp_path_factory):
    """(exercise, the instructor notebook after a run in a fresh kernel)."""
    exercise = request.param
    notebook = nbformat.read(REPO / "source" / exercise / f"{exercise}.ipynb", as_version=4)
    folder = tmp_path_factory.mktemp(exercise)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return exercise, notebook


def documented_output(markdown):
    """The output a markdown cell documents: its indented block, else its first `code`."""
    indented = []
    for line in markdown.split("\n"):
        if line.startswith("    "):
            indented.append(line[4:])
        elif indented and line.strip() == "":
            indented.append("")
        elif indented:
            break
    if indented:
        return "\n".join(indented).rstrip("\n") + "\n"
    span = re.search(r"`([^`]+)`", markdown)
    assert span, f"no expected output found in:\n{markdown}"
    return span.group(1) + "\n"


def stdout_of(cell):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def test_notebook_runs_without_errors_or_stderr(executed):
    """No cell raises, and no cell writes to stderr (which would cost points in nbgrader)."""
    exercise, notebook = executed
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{exercise} cell {index}: {output.get('evalue')}"
            assert output.get("name") != "stderr", f"{exercise} cell {index}: {output.get('text')}"


def test_every_expected_output_is_what_the_code_prints(executed):
    """Each `expected-output` cell matches the stdout of the code cell before it exactly."""
    exercise, notebook = executed
    checked = 0
    last_code = None
    for cell in notebook.cells:
        if cell.cell_type == "code":
            last_code = cell
        elif "expected-output" in cell.metadata.get("tags", []):
            assert last_code is not None
            assert stdout_of(last_code) == documented_output(cell.source), cell.source
            checked += 1
    assert checked >= 3, f"{exercise} documents only {checked} outputs"


def test_live_plot_keeps_one_image(executed):
    """Where a notebook trains with loss_plot, its cell keeps exactly one image."""
    exercise, notebook = executed
    for cell in notebook.cells:
        if cell.cell_type == "code" and "init_loss_plot()" in cell.source:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1
            assert images[0].data["text/plain"].startswith("finished after 1000 epochs")
