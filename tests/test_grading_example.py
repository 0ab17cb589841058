"""The instructor's main command on a clean copy of the kit: `make example` (plain `make`) grades the example class.

The copy holds the files git would see (tracked, and new files not ignored),
so no earlier grading state comes along; its .venv is a link to this
repository's, and `make -o .venv/.installed` keeps make from reinstalling
into it. One run of `make example` (a few minutes) serves all tests here.
"""
import csv
import hashlib
import html
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from coursekit.course import Course
from tests.course import REPO, generate, make_course

pytestmark = pytest.mark.slow

EXAMPLE_CLASS = REPO / "examples" / "class"
STUDENTS = ["alice", "bob", "carol", "dave", "erin", "frank"]

# The points of bob (first half of the answers) and carol (MISTAKES in
# examples/make_example_class.py) per exercise. The others follow from the
# maxima: alice has all points, dave none, erin all but her broken last
# exercise, frank handed in the first exercise only.
BOB_AND_CAROL = {
    "ex1_building_blocks": (4, 2),  # bob: dense and relu; carol: dense only
    "ex2_forward_pass": (6, 3),  # bob: loss, predict, compute_loss; carol: predict, compute_loss
    "ex3_backpropagation": (6, 9),  # bob: the three activations' gradients; carol: all but relu, dense, train
    "ex4_training": (10, 13),  # bob: mini-batches, momentum, Adam, he_init; carol: all but momentum, early stopping
}

# What a student must read in the feedback: exercise -> student -> messages.
FEEDBACK_MESSAGES = {
    "ex3_backpropagation": {
        "carol": [
            "AssertionError: relu_backward changed da in place",
            "AssertionError: db has shape (5,)",
            "model.w1 after one step with learning_rate=0.05 is wrong",
        ],
        "bob": ["NameError: name 'dense_backward' is not defined"],
    },
    "ex4_training": {
        "carol": [
            "new_velocity is wrong",
            "no factor (1 - beta)",
            "early_stopping_epoch said stop after epoch 9",
        ],
    },
}


def clean_copy(target):
    """Copy the files git sees in the repository to `target`; link the .venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(REPO / ".venv")
    return target


def file_hashes(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def page_text(path):
    """The text a browser shows for an HTML page (code highlighting splits code into many tags)."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def hidden_lines(exercise):
    """The lines of the exercise's hidden tests that do not also appear in the student's notebook."""
    source = (REPO / "source" / exercise / f"{exercise}.ipynb")
    release = (REPO / "release" / exercise / f"{exercise}.ipynb").read_text()
    released_text = "\n".join(cell.source for cell in nbformat.reads(release, as_version=4).cells)
    lines = []
    for cell in nbformat.read(source, as_version=4).cells:
        region = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.DOTALL)
        for line in "\n".join(region).splitlines():
            line = line.strip()
            if len(line) >= 12 and line not in released_text:
                lines.append(line)
    return lines


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return clean_copy(tmp_path_factory.mktemp("kit"))


@pytest.fixture(scope="module")
def graded(kit):
    """Run `make example` in the copy; returns (CompletedProcess, hashes of the example class before)."""
    before = file_hashes(kit / "examples" / "class")
    result = subprocess.run(
        ["make", "-o", ".venv/.installed", "example"],
        cwd=kit, capture_output=True, text=True, timeout=3600,
    )
    assert result.returncode == 0, f"make example failed:\n{result.stdout}\n{result.stderr}"
    return result, before


@pytest.fixture(scope="module")
def course(kit, graded):
    return Course(kit)


def maxima(course):
    """Each exercise's maximum points, added up from its instructor notebook."""
    totals = {}
    for exercise in course.exercises:
        notebook = nbformat.read(course.root / "source" / exercise / f"{exercise}.ipynb", as_version=4)
        totals[exercise] = sum(cell.metadata.get("nbgrader", {}).get("points", 0) for cell in notebook.cells)
    return totals


def expected_table(course):
    """{student: [points per exercise (None for no grade)]} of the example class."""
    maximum = maxima(course)
    exercises = course.exercises
    first, last = exercises[0], exercises[-1]
    return {
        "(maximum)": [maximum[ex] for ex in exercises],
        "alice": [maximum[ex] for ex in exercises],
        "bob": [BOB_AND_CAROL[ex][0] for ex in exercises],
        "carol": [BOB_AND_CAROL[ex][1] for ex in exercises],
        "dave": [0 for ex in exercises],
        "erin": [None if ex == last else maximum[ex] for ex in exercises],
        "frank": [maximum[ex] if ex == first else None for ex in exercises],
    }


def test_every_exercise_has_expected_points_for_bob_and_carol(course):
    assert sorted(BOB_AND_CAROL) == course.exercises, "add the new exercise to BOB_AND_CAROL"


def test_the_grade_table_has_a_row_per_student_with_points_and_totals(course):
    with open(course.root / "grades.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["student", *course.exercises, "total"]
    table = {row[0]: row[1:] for row in rows[1:]}
    assert list(table) == ["(maximum)", *STUDENTS]
    for student, expected in expected_table(course).items():
        total = sum(points for points in expected if points is not None)
        written = ["" if points is None else str(points) for points in expected] + [str(total)]
        assert table[student] == written, student


def test_the_summary_shows_scores_and_one_line_per_problem(course, graded):
    output = graded[0].stdout
    last = course.exercises[-1]
    assert "carol / ex3_backpropagation: 9 of 16 points, 3 of 7 checks failed" in output
    assert re.search(rf"erin / {last}: notebook is not valid JSON \(line \d+, column \d+: .*\), not graded", output)
    for exercise in course.exercises[1:]:
        assert f"frank / {exercise}: nothing handed in" in output
    assert ("carol / ex3_backpropagation: changed the locked cell(s) test_sigmoid_backward; "
            "the original was graded") in output
    problems = output.split("Problems (")[1].split("\n\n")[0].splitlines()[1:]
    assert len(problems) == 2 + len(course.exercises) - 1


def test_make_prints_only_what_the_user_needs(graded):
    """No 'Removing existing assignment' per exercise (issue #12): `make` regenerates release/ quietly."""
    output = graded[0].stdout + graded[0].stderr
    assert "Removing existing assignment" not in output


def test_every_hand_in_but_the_broken_one_is_graded(course):
    last = course.exercises[-1]
    for name in sorted(EXAMPLE_CLASS.glob("*.ipynb")):
        student, exercise = name.stem.split("_", 1)
        graded = course.notebook("autograded", student, exercise).is_file()
        assert graded == ((student, exercise) != ("erin", last)), name.name


def test_each_hand_in_has_feedback_with_messages_and_without_hidden_tests(course):
    pages = 0
    for name in sorted(EXAMPLE_CLASS.glob("*.ipynb")):
        student, exercise = name.stem.split("_", 1)
        page = course.feedback_file(student, exercise)
        assert page.is_file(), page
        pages += 1
        text = page_text(page)
        assert "HIDDEN TESTS" not in text, page
        leaked = [line for line in hidden_lines(exercise) if line in text]
        assert not leaked, f"{page} shows hidden test code: {leaked[:3]}"
        for message in FEEDBACK_MESSAGES.get(exercise, {}).get(student, []):
            assert message in text, (page, message)
    assert pages == len(list(EXAMPLE_CLASS.glob("*.ipynb")))


def test_the_broken_hand_in_gets_a_page_that_says_why(course):
    page = page_text(course.feedback_file("erin", course.exercises[-1]))
    assert "not graded" in page and "not valid JSON" in page


def test_no_hand_in_is_changed(kit, course, graded):
    assert file_hashes(kit / "examples" / "class") == graded[1]
    for name in sorted(EXAMPLE_CLASS.glob("*.ipynb")):
        student, exercise = name.stem.split("_", 1)
        imported = course.notebook("submitted", student, exercise)
        assert imported.read_bytes() == (kit / "examples" / "class" / name.name).read_bytes()


def test_importing_again_changes_nothing(kit, course, graded):
    """The hand-ins are there already, unchanged: a second import skips them all."""
    before = file_hashes(course.root / "submitted")
    result = subprocess.run(
        [sys.executable, "-m", "coursekit", "import", "examples/class"],
        cwd=kit, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    handins = len(list(EXAMPLE_CLASS.glob("*.ipynb")))
    assert "Imported 0 hand-in(s)" in result.stdout
    assert f"{handins} hand-in(s) were imported before and are unchanged" in result.stdout
    assert file_hashes(course.root / "submitted") == before


def test_the_example_class_is_current_with_source(tmp_path):
    """examples/class is what examples/make_example_class.py makes from source/ today."""
    course = make_course(tmp_path)
    for exercise in Course(course).exercises:
        generate(course, exercise)
    out = tmp_path / "class"
    subprocess.run(
        [sys.executable, str(REPO / "examples" / "make_example_class.py"), "--course", str(course), "--out", str(out)],
        check=True, capture_output=True, text=True,
    )
    made = {p.name: p.read_text() for p in sorted(out.glob("*.ipynb"))}
    committed = {p.name: p.read_text() for p in sorted(EXAMPLE_CLASS.glob("*.ipynb"))}
    assert sorted(made) == sorted(committed)
    stale = [name for name in made if made[name] != committed[name]]
    assert not stale, (
        f"examples/class is out of date ({', '.join(stale)}): run "
        ".venv/bin/python examples/make_example_class.py after `make release`"
    )


def test_the_class_report_agrees_with_the_gradebook_and_links_every_feedback_page(course, graded):
    """class_report.csv's per-check numbers are the gradebook's, and the page links each hand-in's feedback page."""
    assert "Class report:     class_report.html (per check: class_report.csv)" in graded[0].stdout
    with open(course.root / "class_report.csv", newline="") as file:
        written = {(row["exercise"], row["check"]): [int(row["graded"]), int(row["passed"])]
                   for row in csv.DictReader(file)}
    expected = {}
    with course.gradebook() as gradebook:
        for name in sorted(EXAMPLE_CLASS.glob("*.ipynb")):
            student, exercise = name.stem.split("_", 1)
            if not course.notebook("autograded", student, exercise).is_file():
                continue
            for grade in gradebook.find_submission_notebook(exercise, exercise, student).grades:
                counts = expected.setdefault((exercise, grade.name), [0, 0])
                counts[0] += 1
                counts[1] += grade.score == grade.max_score
    assert written == expected
    page = (course.root / "class_report.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(feedback/[^"]+)"', page)
    assert len(links) == len(list(EXAMPLE_CLASS.glob("*.ipynb")))
    assert all((course.root / link).is_file() for link in links)
    assert "changed the locked cell(s) test_sigmoid_backward" in page_text(course.root / "class_report.html")


def test_the_report_command_reads_the_same_class_back_from_the_course_folder(course, graded):
    """`python -m coursekit report` after grading writes the page and CSV that grading wrote (but the time)."""
    from coursekit.__main__ import main

    written = {name: (course.root / name).read_text(encoding="utf-8")
               for name in ("class_report.html", "class_report.csv")}
    assert main(["report", "--course", str(course.root)]) == 0
    again = {name: (course.root / name).read_text(encoding="utf-8") for name in written}

    def timeless(text):
        return re.sub(r"report made [0-9: -]+", "", text)

    assert again["class_report.csv"] == written["class_report.csv"]
    assert timeless(again["class_report.html"]) == timeless(written["class_report.html"])
