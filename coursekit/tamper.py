"""Find student code that could tamper with the autograder, before it runs.

Student code runs in the same kernel as the hidden tests, so it can change
them before they run: replace coursekit.checks.check_array or np.isclose,
or add an IPython input transformer that turns every later cell, hidden
tests included, into `pass` (one line gets the untouched notebook full
marks). Nothing inside the kernel can stop that: whatever a check does,
code that ran before it can undo. This module reads the hand-in outside
the kernel, before grading, and lists the lines that reach for the
machinery instead of computing answers, so the instructor looks at those
hand-ins by hand.

Student code is every code cell that is not, character for character, a
cell of the instructor's notebook. The exercises' answers are arithmetic
with NumPy: they need no other imports, no changes to modules, no
introspection. So the rules can be strict; a false alarm costs a look.
"""
import ast
import builtins

import numpy
from IPython.core.inputtransformer2 import TransformerManager

import coursekit.checks
import siouxdnn
from coursekit.results import Kind, Problem

ALLOWED_IMPORTS = {"numpy", "math", "siouxdnn"}
FORBIDDEN_NAMES = {
    "exec", "eval", "compile", "__import__", "getattr", "setattr", "delattr",
    "globals", "locals", "vars", "get_ipython", "open", "breakpoint", "__builtins__",
}
ALLOWED_DUNDERS = {"__init__"}
PROTECTED_NAMES = {
    name for module in (numpy, numpy.testing, coursekit.checks, siouxdnn, builtins)
    for name in dir(module) if not name.startswith("_")
}
"""Attribute names whose assignment replaces a function the hidden tests rely on
(np.isclose, check_array, ...), whatever the object is called."""


def scan(submitted, instructor):
    """[Problem] for the grading summary: one SUSPICIOUS_CODE problem if any line looks like tampering.

    submitted, instructor: NotebookNodes (the hand-in and source/<ex>/<ex>.ipynb).
    """
    findings = suspicious_code(submitted, instructor)
    return [Problem(Kind.SUSPICIOUS_CODE, detail=describe(findings))] if findings else []


def describe(findings, limit=3):
    """The findings in a few words for a person: 'cell 5 line 1: uses get_ipython; ...'."""
    shown = [f"cell {cell + 1} line {line}: {reason}" for cell, line, reason in findings[:limit]]
    more = f" and {len(findings) - limit} more" if len(findings) > limit else ""
    return "; ".join(shown) + more


def suspicious_code(submitted, instructor):
    """[(cell index, line number, reason)] for the student code of `submitted`.

    submitted, instructor: NotebookNodes (the hand-in and source/<ex>/<ex>.ipynb).
    """
    given = {cell.source for cell in instructor.cells if cell.cell_type == "code"}
    modules = set()  # names `import` binds to modules anywhere in the notebook, e.g. np
    for cell in submitted.cells:
        for node in ast.walk(_parse(cell.source) or ast.Module(body=[], type_ignores=[])):
            if isinstance(node, ast.Import):
                modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    findings = []
    for index, cell in enumerate(submitted.cells):
        if cell.cell_type != "code" or cell.source in given:
            continue
        tree = _parse(cell.source)
        if tree is None:
            continue
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                child.parent = parent
        for node in ast.walk(tree):
            reason = _reason(node, modules)
            if reason:
                findings.append((index, getattr(node, "lineno", 1), reason))
    return findings


def _parse(source):
    """The cell as Python, with IPython's magics and shell commands as the calls they make.

    None for a syntax error: such a cell cannot run, so it cannot tamper either.
    """
    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def _reason(node, modules):
    """Why `node` reaches for the grader's machinery, or None: the first rule that fires."""
    for rule in RULES:
        reason = rule(node, modules)
        if reason:
            return reason
    return None


def _imports(node, modules):
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        names = [node.module or ""]
    else:
        return None
    other = [n for n in names if n.split(".")[0] not in ALLOWED_IMPORTS]
    return f"imports {', '.join(other)}" if other else None


def _defines_dunder(node, modules):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("__") \
            and node.name not in ALLOWED_DUNDERS:
        return f"defines {node.name} (it can make wrong values compare equal)"
    return None


def _inherits(node, modules):
    if isinstance(node, ast.ClassDef) and any(ast.unparse(b) != "object" for b in node.bases):
        return f"class {node.name} inherits from {', '.join(ast.unparse(b) for b in node.bases)}"
    return None


def _forbidden_name(node, modules):
    if isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
        return f"uses {node.id}"
    return None


def _dunder_attribute(node, modules):
    if isinstance(node, ast.Attribute) and node.attr.startswith("__") and node.attr not in ALLOWED_DUNDERS:
        return f"uses .{node.attr}"
    return None


def _module_as_value(node, modules):
    if isinstance(node, ast.Name) and node.id in modules and isinstance(node.ctx, ast.Load) \
            and not isinstance(getattr(node, "parent", None), ast.Attribute):
        return f"uses the module {node.id} as a value"
    return None


def _changes_module(node, modules):
    if isinstance(node, (ast.Assign, ast.Delete)):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    else:
        return None
    for target in targets:
        for part in ast.walk(target):
            if isinstance(part, ast.Attribute) and (_root(part) in modules or part.attr in PROTECTED_NAMES):
                return f"changes {ast.unparse(part)}"
    return None


RULES = [_imports, _defines_dunder, _inherits, _forbidden_name, _dunder_attribute,
         _module_as_value, _changes_module]
"""The rules, each (node, module names) -> reason or None, in the order they are tried."""


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
