"""Exercise 4 autograded by nbgrader: fair to right answers, sharp on mistakes.

All submissions are made from the instructor's notebook by changing solution
lines, handed in to a temporary copy of the course, and graded in one
`nbgrader autograde` run. The hidden tests are written in the two-part form
(kernel part, then `### CHECKS`); until the grader runs the checks outside the
kernel, the whole hidden region runs in the kernel, and these tests hold for both.
"""
import pytest

from tests.course import ExerciseGrading, Mistake, students_from

EXERCISE = "ex4_training"
FULL = {
    "test_get_minibatches": 3.0,
    "test_momentum_update": 2.0,
    "test_adam_update": 3.0,
    "test_he_init": 2.0,
    "test_l2_penalty": 2.0,
    "test_l2_gradient": 1.0,
    "test_early_stopping_epoch": 3.0,
    "test_final_model": 2.0,
}

# student -> list of (cell grade_id, solution text, replacement)
RIGHT_IN_ANOTHER_STYLE = {
    "alt_numpy_forms": [
        ("get_minibatches", "x_shuffled = x[order]", "x_shuffled = np.take(x, order, axis=0)"),
        ("get_minibatches", "int(np.ceil(len(x) / batch_size))", "(len(x) + batch_size - 1) // batch_size"),
        ("he_init", "w = rng.normal(0, std, size=(n_in, n_out))", "w = std * rng.standard_normal((n_in, n_out))"),
        ("momentum_update", "velocity = beta * velocity + grad", "velocity = grad + velocity * beta"),
        ("momentum_update", "param = param - learning_rate * velocity", "param = param + (-learning_rate) * velocity"),
        ("adam_update", "(1 - beta2) * grad ** 2", "(1 - beta2) * np.square(grad)"),
        ("adam_update", "m_hat = m / (1 - beta1 ** t)", "m_hat = m / (1.0 - np.power(beta1, t))"),
        ("adam_update", "(np.sqrt(v_hat) + eps)", "(v_hat ** 0.5 + eps)"),
        ("l2_penalty", "sum_of_squares = sum(np.sum(w ** 2) for w in weights)",
         "sum_of_squares = np.sum([np.sum(w * w) for w in weights])"),
        ("l2_penalty", "penalty = lam / 2 * sum_of_squares", "penalty = 0.5 * lam * sum_of_squares"),
        ("l2_gradient", "grad = lam * w", "grad = w * lam"),
        ("early_stopping_epoch", "best_epoch = int(np.argmin(val_losses))",
         "best_epoch = val_losses.index(min(val_losses))"),
        ("early_stopping_epoch", "stop = epochs_without_improvement >= patience",
         "stop = not epochs_without_improvement < patience"),
    ],
    "alt_loops": [
        ("get_minibatches", "order = rng.permutation(len(x))", "order = np.arange(len(x))\n    rng.shuffle(order)"),
        ("get_minibatches", "int(np.ceil(len(x) / batch_size))", "-(-len(x) // batch_size)"),
        ("get_minibatches", "x_batch = x_shuffled[i * batch_size:(i + 1) * batch_size]",
         "x_batch = x_shuffled[i * batch_size:min(len(x), (i + 1) * batch_size)]"),
        ("he_init", "std = np.sqrt(2 / n_in)", "std = (2.0 / n_in) ** 0.5"),
        ("momentum_update", "velocity = beta * velocity + grad", "velocity = velocity * beta\n    velocity += grad"),
        ("l2_penalty", "sum_of_squares = sum(np.sum(w ** 2) for w in weights)",
         "sum_of_squares = 0.0\n    for w in weights:\n        sum_of_squares += np.sum(w ** 2)"),
        ("early_stopping_epoch", "best_epoch = int(np.argmin(val_losses))",
         "best_epoch = 0\n    for e in range(len(val_losses)):\n"
         "        if val_losses[e] < val_losses[best_epoch]:\n            best_epoch = e"),
    ],
}

# student -> Mistake(changes, the cells that must lose all their points)
MISTAKES = {
    "batches_drop_the_rest": Mistake(
        [("get_minibatches", "int(np.ceil(len(x) / batch_size))", "len(x) // batch_size")],
        {"test_get_minibatches"},
    ),
    "batches_not_shuffled": Mistake(
        [("get_minibatches", "order = rng.permutation(len(x))", "order = np.arange(len(x))")],
        {"test_get_minibatches"},
    ),
    "batches_shuffled_with_np_random": Mistake(
        [("get_minibatches", "order = rng.permutation(len(x))", "order = np.random.permutation(len(x))")],
        {"test_get_minibatches"},
    ),
    "batches_labels_shuffled_apart": Mistake(
        [("get_minibatches", "y_shuffled = y_true[order]", "y_shuffled = y_true[rng.permutation(len(x))]")],
        {"test_get_minibatches"},
    ),
    "he_std_one_over_n_in": Mistake(
        [("he_init", "std = np.sqrt(2 / n_in)", "std = np.sqrt(1 / n_in)")],
        {"test_he_init"},
    ),
    "he_n_out": Mistake(
        [("he_init", "std = np.sqrt(2 / n_in)", "std = np.sqrt(2 / n_out)")],
        {"test_he_init"},
    ),
    "he_variance_as_std": Mistake(
        [("he_init", "std = np.sqrt(2 / n_in)", "std = 2 / n_in")],
        {"test_he_init"},
    ),
    "momentum_with_one_minus_beta": Mistake(
        [("momentum_update", "velocity = beta * velocity + grad", "velocity = beta * velocity + (1 - beta) * grad")],
        {"test_momentum_update"},
    ),
    "momentum_learning_rate_inside": Mistake(
        [("momentum_update", "velocity = beta * velocity + grad", "velocity = beta * velocity + learning_rate * grad"),
         ("momentum_update", "param = param - learning_rate * velocity", "param = param - velocity")],
        {"test_momentum_update"},
    ),
    "momentum_in_place": Mistake(
        [("momentum_update", "velocity = beta * velocity + grad", "velocity *= beta\n    velocity += grad")],
        {"test_momentum_update"},
    ),
    "adam_without_bias_correction": Mistake(
        [("adam_update", "m_hat = m / (1 - beta1 ** t)", "m_hat = m"),
         ("adam_update", "v_hat = v / (1 - beta2 ** t)", "v_hat = v")],
        {"test_adam_update"},
    ),
    "adam_t_from_zero": Mistake(
        [("adam_update", "m_hat = m / (1 - beta1 ** t)", "m_hat = m / (1 - beta1 ** (t + 1))"),
         ("adam_update", "v_hat = v / (1 - beta2 ** t)", "v_hat = v / (1 - beta2 ** (t + 1))")],
        {"test_adam_update"},
    ),
    "adam_eps_inside_the_root": Mistake(
        [("adam_update", "(np.sqrt(v_hat) + eps)", "np.sqrt(v_hat + eps)")],
        {"test_adam_update"},
    ),
    "l2_without_the_half": Mistake(
        [("l2_penalty", "penalty = lam / 2 * sum_of_squares", "penalty = lam * sum_of_squares")],
        {"test_l2_penalty"},
    ),
    "l2_of_absolute_values": Mistake(
        [("l2_penalty", "np.sum(w ** 2)", "np.sum(np.abs(w))")],
        {"test_l2_penalty"},
    ),
    "l2_gradient_times_two": Mistake(
        [("l2_gradient", "grad = lam * w", "grad = 2 * lam * w")],
        {"test_l2_gradient"},
    ),
    "early_stop_one_epoch_early": Mistake(
        [("early_stopping_epoch", "len(val_losses) - 1 - best_epoch", "len(val_losses) - best_epoch")],
        {"test_early_stopping_epoch"},
    ),
    "early_stop_one_epoch_late": Mistake(
        [("early_stopping_epoch", "epochs_without_improvement >= patience", "epochs_without_improvement > patience")],
        {"test_early_stopping_epoch"},
    ),
    "early_stop_at_the_first_rise": Mistake(
        [("early_stopping_epoch", "stop = epochs_without_improvement >= patience",
          "stop = len(val_losses) > 1 and val_losses[-1] > val_losses[-2]")],
        {"test_early_stopping_epoch"},
    ),
    "early_stop_last_of_equal_losses": Mistake(
        [("early_stopping_epoch", "best_epoch = int(np.argmin(val_losses))",
          "best_epoch = len(val_losses) - 1 - int(np.argmin(val_losses[::-1]))")],
        {"test_early_stopping_epoch"},
    ),
}

# A wrong answer, and code that tries to switch the checks off: (wrong answer, trick).
# Each must earn no more than the same wrong answer without the trick.
TAMPERING = {
    "replaces_the_checks": (
        [("l2_gradient", "grad = lam * w", "grad = 2 * lam * w")],
        [("get_minibatches", "def get_minibatches",
          "import coursekit.checks\n"
          "coursekit.checks.check_array = lambda *args, **kwargs: None\n"
          "coursekit.checks.check_number = lambda *args, **kwargs: None\n"
          "def get_minibatches")],
    ),
}

# What the student reads under the failed check: a sentence about their mistake.
MESSAGES = {
    "batches_drop_the_rest": ("test_get_minibatches", "Keep the last, smaller batch"),
    "batches_not_shuffled": ("test_get_minibatches", "the samples are not shuffled"),
    "batches_shuffled_with_np_random": ("test_get_minibatches", "on the rng you are given"),
    "he_std_one_over_n_in": ("test_he_init", "sqrt(1 / n_in)"),
    "he_n_out": ("test_he_init", "divide by n_in"),
    "he_variance_as_std": ("test_he_init", "rng.normal takes the standard deviation"),
    "momentum_in_place": ("test_momentum_update", "changed an array it was given"),
    "adam_eps_inside_the_root": ("test_adam_update", "eps outside the square root"),
    "l2_without_the_half": ("test_l2_penalty", "lam / 2 times the sum of the squares"),
    "l2_gradient_times_two": ("test_l2_gradient", "no factor 2"),
    "early_stop_one_epoch_early": ("test_early_stopping_epoch", "said stop after epoch 4"),
    "early_stop_last_of_equal_losses": ("test_early_stopping_epoch", "never said stop"),
}


pytestmark = pytest.mark.slow


class TestGrading(ExerciseGrading):
    """The exercise's hand-ins above, graded: full marks for right answers in any style, 0 for each mistake's check."""

    DEPENDENT = {"test_final_model"}  # a mistake in one function may cost the final model its metrics
    MESSAGES = MESSAGES

    @students_from("MESSAGES")
    def test_a_mistake_is_explained_in_plain_words(self, graded, student):
        """The failed check's message names what is wrong and what the convention is."""
        grade_id, words = MESSAGES[student]
        assert words in graded[student][1].get(grade_id, ""), graded[student][1].get(grade_id)
