"""nbgrader settings for the Sioux DNN course.

nbgrader logs an exception raised in this file and then carries on with its
defaults, so a mistake here can silently give students the wrong notebooks.
tests/test_nbgrader_config.py loads this file and fails on any error.

Each pipeline is nbgrader's own default with the kit's steps put in
(coursekit.pipeline), so a step a newer nbgrader adds is kept.
"""
import os

from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.preprocessors import ClearOutput, ClearSolutions, Execute, GetGrades, InstantiateTests, OverwriteCells
from nbgrader.preprocessors import DeduplicateIds as NbGraderDeduplicateIds

from coursekit import pipeline
from coursekit.feedback_exporter import FeedbackExporter
from coursekit.late import LatePenalty
from coursekit.preprocessors.check_hidden_test_form import CheckHiddenTestForm
from coursekit.preprocessors.dedupe import DeduplicateIds
from coursekit.preprocessors.execute import SandboxExecute
from coursekit.preprocessors.hide_hidden_tests import HideHiddenTests
from coursekit.preprocessors.judge_hidden_tests import JudgeHiddenTests
from coursekit.preprocessors.reset_metadata import ResetMetadata
from coursekit.preprocessors.restore_cells import RestoreCells
from coursekit.preprocessors.safe_feedback import SafeFeedback
from coursekit.preprocessors.skeleton import SkeletonSolutions
from coursekit.preprocessors.split_hidden_tests import SplitHiddenTests
from coursekit.preprocessors.surrogates import ReplaceSurrogates
from coursekit.stamps import STAMP

c = globals()["get_config"]()  # nbgrader's config loader puts get_config into this file's globals

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "sioux-dnn"
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")


# Students see `#### BEGIN IMPLEMENTATION ####` ... `#### END IMPLEMENTATION ####`
# with the left-hand side of each assignment kept and the right-hand side blank:
# our skeleton step in place of the stock ClearSolutions (which would put
# `raise NotImplementedError()`). And every test cell's hidden tests must be in
# the kit's form (a kernel part, `### CHECKS`, a checks part: coursekit/hidden_tests.py),
# or releasing stops with a message that names the cell.
c.ClearSolutions.begin_solution_delimeter = "BEGIN IMPLEMENTATION"
c.ClearSolutions.end_solution_delimeter = "END IMPLEMENTATION"
c.GenerateAssignment.preprocessors = pipeline.default(
    GenerateAssignment, "preprocessors", replace={ClearSolutions: SkeletonSolutions},
    before={InstantiateTests: [CheckHiddenTestForm]})

# Files nbgrader never copies between its folders: its own list, plus the
# stamp `python -m coursekit grade` leaves beside each graded notebook.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", STAMP]

# Before autograding, nbgrader cleans the hand-in up (its own steps), with
# - ReplaceSurrogates first: a lone surrogate in the JSON must not stop grading
#   (coursekit/preprocessors/surrogates.py);
# - our DeduplicateIds: a student's copy of a graded cell must not stop the
#   notebook from being graded (coursekit/preprocessors/dedupe.py);
# - RestoreCells for OverwriteCells: deleting the last or every test cell must not
#   either (coursekit/preprocessors/restore_cells.py);
# - ResetMetadata after it: every cell gets the instructor's metadata back,
#   student cells none, so no tag can skip a check.
c.Autograde.sanitize_preprocessors = pipeline.default(
    Autograde, "sanitize_preprocessors", before={ClearOutput: [ReplaceSurrogates]},
    replace={NbGraderDeduplicateIds: DeduplicateIds, OverwriteCells: RestoreCells},
    after={OverwriteCells: [ResetMetadata]})

# Autograding: nbgrader's pipeline, with the grade decided outside the student's kernel.
# - SplitHiddenTests: each test cell runs only its visible and kernel parts in the
#   kernel, then sends the values its checks read (coursekit/transport.py).
# - SandboxExecute runs the notebook's kernel in a sandbox (bubblewrap, as
#   user nobody, without the course folder, the network or your secrets, with
#   resource limits): see coursekit/sandbox/ and the README.
# - JudgeHiddenTests runs the checks parts in this process, on those values.
c.Autograde.autograde_preprocessors = pipeline.default(
    Autograde, "autograde_preprocessors", replace={Execute: SandboxExecute},
    before={Execute: [SplitHiddenTests]}, after={Execute: [JudgeHiddenTests]})

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
# SafeFeedback next: student HTML and JavaScript show as text, never live, and
# the maths are drawn as MathML, without MathJax from the network.
c.GenerateFeedback.preprocessors = pipeline.default(
    GenerateFeedback, "preprocessors", before={GetGrades: [HideHiddenTests, SafeFeedback]})

# Deadlines (coursekit/deadlines.py) and the late policy (coursekit/late.py).
# `python -m coursekit grade` writes the due dates into the gradebook (the
# formgrader shows them) and each student's extension beside them; nbgrader's
# own AssignLatePenalties step then asks LatePenalty for the penalty of a late
# hand-in. By default there are no due dates, and late hand-ins cost nothing.
# For example:
#   c.Deadlines.timezone = "Europe/Amsterdam"
#   c.Deadlines.due_dates = {"ex1_building_blocks": "2026-10-05 23:59"}
#   c.Deadlines.extensions = {"bob": {"ex1_building_blocks": "2 days"}}
#   c.LatePenalty.method = "per_day"   # "none", "per_day" or "zero_after"
#   c.LatePenalty.per_day = 0.1        # a tenth of the points per day or part of a day
#   c.LatePenalty.max_penalty = 0.5    # at most half of them
#   c.LatePenalty.zero_after_days = 7  # 0 points when more than a week late
#   c.LatePenalty.grace_minutes = 5
c.AssignLatePenalties.plugin_class = LatePenalty

# nbconvert's HTML exporter, with its templates compiled once per grading
# process instead of once per page (coursekit/feedback_exporter.py).
c.GenerateFeedback.exporter_class = FeedbackExporter
