"""Lone surrogates: characters Python strings can hold but UTF-8 files cannot.

A notebook's JSON may hold "\\ud800" (a hand-in edited by hand), and a kernel
may print one (print("\\ud800") reaches nbgrader as such a string). nbgrader
then fails to write the graded notebook (UnicodeEncodeError) and the hand-in
is not graded. SandboxExecute replaces them with REPLACEMENT in the notebook
it runs and in every output, so the graded notebook and the feedback page
can be written. The hand-in file itself is never changed.
"""
import re

REPLACEMENT = "\ufffd"
"""The Unicode replacement character, shown where a lone surrogate was."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(node):
    """`node` (a notebook, a cell, an output: dicts, lists and strings) with every lone
    surrogate in its strings and keys replaced by REPLACEMENT, changed in place where it
    can be; returns it."""
    if isinstance(node, str):
        return _SURROGATE.sub(REPLACEMENT, node)
    if isinstance(node, list):
        for index, item in enumerate(node):
            node[index] = without_surrogates(item)
    elif isinstance(node, dict):
        for key in list(node):
            value = without_surrogates(node[key])
            clean = without_surrogates(key) if isinstance(key, str) else key
            if clean != key:
                del node[key]
            node[clean] = value
    return node
