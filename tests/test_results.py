"""coursekit.results: what a hand-in put into grade ids and details is printed escaped."""
from coursekit.results import Kind, Outcome, Problem, printable


def test_printable_escapes_control_characters_and_lone_surrogates():
    assert printable("a\nb\x1b[31mc\ud800 é") == "a\\nb\\x1b[31mc\\ud800 é"


def test_problem_lines_cannot_forge_a_line_about_another_student():
    outcome = Outcome("mallory", "ex1_building_blocks", problems=[
        Problem(Kind.CHANGED_LOCKED_CELLS, ("x\n  alice / ex1_building_blocks: \x1b[31mcopied",)),
        Problem(Kind.GRADING_FAILED, detail="boom\r\n"),
    ])
    lines = outcome.problem_lines()
    assert len("\n".join(lines).splitlines()) == 2
    assert all(line.startswith("mallory / ex1_building_blocks: ") and "\x1b" not in line for line in lines)
    assert "\\n  alice" in lines[0]


def test_a_student_id_with_escape_codes_is_escaped_in_the_status_line():
    assert Outcome("ev\x1b[2Kil", "ex1").status_line().startswith("ev\\x1b[2Kil / ex1: ")
