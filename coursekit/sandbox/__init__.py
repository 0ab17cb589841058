"""The autograding sandbox: each student kernel confined (see README, "Grading safely").

- kernel_manager: SandboxKernelManager, the kernel manager nbgrader's Execute step uses
- launcher: the program in front of each kernel: private folder, limits, bubblewrap, user
- reserve: the IPython extension each kernel loads: room to report running out of memory

Nothing is imported here: the launcher runs as root before it drops its rights,
and must load as little as it can.
"""
