"""Grade every case N times per grader, with bounded concurrency: the raw runs of an eval.

Graders run one after the other, so each gets its own wall time; within a grader, at most K
gradings are in flight (ThreadPoolExecutor). A grading that fails (endpoint down, no valid
output in any mode) becomes a Run with the error, so one bad reply does not lose the other
hundreds; `runs.failed` then reports it. Model replies go through CachedLLM, so a re-run is free.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TextIO

from agent.cases import Case
from agent.config import Settings
from agent.errors import InterviewerError
from agent.evaluation.runs import EvalRun, Grader, Run
from agent.llm.cache import CachedLLM
from agent.llm.client import LLM
from agent.scoring.grade import grade_transcript
from agent.scoring.transcript import Transcript


def cache_dir(settings: Settings) -> Path:
    return settings.data_dir / "cache" / "llm"


def run_eval(
    cases: list[Case],
    graders: list[Grader],
    settings: Settings,
    *,
    repeats: int = 1,
    concurrency: int = 4,
    cache: bool = True,
    progress: TextIO | None = None,
) -> EvalRun:
    """Grade each case `repeats` times with each grader; `progress` gets a live status line."""
    llm = _endpoint(settings) if "llm" in graders else None
    result = EvalRun(cases, graders, repeats, concurrency, cache, llm.model if llm else None)
    for grader in graders:
        started = time.perf_counter()
        jobs = [(case, r) for case in cases for r in range(repeats)]
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            futures = [
                pool.submit(_grade, case, grader, r, settings, llm, cache) for case, r in jobs
            ]
            for done, future in enumerate(as_completed(futures), 1):
                result.runs.append(future.result())
                _show(progress, grader, done, len(jobs), result.of(grader), started)
        result.wall_seconds[grader] = round(time.perf_counter() - started, 2)
        if progress is not None:
            progress.write("\n")
    return result


def _endpoint(settings: Settings) -> LLM:
    """The model client, its model resolved once here rather than raced for by the threads."""
    if not settings.endpoint_configured:
        raise InterviewerError(
            "--grader llm needs a model endpoint: set MLSD_BASE_URL (and "
            "MLSD_MODEL) or OPENAI_API_KEY; see the README."
        )
    llm = LLM(settings)
    _ = llm.model
    return llm


def _grade(
    case: Case, grader: Grader, repeat: int, settings: Settings, llm: LLM | None, cache: bool
) -> Run:
    """One grading; its own CachedLLM keeps repeats apart in the cache and counts its cost."""
    cached = (
        CachedLLM(llm, cache_dir(settings), cache, sample=repeat)
        if grader == "llm" and llm is not None
        else None
    )
    run = Run(case, grader, repeat)
    started = time.perf_counter()
    try:
        run.scorecard = grade_transcript(
            Transcript.from_case(case), grader=grader, settings=settings, repeats=1, llm=cached
        )
    except InterviewerError as error:
        run.error = str(error)
    run.seconds = round(time.perf_counter() - started, 3)
    if cached is not None:
        run.usage, run.cache_hits = cached.usage, cached.hits
    return run


def _show(
    progress: TextIO | None, grader: str, done: int, total: int, runs: list[Run], started: float
) -> None:
    if progress is None:
        return
    failed = sum(r.error is not None for r in runs)
    progress.write(
        f"\r{grader}: {done}/{total} gradings, {failed} failed, "
        f"{time.perf_counter() - started:.0f} s"
    )
    progress.flush()
