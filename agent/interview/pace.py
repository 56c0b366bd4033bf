"""How long the interviewer takes to reply, and one plain notice when a model is slow.

A CPU-bound local model can take half a minute a turn: that is slowness to explain once, with
what would help, not an error. The runtime times every turn (from the answer to the reply's
last word) through the session's busy hook.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from agent.config import Settings

SLOW_TURN_SECONDS = 20.0  # past this a reply feels like waiting, not a conversation
TURNS_JUDGED = 3  # the median of the last few turns: one slow stage opening is not "slow"


@dataclass
class Pace:
    settings: Settings
    seconds: list[float] = field(default_factory=list)
    told: bool = False
    _since: float | None = None

    def busy(self, running: bool) -> None:
        """The session's busy hook: a turn starts (True) or ends (False)."""
        now = time.monotonic()
        if running:
            self._since = now
        elif self._since is not None:
            self.seconds.append(now - self._since)
            self._since = None

    def slow(self) -> str | None:
        """The notice while the last turns took SLOW_TURN_SECONDS or more (median); never for
        the offline interviewer, whose only slow turn is loading the embedder."""
        if not self.settings.endpoint_configured or len(self.seconds) < TURNS_JUDGED:
            return None
        typical = statistics.median(self.seconds[-TURNS_JUDGED:])
        if typical < SLOW_TURN_SECONDS:
            return None
        return f"The model is slow: about {typical:.0f} s per turn. {self._advice()}"

    def notice(self) -> str | None:
        """`slow()`, once per runtime (a terminal says it once)."""
        message = None if self.told else self.slow()
        self.told = self.told or message is not None
        return message

    def _advice(self) -> str:
        s, ways = self.settings, []
        if s.decision_mode == "model":
            ways.append("MLSD_DECISIONS=offline makes it one call per turn")
        if s.grading_mode == "live":
            ways.append("MLSD_GRADING=end keeps grading out of the way until /end")
        ways.append("a smaller or more quantised model, or a GPU, answers faster")
        return (
            f"Nothing is wrong, and your answers are saved as you go; {'; '.join(ways)}. "
            "`mlsd doctor` measures the server's speed."
        )
