"""Progress benchmark: what `mlsd progress` and the app's Progress page cost over a long
history. 1,000 graded interviews and drills (realistic rows: seven stage scores, four
dimensions, a few missed items and red flags each) are written to a history in a temporary
data dir; then, each repeated 50 times, the timings of reading them all, reading the last
10, and the whole query path (read all + trends + most-missed items + the drill's choice).
Prints numbers; asserts nothing.  Run: python -m benchmarks.progress
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from agent.knowledge import STAGES, default_knowledge
from agent.progress import History, Record, drill_question, drill_stage, progress
from agent.scoring.scorecard import DIMENSIONS

RECORDS = 1_000
REPEATS = 50
SEED = 7


def synthetic_records(count: int, rng: random.Random) -> list[Record]:
    knowledge = default_knowledge()
    questions = list(knowledge.questions)
    start = time.time() - count * 3600
    records = []
    for n in range(count):
        drill = rng.random() < 0.3
        stages = [rng.choice(STAGES)] if drill else list(STAGES)
        scores = {s: round(rng.uniform(1, 4), 2) for s in stages}
        missed = {
            s: {i.id: knowledge.stages[s].id for i in rng.sample(knowledge.stages[s].checklist, 2)}
            for s in stages
        }
        records.append(
            Record(
                session_id=f"s{n:05d}",
                kind="drill" if drill else "interview",
                question=rng.choice(questions),
                level="senior",
                graded_at=start + n * 3600,
                overall=round(statistics.mean(scores.values()), 2),
                stages=scores,
                dimensions={d: round(rng.uniform(1, 4), 2) for d in DIMENSIONS},
                hints=rng.randint(0, 3),
                red_flags=[(stages[0], knowledge.stages[stages[0]].id, "a flag")],
                missed=missed,
            )
        )
    return records


def timed(work, repeats: int = REPEATS) -> tuple[float, float]:
    """Median and worst wall time of `work()`, in milliseconds."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    knowledge = default_knowledge()
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder))
        began = time.perf_counter()
        for record in synthetic_records(RECORDS, random.Random(SEED)):
            history.add(record)
        writing = (time.perf_counter() - began) / RECORDS * 1000
        size = history.path.stat().st_size / 1024

        def whole_path() -> None:
            records = history.records()
            progress(records, knowledge)
            drill_stage(records)
            drill_question(records, knowledge)

        rows = [
            ("read all 1,000 rows", lambda: history.records()),
            ("read the last 10", lambda: history.records(last=10)),
            ("progress over all 1,000 (read, trends, items, drill)", whole_path),
        ]
        print(f"history: {RECORDS} records, {size:.0f} KiB, {writing:.2f} ms per write")
        for name, work in rows:
            median, worst = timed(work)
            print(f"{name:<56} median {median:6.1f} ms   worst {worst:6.1f} ms")


if __name__ == "__main__":
    main()
