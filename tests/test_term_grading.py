"""Grading a term: due dates, an extension, the late policy, grace minutes and timestamps, end to end.

One class of exercise 1 (every hand-in right: 7 points) is graded with
`python -m coursekit grade`; the hand-ins differ only in their timestamp.txt.
Due 2026-10-05 23:59 UTC; 10% of the points per started day late, at most
50%; 5 grace minutes; bob has a 2-day extension.
"""
import csv
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.course import REPO, filled_in_notebook, generate, make_course, submit

EX1 = "ex1_building_blocks"

TERM_SETTINGS = f"""
c.Deadlines.timezone = "UTC"
c.Deadlines.due_dates = {{"{EX1}": "2026-10-05 23:59"}}
c.Deadlines.extensions = {{"bob": {{"{EX1}": "2 days"}}}}
c.LatePenalty.method = "per_day"
c.LatePenalty.per_day = 0.1
c.LatePenalty.max_penalty = 0.5
c.LatePenalty.grace_minutes = 5
"""

TIMESTAMPS = {
    "alice": "2026-10-05 23:00:00.000000 UTC",   # on time
    "bob": "2026-10-08 02:59:00.000000 UTC",     # 3 hours late after his 2-day extension
    "carol": "2026-10-06 00:02:00 UTC",          # 3 minutes late: within the grace minutes
    "dave": "2026-10-07 00:59:00 +0000",         # 25 hours late: two started days
    "erin": "sometime on monday",                # unreadable
    "frank": None,                               # no timestamp.txt
}


def grade(course, *args):
    return subprocess.run(
        [sys.executable, "-m", "coursekit", "grade", "--course", str(course), "--workers", "2", *args],
        capture_output=True, text=True, cwd=REPO, timeout=900,
    )


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("term"), [EX1])
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(TERM_SETTINGS)
    generate(course, EX1)
    notebook = filled_in_notebook(EX1)
    for student, stamp in TIMESTAMPS.items():
        submit(course, student, EX1, notebook)
        if stamp is not None:
            (course / "submitted" / student / EX1 / "timestamp.txt").write_text(stamp + "\n")
    result = grade(course)
    assert result.returncode == 0, result.stdout + result.stderr
    return course, result.stdout


def table(course):
    with open(course / "grades.csv", newline="") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


def test_the_due_date_and_the_extension_are_in_nbgraders_gradebook(term):
    """The formgrader shows the same due date; bob's extension is nbgrader's own."""
    course, _ = term
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert str(gradebook.find_assignment(EX1).duedate) == "2026-10-05 23:59:00"
        assert str(gradebook.find_submission(EX1, "bob").extension) == "2 days, 0:00:00"
        assert gradebook.find_submission(EX1, "alice").extension is None
        dave = gradebook.find_submission(EX1, "dave")
        assert dave.total_seconds_late == 25 * 3600
        assert dave.late_submission_penalty == pytest.approx(1.4)


def test_the_grade_table_has_the_final_scores_and_the_late_columns(term):
    course, _ = term
    rows = table(course)
    assert {student: rows[student][EX1] for student in TIMESTAMPS} == {
        "alice": "7", "bob": "6.3", "carol": "7", "dave": "5.6", "erin": "7", "frank": "7"}
    assert rows["dave"][f"{EX1} hours late"] == "25.00"
    assert rows["dave"][f"{EX1} raw score"] == "7"
    assert rows["dave"][f"{EX1} penalty"] == "1.4"
    assert rows["bob"][f"{EX1} extension"] == "2 days"
    assert rows["bob"][f"{EX1} hours late"] == "3.00"
    assert rows["alice"][f"{EX1} hours late"] == ""


def test_the_summary_lists_each_late_hand_in_and_the_untimed_ones_once(term):
    _, summary = term
    late = summary.split("Late hand-ins (3):\n")[1].split("\n\n")[0].splitlines()
    assert late == [
        f"  bob / {EX1}: 3 hours late (after an extension of 2 days): 7 points, penalty 0.7, final 6.3",
        f"  carol / {EX1}: 3 minutes late, within the grace minutes: no penalty",
        f"  dave / {EX1}: 1 day 1 hour late: 7 points, penalty 1.4, final 5.6",
    ]
    assert summary.count("have no time") == 1
    assert "2 graded hand-in(s) of exercises with a due date have no time (timestamp.txt)" in summary


def test_an_unreadable_timestamp_is_a_problem_line_and_the_hand_in_is_graded(term):
    course, summary = term
    assert (f"erin / {EX1}: the time of the hand-in cannot be read (timestamp.txt says "
            "'sometime on monday'); graded as on time") in summary
    assert (course / "autograded" / "erin" / EX1 / f"{EX1}.ipynb").is_file()


def test_regrading_one_student_leaves_the_others_alone(term):
    """--regrade --students dave grades dave again and no one else; the table still has everyone."""
    course, _ = term
    others = {s: (course / "autograded" / s / EX1 / f"{EX1}.ipynb").stat().st_mtime_ns
              for s in TIMESTAMPS if s != "dave"}
    dave = course / "autograded" / "dave" / EX1 / f"{EX1}.ipynb"
    before = dave.stat().st_mtime_ns
    result = grade(course, "--regrade", "--students", "dave", "--exercises", EX1)
    assert result.returncode == 0, result.stderr
    assert "Grading 1 hand-in(s)" in result.stdout
    assert dave.stat().st_mtime_ns != before
    assert nbformat.read(dave, as_version=4).cells
    assert {s: (course / "autograded" / s / EX1 / f"{EX1}.ipynb").stat().st_mtime_ns for s in others} == others
    assert table(course)["alice"][EX1] == "7" and table(course)["dave"][EX1] == "5.6"


def run(course, *args):
    return subprocess.run([sys.executable, "-m", "coursekit", *args, "--course", str(course)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)


CANVAS_ROSTER = (
    f"Student,ID,SIS User ID,SIS Login ID,Section,{EX1} (555),Current Points,Final Points,Current Score,"
    "Unposted Current Score,Final Score,Unposted Final Score\n"
) + """\
    Points Possible,,,,,7.00,(read only),(read only),(read only),(read only),(read only),(read only)
"Adams, Alice",101,S101,alice,Sioux DNN,,,,,,,
"Brown, Bob",102,S102,bob,Sioux DNN,,,,,,,
"Cole, Carol",103,S103,carol,Sioux DNN,,,,,,,
"Dunn, Dave",104,S104,dave,Sioux DNN,,,,,,,
"Green, Greta",107,S107,greta,Sioux DNN,,,,,,,
"""


def test_export_canvas_writes_the_final_scores_and_lists_students_the_roster_lacks(term, tmp_path):
    """Greta (in Canvas, no hand-in) gets an empty cell; erin and frank (not in Canvas) are listed."""
    course, _ = term
    roster = tmp_path / "canvas-export.csv"
    roster.write_text(CANVAS_ROSTER)
    result = run(course, "export", "canvas", str(tmp_path / "canvas-import.csv"), "--roster", str(roster))
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "canvas-import.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{EX1} (555)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "7"]
    assert [(row[3], row[5]) for row in rows[2:]] == [
        ("alice", "7"), ("bob", "6.3"), ("carol", "7"), ("dave", "5.6"), ("greta", "")]
    assert "Not in the Canvas roster, so not in the file (2)" in result.stdout
    assert f"  erin: {EX1} 7" in result.stdout and f"  frank: {EX1} 7" in result.stdout


def test_export_moodle_feedback_zip_holds_each_matched_page(term, tmp_path):
    course, _ = term
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(
        "Identifier,Full name,Email address,Status,Grade,Maximum grade,Grade can be changed,"
        "Last modified (submission),Last modified (grade),Feedback comments\n"
        "Participant 201,Alice Adams,alice@example.org,Submitted for grading,,7.00,Yes,-,-,\n"
        "Participant 202,Bob Brown,bob@example.org,Submitted for grading,,7.00,Yes,-,-,\n")
    target = tmp_path / "feedback.zip"
    result = run(course, "export", "moodle-feedback", str(target), "--roster", str(worksheet), "--exercise", EX1)
    assert result.returncode == 0, result.stderr
    import zipfile

    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [f"Alice Adams_201_assignfeedback_file_/{EX1}.html",
                                      f"Bob Brown_202_assignfeedback_file_/{EX1}.html"]
        page = archive.read(f"Bob Brown_202_assignfeedback_file_/{EX1}.html")
    assert page == (course / "feedback" / "bob" / EX1 / f"{EX1}.html").read_bytes()
    assert "Not in the Moodle roster" in result.stdout  # carol, dave, erin, frank


def test_a_new_extension_regrades_that_hand_in_and_no_other(term):
    """Runs last: it changes the course. Grading again without --regrade picks up dave's new
    extension (the notebook is the same, its lateness is not); the others are skipped."""
    course, _ = term
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(f'c.Deadlines.extensions = {{"bob": {{"{EX1}": "2 days"}}, "dave": {{"{EX1}": "2 days"}}}}\n')
    result = grade(course)
    assert result.returncode == 0, result.stderr
    assert "Grading 1 hand-in(s)" in result.stdout
    assert "5 graded before and unchanged" in result.stdout
    assert table(course)["dave"][EX1] == "7"
    assert f"dave / {EX1}:" not in result.stdout.split("Late hand-ins")[1]
