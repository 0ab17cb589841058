"""The sandbox's kernel manager: every autograding kernel started confined.

Stock nbgrader runs a student's notebook in a kernel with the grader's own
rights, started in the autograded notebook's folder. A cell can then read
source/ (solutions and hidden tests), gradebook.db (it stores the test cells
with their hidden tests) or the autograded notebook itself (the hidden tests
are back in it), print them into its output and so into the feedback, or
change them.

coursekit.preprocessors.execute.SandboxExecute is nbgrader's Execute step
with each kernel started by SandboxKernelManager, which starts it through
coursekit.sandbox.launcher:

- bubblewrap shows the kernel the file system read-only, without the course
  folder, the grader's home folder, the gradebook, /tmp, /var/tmp and /run;
  Python and the kit's packages (installed from the course folder) are put
  back read-only; the kernel's only writable folder is a private one, new for
  each notebook and deleted afterwards;
- the kernel has no network: it talks to nbgrader over Unix sockets in its
  private folder (ipc transport), so it gets its own network namespace, and
  its own PID, IPC and UTS namespaces;
- when nbgrader runs as root the kernel runs as a user id of its own, one
  per kernel running at the same time (coursekit.sandbox.slots; group
  nobody), so a limit on a user's processes counts this kernel's only;
- limits on CPU time, memory, file size and processes per process, and,
  where the machine has cgroups (coursekit.sandbox.cgroups; as root), on
  memory, processes and CPU cores for the kernel's whole process tree,
  every process of which is killed when the kernel ends;
- room above the memory limit for the kernel's own work: a cell that fills
  the memory gets MemoryError, and the cells after it run (sandbox.reserve);
- a clean environment: no tokens or passwords from the grader's.

Where bubblewrap is missing or does not work, the kernel gets what can still
be done (user nobody, limits, private folder) and nbgrader logs one warning
that says what is not protected.

Configure in nbgrader_config.py:

    c.Autograde.autograde_preprocessors = [..., SandboxExecute, ...]   # in place of Execute

`c.Execute.kernel_manager_class = ...` does NOT work: nbgrader's Execute
passes AsyncKernelManager to its constructor, and that beats configuration.
The limits are settings, e.g. c.SandboxKernelManager.cpu_seconds = 300.
`nbgrader validate` is not affected (it always uses the plain Execute).
"""
import os
import shutil
import subprocess
import sys
import tempfile

from jupyter_client.manager import AsyncKernelManager
from nbgrader.coursedir import CourseDirectory
from traitlets import Bool, Float, Integer, List, Unicode, default

from coursekit.environment import sqlite_path
from coursekit.sandbox import launcher, reserve
from coursekit.sandbox.cgroups import KernelCgroup
from coursekit.sandbox.modes import mode_warning
from coursekit.sandbox.paths import matplotlib_cache_folder, module_locations, python_folders, user_ids
from coursekit.sandbox.slots import KernelSlot, NoFreeSlot

ALWAYS_HIDDEN = ("/tmp", "/var/tmp", "/run")
"""Hidden besides the course folder and the home folder: other kernels' and
programs' temporary files, and the sockets of system services."""



class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts each kernel in the sandbox of coursekit.sandbox_launcher."""

    cpu_seconds = Integer(600, help="CPU seconds a kernel may use in all (0: no limit).").tag(config=True)
    memory_bytes = Integer(
        2 * 1024**3, help="Address space of the kernel in bytes; beyond it, MemoryError (0: no limit)."
    ).tag(config=True)
    memory_reserve_bytes = Integer(
        64 * 1024**2,
        help="Address space the kernel's own work may use above memory_bytes: reporting that a "
        "cell ran out of memory, and sending its reply (coursekit.sandbox.reserve; 0: none).",
    ).tag(config=True)
    file_bytes = Integer(
        64 * 1024**2, help="Largest file the kernel may write, in bytes (0: no limit)."
    ).tag(config=True)
    processes = Integer(
        256,
        help="Processes and threads the kernel may have at once (0: no limit): for its process "
        "tree in its cgroup, and for its user id (only when it runs as another user: for your "
        "own user it would count your other programs).",
    ).tag(config=True)
    cpus = Float(
        1.0, help="CPU cores the kernel's whole process tree may use at once (cgroups only; 0: no limit)."
    ).tag(config=True)
    cgroups = Bool(
        True, help="Put each kernel's process tree in a cgroup of its own, where the machine allows "
        "(as root, cgroups v2 or v1): memory_bytes, processes and cpus then hold for the whole tree.",
    ).tag(config=True)
    user = Unicode(
        "nobody", help="The unprivileged user the kernel runs as when nbgrader runs as root (its "
        "group always; its user id when slot_uids is 0)."
    ).tag(config=True)
    first_slot_uid = Integer(
        64200, help="As root, each kernel runs as a user id of its own: the first free one of "
        "first_slot_uid ... first_slot_uid + slot_uids - 1 (ids of real users are skipped)."
    ).tag(config=True)
    slot_uids = Integer(
        100, help="How many user ids kernels may take (see first_slot_uid); 0: all kernels run as `user`."
    ).tag(config=True)
    bwrap = Unicode(help="bubblewrap's path; empty: `bwrap` on PATH. Set to 'none' to do without.").tag(
        config=True
    )
    hidden_paths = List(
        Unicode(),
        help="More folders or files the kernel must not see, besides the course folder, "
        "your home folder, the gradebook, /tmp, /var/tmp and /run.",
    ).tag(config=True)
    exposed_modules = List(
        Unicode(),
        ["siouxdnn", "coursekit", "loss_plot"],
        help="Modules the notebooks import that may live in a hidden folder (the kit is "
        "installed from the course folder); they are shown to the kernel read-only.",
    ).tag(config=True)

    workdir = None
    """The kernel's private folder, made when the kernel first starts."""
    slot = None
    """The KernelSlot (user id) of this kernel, as root."""
    cgroup = None
    """The KernelCgroup of this kernel, where the machine has cgroups."""

    @default("transport")
    def _default_transport(self):
        # Unix sockets in the private folder: the kernel needs no network.
        return "ipc"

    @default("bwrap")
    def _default_bwrap(self):
        return shutil.which("bwrap") or ""

    @property
    def kernel_spec(self):
        """The kernel spec, interrupted by message: a signal would only reach bubblewrap."""
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return spec

    async def _async_pre_start_kernel(self, **kw):
        """Make the private folder and put the connection file (and sockets) in it."""
        if self.workdir is None:  # a restart keeps the folder
            self.workdir = tempfile.mkdtemp(prefix="sandbox-")
            if len(self.workdir) > 80:  # a Unix socket's path has at most 107 bytes
                os.rmdir(self.workdir)
                self.workdir = tempfile.mkdtemp(prefix="sandbox-", dir="/tmp")
            self.connection_file = os.path.join(self.workdir, "kernel.json")
            if self.transport == "ipc":
                self.ip = os.path.join(self.workdir, "kernel")
            self._take_slot_and_cgroup()
        return await super()._async_pre_start_kernel(**kw)

    def _take_slot_and_cgroup(self):
        """As root: a user id of the kernel's own, and a cgroup for its process tree (where possible)."""
        if os.geteuid() == 0 and self.slot_uids > 0:
            try:
                self.slot = KernelSlot.take(self.first_slot_uid, self.slot_uids)
            except NoFreeSlot as error:
                self.log.warning("Sandbox: %s; this kernel runs as %r.", error, self.user)
        if self.cgroups:
            name = os.path.basename(self.workdir)
            try:
                # The group's memory limit is a little above the kernel's own (its address
                # space): a cell that asks for too much gets MemoryError from Python, with room
                # left to report it, before the group's out-of-memory killer would end the kernel.
                group_memory = self.memory_bytes + self.memory_reserve_bytes + CGROUP_HEADROOM \
                    if self.memory_bytes else 0
                self.cgroup = KernelCgroup.create(name, group_memory, self.processes, self.cpus)
            except OSError as error:
                self.cgroup = None
                _warn_once(self.log, f"Sandbox: cannot make a cgroup for the kernel ({error}); memory, "
                                     "processes and CPU are limited per process only.")
            if self.cgroup is None and os.geteuid() == 0:
                _warn_once(self.log, "Sandbox: no usable cgroups on this machine; memory, processes "
                                     "and CPU are limited per process only (and processes per kernel user).")

    pre_start_kernel = _async_pre_start_kernel

    def format_kernel_cmd(self, extra_arguments=None):
        """The kernel's command with the launcher in front."""
        kernel_cmd = super().format_kernel_cmd(extra_arguments)
        if self.memory_bytes and self.memory_reserve_bytes and any("ipykernel" in part for part in kernel_cmd):
            kernel_cmd.append("--ext=" + reserve.__name__)
        return self.launcher_command(kernel_cmd, self.workdir, self.sandbox_mode())

    async def _async_cleanup_resources(self, restart=False):
        """Also delete the private folder, unless the kernel is restarting."""
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.cgroup is not None:
            self.cgroup.remove()  # every process the kernel left behind ends here
            self.cgroup = None
        if not restart and self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
        if not restart and self.slot is not None:
            self.slot.release()
            self.slot = None

    cleanup_resources = _async_cleanup_resources

    def launcher_command(self, kernel_cmd, workdir, mode):
        """The launcher's command line for `kernel_cmd` (built by coursekit.sandbox.launcher).

        mode: (bwrap path or None, (uid, gid) or None), see sandbox_mode().
        """
        bwrap, user = mode
        if user and self.slot is not None:
            user = (self.slot.uid, user[1])
        limits = {"cpu": self.cpu_seconds, "memory": self.memory_bytes,
                  "file_size": self.file_bytes, "processes": self.processes}
        return launcher.command(
            kernel_cmd, workdir, limits, user=user, bwrap=bwrap, memory_reserve=self.memory_reserve_bytes,
            cgroup=self.cgroup.procs_files() if self.cgroup is not None else (),
            hide=self.hidden() if bwrap else (), expose=self.exposed() if bwrap else (),
            share_network=self.transport != "ipc", font_cache=matplotlib_cache_folder(),
        )

    def hidden(self):
        """What the kernel must not see: the course folder (from nbgrader's configuration),
        the home folder, the gradebook, the folder the kit was installed from (a clone of
        the kit holds the instructor notebooks too), ALWAYS_HIDDEN and hidden_paths."""
        coursedir = CourseDirectory(config=self.config)
        paths = [coursedir.root, os.path.expanduser("~"), *ALWAYS_HIDDEN, *self.hidden_paths]
        if sqlite_path(coursedir.db_url):
            paths.append(sqlite_path(coursedir.db_url))
        python = [os.path.realpath(p) for p in python_folders()]
        for location in module_locations(self.exposed_modules):
            folder = os.path.dirname(os.path.realpath(location))
            if not any(folder == p or folder.startswith(p + os.sep) for p in python):
                paths.append(folder)
        return list(dict.fromkeys(os.path.abspath(p) for p in paths))

    def exposed(self):
        """What the kernel must see even inside a hidden folder: Python, the venv, the kit."""
        paths = set(python_folders()) | set(module_locations(self.exposed_modules))
        paths |= {os.path.realpath(p) for p in paths}
        return sorted(paths)

    def sandbox_mode(self):
        """(bwrap, user): the strongest sandbox that can start a kernel here; chosen once per process."""
        key = (self.bwrap, self.user, os.geteuid())
        if key not in _MODES:
            mode, warning = self._choose_mode()
            _MODES[key] = mode
            if warning:
                self.log.warning(warning)
        return _MODES[key]

    def _choose_mode(self):
        """Try the ways to sandbox, strongest first; returns (mode, warning or None)."""
        root = os.geteuid() == 0
        user = user_ids(self.user) if root else None
        bwrap = self.bwrap if self.bwrap not in ("", "none") else None
        candidates = [(bwrap, user), (bwrap, None), (None, user)]
        failures = {}
        for mode in dict.fromkeys(candidates):  # in order, without duplicates
            if mode[0] is None and mode[1] is None:
                continue
            failures[mode] = self._probe(mode)
            if failures[mode] is None:
                return mode, mode_warning(mode, failures, self.user, self.bwrap)
        return (None, None), mode_warning((None, None), failures, self.user, self.bwrap)

    def _probe(self, mode):
        """Start Python with ipykernel as the kernel would start; None if it works, else why not."""
        workdir = tempfile.mkdtemp(prefix="sandbox-probe-")
        try:
            cmd = self.launcher_command([sys.executable, "-c", "import ipykernel"], workdir, mode)
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            return str(error)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if result.returncode == 0:
            return None
        lines = result.stderr.strip().splitlines()
        return lines[-1] if lines else f"exit status {result.returncode}"


CGROUP_HEADROOM = 256 * 1024**2
"""Bytes the kernel's cgroup allows above memory_bytes and memory_reserve_bytes (see _take_slot_and_cgroup)."""

_MODES = {}
"""sandbox_mode()'s choice, per (bwrap, user, euid): probed once per process."""

_WARNED = set()


def _warn_once(log, message):
    """Log `message` once per process."""
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning(message)
