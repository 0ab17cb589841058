"""How much output a graded notebook may keep: a budget of characters for all its outputs.

nbgrader's LimitOutput counts lines only: one print of a 10 MB string, or big
images, would go whole into the graded notebook, the feedback page and,
while the notebook runs, the grader's memory. OutputBudget cuts each output
short as it arrives once the notebook's outputs reach the budget. Errors and
stderr are always kept (they decide the score), shortened to SHORT characters.
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
        self.used += output_size(out)
        if self.used <= self.limit:
            return out
        kind = (cell_index, out.get("name", out.output_type))
        if kind in self._cut and out.output_type != "error" and not display_id and outs and outs[-1] is out:
            outs.pop()  # this cell already says it was cut short
            return None
        shorten(out, max(budget, 0))
        self._cut.add(kind)
        return out

    def admit_update(self, content, copies):
        """A display update's content (the live plot's new frame), replaced by NOTE when over budget.

        copies: how many outputs show this display id (each gets the new data).
        """
        if output_size(content) * max(copies, 1) > self.limit or self.spent:
            content["data"] = {"text/plain": NOTE}
            content["metadata"] = {}
        return content


def output_size(out):
    """Characters in an output (or a display message's content): text, data and traceback."""
    size = len(out.get("text", "")) + len(out.get("evalue", ""))
    size += sum(len(line) for line in out.get("traceback", []))
    for value in out.get("data", {}).values():
        size += len(value) if isinstance(value, str) else len(json.dumps(value))
    return size


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
        out.evalue = out.evalue[:SHORT]
        out.traceback = [line[:SHORT] for line in out.traceback]
    else:
        text = out.get("data", {}).get("text/plain", "")
        out.data = {"text/plain": text[:SHORT] if len(text) <= SHORT else NOTE}
        out.metadata = {}
