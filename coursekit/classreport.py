"""What the class did, as numbers: per exercise the scores, each check's pass rate and failures,
and the hand-ins to look at.

summarise() turns the Outcomes of a grading run (coursekit.results) into a
ClassSummary. Nothing here reads or writes a file, and nothing reads a
sentence: checks are grade ids, problems are grouped by their Kind, and a
new Kind shows up on the page without a change here (its words come from
Problem.text()). coursekit.classpage draws the summary as an HTML page;
csv_rows() gives the per-check numbers for a spreadsheet.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from coursekit.results import Status, is_check

TOP_MESSAGES = 5
"""How many of a check's failure messages the page lists (the most common); the rest are counted."""


@dataclass
class Failure:
    """One failure message of one check, and the students who got it."""

    message: str
    students: list


@dataclass
class CheckStats:
    """One check (test cell) of an exercise across the graded hand-ins.

    points: its maximum points (None if unknown). graded: graded hand-ins
    that ran it. passed: of those, how many earned all its points.
    failures: the failure messages, most common first.
    """

    grade_id: str
    points: float
    graded: int = 0
    passed: int = 0
    failures: list = field(default_factory=list)

    @property
    def failed(self):
        return self.graded - self.passed

    @property
    def share_passed(self):
        """The share of the graded hand-ins that passed (0..1), None when nobody was graded."""
        return self.passed / self.graded if self.graded else None


@dataclass
class Attention:
    """A hand-in to look at: the student, and the Problems (coursekit.results) of one Kind."""

    student: str
    kind: object  # a results.Kind
    problems: list


@dataclass
class ExerciseSummary:
    """One exercise across the class.

    scores: {student: points, or None when not graded}; status: {student: Status};
    max_score: the exercise's maximum; checks: CheckStats, hardest first;
    attention: {Kind: [Attention]}, in the order the kinds first occur.
    """

    exercise: str
    max_score: float
    scores: dict
    status: dict
    checks: list
    attention: dict

    def graded_scores(self):
        """The scores of the graded hand-ins, in student order."""
        return [self.scores[s] for s in sorted(self.scores) if self.scores[s] is not None]

    def count(self, status):
        return sum(1 for value in self.status.values() if value is status)


@dataclass
class ClassSummary:
    """The class across its exercises: the students, and one ExerciseSummary per exercise collected."""

    students: list
    exercises: list  # ExerciseSummary, in the course's order

    def percent(self, student):
        """{exercise: the student's points as a percentage of the maximum, or None}."""
        return {summary.exercise: (100.0 * summary.scores[student] / summary.max_score
                                   if summary.scores.get(student) is not None and summary.max_score else None)
                for summary in self.exercises}


def checks_of(notebook):
    """[(grade_id, points)] of the autograded test cells of an exercise's notebook, in order."""
    return [(cell.metadata["nbgrader"]["grade_id"], float(cell.metadata["nbgrader"].get("points", 0)))
            for cell in notebook.cells if is_check(cell)]


def summarise(outcomes, checks, exercises):
    """The ClassSummary of a grading run.

    outcomes: the Outcomes (every hand-in, including NOT_HANDED_IN ones).
    checks: {exercise: [(grade_id, points)]} (checks_of() of each source
    notebook). exercises: the course's exercises, in order; only those with
    an Outcome are summarised.
    """
    by_exercise = defaultdict(list)
    for outcome in outcomes:
        by_exercise[outcome.exercise].append(outcome)
    students = sorted({o.student for o in outcomes if o.status is not Status.NOT_AN_EXERCISE})
    summaries = [_exercise(exercise, by_exercise[exercise], checks.get(exercise, []))
                 for exercise in exercises if by_exercise.get(exercise)]
    return ClassSummary(students, summaries)


def _exercise(exercise, outcomes, checks):
    stats = {grade_id: CheckStats(grade_id, points) for grade_id, points in checks}
    failures = defaultdict(lambda: defaultdict(list))  # grade_id -> message -> students
    graded = [o for o in outcomes if o.graded]
    for outcome in graded:  # a check the source does not have (an old hand-in): counted too
        for grade_id, _ in outcome.failed_checks:
            stats.setdefault(grade_id, CheckStats(grade_id, None))
    for outcome in graded:
        failed = dict(outcome.failed_checks)
        for grade_id, check in stats.items():
            check.graded += 1
            if grade_id in failed:
                failures[grade_id][failed[grade_id]].append(outcome.student)
            else:
                check.passed += 1
    for grade_id, messages in failures.items():
        stats[grade_id].failures = sorted(
            (Failure(message, sorted(students)) for message, students in messages.items()),
            key=lambda failure: (-len(failure.students), failure.message))
    order = {grade_id: number for number, grade_id in enumerate(stats)}
    hardest_first = sorted(stats.values(), key=lambda c: (c.share_passed if c.graded else 2.0, order[c.grade_id]))
    maxima = [o.max_score for o in graded if o.max_score is not None]
    max_score = maxima[0] if maxima else sum(points for _, points in checks) or None
    attention = {}
    for outcome in sorted(outcomes, key=lambda o: o.student):
        kinds = defaultdict(list)
        for problem in outcome.problems:
            kinds[problem.kind].append(problem)
        for kind, problems in kinds.items():
            attention.setdefault(kind, []).append(Attention(outcome.student, kind, problems))
    return ExerciseSummary(
        exercise=exercise,
        max_score=max_score,
        scores={o.student: o.score if o.graded else None for o in outcomes},
        status={o.student: o.status for o in outcomes},
        checks=hardest_first,
        attention=attention,
    )


CSV_HEADER = ["exercise", "check", "points", "graded", "passed", "failed", "share_passed", "most_common_failure",
              "students_with_it"]


def csv_rows(summary):
    """The per-check numbers as rows for class_report.csv: header first, then one row per check."""
    rows = [list(CSV_HEADER)]
    for exercise in summary.exercises:
        for check in exercise.checks:
            top = check.failures[0] if check.failures else None
            share = "" if check.share_passed is None else f"{check.share_passed:.3f}"
            rows.append([exercise.exercise, check.grade_id, _points(check.points), check.graded, check.passed,
                         check.failed, share, top.message if top else "", len(top.students) if top else 0])
    return rows


def _points(value):
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
