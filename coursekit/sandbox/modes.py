"""What a weaker sandbox does not protect, in one warning for the instructor's log.

SandboxKernelManager tries bubblewrap with user nobody first, then weaker
modes; when it has to settle for less, mode_warning() says what is not
protected and how to fix it.
"""
import os

from coursekit.sandbox.paths import user_ids

INSTALL_HINT = "Install bubblewrap (as root: .ci/sandbox-deps.sh, or apt-get install bubblewrap)."


def mode_warning(mode, failures, user_name, bwrap_setting):
    """One warning that says what the chosen mode does not protect; None for the full sandbox.

    mode: (bwrap path or None, (uid, gid) or None); failures: {mode tried: why it failed};
    user_name: c.SandboxKernelManager.user; bwrap_setting: c.SandboxKernelManager.bwrap.
    """
    bwrap, user = mode
    root = os.geteuid() == 0
    if bwrap and (user or not root):
        return None
    if bwrap:
        ids = user_ids(user_name)
        why = f"user {user_name!r} cannot start them: {failures.get((bwrap, ids))}" if ids \
            else f"there is no user {user_name!r}"
        return (
            f"Sandbox: kernels run in bubblewrap but as root (without capabilities), because {why}. "
            "They cannot see the course or your home folder, but can read root's files elsewhere."
        )
    if not bwrap_setting or bwrap_setting == "none":
        why = "bubblewrap (bwrap) is not installed"
    else:
        why = "bubblewrap does not work here: " + str(
            next((f for (b, _), f in failures.items() if b), "unknown error")
        )
    if user:
        return (
            f"Sandbox: {why}. Kernels only run as user {user_name!r}, with resource limits, in a "
            "private folder. NOT protected: student code can read every file that user may read, "
            "which includes source/ (hidden tests) and gradebook.db unless the course folder is "
            "closed to other users (chmod o-rwx), and it shares the network and /tmp with the "
            "grader and, as the same user, with other kernels. " + INSTALL_HINT
        )
    reason = f"; user {user_name!r} cannot start them" if root else "; nbgrader does not run as root"
    return (
        f"Sandbox: {why}{reason}. Kernels only get resource limits and a private folder. NOT "
        "protected: student code runs with your rights: it can read and change the course folder "
        "(source/ with the hidden tests, gradebook.db) and your home folder, and use the network. "
        + INSTALL_HINT
    )
