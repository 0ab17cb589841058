"""What grading found for one hand-in, as data: its status, checks, points and problems.

An Outcome is what `python -m coursekit grade` passes from the grading of one
hand-in to the grade table, the summary and the class report. Everything in
it is data: a Status, numbers, grade ids and Problems with a Kind. The
sentences for people are made at the last moment (Problem.text(),
Outcome.status_line()), so no module ever compares another module's words.

read_checks() and failure_message() read an autograded (or self-checked)
notebook by nbgrader's own scoring rule, for the grader and for the
student's `python -m coursekit check` alike.
"""
import enum
import re
from dataclasses import dataclass, field

from nbgrader import utils

CELL_TIMEOUT_ERROR = "CellTimeoutError"
"""The error name a cell gets when it is stopped for running too long (nbgrader's Execute
default, which the self-check uses too)."""

KERNEL_DIED_ERROR = "KernelDiedError"
"""The error name of the cell that ended its kernel and of every code cell after it, which
did not run (coursekit.preprocessors.execute)."""

STUCK_ERROR = "CellStuckError"
"""The error name of a cell that ran too long and did not stop when interrupted: its kernel was
ended there (coursekit.preprocessors.execute); the code cells after it get KERNEL_DIED_ERROR."""

TIME_BUDGET_ERROR = "TimeBudgetError"
"""The error name of the cell in which the hand-in used up its total time (coursekit.preprocessors.execute);
its kernel was ended, and the code cells after it get KERNEL_DIED_ERROR."""

NO_RESULT_ERROR = "GradingError"
"""The error name of a test cell whose kernel sent no trustworthy result
(coursekit.preprocessors.judge_hidden_tests)."""


class Status(enum.Enum):
    """What became of a hand-in."""

    GRADED = "graded"
    NOT_HANDED_IN = "not handed in"
    UNREADABLE = "unreadable"  # not a notebook nbgrader can read
    NBGRADER_FAILED = "nbgrader failed"
    NOT_AN_EXERCISE = "not an exercise"  # a folder in submitted/ that is no exercise of the course
    NOT_GRADED = "not graded"  # no graded notebook yet (coursekit.grading.recorded_outcomes)


class Kind(enum.Enum):
    """The kinds of problem the instructor hears about, beyond the score."""

    NOT_HANDED_IN = "not handed in"
    NO_NOTEBOOK = "no notebook"
    UNREADABLE = "unreadable"
    NOT_AN_EXERCISE = "not an exercise"
    KERNEL_DIED = "kernel died"
    NBGRADER_FAILED = "nbgrader failed"
    GRADING_FAILED = "grading failed"
    FEEDBACK_FAILED = "feedback failed"
    CHANGED_LOCKED_CELLS = "changed locked cells"
    DELETED_CELLS = "deleted cells"
    COPIED_CELLS = "copied cells"
    TIMEOUT = "timeout"
    STUCK = "did not stop"
    TIME_BUDGET = "time budget"
    TOO_BIG = "too big"
    SUSPICIOUS_CODE = "suspicious code"
    REFERENCE_USED = "reference used"
    NO_RESULT = "no result"
    MANUAL_GRADING = "manual grading"
    NOT_GRADED = "not graded"
    UNREADABLE_TIMESTAMP = "unreadable timestamp"


@dataclass(frozen=True)
class Problem:
    """One thing the instructor should know about a hand-in.

    kind: a Kind. cells: the grade ids concerned, if any. detail: a short
    text for the person (an error message, a file name), never read by code.
    """

    kind: Kind
    cells: tuple = ()
    detail: str = ""

    def text(self):
        """The problem as a sentence for the grading summary (what came from the hand-in escaped)."""
        cells = ", ".join(printable(cell) for cell in self.cells)
        return _SENTENCES[self.kind].format(cells=cells, detail=printable(self.detail))


def printable(text):
    """`text` safe to print on one line of a terminal: control characters (newlines, escape
    codes), other unprintable characters and lone surrogates shown as escapes like \\n or \\x1b."""
    return "".join(c if c.isprintable() and not "\ud800" <= c <= "\udfff"
                   else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in str(text))


_SENTENCES = {
    Kind.NOT_HANDED_IN: "nothing handed in",
    Kind.NO_NOTEBOOK: "{detail}, not graded",
    Kind.UNREADABLE: "{detail}, not graded",
    Kind.NOT_AN_EXERCISE: "{detail} is not an exercise of this course; ignored",
    Kind.KERNEL_DIED: "the notebook stopped Python itself in {detail} (os._exit(), exit() or a crash); "
                      "the checks after it failed",
    Kind.NBGRADER_FAILED: "nbgrader autograde failed ({detail}), not graded",
    Kind.GRADING_FAILED: "grading failed ({detail}), not graded",
    Kind.FEEDBACK_FAILED: "nbgrader generate_feedback failed: {detail}",
    Kind.CHANGED_LOCKED_CELLS: "changed the locked cell(s) {cells}; the original was graded",
    Kind.DELETED_CELLS: "deleted the graded cell(s) {cells}; nbgrader put them back",
    Kind.COPIED_CELLS: "copied the cell(s) {cells}; the last copy was graded",
    Kind.TIMEOUT: "{cells} ran too long and was stopped",
    Kind.STUCK: "{cells} ran too long and did not stop when asked, so Python was ended there; "
                "the checks after it failed",
    Kind.TIME_BUDGET: "the notebook used up the time a hand-in may run in all in {cells}, so Python was "
                      "ended there; the checks after it failed",
    Kind.TOO_BIG: "{detail}, not graded",
    Kind.SUSPICIOUS_CODE: "has code that may reach into the grader, look at it by hand ({detail})",
    Kind.REFERENCE_USED: "calls the kit's own reference instead of its answer, look at it by hand ({detail})",
    Kind.NO_RESULT: "the check(s) {cells} sent no trustworthy result (skipped, stopped or forged), "
                    "so they scored 0: look at it by hand",
    Kind.MANUAL_GRADING: "needs manual grading (nbgrader formgrader)",
    Kind.NOT_GRADED: "has no graded notebook: not graded yet, or its grading failed (python -m coursekit grade "
                     "grades it and says why)",
    Kind.UNREADABLE_TIMESTAMP: "the time of the hand-in cannot be read ({detail}); graded as on time",
}


@dataclass
class Outcome:
    """The result of grading one student's hand-in of one exercise."""

    student: str
    exercise: str
    status: Status = Status.GRADED
    score: float = None
    max_score: float = None
    checks: int = 0  # test cells graded
    failed_checks: list = field(default_factory=list)  # (grade_id, message) per failed test cell
    problems: list = field(default_factory=list)  # Problems

    @property
    def graded(self):
        """True if the hand-in has a score."""
        return self.status is Status.GRADED

    def has(self, kind):
        """True if one of the problems is of this Kind."""
        return any(problem.kind is kind for problem in self.problems)

    def problem_lines(self):
        """One line per problem: 'bob / ex3_backpropagation: nothing handed in'."""
        return [f"{self.name()}: {problem.text()}" for problem in self.problems]

    def name(self):
        """'bob / ex3_backpropagation', printable (folder names in submitted/ come from hand-ins)."""
        return f"{printable(self.student)} / {printable(self.exercise)}"

    def status_line(self):
        """One line for the progress report.

        For example 'carol / ex3_backpropagation: 9 of 16 points, 3 of 7 checks failed'.
        """
        if not self.graded:
            what = "; ".join(problem.text() for problem in self.problems) or self.status.value
        else:
            what = f"{points(self.score)} of {points(self.max_score)} points"
            if self.failed_checks:
                what += f", {len(self.failed_checks)} of {self.checks} checks failed"
            else:
                what += f", all {self.checks} checks passed"
        return f"{self.name()}: {what}"


def points(value):
    """A score as text: '16', '7.5', or '' for no score."""
    if value is None:
        return ""
    value = round(float(value), 2)
    return str(int(value)) if value == int(value) else str(value)


def is_check(cell):
    """True for an autograded test cell (not a cell with the student's answer)."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def read_checks(notebook, outcome):
    """Fill in outcome.checks and outcome.failed_checks from an autograded notebook.

    Uses nbgrader's own scoring rule (utils.determine_grade): a test cell
    that raised an error or wrote to stderr fails. Also adds a Problem per
    cell stopped for running too long (or that did not stop), for the cell
    that ended the kernel, for the hand-in's time used up, and for checks
    that sent no trustworthy result.
    """
    errors = {CELL_TIMEOUT_ERROR: [], KERNEL_DIED_ERROR: [], NO_RESULT_ERROR: [], STUCK_ERROR: [],
              TIME_BUDGET_ERROR: []}
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        name = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {number}")
        for ename in {o.get("ename") for o in cell.outputs if o.output_type == "error"} & set(errors):
            errors[ename].append(name)
        if is_check(cell):
            outcome.checks += 1
            score, max_score = utils.determine_grade(cell)
            if score is not None and score < max_score:
                outcome.failed_checks.append((name, failure_message(cell)))
    outcome.problems.extend(Problem(Kind.TIMEOUT, (name,)) for name in errors[CELL_TIMEOUT_ERROR])
    outcome.problems.extend(Problem(Kind.STUCK, (name,)) for name in errors[STUCK_ERROR][:1])
    if errors[TIME_BUDGET_ERROR]:
        outcome.problems.append(Problem(Kind.TIME_BUDGET, (errors[TIME_BUDGET_ERROR][0],)))
    elif errors[KERNEL_DIED_ERROR] and not errors[STUCK_ERROR]:
        outcome.problems.append(Problem(Kind.KERNEL_DIED, detail=errors[KERNEL_DIED_ERROR][0]))
    if errors[NO_RESULT_ERROR]:
        outcome.problems.append(Problem(Kind.NO_RESULT, tuple(errors[NO_RESULT_ERROR])))


def failure_message(cell):
    """Why a test cell failed, in one line: the error's type and message, or its stderr."""
    for output in cell.outputs:
        if output.output_type == "error":
            message = " ".join(str(output.evalue).split())
            # "invalid syntax (3837344424.py, line 5)": the file name is the kernel's, not the student's
            message = re.sub(r"\(\d+\.py, line (\d+)\)", r"(line \1 of the cell)", message)
            return f"{output.ename}: {message}" if message else output.ename
        if output.output_type == "stream" and output.name == "stderr":
            # "/tmp/sandbox-x1/tmp/ipykernel_2/1609705559.py:3: RuntimeWarning": the path is the kernel's
            text = re.sub(r"\S*ipykernel_\d+/\d+\.py:(\d+):", r"line \1 of the cell:", output.text)
            return "wrote to stderr: " + " ".join(text.split())[:200]
    return "scored below its maximum"
