"""nbgrader settings for the Sioux DNN course.

nbgrader logs an exception raised in this file and then carries on with its
defaults, so a mistake here can silently give students the wrong notebooks.
tests/test_nbgrader_config.py loads this file and fails on any error.

Each pipeline is nbgrader's own default with the kit's steps put in
(coursekit.pipeline), so a step a newer nbgrader adds is kept.
"""
import os

from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.preprocessors import ClearSolutions, Execute, GetGrades
from nbgrader.preprocessors import DeduplicateIds as NbGraderDeduplicateIds

from coursekit import pipeline
from coursekit.feedback_exporter import FeedbackExporter
from coursekit.preprocessors.canary import CheckCanaries, InsertCanaries
from coursekit.preprocessors.dedupe import DeduplicateIds
from coursekit.preprocessors.execute import SandboxExecute
from coursekit.preprocessors.hide_hidden_tests import HideHiddenTests
from coursekit.preprocessors.skeleton import SkeletonSolutions
from coursekit.stamps import STAMP

c = globals()["get_config"]()  # nbgrader's config loader puts get_config into this file's globals

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "sioux-dnn"
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")


# Students see `#### BEGIN IMPLEMENTATION ####` ... `#### END IMPLEMENTATION ####`
# with the left-hand side of each assignment kept and the right-hand side blank:
# our skeleton step in place of the stock ClearSolutions (which would put
# `raise NotImplementedError()`).
c.ClearSolutions.begin_solution_delimeter = "BEGIN IMPLEMENTATION"
c.ClearSolutions.end_solution_delimeter = "END IMPLEMENTATION"
c.GenerateAssignment.preprocessors = pipeline.default(
    GenerateAssignment, "preprocessors", replace={ClearSolutions: SkeletonSolutions})

# Files nbgrader never copies between its folders: its own list, plus the
# stamp `python -m coursekit grade` leaves beside each graded notebook.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", STAMP]

# Before autograding, nbgrader cleans the hand-in up (its own steps), with
# our DeduplicateIds: a student's copy of a graded cell must not stop the
# notebook from being graded. See coursekit/preprocessors/dedupe.py.
c.Autograde.sanitize_preprocessors = pipeline.default(
    Autograde, "sanitize_preprocessors", replace={NbGraderDeduplicateIds: DeduplicateIds})

# Autograding: nbgrader's pipeline with two changes.
# - SandboxExecute runs each notebook's kernel in a sandbox (bubblewrap, as
#   user nobody, without the course folder, the network or your secrets, with
#   resource limits): see coursekit/sandbox/ and the README.
# - Canary checks around it: a notebook that switches the checks off (for
#   example by replacing np.testing.assert_allclose) scores 0 instead of full
#   marks. See coursekit/preprocessors/canary.py.
c.Autograde.autograde_preprocessors = pipeline.default(
    Autograde, "autograde_preprocessors", replace={Execute: SandboxExecute},
    before={Execute: [InsertCanaries]}, after={Execute: [CheckCanaries]})

# A student who deletes a test cell gets it back (and its points
# are still counted); a runaway cell is stopped after a minute.
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = 60
# The kernels' own arguments: nbgrader's default (no history file) and no
# start-up warning on the grader's terminal for every notebook.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]
# A graded notebook's kernel is stopped at once when its last cell is done:
# its outputs are in, and a graceful shutdown only waits (about 1 s a notebook).
c.Execute.shutdown_kernel = "immediate"

# Feedback pages show which checks failed and why, but not the hidden tests
# (stock nbgrader shows them): HideHiddenTests first. Used by `python -m coursekit
# grade`, by `nbgrader generate_feedback` and by the formgrader.
c.GenerateFeedback.preprocessors = pipeline.default(
    GenerateFeedback, "preprocessors", before={GetGrades: [HideHiddenTests]})
# nbconvert's HTML exporter, with its templates compiled once per grading
# process instead of once per page (coursekit/feedback_exporter.py).
c.GenerateFeedback.exporter_class = FeedbackExporter
