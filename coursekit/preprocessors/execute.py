"""SandboxExecute: nbgrader's Execute step with each kernel in the sandbox, a bounded output,
a bounded total time, and a notebook that ends or blocks its own kernel graded up to where it stopped.

Configure it in place of Execute (nbgrader_config.py does):

    c.Autograde.autograde_preprocessors = [..., SandboxExecute, ...]

c.Execute settings (timeout, extra_arguments, ...) apply to it too.
"""
import time
from queue import Empty

from nbclient.exceptions import DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

from coursekit.output_budget import OutputBudget
from coursekit.results import CELL_TIMEOUT_ERROR, KERNEL_DIED_ERROR, STUCK_ERROR, TIME_BUDGET_ERROR
from coursekit.sandbox.kernel_manager import SandboxKernelManager
from coursekit.surrogates import without_surrogates


class KernelStuck(Exception):
    """The kernel did not answer within interrupt_grace seconds of being interrupted at a timeout."""


class SandboxExecute(Execute):
    """nbgrader's Execute with every kernel in the sandbox (coursekit.sandbox) and an output budget.

    When the kernel dies (os._exit(), exit() in a cell, a crash in C code),
    stock nbgrader fails the whole notebook and every check that had passed
    is lost. Here the cell that ended the kernel, and every code cell after
    it, get an error output (KERNEL_DIED_ERROR) that says where and why the
    notebook stopped; the cells before keep their results.

    A cell that runs past the timeout is interrupted; one that ignores the
    interrupt (catches KeyboardInterrupt, or is stuck in C code) for
    interrupt_grace seconds gets STUCK_ERROR, its kernel is ended, and the
    code cells after it get KERNEL_DIED_ERROR. (Stock nbgrader fails the
    whole notebook then.)

    All cells together may run max_seconds: each cell's timeout is cut to
    what is left; the cell in which the time runs out (or the first one not
    started in time) gets TIME_BUDGET_ERROR, the kernel is ended, and the
    cells after it get KERNEL_DIED_ERROR.
    """

    max_output_chars = Integer(
        2 * 1024**2,
        help="Characters of output a notebook keeps in all: everything the outputs hold "
             "(text, images in base64, metadata, error names, messages and tracebacks).",
    ).tag(config=True)
    max_seconds = Integer(
        300,
        help="Seconds all the cells of one hand-in may run together (0: no limit). A cell is "
             "stopped when the time is up, and the cells after it are not run.",
    ).tag(config=True)
    interrupt_grace = Integer(
        5, help="Seconds a cell interrupted at its timeout has to stop before its kernel is ended.",
    ).tag(config=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(**kwargs)

    def preprocess(self, nb, resources=None, km=None):
        without_surrogates(nb)  # they would stop nbgrader from writing the graded notebook
        self._budget = OutputBudget(self.max_output_chars)
        self._died_in = None  # (cell number, why) once the kernel is gone
        self._deadline = None  # when the hand-in's time is up, from its first code cell on
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._died_in is not None:
            cell.outputs = [_stopped_output(*self._died_in, KERNEL_DIED_ERROR, this_cell=False)]
            return cell, resources
        if self._deadline is None and self.max_seconds > 0:
            self._deadline = time.monotonic() + self.max_seconds
        if self._deadline is not None and time.monotonic() >= self._deadline and cell.source.strip():
            cell.outputs = []
            return self._stop(cell, resources, index, TIME_BUDGET_ERROR, self._time_up())
        try:
            super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            return self._stop(cell, resources, index, KERNEL_DIED_ERROR,
                              "the kernel ended: os._exit(), exit(), or a crash", end_kernel=False)
        except KernelStuck:
            return self._stop(cell, resources, index, STUCK_ERROR,
                              "it ran too long and did not stop when interrupted")
        finally:
            without_surrogates(cell.outputs)
        cut = any(o.get("ename") == CELL_TIMEOUT_ERROR for o in cell.outputs)
        if cut and self._deadline is not None and time.monotonic() >= self._deadline:
            return self._stop(cell, resources, index, TIME_BUDGET_ERROR, self._time_up())
        return cell, resources

    def _time_up(self):
        return f"the whole notebook may run {self.max_seconds} seconds, and that time was used up"

    def _stop(self, cell, resources, index, ename, why, end_kernel=True):
        """The notebook stops in this cell: it gets the error `ename`, the kernel is ended, and
        every code cell after it gets KERNEL_DIED_ERROR."""
        if end_kernel:
            run_sync(self._end_kernel)()
        self._died_in = (index + 1, why)
        cell.outputs.append(_stopped_output(index + 1, why, ename, this_cell=True))
        self.log.warning("The notebook stopped in cell %d (%s); the cells after it were not run.", index + 1, why)
        return cell, resources

    def _get_timeout(self, cell):
        """The cell's timeout, cut to the time the hand-in has left."""
        timeout = super()._get_timeout(cell)
        if self._deadline is None:
            return timeout
        left = max(1, int(self._deadline - time.monotonic() + 0.999))
        return left if timeout is None else min(timeout, left)

    async def _async_handle_timeout(self, timeout, cell=None):
        """Interrupt the kernel (nbclient); raise KernelStuck if it does not answer within interrupt_grace."""
        reply = await super()._async_handle_timeout(timeout, cell)
        try:
            await ensure_async(self.kc.shell_channel.get_msg(timeout=self.interrupt_grace))
        except Empty:
            raise KernelStuck() from None
        return reply

    async def _end_kernel(self):
        await ensure_async(self.km.shutdown_kernel(now=True))

    def on_cell_executed(self, **kwargs):
        """nbgrader adds the kernel's error reply as an output when no output has its error name
        (a timeout, or an error name cut short): that output counts against the budget too."""
        cell = kwargs["cell"]
        before = len(cell.outputs)
        super().on_cell_executed(**kwargs)
        for out in list(cell.outputs[before:]):
            self._budget.admit(out, cell.outputs, kwargs.get("cell_index"))

    def output(self, outs, msg, display_id, cell_index):
        """nbclient's output handler; over budget, cuts the new output short or drops it."""
        out = super().output(outs, msg, display_id, cell_index)
        if out is None:
            return out
        return self._budget.admit(out, outs, cell_index, display_id)

    def _update_display_id(self, display_id, msg):
        """nbclient's handler that puts new data into every output with this display id
        (the live loss plot redraws so). Over budget, they all get the note instead."""
        copies = sum(len(indices) for indices in self._display_id_map.get(display_id, {}).values())
        self._budget.admit_update(msg["content"], copies, display_id)
        return super()._update_display_id(display_id, msg)


def _stopped_output(cell_number, why, ename, this_cell):
    """The error output `ename` of the cell where the notebook stopped (this_cell), or of a cell after it."""
    where = "this cell" if this_cell else f"cell {cell_number}"
    fix = "remove what ends Python there" if why.startswith("the kernel ended") else "make it finish sooner"
    message = (f"The notebook stopped in {where} ({why}), so the cells after it did not run. "
               f"To fix it, {fix} and run the whole notebook again.")
    return new_output("error", ename=ename, evalue=message, traceback=[f"{ename}: {message}"])
