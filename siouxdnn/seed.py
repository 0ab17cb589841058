"""Make random initialisation repeatable."""
import random

import numpy as np


def reset_seed(seed):
    """Seed NumPy's global random generator (and Python's) with `seed`.

    After reset_seed(123), np.random.uniform(...) and everything built on it,
    such as a Model's initial weights, gives the same numbers every time.
    """
    random.seed(seed)
    np.random.seed(seed)
