"""nbgrader_config.py loads without error and configures the course as documented.

nbgrader logs an exception in its config file and carries on with defaults,
which would silently give students `raise NotImplementedError()` stubs. So
these tests execute the file themselves, where an error fails the test.
"""
import runpy

from traitlets.config import Config

from coursekit.preprocessors.skeleton import SkeletonSolutions
from tests.course import REPO, make_course


def load_course_config():
    """Execute nbgrader_config.py as nbgrader does and return the Config it builds."""
    config = Config()
    runpy.run_path(str(REPO / "nbgrader_config.py"), init_globals={"get_config": lambda: config})
    return config


def test_config_file_executes_without_error():
    """The file runs to the end and sets the course id."""
    config = load_course_config()
    assert config.CourseDirectory.course_id == "sioux-dnn"


def test_config_uses_the_skeleton_step_and_the_course_delimiters():
    """generate_assignment uses SkeletonSolutions with BEGIN/END IMPLEMENTATION markers."""
    config = load_course_config()
    preprocessors = config.GenerateAssignment.preprocessors
    assert SkeletonSolutions in preprocessors
    assert not any(p.__name__ == "ClearSolutions" for p in preprocessors)
    assert config.ClearSolutions.begin_solution_delimeter == "BEGIN IMPLEMENTATION"
    assert config.ClearSolutions.end_solution_delimeter == "END IMPLEMENTATION"


def test_gradebook_is_sqlite_in_the_course_folder():
    """The default gradebook is gradebook.db next to nbgrader_config.py."""
    config = load_course_config()
    assert config.CourseDirectory.db_url == f"sqlite:///{REPO / 'gradebook.db'}"


def test_nbgrader_itself_loads_the_config_without_complaint(tmp_path):
    """A real nbgrader run in a copy of the course logs no config error."""
    course = make_course(tmp_path, ["ex3_backpropagation"])
    from tests.course import nbgrader

    result = nbgrader(course, "generate_assignment", "ex3_backpropagation", "--force")
    log = result.stdout + result.stderr
    assert "Exception while loading config file" not in log
    assert "Traceback" not in log
    release = course / "release" / "ex3_backpropagation" / "ex3_backpropagation.ipynb"
    assert "NotImplementedError" not in release.read_text()
