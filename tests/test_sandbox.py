"""The autograder's sandbox (coursekit.sandbox, coursekit.preprocessors.execute, coursekit.output_budget).

Student code run by `nbgrader autograde` must not read the hidden tests or
the gradebook, write outside its private folder, use the network, or wear
out the machine or the grader; and right answers must keep full marks.

Three levels: the launcher's command line (fast, no kernel); a kernel run
by SandboxExecute on small notebooks (a few seconds each); and a whole class
of hand-ins of exercise 3 autograded by nbgrader in a temporary course (slow).
"""
import ast
import os
import shutil
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute
from traitlets.config import Config

from coursekit import output_budget
from coursekit.preprocessors.execute import SandboxExecute
from coursekit.sandbox import kernel_manager as sandbox
from coursekit.sandbox import launcher as sandbox_launcher
from coursekit.sandbox.kernel_manager import SandboxKernelManager
from tests.course import (
    REPO,
    generate,
    instructor_notebook,
    make_course,
    nbgrader,
    scores,
    submit,
)

EXERCISE = "ex3_backpropagation"
FULL_MARKS = 16.0
HAVE_BWRAP = bool(shutil.which("bwrap"))
needs_bwrap = pytest.mark.skipif(
    not HAVE_BWRAP, reason="bubblewrap (bwrap) is not installed; run .ci/sandbox-deps.sh"
)
AS_ROOT = os.geteuid() == 0

SANDBOX_CONFIG = """
# The course's config already sandboxes autograding; a shorter timeout (tests/test_sandbox.py)
c.Execute.timeout = {timeout}
"""


# --- configuration -----------------------------------------------------------------


def test_nbgrader_ignores_execute_kernel_manager_class_in_config():
    """Why SandboxExecute exists: nbgrader's Execute passes its own class to the
    constructor, which beats c.Execute.kernel_manager_class."""
    config = Config()
    config.Execute.kernel_manager_class = "coursekit.sandbox.kernel_manager.SandboxKernelManager"
    assert Execute(config=config).kernel_manager_class is not SandboxKernelManager


def test_sandbox_execute_uses_the_sandbox_and_execute_settings():
    config = Config()
    config.Execute.timeout = 7
    step = SandboxExecute(config=config)
    assert step.kernel_manager_class is SandboxKernelManager
    assert step.timeout == 7


def test_the_course_config_sandboxes_nbgraders_autograde_steps():
    """The course's autograde steps are nbgrader's, with SandboxExecute for Execute and the
    hidden tests split before it and judged after it."""
    from coursekit.preprocessors.judge_hidden_tests import JudgeHiddenTests
    from coursekit.preprocessors.split_hidden_tests import SplitHiddenTests
    from tests.test_nbgrader_config import load_course_config

    default = Autograde.class_traits()["autograde_preprocessors"].default()
    sandboxed = [SandboxExecute if p is Execute else p for p in default]
    expected = [SplitHiddenTests] + sandboxed[:1] + [JudgeHiddenTests] + sandboxed[1:]
    assert load_course_config().Autograde.autograde_preprocessors == expected


# --- the launcher's command line ---------------------------------------------------


def test_bwrap_arguments_hide_expose_and_isolate(tmp_path):
    course = tmp_path / "course"
    python = course / ".venv"
    (python / "bin").mkdir(parents=True)
    (course / "gradebook.db").write_text("")
    elsewhere = tmp_path / "gradebook.db"
    elsewhere.write_text("")
    args = sandbox_launcher.bwrap_arguments(
        "/work/dir",
        hide=[str(course), str(course / "gradebook.db"), str(elsewhere), "/", str(tmp_path / "missing")],
        expose=[str(python), "/usr/lib", str(tmp_path / "missing")],
    )
    pairs = list(zip(args, args[1:]))
    assert args[:3] == ["--ro-bind", "/", "/"]
    assert ("--tmpfs", str(course)) in pairs and ("--remount-ro", str(course)) in pairs
    assert ("--tmpfs", "/") not in pairs  # never hide everything
    assert args[args.index("/dev/null") + 1] == str(elsewhere)  # a hidden file becomes empty
    assert args.count("/dev/null") == 1  # the one in a hidden folder needs nothing more
    assert args.index("--tmpfs") < args.index(str(python)) < args.index("--remount-ro")
    assert "/usr/lib" not in args  # visible anyway: not inside a hidden folder
    assert str(tmp_path / "missing") not in args
    assert ("--bind", "/work/dir") in pairs
    for option in ("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net",
                   "--die-with-parent", "--new-session"):
        assert option in args
    assert "--cap-drop" not in args
    assert "--unshare-net" not in sandbox_launcher.bwrap_arguments("/w", [], [], share_network=True)
    as_root = sandbox_launcher.bwrap_arguments("/w", [], [], as_root=True)
    assert as_root[as_root.index("--cap-drop"):] == [
        "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]


def test_bwrap_makes_the_folders_above_an_exposed_path_readable(tmp_path):
    """bubblewrap makes missing mount points with mode 700, which nobody could not enter."""
    deep = tmp_path / "home" / ".pyenv" / "versions" / "3.11"
    deep.mkdir(parents=True)
    args = sandbox_launcher.bwrap_arguments("/w", [str(tmp_path / "home")], [str(deep)])
    made = [args[i + 1] for i, a in enumerate(args) if a == "--dir"]
    assert made == [str(tmp_path / "home" / ".pyenv"), str(tmp_path / "home" / ".pyenv" / "versions")]


def test_launcher_command_hides_the_configured_course_root():
    config = Config()
    config.CourseDirectory.root = "/srv/some-course"
    config.SandboxKernelManager.cpu_seconds = 30
    manager = SandboxKernelManager(config=config)
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "/w/kernel.json"]
    cmd = manager.launcher_command(kernel, "/w", ("/usr/bin/bwrap", (65534, 65534)))
    assert cmd[:4] == [sys.executable, "-I", "-m", "coursekit.sandbox.launcher"]
    assert cmd[cmd.index("--") + 1:] == kernel
    options = list(zip(cmd, cmd[1:]))
    for option in [("--workdir", "/w"), ("--cpu", "30"), ("--user", "65534:65534"),
                   ("--memory", str(2 * 1024**3)), ("--memory-reserve", str(64 * 1024**2)),
                   ("--bwrap", "/usr/bin/bwrap"), ("--hide", "/srv/some-course"),
                   ("--hide", "/srv/some-course/gradebook.db"),
                   ("--hide", os.path.expanduser("~")), ("--hide", "/tmp"),
                   ("--hide", str(REPO)),  # the kit's clone: it has the instructor notebooks
                   ("--expose", sys.prefix), ("--expose", str(REPO / "siouxdnn"))]:
        assert option in options
    assert "--share-network" not in cmd  # ipc transport: no network needed

    without = manager.launcher_command(kernel, "/w", (None, None))
    assert "--hide" not in without and "--user" not in without and "--processes" not in without


def test_every_kernel_loads_the_memory_reserve_extension():
    """coursekit.sandbox.reserve: student code runs under memory_bytes, the kernel's own work has more."""
    manager = SandboxKernelManager()
    manager.workdir = "/w"
    manager.connection_file = "/w/kernel.json"
    assert "--ext=coursekit.sandbox.reserve" in manager.format_kernel_cmd()
    manager.memory_reserve_bytes = 0
    assert "--ext=coursekit.sandbox.reserve" not in manager.format_kernel_cmd()
    assert "--memory-reserve" not in manager.format_kernel_cmd()


def test_kernel_environment_keeps_no_secrets():
    environ = {"PATH": "/x", "HOME": "/root", "AWS_SECRET_ACCESS_KEY": "s3cr3t", "LANG": "nl_NL.UTF-8",
               "LC_ALL": "C", "JPY_PARENT_PID": "4242", "PYTHONPATH": "/root/lib"}
    env = sandbox_launcher.kernel_environment("/w", environ, pid_namespace=True)
    assert env["HOME"] == "/w" and env["TMPDIR"] == "/w/tmp" and env["MPLCONFIGDIR"] == "/w/matplotlib"
    assert env["LANG"] == "nl_NL.UTF-8" and env["LC_ALL"] == "C"
    assert env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["MALLOC_MMAP_THRESHOLD_"] == str(512 * 1024)  # KEEP_FREED_MEMORY: training twice as fast
    assert env["JPY_PARENT_PID"] == "1"
    assert "AWS_SECRET_ACCESS_KEY" not in env and "PYTHONPATH" not in env
    assert sandbox_launcher.kernel_environment("/w", environ, pid_namespace=False)["JPY_PARENT_PID"] == "4242"


def test_launcher_needs_a_kernel_command():
    with pytest.raises(SystemExit):
        sandbox_launcher.parse_args(["--workdir", "/w"])
    args = sandbox_launcher.parse_args(["--workdir", "/w", "--cpu", "5", "--", "python", "-V"])
    assert args.cpu == 5 and args.command == ["python", "-V"]


# --- a kernel run by SandboxExecute ------------------------------------------------


def run_cells(cells, timeout=30, **settings):
    """Run `cells` (source strings) with SandboxExecute; the cells' outputs as text, one per cell.

    settings: "Class.trait" -> value; the course root is the repository (only read).
    """
    config = Config()
    config.CourseDirectory.root = str(REPO)
    config.Execute.timeout = timeout
    for name, value in settings.items():
        section, trait = name.split(".")
        config[section][trait] = value
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(textwrap.dedent(source)) for source in cells]
    # nbgrader starts the kernel in the notebook's folder: here the course's source folder
    resources = {"metadata": {"path": str(REPO / "source" / EXERCISE)}}
    SandboxExecute(config=config).preprocess(nb, resources)
    return nb


def text_of(cell):
    parts = []
    for out in cell.outputs:
        parts.append(out.get("text", "") or out.get("evalue", "") or str(out.get("data", "")))
        if out.output_type == "error":
            parts.append(out.ename)
    return "\n".join(parts)


TRY = """
def attempt(what, action):
    try:
        result = action()
    except Exception as error:
        print(f"BLOCKED {what}: {type(error).__name__}")
    else:
        print(f"ALLOWED {what}: {str(result)[:300]}")
"""


@needs_bwrap
def test_kernel_cannot_read_or_write_the_course_but_imports_the_kit():
    """The course root here is the repository (outside /tmp): only Python and the kit show."""
    source = REPO / "source" / EXERCISE / f"{EXERCISE}.ipynb"
    nb = run_cells([
        TRY + textwrap.dedent(f"""
        import os
        attempt("read source", lambda: open({str(source)!r}).read())
        attempt("read relative", lambda: open("{EXERCISE}.ipynb").read())
        attempt("read config", lambda: open({str(REPO / "nbgrader_config.py")!r}).read())
        attempt("write course", lambda: open({str(REPO / "written-by-student")!r}, "w"))
        attempt("write tmp", lambda: open("/tmp/written-by-student", "w"))
        attempt("write etc", lambda: open("/etc/written-by-student", "w"))
        attempt("write private", lambda: open("written-by-student", "w").write("ok"))
        print("COURSE", sorted(os.listdir({str(REPO)!r})))
        """),
        "import siouxdnn, loss_plot, coursekit.checks; print('IMPORTS OK')",
    ])
    out = text_of(nb.cells[0])
    allowed = [line.split(":")[0] for line in out.splitlines() if line.startswith("ALLOWED")]
    assert allowed == ["ALLOWED write private"], out
    assert "COURSE ['.venv', 'coursekit', 'loss_plot.py', 'siouxdnn']" in out, out
    assert "IMPORTS OK" in text_of(nb.cells[1])
    assert not (REPO / "written-by-student").exists()
    assert not Path("/tmp/written-by-student").exists()


@needs_bwrap
def test_kernel_is_confined():
    """Private folder, limits, user nobody (as root), no network, only its own processes."""
    nb = run_cells([
        """
        import os, resource, socket
        print("cwd", os.getcwd() == os.environ["HOME"], os.path.basename(os.getcwd()).startswith("sandbox-"))
        print("uid", os.getuid())
        print("cpu", resource.getrlimit(resource.RLIMIT_CPU))
        print("memory", resource.getrlimit(resource.RLIMIT_AS))
        print("nproc", resource.getrlimit(resource.RLIMIT_NPROC))
        print("processes", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
        print("interfaces", [name for _, name in socket.if_nameindex()])
        """,
        """
        import numpy as np
        try:
            np.ones(2 * 10**8)  # 1.6 GB: more than the limit, less than the machine
        except MemoryError:
            print("MEMORY ERROR")
        """,
        """
        try:
            with open("big", "wb") as f:
                f.write(b"x" * (2 * 1024**2))
        except OSError as error:
            print("FILE TOO LARGE", error.errno)
        """,
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()",
    ], **{"SandboxKernelManager.cpu_seconds": 100, "SandboxKernelManager.memory_bytes": 1024**3,
          "SandboxKernelManager.file_bytes": 1024**2})
    out = text_of(nb.cells[0])
    assert "cwd True True" in out
    uid = int(out.split("uid ")[1].split()[0])
    assert 64200 <= uid < 64300 if AS_ROOT else uid == os.getuid()  # as root: a user id of its own (a slot)
    assert "cpu (100, 100)" in out
    assert f"memory ({1024**3}, {1024**3 + 64 * 1024**2})" in out  # student code's, and the kernel's reserve
    if AS_ROOT:
        assert "nproc (256, 256)" in out
    pids = ast.literal_eval(out.split("processes ")[1].splitlines()[0])
    assert len(pids) <= 3, out  # bubblewrap and the kernel: nothing of the grader's
    assert "interfaces ['lo']" in out
    assert "MEMORY ERROR" in text_of(nb.cells[1])
    assert "FILE TOO LARGE 27" in text_of(nb.cells[2])
    assert not any(o.get("name") == "stderr" for c in nb.cells for o in c.outputs), nb
    assert any("image/png" in o.get("data", {}) for o in nb.cells[3].outputs)


@needs_bwrap
def test_timeout_interrupts_the_kernel_and_the_notebook_goes_on():
    """The kernel is interrupted by a message: a signal would only reach bubblewrap."""
    nb = run_cells(["x = 1", "while True:\n    pass", "print('ALIVE', x)"], timeout=3)
    assert nb.cells[1].outputs[-1].output_type == "error"
    assert "ALIVE 1" in text_of(nb.cells[2])


def test_output_is_capped():
    """One long line or big images are cut short; errors and stderr stay (they decide scores)."""
    nb = run_cells([
        "print('x' * 300_000)",
        "from IPython.display import display, HTML\nfor i in range(50):\n    display(HTML('y' * 10_000))",
        "import sys; sys.stderr.write('e' * 100_000)",
        "raise ValueError('z' * 100_000)",
        "print('small')",
    ], **{"SandboxExecute.max_output_chars": 200_000})
    size = len(nbformat.writes(nb))
    assert size < 250_000, size
    assert output_budget.NOTE in text_of(nb.cells[0])
    assert len(nb.cells[1].outputs) <= 21
    assert nb.cells[2].outputs[0].name == "stderr"
    assert nb.cells[3].outputs[-1].output_type == "error"
    assert output_budget.NOTE in text_of(nb.cells[4])


def test_fallback_without_bubblewrap_warns_once_and_still_works(monkeypatch, caplog):
    """Without bubblewrap the kernel still runs in a private folder with limits, and one
    warning says what is not protected."""
    monkeypatch.setattr(sandbox, "_MODES", {})
    settings = {"SandboxKernelManager.bwrap": "none", "SandboxKernelManager.cpu_seconds": 50}
    code = "import os, resource\nprint(os.path.basename(os.getcwd())[:8], resource.getrlimit(resource.RLIMIT_CPU))"
    nb = run_cells([code], **settings)
    run_cells(["pass"], **settings)
    assert "sandbox- (50, 50)" in text_of(nb.cells[0])
    warnings = [r.getMessage() for r in caplog.records if "Sandbox:" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert "bubblewrap (bwrap) is not installed" in warnings[0] and "NOT protected" in warnings[0]


def test_private_folder_is_deleted_after_the_notebook():
    nb = run_cells(["import os; print(os.getcwd())"])
    folder = text_of(nb.cells[0]).strip()
    assert folder.startswith(os.sep) and not os.path.exists(folder)


# --- a class autograded by nbgrader ------------------------------------------------

HIDDEN_TEST_LINE = "Check the formula, and divide by m, the number of samples."
"""A line of exercise 3's hidden tests; no student cell output may show it."""


def snoop_cell(course):
    """A student cell that looks for the hidden tests everywhere it can think of."""
    folder = f"autograded/snoop/{EXERCISE}"
    paths = [
        f"{EXERCISE}.ipynb",  # nbgrader's cwd: the autograded notebook, hidden tests included
        f"../../../source/{EXERCISE}/{EXERCISE}.ipynb",
        "../../../gradebook.db",
        str(course / "source" / EXERCISE / f"{EXERCISE}.ipynb"),
        str(course / "gradebook.db"),
        str(course / folder / f"{EXERCISE}.ipynb"),
        str(REPO / "source" / EXERCISE / f"{EXERCISE}.ipynb"),
        str(course / "release" / EXERCISE / f"{EXERCISE}.ipynb"),
    ]
    return TRY + f"""
import os, sys
for path in {paths!r}:
    attempt("read " + path, lambda: open(path, errors="replace").read()[:100])
found = []
for top in ["/tmp", "/var/tmp", "/root", "/home", "/srv", "/opt", "/run", {str(REPO)!r}, {str(course)!r}]:
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = [s for s in subfolders if os.path.join(folder, s) not in (sys.prefix, sys.base_prefix)]
        found += [os.path.join(folder, f) for f in files if f.endswith((".ipynb", ".db"))]
print("FOUND", found)
"""


def write_cell(course):
    """A student cell that tries to write outside its private folder (and once inside)."""
    paths = ["../../../source/x.py", str(course / "source" / "x.py"), str(course / "gradebook.db"),
             str(course / "autograded" / "writer" / EXERCISE / "x"), "/tmp/x", "/var/tmp/x", "/etc/x"]
    return TRY + f"""
import os
for path in {paths!r} + [os.path.expanduser("~/x"), "x"]:
    attempt("write " + path, lambda: open(path, "a").write("hacked"))
"""


STUDENT_CELLS = {
    "right": None,
    "snoop": "SNOOP",
    "writer": "WRITE",
    "memory_bomb": "import numpy as np\nbomb = np.ones(4 * 10**8)  # 3.2 GB, above the 2 GiB limit",
    "infinite_loop": "while True:\n    pass",
    "flood": "print('x' * 10**7)\nfor i in range(10**5):\n    print(i)",
    "z_after_killer": None,  # graded after the killer, in the same run
    "killer": "import os\nos._exit(1)",
}


def with_cell(code, after="sigmoid_backward"):
    """The instructor's notebook (all answers right) with a student cell after cell `after`."""
    nb = instructor_notebook(EXERCISE)
    index = next(i for i, cell in enumerate(nb.cells)
                 if cell.metadata.get("nbgrader", {}).get("grade_id") == after)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
    return nb


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Every hand-in of STUDENT_CELLS autograded in one run, with the sandbox configured."""
    if not HAVE_BWRAP:
        pytest.skip("bubblewrap (bwrap) is not installed; run .ci/sandbox-deps.sh")
    course = make_course(tmp_path_factory.mktemp("sandbox"), [EXERCISE])
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(SANDBOX_CONFIG.format(timeout=10))
    generate(course, EXERCISE)
    for student, code in STUDENT_CELLS.items():
        code = {"SNOOP": snoop_cell(course), "WRITE": write_cell(course)}.get(code, code)
        submit(course, student, EXERCISE, with_cell(code) if code else instructor_notebook(EXERCISE))
    run = nbgrader(course, "autograde", EXERCISE, "--force", check=False)
    return course, run


def autograded(course, student):
    return nbformat.read(course / "autograded" / student / EXERCISE / f"{EXERCISE}.ipynb", as_version=4)


def total(course, student):
    return sum(score for score, _ in scores(course, student, EXERCISE).values())


def student_cell(nb):
    """The cell the test added (it has no nbgrader metadata)."""
    return next(cell for cell in nb.cells if cell.cell_type == "code" and "nbgrader" not in cell.metadata)


@pytest.mark.slow
@needs_bwrap
@pytest.mark.parametrize("student", ["right", "z_after_killer"])
def test_right_answers_keep_full_marks_without_stderr(graded_class, student):
    course, _ = graded_class
    assert total(course, student) == FULL_MARKS
    nb = autograded(course, student)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.slow
@needs_bwrap
def test_student_code_cannot_read_the_hidden_tests(graded_class):
    course, _ = graded_class
    nb = autograded(course, "snoop")
    out = text_of(student_cell(nb))
    assert "BLOCKED read" in out and "ALLOWED read" not in out, out
    assert "FOUND []" in out, out
    for cell in nb.cells:
        if cell.cell_type == "code" and "### BEGIN HIDDEN TESTS" not in cell.source:
            assert HIDDEN_TEST_LINE not in text_of(cell)
    assert total(course, "snoop") == FULL_MARKS


@pytest.mark.slow
@needs_bwrap
def test_student_code_writes_only_in_its_private_folder(graded_class):
    course, _ = graded_class
    out = text_of(student_cell(autograded(course, "writer")))
    allowed = [line.split(":")[0] for line in out.splitlines() if line.startswith("ALLOWED")]
    assert len(allowed) == 2 and allowed[-1] == "ALLOWED write x", out  # x and ~/x: the private folder
    assert not (course / "source" / "x.py").exists()
    assert "hacked" not in (course / "gradebook.db").read_bytes().decode(errors="replace")
    assert not (course / "autograded" / "writer" / EXERCISE / "x").exists()
    assert total(course, "writer") == FULL_MARKS


@pytest.mark.slow
@needs_bwrap
def test_memory_bomb_fails_only_its_own_cell(graded_class):
    course, _ = graded_class
    assert "MemoryError" in text_of(student_cell(autograded(course, "memory_bomb")))
    assert total(course, "memory_bomb") == FULL_MARKS


@pytest.mark.slow
@needs_bwrap
def test_infinite_loop_is_stopped_and_the_rest_graded(graded_class):
    course, _ = graded_class
    cell = student_cell(autograded(course, "infinite_loop"))
    assert cell.outputs[-1].output_type == "error"
    assert total(course, "infinite_loop") == FULL_MARKS


@pytest.mark.slow
@needs_bwrap
def test_output_flood_is_cut_short(graded_class):
    course, _ = graded_class
    path = course / "autograded" / "flood" / EXERCISE / f"{EXERCISE}.ipynb"
    assert path.stat().st_size < 3 * 1024**2
    assert total(course, "flood") == FULL_MARKS


@pytest.mark.slow
@needs_bwrap
def test_killed_kernel_keeps_the_points_before_it_and_harms_nobody_else(graded_class):
    """The hand-in whose kernel died keeps the check that passed before; the cells after
    fail with a message; everybody else is graded as usual."""
    course, run = graded_class
    log = run.stdout + run.stderr
    assert "There was an error processing assignment" not in log
    assert scores(course, "killer", EXERCISE)["test_binary_cross_entropy_loss_backward"] == (2.0, 2.0)
    assert total(course, "killer") == 2.0
    after = [c for c in autograded(course, "killer").cells
             if c.metadata.get("nbgrader", {}).get("grade_id") == "test_final_metrics"][0]
    assert after.outputs[-1].ename == "KernelDiedError" and "did not run" in after.outputs[-1].evalue
    assert total(course, "z_after_killer") == FULL_MARKS


def test_a_restart_does_not_touch_what_the_student_left(tmp_path):
    """The launcher prepares (and, as root, gives away) only a new private folder."""
    workdir = tmp_path / "sandbox-x"
    workdir.mkdir()
    sandbox_launcher.prepare_workdir(str(workdir), None, None)
    target = tmp_path / "precious"
    target.write_text("")
    (workdir / "link").symlink_to(target)
    before = target.stat()
    sandbox_launcher.prepare_workdir(str(workdir), None, (12345, 12345))
    assert (target.stat().st_uid, target.stat().st_gid) == (before.st_uid, before.st_gid)
    assert (workdir / "matplotlib").is_dir() and (workdir / "tmp").is_dir()


@needs_bwrap
@pytest.mark.skipif(not AS_ROOT, reason="only a grader running as root changes user")
def test_without_the_user_the_kernel_runs_as_root_in_bubblewrap_and_says_so(monkeypatch, caplog):
    monkeypatch.setattr(sandbox, "_MODES", {})
    nb = run_cells([f"import os\nprint(os.getuid(), os.path.exists({str(REPO / 'source')!r}))"],
                   **{"SandboxKernelManager.user": "no-such-user"})
    assert "0 False" in text_of(nb.cells[0])
    warnings = [r.getMessage() for r in caplog.records if "Sandbox:" in r.getMessage()]
    assert len(warnings) == 1 and "there is no user 'no-such-user'" in warnings[0], warnings
