"""Run units of work side by side, one worker process per CPU core.

Stock nbgrader grades one notebook after another (its issue #174); the
machine's other cores sit idle while a notebook runs. run_all() hands each
unit of work to a pool of worker processes instead. Each worker is a fresh
Python process (started with "spawn", so it shares no open files, database
connections or threads with the caller) that starts by setting up the
grading environment (coursekit.environment).

Interrupting (Ctrl-C) cancels the units that have not started; the ones that
finished are done and, for grading, are skipped by the next run.
"""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

from coursekit.environment import use_grading_environment


def run_all(function, arguments, workers):
    """Call function(*args) for every args in `arguments`; yield the results as they finish.

    function: a module-level function (worker processes import it by name).
    arguments: a list of argument tuples; each must be picklable.
    workers: how many calls run at once; 1 runs them here, one by one.
    """
    if workers <= 1 or len(arguments) <= 1:
        for args in arguments:
            yield function(*args)
        return

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=min(workers, len(arguments)), mp_context=context,
                               initializer=use_grading_environment)
    try:
        futures = [pool.submit(function, *args) for args in arguments]
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
