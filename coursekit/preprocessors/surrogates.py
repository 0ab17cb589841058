"""ReplaceSurrogates: a hand-in whose JSON holds a lone surrogate ("\\ud800") is graded.

nbgrader reads such a notebook but cannot write it back as UTF-8
(UnicodeEncodeError), so it would not be graded. nbgrader_config.py puts this
step first in c.Autograde.sanitize_preprocessors; SandboxExecute does the same
for what the kernel prints. See coursekit/surrogates.py.
"""
from nbgrader.preprocessors import NbGraderPreprocessor

from coursekit.surrogates import without_surrogates


class ReplaceSurrogates(NbGraderPreprocessor):
    """Replace every lone surrogate in the notebook with U+FFFD."""

    def preprocess(self, nb, resources):
        return without_surrogates(nb), resources
