"""Per-article work fanned out over worker processes, with DuckDB touched by this process only.

The parsed assets read a batch of articles' inputs from the run's working copy, hand the frames
to a worker process, and write the worker's result frames back as they arrive. Workers never open
DuckDB, so no lock can be contended whatever the executor, and at most `window` batches are in
flight, so memory stays bounded by the batch size and not by the corpus size.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

import dagster as dg

Task = TypeVar("Task")
Result = TypeVar("Result")


class FanOutConfig(dg.Config):
    """workers: processes for per-article work (0 = one per CPU); batch_size: articles per task.
    Below `parallel_threshold` pending articles everything runs in the asset's own process
    (starting worker interpreters costs about a second)."""

    workers: int = 0
    # 1,000 articles is about 25 MB of inputs per task. Against 2,000: as fast in a 30k-article
    # experiment on two workers, and the asset's process peaked 2.10 -> 1.48 GB at 100k
    # (together with Dagster-free workers; bench/README.md).
    batch_size: int = 1000
    parallel_threshold: int = 1000

    def worker_count(self, pending: int) -> int:
        """Processes for `pending` articles: never more than there are batches, since a single
        batch would only add a worker's start-up (a +1 % run at 100k is one batch per stage)."""
        if pending < self.parallel_threshold:
            return 1
        return max(1, min(self.workers or os.cpu_count() or 1, -(-pending // self.batch_size)))


def batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def fan_out(work: Callable[[Task], Result], tasks: Iterable[Task], workers: int,
            window: int | None = None) -> Iterator[Result]:
    """`work(task)` for every task, in task order. With `workers` > 1 the calls run in spawned
    processes (forking a process that runs Dagster's threads is unsafe) and `tasks` is consumed
    lazily: at most `window` (default one per worker plus one queued) tasks are submitted ahead of
    the results taken, so a task's inputs are only read when a worker is about to need them."""
    if workers <= 1:
        for task in tasks:
            yield work(task)
        return
    window = window or workers + 1
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        iterator = iter(tasks)
        for task in iterator:
            pending.append(pool.submit(work, task))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
