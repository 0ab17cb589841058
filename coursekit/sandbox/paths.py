"""What a sandboxed kernel must find: users, Python's folders, the kit's modules, matplotlib's font cache.

Looked up outside the sandbox, by coursekit.sandbox.kernel_manager, and handed
to the launcher as paths to expose or hide.
"""
import glob
import json
import os
import pwd
import subprocess
import sys
import tempfile


def user_ids(name):
    """(uid, gid) of the user `name`, or None if there is no such user."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def python_folders():
    """The folders of this Python: the virtual environment and the installation under it."""
    return sorted({sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix})


FIND_MODULES = """
import importlib.util, json, sys
locations = []
for name in sys.argv[1:]:
    spec = importlib.util.find_spec(name)
    if spec is not None:
        locations.extend(spec.submodule_search_locations or [spec.origin])
print(json.dumps([p for p in locations if p]))
"""


def module_locations(names):
    """The folder (package) or file (module) of each module in `names`, as the kernel finds it.

    Asked of a new Python process in a neutral folder, like the kernel: this
    process may have the course folder on sys.path (`python -m coursekit` in
    a clone of the kit finds ./siouxdnn), the kernel finds the installed kit.
    Only real paths: an editable install adds a placeholder to a namespace package's path.
    """
    names = tuple(names)
    if names not in _LOCATIONS:
        with tempfile.TemporaryDirectory() as neutral:
            found = subprocess.run(
                [sys.executable, "-c", FIND_MODULES, *names],
                cwd=neutral, capture_output=True, text=True, check=True,
            )
        paths = json.loads(found.stdout)
        _LOCATIONS[names] = [os.path.abspath(p) for p in paths if os.path.exists(p)]
    return _LOCATIONS[names]


_LOCATIONS = {}


def matplotlib_cache_folder():
    """The grader's matplotlib cache folder with a font cache, or None.

    Looked up as matplotlib does on Linux, without importing matplotlib.
    """
    candidates = [
        os.environ.get("MPLCONFIGDIR", ""),
        os.path.join(os.environ.get("XDG_CACHE_HOME", "") or os.path.expanduser("~/.cache"), "matplotlib"),
    ]
    for folder in candidates:
        if folder and glob.glob(os.path.join(folder, "fontlist-*.json")):
            return folder
    return None
