"""coursekit.hidden_tests: a test cell's visible, kernel and checks parts, and the names to send."""
import pytest

from coursekit.hidden_tests import HiddenTestFormError, names_read, split

B, E = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CELL = f"""dz = f(z)
print(dz)
{B}
dz2 = f(z2)
### CHECKS
import numpy as np
from coursekit.checks import check_array, quiet
with quiet():
    check_array("dz", dz, [[1.0]])
    for name, value in [("dz2", dz2)]:
        assert np.all([v > 0 for v in value]), name
{E}"""


def test_a_cell_splits_into_its_three_parts():
    test = split(CELL, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    assert test.visible == "dz = f(z)\nprint(dz)"
    assert test.kernel == "dz2 = f(z2)"
    assert test.checks.startswith("import numpy as np") and "[[1.0]]" in test.checks
    assert test.kernel_source() == "dz = f(z)\nprint(dz)\ndz2 = f(z2)"
    assert "[[1.0]]" not in test.kernel_source() and "check_array" not in test.kernel_source()


def test_a_cell_without_hidden_tests_has_no_parts():
    assert split("print(1)", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS") is None


@pytest.mark.parametrize("source, words", [
    (f"x = 1\n{B}\ncheck(x)\n{E}", "one line '### CHECKS'"),
    (f"{B}\n### CHECKS\n### CHECKS\n{E}", "found 2"),
    (f"{B}\n### CHECKS\nx = (\n{E}", "checks part is not valid Python"),
    (f"{B}\n### CHECKS\n", "one 'END HIDDEN TESTS' line"),
    (f"{B}\n### CHECKS\nx\n{E}\nprint(1)", "nothing may follow"),
])
def test_a_cell_not_in_the_form_is_refused_with_a_reason(source, words):
    with pytest.raises(HiddenTestFormError, match=words.replace("(", r"\(")):
        split(source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def test_the_names_to_send_are_what_the_checks_read_and_do_not_define():
    test = split(CELL, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    assert names_read(test.checks) == ["dz", "dz2"]
    assert names_read("def f(a):\n    return a + b\ntry:\n    pass\nexcept ValueError as e:\n    e") == ["b"]
