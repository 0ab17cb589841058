"""A generative test of hand-in damage: random damage to a right notebook never costs a right answer.

hypothesis draws damage plans (one to three steps: cells deleted, duplicated,
moved, turned into Markdown; nbgrader metadata removed or changed; cell ids
removed or made to collide; an older nbformat minor without ids) and applies
them to exercise 1 filled in correctly. The damaged notebooks are handed in
as one class and graded once by `python -m coursekit grade --workers 2`.
The properties:

- grading never crashes for the class (the command succeeds, every hand-in
  has a status line);
- each hand-in is graded, or flagged with a reason ("not graded");
- a check whose answer cell and the imports survive, before it, as code,
  keeps its points (nbgrader puts a deleted or damaged check back);
- the hand-in file is not changed.

The examples are drawn with a fixed seed (derandomize), so a failure is the
same on every run; its damage plan is in the assertion message.
"""
import copy
import csv
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.course import filled_in_notebook, generate, make_course, scores, submit

pytestmark = pytest.mark.slow

EX1 = "ex1_building_blocks"
EXAMPLES = 10
"""Damaged hand-ins in the class: about 6 s of grading each on two workers."""

ANSWER_OF = {"test_dense": "dense", "test_relu": "relu", "test_sigmoid": "sigmoid"}
"""Each check of exercise 1 and the cell with the answer it checks."""
POINTS = {"test_dense": 2.0, "test_relu": 2.0, "test_sigmoid": 3.0}

STEPS = ["delete", "duplicate", "move", "to_markdown", "drop_metadata", "change_points", "change_grade_id",
         "unlock", "drop_id", "same_id", "older_minor"]

step = st.tuples(st.sampled_from(STEPS), st.integers(0, 10**6), st.integers(0, 10**6))
plans = st.lists(step, min_size=1, max_size=3)


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def damaged(plan):
    """(the damaged notebook as JSON text, its cells, {grade id: original cell} of the cells that matter)."""
    nb = filled_in_notebook(EX1)
    cells = nb.cells
    tracked = {grade_id(c): c for c in cells if grade_id(c) in set(ANSWER_OF) | set(ANSWER_OF.values()) | {"imports"}}
    minor = nb.nbformat_minor
    for kind, a, b in plan:
        code = [k for k, c in enumerate(cells) if c.cell_type == "code"]
        i = code[(a // 2) % len(code)] if a % 2 == 0 and code else a % len(cells)  # code cells half the time
        j = b % len(cells)
        cell = cells[i]
        if kind == "delete" and len(cells) > 1:
            del cells[i]
        elif kind == "duplicate":
            cells.insert(i + 1, copy.deepcopy(cell))
        elif kind == "move":
            cells.insert(j, cells.pop(i))
        elif kind == "to_markdown" and cell.cell_type == "code":
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        elif kind == "drop_metadata":
            cell.metadata = {}
        elif kind == "change_points" and "nbgrader" in cell.metadata:
            cell.metadata["nbgrader"]["points"] = 100
        elif kind == "change_grade_id" and "nbgrader" in cell.metadata:
            cell.metadata["nbgrader"]["grade_id"] = f"renamed_{b}"
        elif kind == "unlock" and "nbgrader" in cell.metadata:
            cell.metadata["nbgrader"]["locked"] = False
            cell.source += "\n# edited"
        elif kind == "drop_id":
            cell.pop("id", None)
        elif kind == "same_id" and "id" in cells[j]:
            cell["id"] = cells[j]["id"]
        elif kind == "older_minor":
            minor = 4
    nb.nbformat_minor = minor
    if minor < 5:
        for cell in cells:
            cell.pop("id", None)
    return json.dumps(nb, indent=1), cells, tracked


def should_keep(nb_cells, tracked, check):
    """True if the check's answer cell and the imports are still code, unchanged, before the check
    (or the check was deleted or damaged, so nbgrader puts it back after the answer)."""
    def position(cell):
        return next((k for k, c in enumerate(nb_cells) if c is cell), None)

    answer, imports, test = (tracked[ANSWER_OF[check]], tracked["imports"], tracked[check])
    for needed in (answer, imports):
        if position(needed) is None or needed.cell_type != "code":
            return False
    if position(imports) > position(answer):
        return False
    intact_test = position(test) is not None and grade_id(test) == check and test.cell_type == "code"
    return not intact_test or position(test) > position(answer)


@pytest.fixture(scope="module")
def class_of_damage(tmp_path_factory):
    """The damaged hand-ins graded: (plans by student, expectations, the command's output, course, bytes)."""
    drawn = []

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(plans)
    def draw(plan):
        drawn.append(plan)

    draw()
    course = make_course(tmp_path_factory.mktemp("damage"), [EX1])
    generate(course, EX1)
    plans_by_student, keep = {}, {}
    for number, plan in enumerate(dict.fromkeys(tuple(p) for p in drawn)):
        student = f"d{number:02d}"
        text, cells, tracked = damaged(plan)
        plans_by_student[student] = plan
        keep[student] = [check for check in ANSWER_OF if should_keep(cells, tracked, check)]
        submit(course, student, EX1, filled_in_notebook(EX1)).write_text(text)
    before = {p: p.read_bytes() for p in (course / "submitted").rglob("*.ipynb")}
    result = subprocess.run([sys.executable, "-m", "coursekit", "grade", "--workers", "2"], cwd=course,
                            capture_output=True, text=True, timeout=1200)
    return plans_by_student, keep, result, course, before


def test_grading_never_crashes_for_the_class(class_of_damage):
    plans, _, result, _, _ = class_of_damage
    assert result.returncode == 0, result.stderr
    for student in plans:
        assert f"{student} / {EX1}: " in result.stdout, (student, plans[student], result.stdout)


def test_each_hand_in_is_graded_or_flagged_with_a_reason(class_of_damage):
    plans, _, result, course, _ = class_of_damage
    with open(course / "grades.csv", newline="") as f:
        rows = {row[0]: row[1:] for row in csv.reader(f)}
    for student, plan in plans.items():
        graded = rows[student][0] != ""
        flagged = any(line.startswith(f"  {student} / ") and "not graded" in line
                      for line in result.stdout.splitlines())
        assert graded or flagged, (student, plan, result.stdout)


def test_right_answers_in_surviving_cells_keep_the_points_of_their_checks(class_of_damage):
    plans, keep, _, course, _ = class_of_damage
    for student, plan in plans.items():
        got = scores(course, student, EX1)
        for check in keep[student]:
            assert got[check] == (POINTS[check], POINTS[check]), (student, plan, check, got)


def test_the_hand_in_files_are_not_changed(class_of_damage):
    _, _, _, _, before = class_of_damage
    assert {p: p.read_bytes() for p in before} == before
