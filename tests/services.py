"""The services grading at scale needs, started for tests: a PostgreSQL database, a Dask cluster.

PostgreSQL: .ci/postgres.sh installs and starts it and makes the role the
tests use; a test gets a fresh database of its own (postgres_database()).
Dask: a scheduler and workers, each a separate process on loopback in an
empty folder of its own (DaskCluster).

Without PostgreSQL or Dask a test skips with the reason; under CI (CI=true)
it fails instead, so CI never passes by skipping them.
"""
import os
import signal
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager

import pytest

from coursekit.environment import grading_environment
from tests.course import BIN

ADMIN_URL = os.environ.get("COURSEKIT_TEST_POSTGRES", "postgresql://coursekit:coursekit@127.0.0.1:5432/postgres")
"""A PostgreSQL database the tests' role can log in to, and create databases from (.ci/postgres.sh)."""

DRIVER = "postgresql+psycopg://"
"""How the gradebook's SQLAlchemy URL names the driver (psycopg 3, requirements-cluster.txt)."""


def unavailable(reason):
    """Skip the test for `reason`; fail it under CI, which must have every service."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: .ci/run)")
    pytest.skip(reason)


def server_url(database):
    """ADMIN_URL with another database name, as a gradebook URL for SQLAlchemy."""
    return DRIVER + ADMIN_URL.split("://", 1)[1].rsplit("/", 1)[0] + "/" + database


@contextmanager
def postgres_database():
    """A new, empty PostgreSQL database; yields its URL and drops it afterwards."""
    try:
        import psycopg
    except ImportError:
        unavailable("psycopg is not installed (pip install -r requirements-cluster.txt)")
    try:
        admin = psycopg.connect(ADMIN_URL, connect_timeout=5, autocommit=True)
    except psycopg.OperationalError as error:
        unavailable(f"no PostgreSQL at {ADMIN_URL} (start one with `bash .ci/postgres.sh`): {error}".strip())
    name = f"coursekit_test_{uuid.uuid4().hex[:12]}"
    try:
        admin.execute(f"CREATE DATABASE {name}")
        yield server_url(name)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def use_database(course, db_url):
    """Point the course folder's nbgrader_config.py at `db_url` (as the README tells instructors)."""
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + f"\nc.CourseDirectory.db_url = {db_url!r}\n")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DaskCluster:
    """A Dask scheduler and `workers` workers on loopback, each a process in an empty folder under `folder`.

    Workers run without a nanny, one thread each, so killing one (kill_worker)
    loses it for good, as when its machine is lost.
    """

    def __init__(self, folder, workers=2):
        if not (BIN / "dask").is_file():
            unavailable("Dask is not installed (pip install -r requirements-cluster.txt)")
        self.folder = folder
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes = {}
        self.start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1],
                                 "--no-dashboard"])
        for number in range(1, workers + 1):
            self.start(f"worker-{number}", ["worker", self.address, "--nthreads", "1", "--no-nanny",
                                            "--no-dashboard", "--name", f"worker-{number}"])
        self.wait_for(workers)

    def start(self, name, arguments):
        """Start `dask *arguments` in the empty folder `name`, in a process group of its own."""
        home = self.folder / name
        home.mkdir(parents=True)
        env = grading_environment()
        env["TMPDIR"] = str(home)  # a worker's temporary course folders stay in its own folder
        log = open(home / "log.txt", "w")
        self.processes[name] = subprocess.Popen([str(BIN / "dask"), *arguments], cwd=home, env=env,
                                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def client(self):
        from distributed import Client

        return Client(self.address, timeout=30)

    def wait_for(self, workers, seconds=60):
        with self.client() as client:
            client.wait_for_workers(workers, timeout=seconds)

    def kill_worker(self, address):
        """Kill the worker at `address` and everything it started, at once (SIGKILL)."""
        with self.client() as client:
            names = {info["id"]: worker for worker, info in client.scheduler_info(n_workers=-1)["workers"].items()}
        name = next(name for name, worker in names.items() if worker == address)
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self):
        for process in self.processes.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + 20
        for process in self.processes.values():
            try:
                process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = {}

    def log(self, name):
        return (self.folder / name / "log.txt").read_text()
