"""Every hidden test in source/ has the form of issue #11: a kernel part, `### CHECKS`, a checks part.

The kernel part runs in the student's kernel: it only calls the student's code
and keeps the results in variables. The checks part runs in the grading
process and holds every expected value and comparison. These tests read the
source notebooks statically; they do not run them.
"""
import ast
import builtins
import re

import nbformat
import pytest

from tests.course import REPO

BEGIN, END, CHECKS = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", "### CHECKS"
EXERCISES = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())


def hidden_regions():
    """[(exercise, grade_id, hidden region text, notebook)] for every test cell with hidden tests."""
    found = []
    for exercise in EXERCISES:
        nb = nbformat.read(REPO / "source" / exercise / f"{exercise}.ipynb", as_version=4)
        for cell in nb.cells:
            if BEGIN not in cell.source:
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            region = re.search(re.escape(BEGIN) + r"\n(.*?)^" + re.escape(END), cell.source, re.DOTALL | re.M)
            assert region, f"{exercise} {grade_id}: no {END} line after {BEGIN}"
            found.append((exercise, grade_id, region.group(1), nb))
    return found


REGIONS = hidden_regions()
IDS = [f"{exercise}-{grade_id}" for exercise, grade_id, _, _ in REGIONS]


def split(region):
    """(kernel part, checks part) of a hidden region with exactly one `### CHECKS` line."""
    lines = region.split("\n")
    marks = [i for i, line in enumerate(lines) if line.strip() == CHECKS]
    assert len(marks) == 1, f"expected exactly one '{CHECKS}' line, found {len(marks)}"
    return "\n".join(lines[:marks[0]]), "\n".join(lines[marks[0] + 1:])


def bound_names(tree):
    """Names the code binds itself: imports, definitions, assignments, loop and with targets."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
            names.update(arg.arg for arg in ast.walk(node.args) if isinstance(arg, ast.arg))
        elif isinstance(node, ast.Lambda):
            names.update(arg.arg for arg in ast.walk(node.args) if isinstance(arg, ast.arg))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def root_name(node):
    """The first name of an expression chain (np.linalg.norm(x)[0].T -> np), or None."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def call_roots(tree):
    """The first name of every called expression: f(...) -> f, np.linalg.norm(...) -> np."""
    return {root_name(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)} - {None}


def attribute_roots(tree):
    """The first name of every attribute access: model.w1 -> model."""
    return {root_name(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)} - {None}


def notebook_definitions(nb):
    """Names of the functions and classes the notebook's cells define (the student's code)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        names.update(node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef)))
    return names


def test_every_exercise_has_hidden_tests():
    assert {exercise for exercise, _, _, _ in REGIONS} == set(EXERCISES)


@pytest.mark.parametrize("exercise, grade_id, region, nb", REGIONS, ids=IDS)
def test_kernel_part_only_calls_code(exercise, grade_id, region, nb):
    kernel, _ = split(region)
    tree = ast.parse(kernel)
    asserts = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    assert not asserts, f"the kernel part has assert statements (lines {asserts}); move them below {CHECKS}"
    checks = [name for name in call_roots(tree) | bound_names(tree) if name.startswith("check_")]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr.startswith("check_"):
            checks.append(node.func.attr)
        if isinstance(node, ast.ImportFrom):
            checks.extend(alias.name for alias in node.names if alias.name.startswith("check_"))
    assert not checks, f"the kernel part uses {sorted(set(checks))}; comparisons belong below {CHECKS}"


@pytest.mark.parametrize("exercise, grade_id, region, nb", REGIONS, ids=IDS)
def test_checks_part_reads_only_data(exercise, grade_id, region, nb):
    _, checks = split(region)
    tree = ast.parse(checks)
    own = bound_names(tree) | set(dir(builtins))
    called = call_roots(tree) - own
    assert not called, f"the checks part calls kernel objects {sorted(called)}; call them in the kernel part"
    touched = attribute_roots(tree) - own
    assert not touched, (
        f"the checks part uses attributes of kernel objects {sorted(touched)}; "
        "keep the values in variables in the kernel part"
    )
    student = (notebook_definitions(nb) & {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}) - own
    assert not student, f"the checks part reads the notebook's functions or classes {sorted(student)}"
    assert any(isinstance(node, ast.With) for node in tree.body), (
        "the checks part makes its comparisons inside `with quiet():`")


@pytest.mark.parametrize("exercise, grade_id, region, nb", REGIONS, ids=IDS)
def test_checks_part_reads_names_the_kernel_has(exercise, grade_id, region, nb):
    """Each name the checks part reads is assigned in this cell before `### CHECKS` or in an earlier cell."""
    kernel, checks = split(region)
    assigned = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            assigned |= bound_names(ast.parse(cell.source.split(BEGIN)[0] + kernel))
            break
        assigned |= bound_names(ast.parse(cell.source))
    tree = ast.parse(checks)
    read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    unknown = read - bound_names(tree) - set(dir(builtins)) - assigned
    assert not unknown, f"the checks part reads {sorted(unknown)}, which the kernel never assigns"


def test_split_finds_one_checks_line():
    assert split(f"x = 1\n{CHECKS}\nassert x == 1") == ("x = 1", "assert x == 1")
    with pytest.raises(AssertionError):
        split("x = 1\nassert x == 1")
    with pytest.raises(AssertionError):
        split(f"x = 1\n{CHECKS}\n{CHECKS}\nassert x == 1")


def test_the_rules_catch_a_comparison_in_the_kernel_part():
    tree = ast.parse("from coursekit.checks import check_array\ncheck_array('z', z, [1.0])\nassert z[0] == 1")
    assert "check_array" in call_roots(tree)
    assert any(isinstance(node, ast.Assert) for node in ast.walk(tree))


def test_the_rules_catch_a_checks_part_that_uses_kernel_objects():
    tree = ast.parse("import numpy as np\nwith quiet():\n    check(model.w1, relu(np.ones(3)))")
    own = bound_names(tree) | set(dir(builtins))
    assert call_roots(tree) - own == {"quiet", "check", "relu"}
    assert attribute_roots(tree) - own == {"model"}
