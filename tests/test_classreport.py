"""The class report's numbers, for a made-up class whose failures we know.

KNOWN_CLASS below is a grading run as Outcomes (coursekit.results): who
passed which check, with which message, and what went wrong. Every number
the report gives is worked out by hand in the tests.
"""
from coursekit.classreport import CSV_HEADER, checks_of, csv_rows, summarise
from coursekit.results import Kind, Outcome, Problem, Status, failure_message
from tests.course import instructor_notebook

EX1, EX2 = "ex1_building_blocks", "ex2_forward_pass"
CHECKS = {EX1: [("test_a", 2.0), ("test_b", 3.0), ("test_c", 1.0)], EX2: [("test_x", 4.0)]}
WRONG_B = "AssertionError: b is wrong in 3 of 4 places"
NO_C = "NameError: name 'c' is not defined"


def known_class():
    """Six students, two exercises; see the tests for what each did."""
    return [
        Outcome("ann", EX1, score=6, max_score=6, checks=3),
        Outcome("ben", EX1, score=3, max_score=6, checks=3, failed_checks=[("test_b", WRONG_B)]),
        Outcome("cat", EX1, score=2, max_score=6, checks=3,
                failed_checks=[("test_b", WRONG_B), ("test_c", NO_C)]),
        Outcome("dan", EX1, Status.NOT_HANDED_IN, problems=[Problem(Kind.NOT_HANDED_IN)]),
        Outcome("eve", EX1, Status.UNREADABLE,
                problems=[Problem(Kind.UNREADABLE, detail="the notebook file is empty")]),
        Outcome("fay", EX1, score=4, max_score=6, checks=3, failed_checks=[("test_a", "CellTimeoutError")],
                problems=[Problem(Kind.TIMEOUT, ("test_a",)), Problem(Kind.SUSPICIOUS_CODE, detail="os.environ")]),
        Outcome("ann", EX2, score=4, max_score=4, checks=1),
        Outcome("ben", EX2, score=0, max_score=4, checks=1, failed_checks=[("test_x", NO_C)]),
    ]


def test_each_check_has_the_share_of_graded_hand_ins_that_passed_it_hardest_first():
    """Four hand-ins were graded (not dan's, not eve's): test_b passed by 2, test_a and test_c by 3."""
    ex1 = summarise(known_class(), CHECKS, [EX1, EX2]).exercises[0]
    assert [(c.grade_id, c.graded, c.passed, c.failed) for c in ex1.checks] == [
        ("test_b", 4, 2, 2), ("test_a", 4, 3, 1), ("test_c", 4, 3, 1)]
    assert ex1.checks[0].share_passed == 0.5
    assert [c.points for c in ex1.checks] == [3.0, 2.0, 1.0]


def test_failure_messages_are_counted_with_the_students_who_got_them():
    ex1 = summarise(known_class(), CHECKS, [EX1]).exercises[0]
    failures = {c.grade_id: [(f.message, f.students) for f in c.failures] for c in ex1.checks}
    assert failures == {"test_b": [(WRONG_B, ["ben", "cat"])], "test_a": [("CellTimeoutError", ["fay"])],
                        "test_c": [(NO_C, ["cat"])]}


def test_most_common_message_comes_first():
    outcomes = [Outcome(s, EX2, score=0, max_score=4, checks=1, failed_checks=[("test_x", m)])
                for s, m in [("a", "rare"), ("b", "common"), ("c", "common"), ("d", "also rare")]]
    check = summarise(outcomes, CHECKS, [EX2]).exercises[0].checks[0]
    assert [(f.message, len(f.students)) for f in check.failures] == [("common", 2), ("also rare", 1), ("rare", 1)]


def test_hand_ins_to_look_at_are_grouped_by_the_kind_of_problem():
    """Every problem is listed under its Kind, student by student; a hand-in without problems is not."""
    ex1 = summarise(known_class(), CHECKS, [EX1]).exercises[0]
    grouped = {kind: [(a.student, [p.text() for p in a.problems]) for a in entries]
               for kind, entries in ex1.attention.items()}
    assert grouped == {
        Kind.NOT_HANDED_IN: [("dan", ["nothing handed in"])],
        Kind.UNREADABLE: [("eve", ["the notebook file is empty, not graded"])],
        Kind.TIMEOUT: [("fay", ["test_a ran too long and was stopped"])],
        Kind.SUSPICIOUS_CODE: [("fay", [Problem(Kind.SUSPICIOUS_CODE, detail="os.environ").text()])],
    }


def test_every_kind_of_problem_reaches_the_report():
    """No Kind is left out, so a Kind added to coursekit.results later shows up without a change here."""
    outcomes = [Outcome(f"s{n}", EX2, problems=[Problem(kind, ("test_x",), "detail")])
                for n, kind in enumerate(Kind)]
    attention = summarise(outcomes, CHECKS, [EX2]).exercises[0].attention
    assert set(attention) == set(Kind)


def test_scores_and_statuses_per_student():
    summary = summarise(known_class(), CHECKS, [EX1, EX2])
    ex1, ex2 = summary.exercises
    assert summary.students == ["ann", "ben", "cat", "dan", "eve", "fay"]
    assert ex1.scores == {"ann": 6, "ben": 3, "cat": 2, "dan": None, "eve": None, "fay": 4}
    assert ex1.graded_scores() == [6, 3, 2, 4] and ex1.max_score == 6
    assert ex1.count(Status.GRADED) == 4 and ex1.status["eve"] is Status.UNREADABLE
    assert summary.percent("ben") == {EX1: 50.0, EX2: 0.0}
    assert summary.percent("cat") == {EX1: 100 * 2 / 6, EX2: None}


def test_an_exercise_nobody_handed_in_is_left_out():
    summary = summarise(known_class(), CHECKS, [EX1, "ex3_backpropagation", EX2])
    assert [e.exercise for e in summary.exercises] == [EX1, EX2]


def test_the_csv_has_one_row_per_check_with_the_page_s_numbers():
    rows = csv_rows(summarise(known_class(), CHECKS, [EX1, EX2]))
    assert rows[0] == CSV_HEADER
    assert rows[1:] == [
        [EX1, "test_b", "3", 4, 2, 2, "0.500", WRONG_B, 2],
        [EX1, "test_a", "2", 4, 3, 1, "0.750", "CellTimeoutError", 1],
        [EX1, "test_c", "1", 4, 3, 1, "0.750", NO_C, 1],
        [EX2, "test_x", "4", 2, 1, 1, "0.500", NO_C, 1],
    ]


def test_checks_of_an_exercise_are_its_test_cells_with_their_points():
    checks = checks_of(instructor_notebook("ex3_backpropagation"))
    assert checks[0] == ("test_binary_cross_entropy_loss_backward", 2.0)
    assert dict(checks)["test_dense_backward"] == 3.0 and len(checks) == 7
    assert sum(points for _, points in checks) == 16


def test_the_same_warning_in_two_kernels_is_one_message():
    """A warning on stderr names the kernel's temporary file; the message leaves it out, so students group."""
    from nbformat.v4 import new_code_cell, new_output

    messages = set()
    for folder in ("/tmp/sandbox-ycz5s0xd/tmp/ipykernel_2/1609705559.py", "/tmp/ipykernel_77/38.py"):
        cell = new_code_cell(outputs=[new_output("stream", name="stderr", text=(
            f"{folder}:3: RuntimeWarning: overflow encountered in exp\n  a = 1 / (1 + np.exp(-z))\n"))])
        messages.add(failure_message(cell))
    assert messages == {"wrote to stderr: line 3 of the cell: RuntimeWarning: overflow encountered in exp "
                        "a = 1 / (1 + np.exp(-z))"}
