"""bubblewrap's options for the sandbox: the file system view, the namespaces, the rights kept.

Pure: paths in, a list of options out. The launcher (coursekit.sandbox.launcher)
puts them in front of stage 2.
"""
import os


def bwrap_arguments(workdir, hide, expose, share_network=False, as_root=False):
    """bubblewrap's options (without the program and the command) for this sandbox.

    hide: folders become empty and read-only, files become empty; parents
    first, so `hide` may hold both a folder and a folder inside it.
    expose: paths put back read-only at the same place (the ones inside a
    hidden folder; the others are visible anyway).
    as_root: bubblewrap runs as real root: the sandbox keeps only the rights
    to change user, which stage 2 uses to become nobody.
    """
    hide = sorted({os.path.abspath(p) for p in hide if os.path.abspath(p) != "/"}, key=_depth)
    hidden_folders = [p for p in hide if os.path.isdir(p)]
    hidden_files = [p for p in hide if os.path.isfile(p) and not _inside_any(p, hidden_folders)]
    expose = sorted(
        {os.path.abspath(p) for p in expose if os.path.exists(p) and _inside_any(p, hide)},
        key=_depth,
    )
    args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    for folder in hidden_folders:
        args += ["--tmpfs", folder]
    for path in hidden_files:
        args += ["--ro-bind", "/dev/null", path]
    made = set(hidden_folders)
    for path in expose:
        for parent in _parents_inside(path, hidden_folders):
            if parent not in made:  # bubblewrap would make it with mode 700
                args += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        args += ["--ro-bind", path, path]
    args += ["--bind", workdir, workdir]
    for folder in hidden_folders:
        args += ["--remount-ro", folder]
    args += ["--remount-ro", "/dev"]
    args += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if not share_network:
        args += ["--unshare-net"]
    args += ["--hostname", "sandbox", "--new-session", "--die-with-parent"]
    if as_root:
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    return args


def _depth(path):
    return path.rstrip("/").count("/")


def _parents_inside(path, folders):
    """The folders between `path` and the innermost of `folders` holding it, outermost first."""
    holders = [f for f in folders if _inside_any(path, [f]) and f != path]
    if not holders:
        return []
    top = max(holders, key=_depth)
    parents = []
    parent = os.path.dirname(path)
    while parent != top and _inside_any(parent, [top]):
        parents.append(parent)
        parent = os.path.dirname(parent)
    return parents[::-1]


def _inside_any(path, folders):
    path = os.path.abspath(path)
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)
