"""coursekit.pipeline: nbgrader's default pipelines with the kit's steps put in."""
import pytest
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.preprocessors import ClearSolutions, Execute, GetGrades

from coursekit.pipeline import PipelineError, default


class Mine:
    """A stand-in step."""


class Other:
    """Another stand-in step."""


def test_replace_keeps_every_other_step_in_place():
    steps = default(Autograde, "autograde_preprocessors", replace={Execute: Mine})
    nbgrader_default = Autograde.class_traits()["autograde_preprocessors"].default()
    assert steps == [Mine if step is Execute else step for step in nbgrader_default]


def test_before_and_after_put_steps_beside_one():
    steps = default(Autograde, "autograde_preprocessors", before={Execute: [Mine]}, after={Execute: [Other]})
    index = steps.index(Execute)
    assert steps[index - 1:index + 2] == [Mine, Execute, Other]


def test_a_step_nbgrader_does_not_have_is_an_error():
    """If nbgrader drops a step the kit replaces, the config fails loudly instead of changing nothing."""
    with pytest.raises(PipelineError, match="ClearSolutions is not in nbgrader's GenerateFeedback.preprocessors"):
        default(GenerateFeedback, "preprocessors", replace={ClearSolutions: Mine})


def test_the_feedback_pipeline_keeps_nbgraders_steps():
    assert default(GenerateFeedback, "preprocessors", before={GetGrades: [Mine]})[:2] == [Mine, GetGrades]
