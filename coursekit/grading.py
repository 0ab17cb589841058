"""Grading: every hand-in in submitted/ autograded, with feedback, and what went wrong.

One hand-in (one student, one exercise) is one unit of work:
grade_submission(course, student, exercise) checks that the file is a
notebook, runs nbgrader's autograde, writes the feedback page and returns an
Outcome. It touches only that hand-in's folders and its rows in the
gradebook, so grade_all() runs several at once, one per CPU core, each in
its own worker process (coursekit.workers).

A hand-in that was graded completely gets a stamp with the hash of the
notebook that was graded. Grading again skips it while the hand-in is the
same, so an interrupted run picks up where it stopped; regrade=True grades
everything again.

A problem is anything the instructor should know beyond the score, as one
plain sentence: a file that is not a notebook, a locked cell the student
changed, a cell stopped for running too long, a missing hand-in.
"""
import fnmatch
import hashlib
import json
import os
import re
from dataclasses import dataclass, field

import nbformat
from nbgrader import utils
from nbgrader.api import MissingEntry

from coursekit.course import CourseError, last_error_line, use_grading_environment
from coursekit.feedback import generate_feedback, write_not_graded_feedback
from coursekit.tamper import summary as tamper_summary
from coursekit.tamper import suspicious_code
from coursekit.workers import run_all

STAMP = ".coursekit-graded.json"
"""In autograded/<student>/<exercise>/: the hash of the hand-in graded there.

nbgrader_config.py lists it in CourseDirectory.ignore, so nbgrader never
copies it into feedback/."""


@dataclass
class Outcome:
    """The result of grading one student's hand-in of one exercise."""

    student: str
    exercise: str
    graded: bool = False
    score: float = None
    max_score: float = None
    checks: int = 0  # test cells graded
    failed_checks: list = field(default_factory=list)  # (grade_id, message) per failed test cell
    problems: list = field(default_factory=list)  # sentences, e.g. "nothing handed in"

    def problem_lines(self):
        """One line per problem: 'bob / ex3_backpropagation: nothing handed in'."""
        return [f"{self.student} / {self.exercise}: {problem}" for problem in self.problems]

    def status(self):
        """One line for the progress report, e.g. 'carol / ex3_backpropagation: 9 of 16 points, 3 of 7 checks failed'."""
        if not self.graded:
            what = "; ".join(self.problems) or "not graded"
        else:
            what = f"{points(self.score)} of {points(self.max_score)} points"
            if self.failed_checks:
                what += f", {len(self.failed_checks)} of {self.checks} checks failed"
            else:
                what += f", all {self.checks} checks passed"
        return f"{self.student} / {self.exercise}: {what}"


def points(value):
    """A score as text: '16', '7.5', or '' for no score."""
    if value is None:
        return ""
    value = round(float(value), 2)
    return str(int(value)) if value == int(value) else str(value)


def grade_all(course, progress=print, workers=None, regrade=False, students="*"):
    """Grade every hand-in in submitted/; returns the list of Outcomes.

    workers: how many hand-ins to grade at once (default: one per CPU core).
    regrade: grade hand-ins again that were graded before and have not changed.
    students: grade only the students whose id matches this pattern
        (shell-style, e.g. "[a-m]*"), for example to share a class between machines.
    Also returns an Outcome (not graded, "nothing handed in") for every
    student who handed in nothing for an exercise that others did hand in.
    progress: called with one line of text per hand-in.
    """
    handins, outcomes = find_handins(course)
    handins = [(s, e) for s, e in handins if fnmatch.fnmatchcase(s, students)]
    outcomes = [o for o in outcomes if fnmatch.fnmatchcase(o.student, students)]
    check_gradebook(course, sorted({exercise for _, exercise in handins}))
    todo = [handin for handin in handins if regrade or not is_graded(course, *handin)]
    done = [handin for handin in handins if handin not in todo]
    workers = workers or os.cpu_count() or 1
    where = course.relative(course.folder("submitted", ".", ".").resolve())
    progress(
        f"Grading {len(todo)} hand-in(s) in {where}/ with {min(workers, max(len(todo), 1))} worker(s)"
        + (f"; {len(done)} graded before and unchanged (use --regrade to grade them again)" if done else "")
        + " ..."
    )
    use_grading_environment()
    if len(todo) > 1 and workers > 1:
        course.share_gradebook()
        # Two workers must not both create the same student (one would fail).
        with course.gradebook() as gradebook:
            for student in sorted({student for student, _ in todo}):
                gradebook.update_or_create_student(student)
    for outcome in run_all(grade_one, [(course, s, e) for s, e in todo], workers):
        progress(outcome.status())
        outcomes.append(outcome)
    outcomes.extend(graded_outcome(course, student, exercise) for student, exercise in done)
    order = {handin: number for number, handin in enumerate(handins)}
    outcomes.sort(key=lambda o: order.get((o.student, o.exercise), -1))
    missing = [o for o in missing_handins(course, handins) if fnmatch.fnmatchcase(o.student, students)]
    return outcomes + missing


def handin_hash(course, student, exercise):
    """The SHA-256 of a hand-in's notebook file, as hex."""
    return hashlib.sha256(course.notebook("submitted", student, exercise).read_bytes()).hexdigest()


def is_graded(course, student, exercise):
    """True if this very hand-in was graded completely before (see STAMP)."""
    stamp = course.folder("autograded", student, exercise) / STAMP
    try:
        graded = json.loads(stamp.read_text())["sha256"]
        return graded == handin_hash(course, student, exercise) and course.feedback_file(student, exercise).is_file()
    except (OSError, ValueError, KeyError):
        return False


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
                strays.append(Outcome(student, entry.name, problems=[
                    f"{course.relative(entry)} is not an exercise of this course; ignored"
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
    """Outcomes "nothing handed in" for the students without a hand-in of a collected exercise.

    The students are those in submitted/ and in the gradebook. An exercise
    counts as collected when at least one student handed it in.
    """
    with course.gradebook() as gradebook:
        students = {student.id for student in gradebook.students}
    students.update(course.submitted_students())
    collected = [exercise for exercise in course.exercises if any(e == exercise for _, e in handins)]
    return [
        Outcome(student, exercise, problems=["nothing handed in"])
        for student in sorted(students)
        for exercise in collected
        if (student, exercise) not in handins
    ]


def grade_one(course, student, exercise):
    """grade_submission(), with an unexpected failure reported as a problem of this hand-in only.

    Runs in a worker process: it sets up the grading environment there first.
    """
    use_grading_environment()
    try:
        return grade_submission(course, student, exercise)
    except Exception as error:  # one broken hand-in must not stop the class's grading
        message = " ".join(f"{type(error).__name__}: {error}".split())
        return Outcome(student, exercise, problems=[f"grading failed ({message}), not graded"])


def grade_submission(course, student, exercise):
    """Autograde one hand-in and write its feedback page; returns its Outcome.

    A file that is not a readable notebook is not graded: its feedback page
    tells the student why. The hand-in itself is only read.
    """
    outcome = Outcome(student, exercise)
    submitted = course.notebook("submitted", student, exercise)
    reason = unreadable(submitted)
    if reason:
        write_not_graded_feedback(course, student, exercise, reason)
        outcome.problems.append(f"{reason}, not graded")
        return outcome
    handed_in = nbformat.read(submitted, as_version=4)
    outcome.problems.extend(changed_cells(course, exercise, handed_in))
    findings = suspicious_code(handed_in, nbformat.read(course.notebook("source", ".", exercise), as_version=4))
    if findings:
        outcome.problems.append(tamper_summary(findings))

    result = course.api().autograde(exercise, student, force=True, create=True)
    autograded = course.notebook("autograded", student, exercise)
    if not result["success"] or not autograded.is_file():
        log = result.get("error", "") + "\n" + result.get("log", "")
        if "DeadKernelError" in log:
            reason = "the notebook stopped Python itself (for example with os._exit(), exit() or a crash)"
        else:
            reason = f"nbgrader autograde failed ({last_error_line(log)})"
        write_not_graded_feedback(course, student, exercise, reason)
        outcome.problems.append(f"{reason}, not graded")
        return outcome

    feedback_problem = generate_feedback(course, student, exercise)
    outcome = graded_outcome(course, student, exercise, outcome)
    if feedback_problem:
        outcome.problems.append(feedback_problem)
    else:
        stamp = {"sha256": handin_hash(course, student, exercise)}
        (autograded.parent / STAMP).write_text(json.dumps(stamp))
    return outcome


def graded_outcome(course, student, exercise, outcome=None):
    """The Outcome of an autograded hand-in, read from autograded/ and the gradebook."""
    if outcome is None:
        outcome = Outcome(student, exercise)
        submitted = nbformat.read(course.notebook("submitted", student, exercise), as_version=4)
        outcome.problems.extend(changed_cells(course, exercise, submitted))
    outcome.graded = True
    read_checks(nbformat.read(course.notebook("autograded", student, exercise), as_version=4), outcome)
    with course.gradebook() as gradebook:
        submission = gradebook.find_submission(exercise, student)
        outcome.score, outcome.max_score = submission.score, submission.max_score
        if submission.needs_manual_grade:
            outcome.problems.append("needs manual grading (nbgrader formgrader)")
    return outcome


def unreadable(path):
    """None if `path` is a notebook nbgrader can read, else a sentence saying what is wrong."""
    if not path.is_file():
        others = sorted(p.name for p in path.parent.glob("*.ipynb"))
        found = f" (the folder holds {', '.join(others)})" if others else ""
        return f"no {path.name} handed in{found}"
    raw = path.read_bytes()
    if not raw.strip():
        return "the notebook file is empty"
    try:
        json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return "the file is not a notebook (not text)"
    except json.JSONDecodeError as error:
        return f"notebook is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
    try:
        nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception:  # nbformat raises several kinds for JSON that is no notebook
        return "the file is JSON but not a Jupyter notebook"
    return None


def changed_cells(course, exercise, notebook):
    """Problems with the cells the student should have left alone, as sentences.

    nbgrader quietly grades with the original of a changed locked cell and
    puts a deleted test cell back; the instructor may want to know.
    """
    changed, present, duplicated = [], set(), []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if "grade_id" in meta and meta["grade_id"] in present:
            duplicated.append(meta["grade_id"])
        present.add(meta.get("grade_id"))
        if meta.get("locked") and "checksum" in meta and utils.compute_checksum(cell) != meta["checksum"]:
            changed.append(meta.get("grade_id", "?"))
    with course.gradebook() as gradebook:
        try:
            expected = [cell.name for cell in gradebook.find_notebook(exercise, exercise).grade_cells]
        except MissingEntry:
            expected = []
    deleted = [name for name in expected if name not in present]
    problems = []
    if changed:
        problems.append(f"changed the locked cell(s) {', '.join(changed)}; the original was graded")
    if deleted:
        problems.append(f"deleted the graded cell(s) {', '.join(deleted)}; nbgrader put them back")
    if duplicated:
        problems.append(f"copied the cell(s) {', '.join(sorted(set(duplicated)))}; the last copy was graded")
    return problems


def read_checks(notebook, outcome):
    """Fill in outcome.checks and outcome.failed_checks from an autograded notebook.

    Uses nbgrader's own scoring rule (utils.determine_grade): a test cell
    that raised an error or wrote to stderr fails. Also reports cells that
    nbgrader stopped for running too long, and a notebook in which the
    checks were switched off (coursekit.canary marks its test cells with a
    GradingError).
    """
    switched_off = False
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        name = meta.get("grade_id", "a cell without id")
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "error" and output.ename == "CellTimeoutError":
                outcome.problems.append(f"{name} ran too long and was stopped")
            if output.output_type == "error" and output.ename == "GradingError":
                switched_off = True
        if utils.is_grade(cell) and not utils.is_solution(cell):
            outcome.checks += 1
            score, max_score = utils.determine_grade(cell)
            if score is not None and score < max_score:
                outcome.failed_checks.append((name, failure_message(cell)))
    if switched_off:
        outcome.problems.append("the checks do not work in this notebook (it switches them off), "
                                "so every check scored 0: look at it by hand")


def failure_message(cell):
    """Why a test cell failed, in one line: the error's type and message, or its stderr."""
    for output in cell.outputs:
        if output.output_type == "error":
            message = " ".join(str(output.evalue).split())
            # "invalid syntax (3837344424.py, line 5)": the file name is the kernel's, not the student's
            message = re.sub(r"\(\d+\.py, line (\d+)\)", r"(line \1 of the cell)", message)
            return f"{output.ename}: {message}" if message else output.ename
        if output.output_type == "stream" and output.name == "stderr":
            return "wrote to stderr: " + " ".join(output.text.split())[:200]
    return "scored below its maximum"
