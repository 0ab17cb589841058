"""The package's layout: small modules, plug-ins apart from drivers, a light self-check (issue #10)."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MODULES = sorted([*REPO.glob("coursekit/**/*.py"), *REPO.glob("siouxdnn/**/*.py")])
DRIVERS = {"coursekit.grading", "coursekit.report", "coursekit.handin", "coursekit.workers",
           "coursekit.__main__", "coursekit.selfcheck", "coursekit.feedback", "coursekit.course",
           "coursekit.stamps", "coursekit.precheck"}
"""The code that drives nbgrader; the steps inside nbgrader must not import it."""


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text().splitlines()) <= 300


def imports(path):
    """The coursekit and siouxdnn modules a file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("coursekit", "siouxdnn")}


@pytest.mark.parametrize("path", sorted(REPO.glob("coursekit/preprocessors/*.py")) + sorted(
    REPO.glob("coursekit/sandbox/*.py")), ids=lambda p: str(p.relative_to(REPO)))
def test_the_steps_inside_nbgrader_import_nothing_that_drives_it(path):
    assert not imports(path) & DRIVERS


def test_siouxdnn_the_students_package_imports_nothing_of_the_grader():
    for path in REPO.glob("siouxdnn/**/*.py"):
        assert not {name for name in imports(path) if name.startswith("coursekit")}, path


def test_the_students_self_check_loads_no_gradebook_and_no_worker_pool():
    """`python -m coursekit check` borrows the result rules only, not the grading machinery."""
    code = ("import sys, coursekit.selfcheck; "
            "print(sorted(m for m in sys.modules if m.startswith('coursekit') or m == 'concurrent.futures.process'))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for module in ("coursekit.grading", "coursekit.workers", "coursekit.course", "coursekit.tamper",
                   "concurrent.futures.process"):
        assert f"'{module}'" not in loaded, loaded
