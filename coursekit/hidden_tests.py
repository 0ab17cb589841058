"""The form of a graded test cell: a visible part, and a hidden part in two sections.

    <visible part: the student sees and runs it>
    ### BEGIN HIDDEN TESTS
    <kernel part: runs in the student's kernel; calls the student's code on inputs,
     keeps the results in variables>
    ### CHECKS
    <checks part: runs in the grading process, outside the kernel, on the values of
     the variables it reads; holds every expected value and comparison>
    ### END HIDDEN TESTS

nbgrader removes the hidden part from the student's notebook. When grading,
the kernel runs the visible and kernel parts only, then sends the values the
checks part reads back as data (coursekit.transport); the grading process runs
the checks part on them (coursekit.preprocessors.judge_hidden_tests). So no
expected value, and no code that decides a verdict, ever enters the kernel.

This module only reads source text; it runs nothing.
"""
import ast
import builtins
from dataclasses import dataclass

CHECKS_DELIMITER = "### CHECKS"
"""The line between the kernel part and the checks part of a hidden test."""


class HiddenTestFormError(ValueError):
    """A test cell whose hidden part is not in the form above; the message says what to fix."""


@dataclass(frozen=True)
class HiddenTest:
    """A test cell's source in its three parts (each a str, possibly empty)."""

    visible: str
    kernel: str
    checks: str

    def kernel_source(self):
        """What the kernel runs: the visible part and the kernel part."""
        return self.visible.rstrip("\n") + "\n" + self.kernel.rstrip("\n")


def split(source, begin, end, checks=CHECKS_DELIMITER):
    """Split a test cell's source into a HiddenTest; None if it has no hidden part.

    begin, end: the hidden-test delimiters (nbgrader's ClearHiddenTests settings),
    checks: the line between kernel and checks part. The hidden part must come
    last in the cell and hold exactly one checks line; raises HiddenTestFormError.
    """
    lines = source.split("\n")
    starts = [n for n, line in enumerate(lines) if begin in line]
    if not starts:
        return None
    ends = [n for n, line in enumerate(lines) if end in line]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise HiddenTestFormError(f"a test cell needs one '{begin}' line and, after it, one '{end}' line")
    start, stop = starts[0], ends[0]
    if any(line.strip() for line in lines[stop + 1:]):
        raise HiddenTestFormError(f"nothing may follow '{end}' in a test cell")
    marks = [n for n in range(start + 1, stop) if lines[n].strip() == checks]
    if len(marks) != 1:
        raise HiddenTestFormError(
            f"the hidden tests need one line '{checks}' between the kernel part (calls on the student's "
            f"code) and the checks part (expected values and comparisons), found {len(marks)}"
        )
    mark = marks[0]
    test = HiddenTest(
        visible="\n".join(lines[:start]),
        kernel="\n".join(lines[start + 1:mark]),
        checks="\n".join(lines[mark + 1:stop]),
    )
    for name, part in (("kernel", test.kernel), ("checks", test.checks)):
        try:
            ast.parse(part)
        except SyntaxError as error:
            raise HiddenTestFormError(
                f"the {name} part is not valid Python (line {error.lineno}: {error.msg})") from None
    return test


def names_read(checks):
    """The names the checks part reads that it does not define itself: the kernel's variables to send.

    A name assigned, imported or bound anywhere in the checks part (a loop
    variable, a comprehension's, a function's argument) is the checks part's
    own; builtins are the grader's. Sorted.
    """
    tree = ast.parse(checks)
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return sorted(loaded - bound - set(dir(builtins)))
