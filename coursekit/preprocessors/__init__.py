"""The kit's steps that run inside nbgrader, one per module (as nbgrader's own preprocessors/).

Releasing (generate_assignment):
- check_hidden_test_form: CheckHiddenTestForm, every test cell in the kit's form
- skeleton: SkeletonSolutions, the student's skeleton instead of `raise NotImplementedError()`

Grading (autograde):
- dedupe: DeduplicateIds, a copied graded cell no longer stops grading
- reset_metadata: ResetMetadata, every cell's metadata from the instructor's notebook
- split_hidden_tests: SplitHiddenTests, the kernel runs only calls on the student's code
- execute: SandboxExecute, every kernel in the sandbox, with an output budget
- judge_hidden_tests: JudgeHiddenTests, the checks run in the grading process
- hidden_test_step: what the three hidden-test steps share

Feedback (generate_feedback):
- hide_hidden_tests: HideHiddenTests, feedback pages without the hidden tests

nbgrader_config.py puts them into nbgrader's pipelines (coursekit.pipeline).
"""
