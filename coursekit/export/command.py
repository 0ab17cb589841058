"""`python -m coursekit export canvas|moodle|moodle-feedback FILE --roster ROSTER`: the command's steps.

Reads the grades from nbgrader's gradebook (the grade table's points, after
late penalties and any manual grading in the formgrader), matches the kit's
students to the roster, writes FILE, and returns lines for the instructor.
"""
import csv

from coursekit import term
from coursekit.course import CourseError
from coursekit.export import canvas, moodle, moodle_feedback
from coursekit.export.roster import RosterError, read_csv, report_lines
from coursekit.report import read_grade_table


def course_scores(course):
    """(exercises, maxima, {kit id: {exercise: points or None}}) from the course's gradebook."""
    with course.gradebook() as gradebook:
        students = {student.id for student in gradebook.students}
        students.update(course.submitted_students())
        table = read_grade_table(gradebook, course.exercises, sorted(students), policy=term.policy(course))
    graded = [ex for ex in table.exercises if any(table.scores[s][ex] is not None for s in table.scores)]
    return graded, table.maxima, table.scores


def export(course, lms, target, roster_path, zero_missing=False, exercise=None):
    """Write the LMS file `target`; returns the lines to print. Raises CourseError."""
    if not roster_path.is_file():
        raise CourseError(f"--roster {roster_path}: no such file")
    header, roster = read_csv(roster_path)
    exercises, maxima, scores = course_scores(course)
    try:
        if lms == "canvas":
            canvas.check_roster(header, roster_path)
            table, matched = canvas.rows(header, roster, exercises, maxima, scores, zero_missing)
        elif lms == "moodle":
            moodle.check_roster(header, roster_path)
            table, matched = moodle.rows(header, roster, exercises, scores, zero_missing)
        else:
            return feedback_zip(course, target, roster_path, roster, exercise)
    except RosterError as error:
        raise CourseError(str(error)) from None
    with open(target, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(table)
    name = "Canvas" if lms == "canvas" else "Moodle"
    lines = [f"Wrote {target}: {len(table) - (2 if lms == 'canvas' else 1)} {name} student(s), "
             f"{len(matched.rows)} with the kit's grades, exercises {', '.join(exercises) or '(none graded)'}."]
    return lines + report_lines(matched, scores, name)


def feedback_zip(course, target, worksheet_path, worksheet, exercise):
    """The Moodle feedback zip of one exercise."""
    if exercise not in course.exercises:
        raise CourseError(f"--exercise: say which exercise this Moodle assignment is ({', '.join(course.exercises)})")
    if moodle.IDENTIFIER not in (worksheet[0] if worksheet else {}):
        raise CourseError(f"{worksheet_path} is not a Moodle grading worksheet (no column 'Identifier'): "
                          "download it from the assignment's View all submissions page")
    pages = {student: course.feedback_file(student, exercise) for student in course.submitted_students()
             if course.feedback_file(student, exercise).is_file()}
    entries, matched = moodle_feedback.entries(worksheet, pages)
    moodle_feedback.write_zip(target, entries)
    lines = [f"Wrote {target}: {len(entries)} feedback page(s) of {exercise} for Moodle's "
             "\"Upload multiple feedback files in a zip\"."]
    return lines + report_lines(matched, {}, "Moodle")
