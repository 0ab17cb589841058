"""Grading: every hand-in in submitted/ autograded, with feedback, and what went wrong.

One hand-in (one student, one exercise) is one unit of work:
grade_submission(course, student, exercise) checks that the file is a
notebook, runs nbgrader's autograde, writes the feedback page and returns an
Outcome (coursekit.results). It touches only that hand-in's folders and its
rows in the gradebook, so grade_all() runs several at once, one per CPU
core, each in its own worker process (coursekit.workers), or one task per
hand-in on a Dask cluster (coursekit.cluster).

A hand-in graded completely gets a stamp (coursekit.stamps); grading again
skips it while the hand-in is the same, so an interrupted run picks up where
it stopped; regrade=True grades everything again.
"""
import fnmatch
import os
from contextlib import ExitStack

import nbformat
from nbgrader.api import MissingEntry

from coursekit import stamps, term
from coursekit.cluster import Cluster, require_shared_gradebook
from coursekit.course import CourseError, last_error_line
from coursekit.feedback import generate_feedback, write_not_graded_feedback
from coursekit.precheck import HandinLimits, changed_cells, unreadable
from coursekit.progress import Progress
from coursekit.results import Kind, Outcome, Problem, Status, read_checks
from coursekit.surrogates import without_surrogates
from coursekit.tamper import scan
from coursekit.workers import run_all


def grade_all(course, progress=None, workers=None, regrade=False, students="*", exercises="*",
              scheduler=None):
    """Grade every hand-in in submitted/; returns the list of Outcomes.

    workers: how many hand-ins to grade at once (default: one per CPU core).
    scheduler: the address of a Dask scheduler (tcp://host:8786) to grade on
        its cluster instead (coursekit.cluster); the gradebook must be PostgreSQL.
    regrade: grade hand-ins again that were graded before and have not changed.
    students: grade only the students whose id matches this pattern
        (shell-style, e.g. "[a-m]*").
    exercises: grade only the exercises whose name matches this pattern.
    Also returns an Outcome NOT_HANDED_IN for every student who handed in
    nothing for an exercise that others did hand in.
    progress: a coursekit.progress.Progress-like factory, called with the number
        of hand-ins to grade (default: Progress, on standard output).
    """
    handins, strays = find_handins(course)
    handins = [(s, e) for s, e in handins
               if fnmatch.fnmatchcase(s, students) and fnmatch.fnmatchcase(e, exercises)]
    if scheduler:
        require_shared_gradebook(course)
    check_gradebook(course, sorted({exercise for _, exercise in handins}))
    try:
        term.write_due_dates(course)
    except ValueError as error:  # a due date or extension in nbgrader_config.py that cannot be read
        raise CourseError(str(error)) from None
    todo = [handin for handin in handins
            if regrade or not stamps.is_graded(course, *handin) or term.clock_changed(course, *handin)]
    done = [handin for handin in handins if handin not in todo]
    workers = min(workers or os.cpu_count() or 1, max(len(todo), 1))

    outcomes = []
    with (progress or Progress)(len(todo)) as meter, ExitStack() as stack:
        if scheduler:
            cluster = stack.enter_context(Cluster(scheduler, note=meter.note))
            workers, graded = cluster.check_workers(), cluster.grade(course, todo)
        else:
            graded = run_all(grade_one, [(course, s, e) for s, e in todo], workers)
        meter.note(start_line(course, len(todo), len(done), workers, scheduler))
        if len(todo) > 1 and (workers > 1 or scheduler):
            prepare_shared_gradebook(course, {student for student, _ in todo})
        for outcome in graded:  # both are generators: the grading starts here
            meter.done(outcome.status_line())
            outcomes.append(outcome)
    outcomes.extend(graded_outcome(course, student, exercise) for student, exercise in done)
    order = {handin: number for number, handin in enumerate(handins)}
    outcomes.sort(key=lambda o: order[(o.student, o.exercise)])
    missing = missing_handins(course, handins)
    return [o for o in strays + outcomes + missing
            if fnmatch.fnmatchcase(o.student, students) and fnmatch.fnmatchcase(o.exercise, exercises)]


def start_line(course, todo, done, workers, scheduler=None):
    """The first progress line: how many hand-ins, where, with how many workers (on which cluster)."""
    where = course.relative(course.folder("submitted", ".", ".").resolve())
    cluster = f" on the Dask cluster at {scheduler}" if scheduler else ""
    line = f"Grading {todo} hand-in(s) in {where}/{cluster} with {workers} worker(s)"
    if done:
        line += f"; {done} graded before and unchanged (use --regrade to grade them again)"
    return line + " ..."


def prepare_shared_gradebook(course, students):
    """Make the gradebook ready for several workers: shared SQLite, students created once.

    Two workers must not both create the same student (one would fail).
    """
    course.share_gradebook()
    with course.gradebook() as gradebook:
        for student in sorted(students):
            gradebook.update_or_create_student(student)


def find_handins(course):
    """The (student, exercise) pairs in submitted/, and Outcomes for folders that are not hand-ins."""
    exercises = course.exercises
    handins, strays = [], []
    for student in course.submitted_students():
        folder = course.folder("submitted", student, ".")
        for entry in sorted(folder.iterdir()):
            if entry.name in exercises and entry.is_dir():
                handins.append((student, entry.name))
            elif entry.name != "timestamp.txt" and not entry.name.startswith("."):
                strays.append(Outcome(student, entry.name, Status.NOT_AN_EXERCISE, problems=[
                    Problem(Kind.NOT_AN_EXERCISE, detail=course.relative(entry))
                ]))
    order = {exercise: number for number, exercise in enumerate(exercises)}
    handins.sort(key=lambda handin: (handin[0], order[handin[1]]))
    return handins, strays


def check_gradebook(course, exercises):
    """Raise CourseError unless the gradebook knows every exercise in `exercises`.

    nbgrader's generate_assignment (`make release`) puts an exercise and its
    tests into the gradebook; autograde needs them there.
    """
    with course.gradebook() as gradebook:
        known = {assignment.name for assignment in gradebook.assignments}
    missing = [exercise for exercise in exercises if exercise not in known]
    if missing:
        raise CourseError(
            f"The gradebook does not know {', '.join(missing)} yet. Run `make release` "
            f"(or `nbgrader generate_assignment {missing[0]} --force`) first."
        )


def missing_handins(course, handins):
    """Outcomes NOT_HANDED_IN for the students without a hand-in of a collected exercise.

    The students are those in submitted/ and in the gradebook. An exercise
    counts as collected when at least one student handed it in.
    """
    with course.gradebook() as gradebook:
        students = {student.id for student in gradebook.students}
    students.update(course.submitted_students())
    collected = [exercise for exercise in course.exercises if any(e == exercise for _, e in handins)]
    return [
        Outcome(student, exercise, Status.NOT_HANDED_IN, problems=[Problem(Kind.NOT_HANDED_IN)])
        for student in sorted(students)
        for exercise in collected
        if (student, exercise) not in handins
    ]


def grade_one(course, student, exercise):
    """grade_submission(), with an unexpected failure reported as a problem of this hand-in only."""
    try:
        return grade_submission(course, student, exercise)
    except Exception as error:  # one broken hand-in must not stop the class's grading
        message = " ".join(f"{type(error).__name__}: {error}".split())
        return Outcome(student, exercise, Status.NBGRADER_FAILED,
                       problems=[Problem(Kind.GRADING_FAILED, detail=message)])


def grade_submission(course, student, exercise):
    """Autograde one hand-in and write its feedback page; returns its Outcome.

    A file that is not a readable notebook is not graded: its feedback page
    tells the student why. The hand-in itself is only read.
    """
    submitted = course.notebook("submitted", student, exercise)
    problem = unreadable(submitted, HandinLimits(config=course.config).max_bytes)
    if problem:
        write_not_graded_feedback(course, student, exercise, problem.detail)
        return Outcome(student, exercise, Status.UNREADABLE, problems=[problem])
    problems = inspect(course, student, exercise, with_scan=True)
    term.prepare_handin(course, student, exercise)

    result = course.api().autograde(exercise, student, force=True, create=True)
    if not result["success"] or not course.notebook("autograded", student, exercise).is_file():
        detail = last_error_line(result.get("error", "") + "\n" + result.get("log", ""))
        write_not_graded_feedback(course, student, exercise, f"the autograder failed on it ({detail})")
        return Outcome(student, exercise, Status.NBGRADER_FAILED,
                       problems=problems + [Problem(Kind.NBGRADER_FAILED, detail=detail)])

    feedback_problem = generate_feedback(course, student, exercise)
    outcome = graded_outcome(course, student, exercise, problems)
    if feedback_problem:
        outcome.problems.append(feedback_problem)
    else:
        stamps.write_stamp(course, student, exercise)
        term.remember_clock(course, student, exercise)
    return outcome


def inspect(course, student, exercise, with_scan=False):
    """The Problems found in a readable hand-in before it runs: given cells changed, and
    (with_scan) code that reaches for the grader's machinery (coursekit.tamper)."""
    handed_in = without_surrogates(nbformat.read(course.notebook("submitted", student, exercise), as_version=4))
    with course.gradebook() as gradebook:
        try:
            graded_cells = [cell.name for cell in gradebook.find_notebook(exercise, exercise).grade_cells]
        except MissingEntry:
            graded_cells = []
    problems = changed_cells(handed_in, graded_cells) + term.timestamp_problems(course, student, exercise)
    if with_scan:
        source = nbformat.read(course.notebook("source", ".", exercise), as_version=4)
        problems.extend(scan(handed_in, source))
    return problems


def graded_outcome(course, student, exercise, problems=None):
    """The Outcome of an autograded hand-in, read from autograded/ and the gradebook.

    problems: what inspect() found before grading (read again when None: a
    hand-in graded by an earlier run).
    """
    if problems is None:
        problems = inspect(course, student, exercise)
    outcome = Outcome(student, exercise, Status.GRADED, problems=list(problems))
    read_checks(nbformat.read(course.notebook("autograded", student, exercise), as_version=4), outcome)
    with course.gradebook() as gradebook:
        submission = gradebook.find_submission(exercise, student)
        # the score after nbgrader's late penalty (coursekit.late), as the grade table shows it
        outcome.score = submission.score - (submission.late_submission_penalty or 0)
        outcome.max_score = submission.max_score
        if submission.needs_manual_grade:
            outcome.problems.append(Problem(Kind.MANUAL_GRADING))
    return outcome


def recorded_outcomes(course):
    """The Outcomes of every hand-in as the last grading left them, read from the course folder.

    For a class report without grading again: a hand-in with a graded
    notebook gets its Outcome from autograded/ and the gradebook (with the
    problems inspect() finds, the scan included); a file that is not a
    notebook is UNREADABLE; any other hand-in NOT_GRADED. The reasons a
    grading run gave for a failure are not kept: the report that
    `python -m coursekit grade` writes shows them. A hand-in changed after
    its grading shows the grade of the version graded, as grades.csv does.
    """
    handins, strays = find_handins(course)
    outcomes = []
    for student, exercise in handins:
        problem = unreadable(course.notebook("submitted", student, exercise))
        if problem:
            outcomes.append(Outcome(student, exercise, Status.UNREADABLE, problems=[problem]))
            continue
        try:
            if course.notebook("autograded", student, exercise).is_file():
                outcomes.append(graded_outcome(course, student, exercise,
                                               inspect(course, student, exercise, with_scan=True)))
                continue
        except MissingEntry:  # a graded notebook the gradebook does not know
            pass
        outcomes.append(Outcome(student, exercise, Status.NOT_GRADED, problems=[Problem(Kind.NOT_GRADED)]))
    return strays + outcomes + missing_handins(course, handins)
