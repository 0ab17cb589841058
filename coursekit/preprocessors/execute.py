"""SandboxExecute: nbgrader's Execute step with each kernel in the sandbox, a bounded output,
and a notebook that ends its own kernel graded up to where it stopped.

Configure it in place of Execute (nbgrader_config.py does):

    c.Autograde.autograde_preprocessors = [..., SandboxExecute, ...]

c.Execute settings (timeout, extra_arguments, ...) apply to it too.
"""
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

from coursekit.output_budget import OutputBudget
from coursekit.results import KERNEL_DIED_ERROR
from coursekit.sandbox.kernel_manager import SandboxKernelManager


class SandboxExecute(Execute):
    """nbgrader's Execute with every kernel in the sandbox (coursekit.sandbox) and an output budget.

    When the kernel dies (os._exit(), exit() in a cell, a crash in C code),
    stock nbgrader fails the whole notebook and every check that had passed
    is lost. Here the cell that ended the kernel, and every code cell after
    it, get an error output (KERNEL_DIED_ERROR) that says where and why the
    notebook stopped; the cells before keep their results.
    """

    max_output_chars = Integer(
        2 * 1024**2,
        help="Characters of output (text, and images in base64) a notebook keeps in all.",
    ).tag(config=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(**kwargs)

    def preprocess(self, nb, resources=None, km=None):
        self._budget = OutputBudget(self.max_output_chars)
        self._died_in = None  # (cell number, why) once the kernel is gone
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._died_in is not None:
            cell.outputs = [_stopped_output(*self._died_in, this_cell=False)]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._died_in = (index + 1, "the kernel ended: os._exit(), exit(), or a crash")
            cell.outputs.append(_stopped_output(*self._died_in, this_cell=True))
            self.log.warning("The notebook ended its kernel in cell %d; the cells after it were not run.", index + 1)
            return cell, resources

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
        self._budget.admit_update(msg["content"], copies)
        return super()._update_display_id(display_id, msg)


def _stopped_output(cell_number, why, this_cell):
    """The error output of a cell in or after the one that ended the kernel."""
    where = "this cell" if this_cell else f"cell {cell_number}"
    message = (f"The notebook stopped in {where} ({why}), so the cells after it did not run. "
               "Remove what ends Python there and run the whole notebook again.")
    return new_output("error", ename=KERNEL_DIED_ERROR, evalue=message, traceback=[f"{KERNEL_DIED_ERROR}: {message}"])
