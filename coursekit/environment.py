"""The process environment grading runs in: one owner for every variable it sets.

Only the places where a command starts call use_grading_environment()
(`python -m coursekit`, a grading worker process, the test suite's
helpers); everything else receives what it needs as arguments.
"""
import os
import sys
import warnings
from pathlib import Path

ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""NumPy's BLAS with one thread. The course's matrices are small, so more threads only add
overhead: on a busy 2-core machine exercise 3's training ran about ten times slower with
OpenBLAS's spinning threads. It is also the right setting for kernels graded side by side."""

KEEP_FREED_MEMORY = {"MALLOC_MMAP_THRESHOLD_": str(512 * 1024), "MALLOC_TRIM_THRESHOLD_": str(64 * 1024**2)}
"""glibc's malloc, for the grading kernels (coursekit.sandbox.launcher): blocks under 512 kB come
from the heap, and up to 64 MiB of freed heap is kept for the next ones. Training allocates
and frees arrays of a few hundred kB each step; by default glibc maps each one fresh from the
system and hands it back (page faults every step) until a large block, freed, happens to raise
its threshold. Exercise 3's training loop took half the CPU time with this setting
(benchmarks/bench_malloc.py). Results are the same: only where arrays live changes. The
threshold stays low because freed heap that lies under a block still in use stays in the
kernel's address space (memory_bytes): with 4 MiB, a cell that filled the memory with 1 MB
strings and freed them left too little for a 200 MB array after it (tests/test_execute.py)."""


def python_bin():
    """The folder of this Python's programs: the virtual environment's bin."""
    return str(Path(sys.executable).parent)


def with_python_bin(path):
    """A PATH with this Python's bin folder first (nbgrader runs `alembic` as a program)."""
    parts = [part for part in (path or "").split(os.pathsep) if part]
    if python_bin() in parts:
        return os.pathsep.join(parts)
    return os.pathsep.join([python_bin(), *parts])


def grading_environment(environ=None):
    """The environment for nbgrader and the kernels it starts: the venv's bin on PATH, one BLAS thread.

    environ: the environment to start from (default: this process's). Returns a new dict.
    """
    env = dict(os.environ if environ is None else environ)
    env["PATH"] = with_python_bin(env.get("PATH", ""))
    env.update(ONE_THREAD)
    return env


def use_grading_environment():
    """Make this process's environment the grading environment; call it where a command starts.

    Also silences SQLAlchemy's warnings about nbgrader's own sessions, which
    nbgrader as a program shows only in its log.
    """
    from sqlalchemy.exc import SAWarning

    os.environ.update(grading_environment())
    warnings.filterwarnings("ignore", category=SAWarning)


SQLITE_PREFIX = "sqlite:///"


def sqlite_path(db_url):
    """The file of a SQLite database URL ('sqlite:////x/gradebook.db' -> '/x/gradebook.db'), or None."""
    if not db_url.startswith(SQLITE_PREFIX):
        return None
    return db_url[len(SQLITE_PREFIX):].split("?")[0]
