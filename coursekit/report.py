"""The grade table (grades.csv) and the summary printed after grading.

The table has one row per student, one column of points per exercise and
a total; the first row, "(maximum)", holds the maximum points. An empty cell
means no grade: nothing handed in, or a hand-in that could not be graded
(the summary says which). The points come from nbgrader's gradebook, so they
include any manual grading done in formgrader, and they are after nbgrader's
late penalty (coursekit.late). For each exercise with a late hand-in, columns
at the end say how late (hours), the student's extension, the raw score and
the penalty.

The same table is available through nbgrader's export command:

    nbgrader export --exporter=coursekit.report.GradeTableExporter --to grades.csv
"""
import csv
from dataclasses import dataclass, field

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin

from coursekit import term
from coursekit.course import exercise_order
from coursekit.late import LatePenalty, read_lateness
from coursekit.late_summary import late_columns, late_lines
from coursekit.results import Status, points, printable

MAXIMUM_ROW = "(maximum)"


@dataclass
class GradeTable:
    """Points per student and exercise; None where there is no grade."""

    exercises: list
    maxima: dict  # exercise -> maximum points (None if the gradebook does not know it)
    scores: dict  # student -> {exercise -> points or None}
    late: dict = field(default_factory=dict)  # (student, exercise) -> coursekit.late.Lateness

    def total(self, student):
        return sum(score for score in self.scores[student].values() if score is not None)

    def max_total(self):
        return sum(value for value in self.maxima.values() if value is not None)

    def rows(self):
        """The table as rows of text, header first, then the maximum row, then the students."""
        header, cells = late_columns(self.exercises, self.late)
        rows = [["student", *self.exercises, "total", *header]]
        rows.append([MAXIMUM_ROW, *(points(self.maxima[ex]) for ex in self.exercises),
                     points(self.max_total()), *([""] * len(header))])
        for student in sorted(self.scores):
            rows.append([student, *(points(self.scores[student][ex]) for ex in self.exercises),
                         points(self.total(student)), *cells(student)])
        return rows

    def write_csv(self, path):
        with open(path, "w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows(self.rows())

    def lines(self):
        """The table as aligned text (without the late columns); an empty cell is shown as '-'."""
        width = len(self.exercises) + 2
        rows = [[printable(cell) if cell != "" else "-" for cell in row[:width]] for row in self.rows()]
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        return [
            "  ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                      for column, (cell, width) in enumerate(zip(row, widths)))
            for row in rows
        ]


def read_grade_table(gradebook, exercises, students, not_graded=(), policy=None):
    """Build the GradeTable of `students` x `exercises` from an open nbgrader Gradebook.

    not_graded: (student, exercise) pairs to leave empty whatever the
    gradebook holds (a hand-in that could not be graded this time).
    policy: the course's coursekit.late.LatePenalty (its grace minutes), for the late hand-ins.
    """
    maxima = {}
    for exercise in exercises:
        try:
            maxima[exercise] = gradebook.find_assignment(exercise).max_score
        except MissingEntry:
            maxima[exercise] = None
    scores = {}
    for student in students:
        scores[student] = {}
        for exercise in exercises:
            try:
                submission = gradebook.find_submission(exercise, student)
                score = submission.score - (submission.late_submission_penalty or 0)
            except MissingEntry:
                score = None
            scores[student][exercise] = None if (student, exercise) in not_graded else score
    late, policy = {}, policy or LatePenalty()
    for student in students:
        for exercise in exercises:
            lateness = read_lateness(gradebook, exercise, student, policy)
            if lateness is not None and (student, exercise) not in not_graded:
                late[(student, exercise)] = lateness
    return GradeTable(list(exercises), maxima, scores, late)


def grade_table(course, outcomes):
    """The GradeTable of a course after grading: every student, every exercise."""
    with course.gradebook() as gradebook:
        students = {student.id for student in gradebook.students}
        students.update(course.submitted_students())
        not_graded = {(o.student, o.exercise) for o in outcomes if not o.graded}
        return read_grade_table(gradebook, course.exercises, sorted(students), not_graded,
                                term.policy(course))


def summary_lines(course, table, outcomes, csv_path):
    """The summary printed after grading: the table, the problems, where the files are."""
    lines = ["", "Points per student and exercise:", *("  " + line for line in table.lines())]
    order = {exercise: number for number, exercise in enumerate(course.exercises)}
    ordered = sorted(outcomes, key=lambda o: (o.student, order.get(o.exercise, len(order)), o.exercise))
    problems = [line for outcome in ordered for line in outcome.problem_lines()]
    lines.append("")
    if problems:
        lines.append(f"Problems ({len(problems)}):")
        lines.extend("  " + line for line in problems)
    else:
        lines.append("No problems found.")
    lines.extend(late_lines(course, table, outcomes))
    pages = [o for o in outcomes if course.feedback_file(o.student, o.exercise).is_file()
             and o.status is not Status.NOT_HANDED_IN]
    feedback_folder = course.relative(course.folder("feedback", ".", ".").resolve())
    autograded_folder = course.relative(course.folder("autograded", ".", ".").resolve())
    lines += [
        "",
        f"Grade table:      {course.relative(csv_path)}",
        f"Feedback pages:   {len(pages)} in {feedback_folder}/<student>/<exercise>/<exercise>.html",
        f"Graded notebooks: {autograded_folder}/<student>/<exercise>/",
    ]
    return lines


class GradeTableExporter(ExportPlugin):
    """nbgrader export plugin that writes the grade table: one row per student.

    nbgrader export --exporter=coursekit.report.GradeTableExporter --to grades.csv
    """

    def export(self, gradebook):
        exercises = self.assignment or [a.name for a in gradebook.assignments]
        students = self.student or [s.id for s in gradebook.students]
        table = read_grade_table(gradebook, sorted(exercises, key=exercise_order), sorted(students),
                                 policy=LatePenalty(parent=self))
        destination = self.to or "grades.csv"
        table.write_csv(destination)
        self.log.info("Wrote the grade table to %s", destination)
