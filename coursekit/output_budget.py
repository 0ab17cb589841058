"""How much output a graded notebook may keep: a budget of characters for all its outputs.

nbgrader's LimitOutput counts lines only: one print of a 10 MB string, or big
images, would go whole into the graded notebook, the feedback page and,
while the notebook runs, the grader's memory. OutputBudget cuts each output
short as it arrives once the notebook's outputs reach the budget. Errors and
stderr are always kept (they decide the score), shortened to SHORT characters.

Everything an output holds counts (its whole JSON: text, data, metadata,
error names, messages and tracebacks), and so does each update of a
displayed output, in every output that shows it.
"""
import json

from coursekit.transport import MAX_RESULT_CHARS, RESULTS_MIME

SHORT = 2000
"""Characters an error or stderr output keeps once the budget is spent."""

NOTE = "[... output cut short by the autograder: too much output ...]"


class OutputBudget:
    """The characters of output one notebook may still keep.

    limit: characters of output (text, and images in base64) in all.
    """

    def __init__(self, limit):
        self.limit = limit
        self.used = 0
        self._cut = set()  # (cell index, stream name or output type) already cut short
        self._shown = {}  # display id -> characters its outputs hold now, all copies together

    @property
    def spent(self):
        return self.used > self.limit

    def admit(self, out, outs, cell_index, display_id=None):
        """Count the new output `out` (already appended to `outs`); cut it short or drop it if over.

        Returns the output to keep, or None when it was dropped from `outs`.
        A test cell's result for the grader (coursekit.transport) is not
        counted: it is removed before the notebook is saved. One larger than
        MAX_RESULT_CHARS is cut (and so fails its check).
        """
        if RESULTS_MIME in out.get("data", {}):
            if output_size(out) > MAX_RESULT_CHARS:
                out.data = {"text/plain": NOTE}
            return out
        budget = self.limit - self.used
        size = output_size(out)
        self.used += size
        if display_id:
            self._shown[display_id] = self._shown.get(display_id, 0) + size
        if self.used <= self.limit:
            return out
        kind = (cell_index, out.get("name", out.output_type))
        if kind in self._cut and out.output_type != "error" and not display_id and outs and outs[-1] is out:
            outs.pop()  # this cell already says it was cut short
            return None
        shorten(out, max(budget, 0))
        self._cut.add(kind)
        return out

    def admit_update(self, content, copies, display_id=None):
        """A display update's content (the live plot's new frame), replaced by NOTE when over budget.

        copies: how many outputs show this display id (each gets the new data,
        in place of what it showed: only the difference counts).
        """
        copies = max(copies, 1)
        before = self._shown.get(display_id, 0)
        if self.used - before + output_size(content) * copies > self.limit:
            content["data"] = {"text/plain": NOTE}
            content["metadata"] = {}
        after = output_size(content) * copies
        self.used += after - before
        self._shown[display_id] = after
        return content


def output_size(out):
    """Characters in an output (or a display message's content): all of its JSON."""
    return len(json.dumps(out, default=str))


def shorten(out, budget):
    """Cut the output `out` down, in place (its place in the cell stays, for display ids).

    stdout keeps `budget` characters; stderr and errors keep at least SHORT
    (they cost the cell its points, so they must stay); displays and results
    keep a short text/plain only.
    """
    if out.output_type == "stream":
        keep = budget if out.name == "stdout" else max(budget, SHORT)
        out.text = out.text[:keep] + "\n" + NOTE + "\n"
    elif out.output_type == "error":
        out.ename = str(out.ename)[:200]
        out.evalue = out.evalue[:SHORT]
        out.traceback = [line[:SHORT] for line in out.traceback]
    else:
        text = out.get("data", {}).get("text/plain", "")
        out.data = {"text/plain": text[:SHORT] if len(text) <= SHORT else NOTE}
        out.metadata = {}
