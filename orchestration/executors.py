"""Which Dagster executor a run uses: one place for the PEACEWATCH_EXECUTOR default and its
validation, shared by the code location (definitions.py), the CLI and the ingest step."""

import os

EXECUTORS = ("in_process", "multiprocess")


def executor_mode(mode: str | None = None) -> str:
    """`mode` if given, else PEACEWATCH_EXECUTOR, else `in_process`; anything else is an error."""
    source = "executor" if mode else "PEACEWATCH_EXECUTOR"
    mode = mode or os.environ.get("PEACEWATCH_EXECUTOR", "in_process")
    if mode not in EXECUTORS:
        raise ValueError(f"{source} must be one of {', '.join(EXECUTORS)}, not {mode!r}")
    return mode


def steps_share_this_process(run_config: dict) -> bool:
    """True when a run's later steps execute in the process reading this run config: its
    `execution` config picks the executor, else the configured default does."""
    execution = (run_config.get("execution") or {}).get("config") or {}
    if execution:
        return "in_process" in execution
    return executor_mode() == "in_process"
