"""Kernel slots: a user id of its own for each kernel that runs at the same time.

The process limit (RLIMIT_NPROC) counts every process of a user on the
machine. With every kernel running as `nobody`, one hand-in that holds all
the processes it may have makes the kernels graded beside it fail to start
threads or processes. With a user id per slot, the limit counts the
processes of one kernel only, and kernels cannot signal or trace each other.

A slot is taken by locking its file (flock) in SLOT_FOLDER, so worker
processes on one machine never share one; the lock goes with the kernel
manager (or its process). Slot user ids need no entry in /etc/passwd; an id
that does have one (a real user) is never used.
"""
import fcntl
import os
import pwd
import tempfile

SLOT_FOLDER = os.path.join(tempfile.gettempdir(), "coursekit-kernel-slots")
"""Where the slots' lock files are (root's; hidden from kernels like all of /tmp)."""


class NoFreeSlot(RuntimeError):
    """Every slot is taken."""


class KernelSlot:
    """One slot held: its user id, until release()."""

    def __init__(self, uid, handle):
        self.uid = uid
        self._handle = handle

    @classmethod
    def take(cls, first_uid, count, folder=SLOT_FOLDER):
        """The first free slot of the user ids first_uid ... first_uid + count - 1."""
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for uid in range(first_uid, first_uid + count):
            if _is_a_user(uid):
                continue
            handle = open(os.path.join(folder, f"uid-{uid}.lock"), "a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            return cls(uid, handle)
        raise NoFreeSlot(f"all {count} kernel user ids from {first_uid} are in use")

    def release(self):
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None


def _is_a_user(uid):
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True
