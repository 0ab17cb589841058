"""A student fetches and submits exercise 1 from JupyterLab's Assignment List (nbgrader's exchange), in a browser.

The instructor releases the exercise into a real exchange folder; a
JupyterLab server for the student (tests/browser/) has the same
c.Exchange.root and course id; headless Chromium opens Nbgrader ->
Assignment List, clicks Fetch, then Submit. The exchange then holds the
submission, and the instructor's `nbgrader collect` puts it into submitted/
with its timestamp.txt, ready for `python -m coursekit grade`.

Needs Chromium at /usr/bin/chromium and Playwright, as tests/test_browser.py.
"""
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser.jupyter_server import JupyterServer
from tests.course import make_course, nbgrader
from tests.test_browser import (  # noqa: F401  (pytest fixtures, used by name)
    ARTIFACT_PREFIX,
    artifacts,
    browser_context,
    note,
    page,
    playwright_api,
    save_png,
)

pytestmark = pytest.mark.browser

EX1 = "ex1_building_blocks"
COURSE_ID = "sioux-dnn"


@pytest.fixture(scope="module")
def exchange():
    folder = Path(tempfile.mkdtemp(prefix="coursekit-exchange-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def released(exchange, tmp_path_factory):
    """The instructor's course, with exercise 1 released into the exchange."""
    course = make_course(tmp_path_factory.mktemp("instructor"), [EX1])
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(f'\nc.Exchange.root = "{exchange}"\n')
    nbgrader(course, "generate_assignment", EX1, "--force")
    nbgrader(course, "release_assignment", EX1, "--force")
    return course


@pytest.fixture(scope="module")
def student_lab(request, playwright_api, released, exchange, artifacts, tmp_path_factory):  # noqa: F811
    """A JupyterLab server for the student, whose nbgrader knows the course and its exchange."""
    home = tmp_path_factory.mktemp("student-home")
    settings = f'c = get_config()\nc.CourseDirectory.course_id = "{COURSE_ID}"\nc.Exchange.root = "{exchange}"\n'
    server = JupyterServer(root_dir=home, state_dir=tmp_path_factory.mktemp("student-jupyter"),
                           log_path=artifacts / f"{ARTIFACT_PREFIX}exchange-jupyter-server.log")
    (server.state_dir / "config").mkdir(parents=True, exist_ok=True)
    (server.state_dir / "config" / "nbgrader_config.py").write_text(settings)
    (home / "nbgrader_config.py").write_text(settings)
    request.addfinalizer(server.stop)
    server.start(timeout=90)
    return server


def open_assignment_list(page):  # noqa: F811
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$")).first.click()
    page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text=re.compile(r"^Assignment List$")).click()


def test_student_fetches_and_submits_from_the_assignment_list(student_lab, page, released, exchange,  # noqa: F811
                                                              artifacts):  # noqa: F811
    page.goto(student_lab.url("lab"))
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$")).first.wait_for(timeout=60_000)
    open_assignment_list(page)

    released_list = page.locator("#released_assignments_list")
    released_list.get_by_text(EX1).wait_for(timeout=60_000)
    save_png(artifacts, "exchange-1-released", page.screenshot())
    released_list.get_by_role("button", name="Fetch").click()

    fetched_list = page.locator("#fetched_assignments_list")
    fetched_list.get_by_text(EX1).first.wait_for(timeout=60_000)
    assert (Path(student_lab.root_dir) / EX1 / f"{EX1}.ipynb").is_file()
    save_png(artifacts, "exchange-2-fetched", page.screenshot())
    fetched_list.get_by_role("button", name="Submit").first.click()

    submitted_list = page.locator("#submitted_assignments_list")
    submitted_list.get_by_text(EX1).first.wait_for(timeout=60_000)
    save_png(artifacts, "exchange-3-submitted", page.screenshot())
    inbound = list((exchange / COURSE_ID / "inbound").iterdir())
    note(artifacts, f"exchange inbound after Submit: {[p.name for p in inbound]}")
    assert len(inbound) == 1 and f"+{EX1}+" in inbound[0].name

    nbgrader(released, "collect", EX1)
    collected = list((released / "submitted").glob(f"*/{EX1}"))
    assert len(collected) == 1
    assert (collected[0] / f"{EX1}.ipynb").is_file()
    assert (collected[0] / "timestamp.txt").read_text().strip().endswith("UTC")
