"""Start a Jupyter kernel confined: a private folder, resource limits, bubblewrap, user nobody.

coursekit.sandbox.SandboxKernelManager puts this module in front of the
kernel's command (with command(), which owns this command line as
parse_args() reads it), so nbgrader's kernel starts like this:

    python -I -m coursekit.sandbox.launcher --workdir /tmp/sandbox-x1y2 --cpu 600 ...
        -- python -m ipykernel_launcher -f /tmp/sandbox-x1y2/kernel.json

It works in two stages.

1. Outside (as the grader, often root): fill the private folder (matplotlib's
   font cache, a tmp/ folder), give it to the kernel's user, build a clean
   environment (HOME, TMPDIR and MPLCONFIGDIR in the private folder, one BLAS
   thread), and exec bubblewrap, which shows the kernel the whole file system
   read-only, with the hidden folders (the course, your home, /tmp, ...)
   replaced by empty read-only folders, the exposed paths (Python, the
   kit's packages) put back read-only, and the private folder writable.
2. Inside the sandbox, the same module again with --confine: set the
   resource limits, drop to the unprivileged user, exec the kernel.

Without --bwrap, stage 2 runs directly after stage 1 (no file system view,
no namespaces): that is the fallback when bubblewrap is missing.

Everything the kernel may write is the private folder. Stage 2 runs as
`python -I` so that nothing in that folder is imported while it still has
the rights to change user.
"""
import argparse
import ctypes
import glob
import os
import resource
import shutil
import sys

from coursekit.environment import KEEP_FREED_MEMORY, ONE_THREAD
from coursekit.sandbox.bwrap import bwrap_arguments

LIMITS = {
    "cpu": resource.RLIMIT_CPU,  # seconds of CPU time; then SIGXCPU ends the kernel
    "memory": resource.RLIMIT_AS,  # bytes of address space; then MemoryError (see --memory-reserve)
    "file_size": resource.RLIMIT_FSIZE,  # bytes per written file; then OSError (EFBIG)
    "processes": resource.RLIMIT_NPROC,  # processes and threads of the kernel's user
}
"""The resource limits, by option name. 0 means: leave this limit alone."""

KEPT_VARIABLES = ("LANG", "LANGUAGE", "TZ", "NBGRADER_EXECUTION")
"""Variables the kernel keeps from the grader's environment (LC_* too); the others,
which may hold passwords or tokens, are dropped."""

PR_SET_NO_NEW_PRIVS = 38


MODULE = "coursekit.sandbox.launcher"
"""This module, as `python -I -m MODULE` runs it."""


def command(kernel_cmd, workdir, limits, user=None, bwrap=None, hide=(), expose=(),
            share_network=False, font_cache=None, cgroup=(), memory_reserve=0):
    """The launcher's command line that starts `kernel_cmd` confined (parse_args() reads it).

    limits: {name in LIMITS: value, 0 for none}; memory_reserve: bytes of
    address space above limits["memory"] that only the kernel's own work
    uses (coursekit.sandbox.reserve); user: (uid, gid) or None;
    bwrap: bubblewrap's path, or None for no file system sandbox; hide,
    expose: paths (used with bwrap only); cgroup: the cgroup.procs files of
    the kernel's cgroup (coursekit.sandbox.cgroups), joined before anything starts.
    """
    cmd = [sys.executable, "-I", "-m", MODULE, "--workdir", workdir]
    for name in LIMITS:
        if name != "processes" or user:  # NPROC counts every process of the user: only for `user`
            cmd += ["--" + name.replace("_", "-"), str(limits.get(name, 0))]
    if memory_reserve and limits.get("memory"):
        cmd += ["--memory-reserve", str(memory_reserve)]
    if user:
        cmd += ["--user", "%d:%d" % tuple(user)]
    if bwrap:
        cmd += ["--bwrap", bwrap]
        for path in hide:
            cmd += ["--hide", path]
        for path in expose:
            cmd += ["--expose", path]
        if share_network:
            cmd += ["--share-network"]
    if font_cache:
        cmd += ["--font-cache", font_cache]
    for procs in cgroup:
        cmd += ["--cgroup", procs]
    return cmd + ["--", *kernel_cmd]


def parse_args(argv):
    """The options and the kernel's command (after `--`)."""
    if "--" not in argv:
        raise SystemExit(f"{MODULE}: give the kernel's command after --")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}")
    parser.add_argument("--workdir", required=True, help="the private folder (exists; holds the connection file)")
    for name in LIMITS:
        parser.add_argument("--" + name.replace("_", "-"), dest=name, type=int, default=0)
    parser.add_argument("--memory-reserve", type=int, default=0,
                        help="bytes of address space above --memory for the kernel's own work: the hard limit")
    parser.add_argument("--user", help="uid:gid to run the kernel as (needs root)")
    parser.add_argument("--bwrap", help="path of bubblewrap; without it, no file system sandbox")
    parser.add_argument("--hide", action="append", default=[], help="a folder or file the kernel must not see")
    parser.add_argument("--expose", action="append", default=[], help="a path to show read-only inside a hidden folder")
    parser.add_argument("--share-network", action="store_true", help="keep the network (needed for tcp transport)")
    parser.add_argument("--font-cache", help="folder with matplotlib's fontlist-*.json to copy")
    parser.add_argument("--cgroup", action="append", default=[],
                        help="a cgroup.procs file to join (with every process started after)")
    parser.add_argument("--confine", action="store_true", help="stage 2: limits, user, exec")
    args = parser.parse_args(argv[:split])
    args.command = argv[split + 1:]
    if not args.command:
        raise SystemExit(f"{MODULE}: the kernel's command after -- is empty")
    return args


def parse_user(user):
    """'65534:65534' -> (65534, 65534); None -> None."""
    if not user:
        return None
    uid, gid = user.split(":")
    return int(uid), int(gid)


def kernel_environment(workdir, environ, pid_namespace):
    """The kernel's whole environment: private folders, one BLAS thread, malloc that keeps
    freed memory (KEEP_FREED_MEMORY), no secrets.

    pid_namespace: the kernel runs in its own PID namespace, where its parent
    is PID 1. JPY_PARENT_PID=1 then tells ipykernel not to watch its parent
    (it would take PID 1 for a dead parent and quit at once); bubblewrap's
    --die-with-parent ends the kernel with nbgrader instead.
    """
    env = {
        name: value
        for name, value in environ.items()
        if name in KEPT_VARIABLES or name.startswith("LC_")
    }
    if pid_namespace:
        env["JPY_PARENT_PID"] = "1"
    elif "JPY_PARENT_PID" in environ:
        env["JPY_PARENT_PID"] = environ["JPY_PARENT_PID"]
    env.update(
        PATH=os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]),
        HOME=workdir,
        TMPDIR=os.path.join(workdir, "tmp"),
        MPLCONFIGDIR=os.path.join(workdir, "matplotlib"),
        PYTHONNOUSERSITE="1",
        **ONE_THREAD,
        **KEEP_FREED_MEMORY,
    )
    env.setdefault("LANG", "C.UTF-8")
    return env


def prepare_workdir(workdir, font_cache, user):
    """Add tmp/ and matplotlib/ (with a copy of the font cache) and give it all to `user`.

    Without the font cache matplotlib rebuilds it and says so on stderr, and
    nbgrader scores a test cell 0 when it writes to stderr.
    Only for a new folder: a restarted kernel finds its folder as it left it,
    and this stage, often root, must not touch what student code put there
    (a link to /etc/shadow, say). Links are never followed.
    """
    matplotlib = os.path.join(workdir, "matplotlib")
    if os.path.lexists(matplotlib):
        return
    os.mkdir(matplotlib)
    os.mkdir(os.path.join(workdir, "tmp"))
    if font_cache:
        for path in glob.glob(os.path.join(font_cache, "fontlist-*.json")):
            shutil.copy(path, matplotlib)
    if user:
        uid, gid = user
        for folder, _, files in os.walk(workdir):
            os.chown(folder, uid, gid, follow_symlinks=False)
            for name in files:
                os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


def limit_arguments(args):
    """The limit options of `args`, to hand on to stage 2."""
    options = []
    for name in LIMITS:
        options += ["--" + name.replace("_", "-"), str(getattr(args, name))]
    return options + ["--memory-reserve", str(args.memory_reserve)]


def confine(limits, user, memory_reserve=0):
    """Set the resource limits (soft = hard), no core dumps, and become `user` (uid, gid).

    limits: {option name: value}, 0 to leave a limit alone. The memory limit's
    hard limit is memory_reserve higher than its soft one. After this the
    process cannot raise the limits beyond the hard ones or gain privileges
    again, also not by running a setuid program.
    """
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for name, value in limits.items():
        if value > 0:
            reserve = memory_reserve if name == "memory" else 0
            resource.setrlimit(LIMITS[name], (value, value + reserve))
    _no_new_privileges()
    if user:
        uid, gid = user
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)


def _no_new_privileges():
    """prctl(PR_SET_NO_NEW_PRIVS): setuid programs cannot give the kernel more rights."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    user = parse_user(args.user)
    limits = {name: getattr(args, name) for name in LIMITS}
    workdir = os.path.abspath(args.workdir)
    if args.confine:
        confine(limits, user, args.memory_reserve)
        os.chdir(workdir)  # after becoming `user`: the folder is theirs, mode 700
        os.execvp(args.command[0], args.command)

    for procs in args.cgroup:  # stage 1 joins: bubblewrap and the kernel follow
        with open(procs, "w") as file:
            file.write(str(os.getpid()))
    prepare_workdir(workdir, args.font_cache, user)
    env = kernel_environment(workdir, os.environ, pid_namespace=bool(args.bwrap))
    if args.bwrap:
        stage2 = [sys.executable, "-I", "-m", MODULE, "--confine",
                  "--workdir", workdir, *limit_arguments(args)]
        if args.user:
            stage2 += ["--user", args.user]
        sandbox = bwrap_arguments(workdir, args.hide, args.expose, args.share_network,
                                  as_root=os.geteuid() == 0)
        os.execve(args.bwrap, [args.bwrap, *sandbox, "--", *stage2, "--", *args.command], env)
    confine(limits, user, args.memory_reserve)
    os.chdir(workdir)
    os.execvpe(args.command[0], args.command, env)


if __name__ == "__main__":
    main()
