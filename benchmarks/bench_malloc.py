"""Exercise 3's training loop with glibc's default malloc and with the grading kernels' setting.

coursekit.environment.KEEP_FREED_MEMORY sets glibc's malloc in every grading
kernel. This runs 1000 steps of full-batch gradient descent on exercise 3's
network and data (siouxdnn's reference functions, so the arithmetic is the
notebook's), each run in a fresh Python process, the two settings in turn,
and prints the CPU time of each run, the medians and their ratio. It also
checks that both settings end with the same loss, to the last bit.

    .venv/bin/python benchmarks/bench_malloc.py [--repeats 5]
"""
import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coursekit.environment import KEEP_FREED_MEMORY, grading_environment  # noqa: E402

TRAIN = """
import time
import numpy as np
import siouxdnn
from siouxdnn.network import network_gradients

x, y = siouxdnn.load_data()[:2]
rng = np.random.default_rng(0)
weights = [rng.normal(0, 0.3, shape) for shape in [(5, 64), (64, 64), (64, 1)]]
biases = [np.zeros((1, 64)), np.zeros((1, 64)), np.zeros((1, 1))]
start = time.process_time()
for step in range(1000):
    loss, dweights, dbiases = network_gradients(weights, biases, x, y)
    weights = [w - 0.1 * g for w, g in zip(weights, dweights)]
    biases = [b - 0.1 * g for b, g in zip(biases, dbiases)]
print(time.process_time() - start, repr(float(loss)))
"""


def run(extra):
    env = grading_environment()
    for name in KEEP_FREED_MEMORY:
        env.pop(name, None)
    env.update(extra)
    out = subprocess.run([sys.executable, "-c", TRAIN], env=env, cwd=REPO, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), out[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"1000 training steps of exercise 3, CPU seconds per run; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    default, kept, losses = [], [], set()
    for _ in range(args.repeats):
        for times, extra in ((default, {}), (kept, KEEP_FREED_MEMORY)):
            seconds, loss = run(extra)
            times.append(seconds)
            losses.add(loss)
    print(f"glibc's default:    {', '.join(f'{t:.2f}' for t in default)}   median {statistics.median(default):.2f}")
    print(f"KEEP_FREED_MEMORY:  {', '.join(f'{t:.2f}' for t in kept)}   median {statistics.median(kept):.2f}")
    print(f"ratio of medians: {statistics.median(default) / statistics.median(kept):.2f}x; "
          f"the same final loss in every run: {len(losses) == 1}")


if __name__ == "__main__":
    main()
