"""SandboxExecute (coursekit.preprocessors.execute) on small notebooks: a cell that ignores the
stop, the total time of a hand-in, memory, and the output budget counting everything.

Each test runs a few cells in a sandboxed kernel (a few seconds each).
"""
import json
import time

import nbformat

from coursekit import output_budget
from coursekit.results import (
    CELL_TIMEOUT_ERROR,
    KERNEL_DIED_ERROR,
    STUCK_ERROR,
    TIME_BUDGET_ERROR,
    Kind,
    Outcome,
    read_checks,
)
from tests.test_sandbox import run_cells, text_of

IGNORES_INTERRUPT = """
import time
while True:
    try:
        time.sleep(100)
    except KeyboardInterrupt:
        pass
"""


def errors(cell):
    return [o.ename for o in cell.outputs if o.output_type == "error"]


def as_checks(nb):
    """Mark every code cell as a one-point test cell, to read the notebook as the grader does."""
    for number, cell in enumerate(nb.cells):
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 1,
                                     "grade_id": f"check_{number}", "locked": True}
    outcome = Outcome("s", "e")
    read_checks(nb, outcome)
    return outcome


def test_a_cell_that_ignores_the_interrupt_ends_as_ran_too_long():
    """The cells before keep their results, the stuck cell times out, the cells after say why they did not run."""
    started = time.monotonic()
    nb = run_cells(["x = 1\nprint('BEFORE', x)", IGNORES_INTERRUPT, "print('AFTER', x)", "print('LATER')"],
                   timeout=3, **{"SandboxExecute.interrupt_grace": 2})
    assert time.monotonic() - started < 40
    assert "BEFORE 1" in text_of(nb.cells[0]) and not errors(nb.cells[0])
    assert errors(nb.cells[1]) == [STUCK_ERROR]
    assert "did not stop when interrupted" in text_of(nb.cells[1])
    for cell in nb.cells[2:]:
        assert errors(cell) == [KERNEL_DIED_ERROR] and "stopped in cell 2" in text_of(cell)
    outcome = as_checks(nb)
    assert [p.kind for p in outcome.problems] == [Kind.STUCK]
    assert [name for name, _ in outcome.failed_checks] == ["check_1", "check_2", "check_3"]
    assert "check_1 ran too long and did not stop" in outcome.problem_lines()[0]


def test_a_hand_in_has_a_total_time_budget():
    """Cells that each stay under the cell timeout are stopped once the hand-in's time is up;
    the cells after fail with a message and the problem line says so."""
    started = time.monotonic()
    nb = run_cells(["print('FIRST')", "import time; time.sleep(2)", "time.sleep(2)",
                    "time.sleep(3)", "time.sleep(3)", "print('LAST')"],
                   timeout=10, **{"SandboxExecute.max_seconds": 6})
    assert time.monotonic() - started < 30
    assert "FIRST" in text_of(nb.cells[0])
    assert not errors(nb.cells[1])
    assert CELL_TIMEOUT_ERROR in errors(nb.cells[3]) and TIME_BUDGET_ERROR in errors(nb.cells[3])  # cut short
    assert "may run 6 seconds" in text_of(nb.cells[3])
    assert errors(nb.cells[4]) == errors(nb.cells[5]) == [KERNEL_DIED_ERROR]
    assert "stopped in cell 4" in text_of(nb.cells[5])
    outcome = as_checks(nb)
    assert {p.kind for p in outcome.problems} == {Kind.TIMEOUT, Kind.TIME_BUDGET}
    assert any("used up the time a hand-in may run in all in check_3" in line
               for line in outcome.problem_lines())


def test_too_much_memory_raises_memory_error_in_that_cell_and_the_rest_runs():
    """A cell that fills the memory to the last byte gets MemoryError; the kernel lives, and the
    next cells run (coursekit.sandbox.reserve: without it, most runs lost the cells after)."""
    nb = run_cells(["x = 1",
                    "import numpy as np\nbig = np.ones(10**10)",  # one allocation far too big
                    "hoard = []\nwhile True:\n    hoard.append(' ' * 10**6)",  # fills it up, globally
                    "import resource\nprint('LIMIT', resource.getrlimit(resource.RLIMIT_AS)[0])",
                    "del hoard\nprint('ALIVE', x)",
                    "def collect():\n    hoard = []\n    while True:\n        hoard.append(' ' * 10**6)\ncollect()",
                    "again = np.ones(25 * 10**6)\nprint('FREED', again.nbytes)"],  # the frame let go of it
                   timeout=60, **{"SandboxKernelManager.memory_bytes": 1024**3})
    assert [errors(cell) for cell in nb.cells] == [[], ["MemoryError"], ["MemoryError"], [], [], ["MemoryError"], []]
    assert f"LIMIT {1024**3}" in text_of(nb.cells[3])  # student code runs under memory_bytes
    assert "ALIVE 1" in text_of(nb.cells[4])
    assert "FREED 200000000" in text_of(nb.cells[6])


def test_the_output_budget_counts_updates_metadata_and_error_names():
    """Display updates (in every copy), output metadata and long error names all count: the
    notebook stays near the budget however the output is made."""
    limit = 100_000
    nb = run_cells([
        "from IPython.display import display, update_display\n"
        "for i in range(30):\n    display('x', display_id='same')\n"
        "update_display('y' * 50_000, display_id='same')",
        "from IPython.display import publish_display_data\n"
        "for i in range(20):\n    publish_display_data({'text/plain': 'm'}, metadata={'junk': 'z' * 20_000})",
        "E = type('E' * 60_000, (Exception,), {})\nraise E('v' * 60_000)",
        "print('small')",
    ], **{"SandboxExecute.max_output_chars": limit})
    size = len(nbformat.writes(nb))
    assert size < 3 * limit, size
    assert output_budget.NOTE in text_of(nb.cells[3]) or output_budget.NOTE in json.dumps(nb.cells[0].outputs)
    assert nb.cells[2].outputs[-1].output_type == "error"


def test_output_size_counts_everything_an_output_holds():
    """Unit: metadata and the error name count as much as text."""
    plain = {"output_type": "display_data", "data": {"text/plain": "a"}, "metadata": {}}
    heavy = {"output_type": "display_data", "data": {"text/plain": "a"}, "metadata": {"k": "z" * 1000}}
    assert output_budget.output_size(heavy) >= output_budget.output_size(plain) + 1000
    error = {"output_type": "error", "ename": "E" * 1000, "evalue": "", "traceback": []}
    assert output_budget.output_size(error) >= 1000
