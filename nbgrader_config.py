"""nbgrader settings for the Sioux DNN course.

nbgrader logs an exception raised in this file and then carries on with its
defaults, so a mistake here can silently give students the wrong notebooks.
tests/test_nbgrader_config.py loads this file and fails on any error.
"""
import os

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ComputeChecksums,
    IgnorePattern,
    IncludeHeaderFooter,
    InstantiateTests,
    LimitOutput,
    LockCells,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
    SaveCells,
)

from coursekit.canary import CheckCanaries, InsertCanaries
from coursekit.dedupe import DeduplicateIds
from coursekit.feedback import FEEDBACK_PREPROCESSORS
from coursekit.sandbox import SandboxExecute
from coursekit.skeleton import SkeletonSolutions

c = get_config()  # noqa: F821 -- nbgrader provides get_config when it loads this file

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "sioux-dnn"
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")


# Students see `#### BEGIN IMPLEMENTATION ####` ... `#### END IMPLEMENTATION ####`
# with the left-hand side of each assignment kept and the right-hand side blank.
c.ClearSolutions.begin_solution_delimeter = "BEGIN IMPLEMENTATION"
c.ClearSolutions.end_solution_delimeter = "END IMPLEMENTATION"

# nbgrader's generate_assignment pipeline, with our skeleton step in place of
# the stock ClearSolutions (which would put `raise NotImplementedError()`).
c.GenerateAssignment.preprocessors = [
    IncludeHeaderFooter,
    InstantiateTests,
    LockCells,
    SkeletonSolutions,
    ClearOutput,
    CheckCellMetadata,
    ComputeChecksums,
    SaveCells,
    ClearHiddenTests,
    ClearMarkScheme,
    ComputeChecksums,
    CheckCellMetadata,
]

# Files nbgrader never copies between its folders: its own list, plus the
# stamp `python -m coursekit grade` leaves beside each graded notebook.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".coursekit-graded.json"]

# Before autograding, nbgrader cleans the hand-in up (its own steps), with
# our DeduplicateIds: a student's copy of a graded cell must not stop the
# notebook from being graded. See coursekit/dedupe.py.
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadata,
]

# Autograding: nbgrader's pipeline with two changes.
# - SandboxExecute runs each notebook's kernel in a sandbox (bubblewrap, as
#   user nobody, without the course folder, the network or your secrets, with
#   resource limits): see coursekit/sandbox.py and the README.
# - Canary checks around it: a notebook that switches the checks off (for
#   example by replacing np.testing.assert_allclose) scores 0 instead of full
#   marks. See coursekit/canary.py.
c.Autograde.autograde_preprocessors = [
    InsertCanaries,
    SandboxExecute,
    CheckCanaries,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]

# A student who deletes a test cell gets it back (and its points
# are still counted); a runaway cell is stopped after a minute.
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = 60
# The kernels' own arguments: nbgrader's default (no history file) and no
# start-up warning on the grader's terminal for every notebook.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# Feedback pages show which checks failed and why, but not the hidden tests
# (stock nbgrader shows them). Used by `python -m coursekit grade`, by
# `nbgrader generate_feedback` and by the formgrader. See coursekit/feedback.py.
c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
