"""Find student code that reaches for the grader's machinery, or for the kit's own answers, before it runs.

The verdicts are decided outside the student's kernel (coursekit/hidden_tests.py),
so code in the kernel cannot switch a check off. It can still try: read or
rewrite the cells that run after it (IPython's input history and input
transformers, the display hook, the kernel), reach Python's internals (sys,
ctypes, frames), or hand in the kit's reference functions (siouxdnn) as its
own answers. This module reads the hand-in without running it and lists
such lines, so the instructor looks at those hand-ins by hand. It never
changes a score.

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
MACHINERY = {
    "sys", "modules", "ctypes", "ctypeslib", "pythonapi", "builtins", "os", "subprocess", "importlib",
    "inspect", "gc", "get_ipython", "kernel", "shell", "user_ns", "user_global_ns", "displayhook",
    "display_pub", "displaypub", "input_transformers_post", "input_transformers_cleanup",
    "input_transformer_manager", "ast_transformers", "events", "history_manager", "run_cell",
    "run_cell_async", "showtraceback", "_showtraceback", "comm_manager", "iopub_socket", "session",
    "f_back", "f_globals", "f_locals", "f_code", "_getframe", "tb_frame", "gi_frame", "cr_frame",
}
"""Attribute and variable names on the roads to the kernel, the cells that run later and
Python's internals, whatever object they are reached through (np.ctypeslib.ctypes, ...)."""
HISTORY_NAMES = {"In", "Out", "_ih", "_oh", "_i", "_ii", "_iii", "_dh", "exit", "quit"}
"""IPython's input and output history, and the calls that end the kernel."""
PROTECTED_NAMES = {
    name for module in (numpy, numpy.testing, coursekit.checks, siouxdnn, builtins)
    for name in dir(module) if not name.startswith("_")
}
"""Attribute names whose assignment replaces a function the hidden tests rely on
(np.isclose, check_array, ...), whatever the object is called."""


def scan(submitted, instructor):
    """[Problem] for the grading summary: SUSPICIOUS_CODE if any line reaches for the machinery,
    REFERENCE_USED if the student's code uses the kit's reference of a function the exercise asks for.

    submitted, instructor: NotebookNodes (the hand-in and source/<ex>/<ex>.ipynb).
    """
    problems = []
    findings = suspicious_code(submitted, instructor)
    if findings:
        problems.append(Problem(Kind.SUSPICIOUS_CODE, detail=describe(findings)))
    references = reference_uses(submitted, instructor)
    if references:
        problems.append(Problem(Kind.REFERENCE_USED, detail=describe(references)))
    return problems


def describe(findings, limit=3):
    """The findings in a few words for a person: 'cell 5 line 1: uses get_ipython; ...'."""
    shown = [f"cell {cell + 1} line {line}: {reason}" for cell, line, reason in findings[:limit]]
    more = f" and {len(findings) - limit} more" if len(findings) > limit else ""
    return "; ".join(shown) + more


def suspicious_code(submitted, instructor):
    """[(cell index, line number, reason)] for the student code of `submitted`.

    submitted, instructor: NotebookNodes (the hand-in and source/<ex>/<ex>.ipynb).
    """
    modules = set()  # names `import` binds to modules anywhere in the notebook, e.g. np
    for cell in submitted.cells:
        for node in ast.walk(_parse(cell.source) or ast.Module(body=[], type_ignores=[])):
            if isinstance(node, ast.Import):
                modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    findings = []
    for index, tree in student_code(submitted, instructor):
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                child.parent = parent
        for node in ast.walk(tree):
            reason = _reason(node, modules)
            if reason:
                findings.append((index, getattr(node, "lineno", 1), reason))
    return findings


def student_code(submitted, instructor):
    """(cell index, syntax tree) of each code cell of `submitted` that is not, character for
    character, a cell of the instructor's notebook; cells that are not Python are passed over."""
    given = {cell.source for cell in instructor.cells if cell.cell_type == "code"}
    for index, cell in enumerate(submitted.cells):
        if cell.cell_type == "code" and cell.source not in given:
            tree = _parse(cell.source)
            if tree is not None:
                yield index, tree


def _parse(source):
    """The cell as Python, with IPython's magics and shell commands as the calls they make.

    None for a syntax error: such a cell cannot run, so it cannot tamper either.
    """
    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def asked_names(instructor):
    """The functions, classes and methods the exercise asks the student to write:
    those defined in the instructor's solution cells."""
    names = set()
    for cell in instructor.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            for node in ast.walk(_parse(cell.source) or ast.Module(body=[], type_ignores=[])):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    names.add(node.name)
    return names


def referenced_names(submitted, instructor):
    """The names of the functions the exercise asks for that the student's code takes from siouxdnn."""
    return {reason.rsplit(" ", 1)[-1] for _, _, reason in reference_uses(submitted, instructor)}


def reference_uses(submitted, instructor):
    """[(cell index, line number, reason)]: the student's code takes a function the exercise
    asks for from siouxdnn, the kit's reference implementation (or imports it from there).
    The reason ends with the name taken, e.g. "uses siouxdnn's dense"."""
    asked = asked_names(instructor)
    findings = []
    for index, tree in student_code(submitted, instructor):
        aliases = _siouxdnn_aliases(tree)
        for node in ast.walk(tree):
            name = _reference_taken(node, aliases, asked)
            if name:
                findings.append((index, getattr(node, "lineno", 1), f"uses siouxdnn's {name}"))
    return findings


def _siouxdnn_aliases(tree):
    """The names a cell binds to siouxdnn or one of its modules."""
    aliases = {"siouxdnn"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("siouxdnn"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("siouxdnn"):
            aliases.update(a.asname or a.name for a in node.names if not a.name[0].isupper())
    return aliases


def _reference_taken(node, aliases, asked):
    """The asked-for name `node` takes from siouxdnn, or None."""
    if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("siouxdnn"):
        taken = [a.name for a in node.names if a.name in asked]
        return taken[0] if taken else None
    if isinstance(node, ast.Attribute) and node.attr in asked and _root(node) in aliases:
        return node.attr
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


def _machinery(node, modules):
    if isinstance(node, ast.Attribute) and node.attr in MACHINERY:
        return f"reaches for .{node.attr}"
    if isinstance(node, ast.Name) and (node.id in MACHINERY or node.id in HISTORY_NAMES):
        return f"uses {node.id}"
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
         _machinery, _module_as_value, _changes_module]
"""The rules, each (node, module names) -> reason or None, in the order they are tried."""


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
