"""A control group per kernel: memory, processes and CPU limits for the kernel's whole process tree.

Resource limits (setrlimit) apply per process: a kernel that forks four
children gets four times the memory, and a forked child is not held by the
kernel's CPU limit. A control group (cgroup) holds the kernel and every
process it starts, and its limits apply to them together:

- memory: all the group's processes together (beyond it the kernel's out-of-
  memory killer ends one of them, usually the biggest: then the notebook is
  graded up to that cell, see coursekit.preprocessors.execute);
- processes: how many the group may have at once (one hand-in cannot take
  the processes other kernels need);
- CPU: at most `cpus` cores for the group, however many processes it has.

At the end, every process left in the group is killed and the group removed.

Two kinds of cgroups exist. cgroups v2 (one tree, /sys/fs/cgroup with
cgroup.controllers) is used where its root offers the memory, pids and cpu
controllers; otherwise cgroups v1 (a tree per controller,
/sys/fs/cgroup/memory, /pids, /cpu), where those are mounted. Both need
root. KernelCgroup.create() returns None where neither can be used (not
root, or no writable cgroup file system): the limits then stay per process,
which the sandbox says in its warning. With v1 the kernels' groups go inside
the grader's own group of each controller; with v2 under the root, in
coursekit-kernels/ (v2 allows no processes in a group that shares its
controllers with groups below it).
"""
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
GROUP = "coursekit-kernels"
"""The folder, under the cgroup root, that holds one cgroup per running kernel."""

CONTROLLERS = ("memory", "pids", "cpu")
PERIOD = 100_000
"""The CPU period in microseconds; a group may use cpus * PERIOD of CPU time per period."""


@dataclass
class KernelCgroup:
    """The cgroup folder(s) of one kernel: one for v2, one per controller for v1."""

    folders: list
    version: int

    @classmethod
    def available(cls, root=ROOT):
        """2 or 1: the cgroup version this process can create groups in; None if none."""
        if os.geteuid() != 0:
            return None
        controllers = root / "cgroup.controllers"
        if controllers.is_file():
            offered = set(controllers.read_text().split())
            return 2 if set(CONTROLLERS) <= offered and os.access(root, os.W_OK) else None
        if all((root / name / "cgroup.procs").is_file() and os.access(root / name, os.W_OK)
               for name in CONTROLLERS):
            return 1
        return None

    @classmethod
    def create(cls, name, memory_bytes=0, processes=0, cpus=0.0, root=ROOT):
        """A new cgroup `name` with these limits (0: none); None where cgroups cannot be used.

        Raises OSError when the cgroup file system refuses a step.
        """
        version = cls.available(root)
        if version is None:
            return None
        if version == 2:
            parent = root / GROUP
            parent.mkdir(exist_ok=True)
            wanted = " ".join("+" + c for c in CONTROLLERS)
            if not set(CONTROLLERS) <= set((parent / "cgroup.subtree_control").read_text().split()):
                (parent / "cgroup.subtree_control").write_text(wanted)
            folder = parent / name
            folder.mkdir()
            group = cls([folder], 2)
            if memory_bytes:
                _write(folder / "memory.max", memory_bytes)
                _write(folder / "memory.swap.max", 0, optional=True)
            if processes:
                _write(folder / "pids.max", processes)
            if cpus:
                _write(folder / "cpu.max", f"{int(cpus * PERIOD)} {PERIOD}")
            return group
        folders = []
        try:
            for controller in CONTROLLERS:
                folder = root / controller / own_path(controller) / GROUP / name
                folder.mkdir(parents=True)
                folders.append(folder)
            group = cls(folders, 1)
            memory, pids, cpu = folders
            if memory_bytes:
                _write(memory / "memory.limit_in_bytes", memory_bytes)
                _write(memory / "memory.memsw.limit_in_bytes", memory_bytes, optional=True)
            if processes:
                _write(pids / "pids.max", processes)
            if cpus:
                _write(cpu / "cpu.cfs_period_us", PERIOD)
                _write(cpu / "cpu.cfs_quota_us", int(cpus * PERIOD))
        except OSError:
            cls(folders, 1).remove()
            raise
        return group

    def procs_files(self):
        """The files a process writes its pid into to join the group (all its children follow)."""
        return [str(folder / "cgroup.procs") for folder in self.folders]

    def pids(self):
        """The processes in the group now."""
        found = set()
        for folder in self.folders:
            try:
                found.update(int(line) for line in (folder / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return found

    def remove(self):
        """Kill every process left in the group, then remove it (quietly, as far as it goes)."""
        kill = self.folders[0] / "cgroup.kill" if self.version == 2 else None
        if kill is not None and kill.exists():
            _write(kill, 1, optional=True)
        for _ in range(50):
            left = self.pids()
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)
        for folder in self.folders:
            try:
                folder.rmdir()
            except OSError:
                pass


def own_path(controller, cgroup_file="/proc/self/cgroup"):
    """This process's cgroup in the v1 hierarchy of `controller`, relative ('' for the root):
    a kernel's group goes inside it, so the limits of the grader's own group still hold."""
    try:
        lines = Path(cgroup_file).read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path.lstrip("/")
    return ""


def _write(path, value, optional=False):
    try:
        path.write_text(str(value))
    except OSError:
        if not optional:
            raise
