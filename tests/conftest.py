"""The test suite is a command like `python -m coursekit`: it sets the grading environment once."""
from coursekit.environment import use_grading_environment

use_grading_environment()


def pytest_generate_tests(metafunc):
    """Parametrize a test marked with tests.course.students_from over its class's table."""
    table = getattr(metafunc.function, "students_from", None)
    if table and metafunc.cls is not None:
        metafunc.parametrize("student", sorted(getattr(metafunc.cls, table)))
