"""The kit's steps that run inside nbgrader, one per module (as nbgrader's own preprocessors/).

- skeleton: SkeletonSolutions, the student's skeleton instead of `raise NotImplementedError()`
- dedupe: DeduplicateIds, a copied graded cell no longer stops grading
- canary: InsertCanaries, CheckCanaries, checks that must fail around the student's code
- execute: SandboxExecute, every kernel in the sandbox, with an output budget
- hide_hidden_tests: HideHiddenTests, feedback pages without the hidden tests

nbgrader_config.py puts them into nbgrader's pipelines (coursekit.pipeline).
"""
