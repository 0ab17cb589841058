"""release/ is generated from source/ by nbgrader, is current, and leaks nothing.

Golden tests: each exercise is generated again in a temporary copy of the
course and compared with the committed release notebook.
"""
import json
import re

import nbformat
import pytest

from tests.course import REPO, generate, make_course

EXERCISES = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())
BEGIN, END = "#### BEGIN IMPLEMENTATION ####", "#### END IMPLEMENTATION ####"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """{exercise: freshly generated release notebook text}."""
    course = make_course(tmp_path_factory.mktemp("release"))
    return {exercise: generate(course, exercise).read_text() for exercise in EXERCISES}


def committed(exercise):
    return (REPO / "release" / exercise / f"{exercise}.ipynb").read_text()


def source_notebook(exercise):
    return nbformat.read(REPO / "source" / exercise / f"{exercise}.ipynb", as_version=4)


def regions(source, begin, end):
    """The lines between each begin and end marker in a cell's source."""
    found, inside = [], None
    for line in source.split("\n"):
        if begin in line:
            inside = []
        elif end in line and inside is not None:
            found.append(inside)
            inside = None
        elif inside is not None:
            inside.append(line)
    return found


def test_every_exercise_has_a_release():
    """Each source/<ex> has its release/<ex>/<ex>.ipynb, and nothing else is released."""
    released = sorted(p.name for p in (REPO / "release").iterdir() if p.is_dir())
    assert released == EXERCISES


@pytest.mark.parametrize("exercise", EXERCISES)
def test_committed_release_is_current(exercise, regenerated):
    """The committed student notebook is exactly what nbgrader generates from source/ now.

    If this fails, run `make release` and commit release/.
    """
    assert committed(exercise) == regenerated[exercise]


def cells_by_id(notebook):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells if "nbgrader" in c.metadata}


def outside_regions(source, begin, end):
    """The lines of a cell's source outside its begin/end regions (markers included)."""
    kept, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
            kept.append(line)
        elif end in line:
            inside = False
            kept.append(line)
        elif not inside:
            kept.append(line)
    return kept


SKELETON_LINE = re.compile(r"\s*[\w.]+(\s*,\s*[\w.]+)*(\s*=\s*[\w.]+(\s*,\s*[\w.]+)*)* = ")
GIVEN_LINE = re.compile(r"\s*[A-Za-z_]\w* = [A-Za-z_]\w*")


@pytest.mark.parametrize("exercise", EXERCISES)
def test_release_contains_no_solution(exercise):
    """Inside each region only `target = ` lines, given `a = b` lines and blanks remain.

    Outside the regions the student's cell is the instructor's cell.
    """
    source = cells_by_id(source_notebook(exercise))
    release = cells_by_id(nbformat.reads(committed(exercise), as_version=4))
    for grade_id, cell in release.items():
        if not cell.metadata["nbgrader"].get("solution"):
            continue
        for region in regions(cell.source, BEGIN, END):
            for line in region:
                assert (
                    line == "" or SKELETON_LINE.fullmatch(line) or GIVEN_LINE.fullmatch(line)
                ), f"{grade_id}: {line!r} is not a skeleton line"
        assert outside_regions(cell.source, BEGIN, END) == outside_regions(
            source[grade_id].source, BEGIN, END
        )


@pytest.mark.parametrize("exercise", EXERCISES)
def test_release_contains_no_hidden_test(exercise):
    """Each test cell shows exactly the visible part of the instructor's test cell."""
    text = committed(exercise)
    assert "BEGIN HIDDEN TESTS" not in text and "END HIDDEN TESTS" not in text
    source = cells_by_id(source_notebook(exercise))
    release = cells_by_id(nbformat.reads(text, as_version=4))
    assert set(release) == set(source)
    for grade_id, cell in release.items():
        visible = outside_regions(
            source[grade_id].source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
        )
        visible = [line for line in visible if "HIDDEN TESTS" not in line]
        if cell.metadata["nbgrader"].get("grade"):
            assert cell.source.split("\n") == visible, grade_id


@pytest.mark.parametrize("exercise", EXERCISES)
def test_release_keeps_markers_and_skeleton(exercise):
    """Every implementation region survives with its markers and at least one `x = ` line."""
    notebook = nbformat.reads(committed(exercise), as_version=4)
    solution_cells = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert solution_cells
    for cell in solution_cells:
        for region in regions(cell.source, BEGIN, END):
            assert any(line.rstrip().endswith("=") for line in region), cell.source
        assert "NotImplementedError" not in cell.source


def test_exercise_3_code_cells_are_the_seeds():
    """The six implementation cells and four test-input cells are the seed's, character for character."""
    seed = json.loads((REPO / "tests" / "fixtures" / "seed_ex3_code_cells.json").read_text())
    seed_text = (REPO / "tests" / "fixtures" / "seed_ex3.txt").read_text()
    for name, cell in seed.items():
        assert "In [None]:\n" + cell + "\n" in seed_text, f"fixture cell {name} is not in the seed"

    notebook = nbformat.reads(committed("ex3_backpropagation"), as_version=4)
    code_cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    implementation = ["loss_backward", "sigmoid_backward", "relu_backward", "dense_backward", "model", "train"]
    test_inputs = ["loss_test", "sigmoid_test", "relu_test", "dense_test"]
    for name in implementation + test_inputs + ["imports", "loss_demo", "load_data", "metrics"]:
        assert seed[name] in code_cells, f"the release's {name} cell differs from the seed"
    training = seed["training_run"].replace("%matplotlib notebook\n", "")
    assert training in code_cells
    assert not any(source.startswith("%matplotlib") for source in code_cells)
