"""Build nbgrader's pipelines from nbgrader's own defaults, changing only the kit's steps.

nbgrader_config.py writes, for example,

    c.Autograde.autograde_preprocessors = pipeline.default(Autograde, "autograde_preprocessors",
        replace={Execute: SandboxExecute})

so a step a newer nbgrader adds to its default is kept, and a step the kit
means to replace but nbgrader no longer has is an error, not a silent no-op.
"""


class PipelineError(ValueError):
    """A step to replace or put beside is not in nbgrader's default pipeline."""


def default(converter, trait, replace=None, before=None, after=None):
    """nbgrader's default list of steps `converter.trait`, with the kit's changes.

    replace: {nbgrader step: kit step} puts the kit's step in its place.
    before, after: {nbgrader step: [kit steps]} puts steps before or after
    every occurrence of that step. Steps are classes.
    """
    steps = list(converter.class_traits()[trait].default())
    for changes in (replace, before, after):
        for step in (changes or {}):
            if step not in steps:
                names = ", ".join(s.__name__ for s in steps)
                raise PipelineError(f"{step.__name__} is not in nbgrader's {converter.__name__}.{trait} ({names})")
    result = []
    for step in steps:
        result.extend((before or {}).get(step, []))
        result.append((replace or {}).get(step, step))
        result.extend((after or {}).get(step, []))
    return result
