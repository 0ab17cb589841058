"""The commands `report` and `similarity`: read the course, compute, write the files.

write_class_report() writes class_report.html (coursekit.classpage) and
class_report.csv (the per-check numbers) beside grades.csv.
`python -m coursekit grade` calls it with the Outcomes it just made;
`python -m coursekit report` with those read from the course folder
(coursekit.grading.recorded_outcomes). similarity_lines() is the
`similarity` command's output. The computing is elsewhere
(coursekit.classreport, coursekit.similarity); this module only reads and
writes files.
"""
import csv
import datetime
import os

import nbformat
from nbgrader.preprocessors import ClearSolutions

from coursekit import similarity
from coursekit.classpage import render
from coursekit.classreport import checks_of, csv_rows, summarise
from coursekit.course import CourseError
from coursekit.precheck import unreadable

REPORT_HTML = "class_report.html"
"""The class report's file name, in the course folder."""

REPORT_CSV = "class_report.csv"
"""The per-check numbers' file name, beside the report."""


def write_class_report(course, outcomes, html_path=None):
    """Write the class report and its CSV; returns (html path, csv path).

    outcomes: the Outcomes of every hand-in (grade_all() or recorded_outcomes()).
    html_path: where the page goes (default: class_report.html in the course folder).
    """
    html_path = course.root / REPORT_HTML if html_path is None else html_path
    csv_path = html_path.with_suffix(".csv")
    checks = {exercise: checks_of(_read(course.notebook("source", ".", exercise))) for exercise in course.exercises}
    summary = summarise(outcomes, checks, course.exercises)
    links = {}
    for student in summary.students:
        for exercise in course.exercises:
            page = course.feedback_file(student, exercise)
            if page.is_file():
                links[(student, exercise)] = os.path.relpath(page, html_path.parent)
    similar = {exercise.exercise: alike_pairs(course, exercise.exercise) for exercise in summary.exercises}
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    html_path.write_text(render(summary, course.course_id, when, links, similar), encoding="utf-8")
    with open(csv_path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(csv_rows(summary))
    return html_path, csv_path


def alike_pairs(course, exercise):
    """[(Pair, first's Statements, second's Statements)] of one exercise's hand-ins, most alike first.

    None when they cannot be compared: the exercise's student version (release/) is missing.
    """
    if not course.release_notebook(exercise).is_file():
        return None
    handins, reference = exercise_statements(course, exercise)
    return [(pair, handins[pair.first], handins[pair.second])
            for pair in similarity.ranked_pairs(handins, reference)]


def exercise_statements(course, exercise):
    """({student: [Statement]}, the instructor's Statements) of the readable hand-ins in submitted/."""
    release = course.release_notebook(exercise)
    if not release.is_file():
        raise CourseError(f"There is no {course.relative(release)}: run `make release` first.")
    notebooks = {}
    for student in course.submitted_students():
        path = course.notebook("submitted", student, exercise)
        if path.is_file() and unreadable(path) is None:
            notebooks[student] = _read(path)
    source = course.notebook("source", ".", exercise)
    reference = _read(source) if source.is_file() else None
    return similarity.class_statements(notebooks, _read(release), solution_markers(course), reference)


def solution_markers(course):
    """(begin, end): the course's solution region markers, nbgrader's ClearSolutions delimiters."""
    clear = ClearSolutions(config=course.config)
    return clear.begin_solution_delimeter, clear.end_solution_delimeter


def similarity_lines(course, exercise, top=None):
    """The `similarity` command's output: one line per pair, 'score  first  second', most alike first."""
    if exercise not in course.exercises:
        raise CourseError(f"{exercise} is not an exercise of this course ({', '.join(course.exercises)}).")
    handins, reference = exercise_statements(course, exercise)
    pairs = similarity.ranked_pairs(handins, reference)
    if not pairs:
        return [f"No two of the {len(handins)} hand-ins of {exercise} share rare code."]
    width = max(len(p.first) for p in pairs)
    return [f"{pair.score:6.1f}  {pair.first.ljust(width)}  {pair.second}" for pair in pairs[:top]]


def _read(path):
    return nbformat.read(path, as_version=4)
