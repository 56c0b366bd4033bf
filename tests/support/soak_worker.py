"""One of several processes answering the same session at random moments (the soak test).

Usage: python -m tests.support.soak_worker DATA_DIR SESSION WORKER COUNT SEED OUT.json
Each send is made against the turns this process last read; what happened to it (taken, or
refused with the reason) goes to OUT.json with the question the sender saw.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interview.store import StorageError
from agent.interview.turn_lock import SessionBusy

ASKS = (
    "how many daily active users are there",
    "what latency budget do we have",
    "which regions does this cover",
    "is there a labelled data set already",
)


def main(data: str, session: str, worker: str, count: str, seed: str, out: str) -> None:
    runtime = Runtime(load_settings(data_dir=Path(data), offline=True), retriever=None)
    interview = runtime.interview(session)
    rng = random.Random(int(seed))
    log = []
    for n in range(int(count)):
        time.sleep(rng.uniform(0, 0.4))
        turns = interview.turns
        asked = next(t["text"] for t in reversed(turns) if t["role"] == "interviewer")
        text = f"Before I design anything ({worker}-{n}): {rng.choice(ASKS)}?"
        try:
            list(interview.send(text))
            log.append({"text": text, "saw": asked, "taken": True, "at": time.time()})
        except (StorageError, SessionBusy) as refused:
            log.append({"text": text, "saw": asked, "taken": False, "why": str(refused)})
    Path(out).write_text(json.dumps(log))
    runtime.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
