"""Room for a kernel to report that a cell ran out of memory (an IPython extension).

The launcher gives the kernel's address space two limits (RLIMIT_AS): the
soft limit is SandboxKernelManager.memory_bytes, and the hard limit is
memory_reserve_bytes higher. SandboxKernelManager loads this extension in
every kernel (``--ext=coursekit.sandbox.reserve``). It lets

- the student's code run under the soft limit (from ``pre_run_cell`` on);
- the kernel's own work use the reserve: showing the traceback of a cell
  that ran out of memory, sending the reply, waiting for the next cell
  (``post_run_cell`` on, and as soon as a cell raises MemoryError).

Without it, a cell that fills the memory to the last byte also leaves the
kernel unable to format or send anything: the cell hangs until it is
ended, and every cell after it is lost.

A MemoryError also clears the local variables of the frames it passed
through (the traceback would keep them, and with them the memory that ran
out), so that the next cell starts with that memory free again.

Student code can undo all of this (it runs in the same process): it then
only loses this help. The memory of the kernel's whole process tree is
held by its cgroup in any case.
"""
import gc
import resource
import traceback

__all__ = ["load_ipython_extension"]


def load_ipython_extension(shell):
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft >= hard:
        return  # no limit, or no reserve above it

    def for_student(*_):
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    def for_kernel(*_):
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))

    def out_of_memory(self, etype, value, tb, tb_offset=None):
        for_kernel()
        traceback.clear_frames(tb)  # the frames that filled the memory let go of it
        gc.collect()
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    shell.events.register("pre_run_cell", for_student)
    shell.events.register("post_run_cell", for_kernel)
    shell.set_custom_exc((MemoryError,), out_of_memory)
    for_kernel()
