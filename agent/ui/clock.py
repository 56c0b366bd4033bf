"""The clock for the stage and the whole interview. The server measures both at each page run;
a small script of ours then counts on in the browser, second by second.

Why not a Streamlit fragment that reruns every second: its timed runs queue up on the server
while a turn is running, and when that turn ends in a rerun (an endpoint that failed),
Streamlit 1.67 drops the rerun's clock from its outgoing queue as the queued clock run starts.
The browser then lost everything below the clock: the transcript, the warning and the answer
box (tests/test_browser.py::test_an_endpoint_that_stays_down_in_the_browser). A clock in the
browser has no server runs to race, and costs the server nothing while a candidate thinks.
"""

from __future__ import annotations

import html
import json
import time

import streamlit as st

# kept here rather than in a .js file, which the package build would leave out
_SCRIPT = """(() => {
  const c = CLOCK;
  const node = document.querySelector(`[data-clock="${c.nonce}"]`);
  if (!node) return;
  const began = performance.now();
  const mmss = s => { const w = Math.max(0, Math.floor(s));
    return `${Math.floor(w / 60)}:${String(w % 60).padStart(2, "0")}`; };
  const tick = () => {
    if (!node.isConnected) return clearInterval(timer);  // a later page run replaced it
    const gone = (performance.now() - began) / 1000;
    const used = c.used + gone;
    node.querySelector("[data-used]").textContent = mmss(used);
    node.querySelector("[data-spent]").textContent = mmss(c.spent + gone);
    const share = Math.min(1, Math.max(0, used / c.budget));
    node.querySelector("[data-bar]").style.width = `${(share * 100).toFixed(1)}%`;
    node.querySelector("[role=progressbar]").setAttribute("aria-valuenow", Math.round(share * 100));
  };
  const timer = setInterval(tick, 1000);
})();
"""

_STYLE = """<style>
.mlsd-clock { font-size: 0.875rem; }
.mlsd-clock .track { height: 0.5rem; border-radius: 0.25rem; margin: 0.25rem 0;
  background: rgba(128, 128, 128, 0.2); overflow: hidden; }
.mlsd-clock .bar { height: 100%; background: COLOR; }
.mlsd-clock .total { opacity: 0.6; }
</style>"""


def minutes(seconds: float) -> str:
    """m:ss, the way a clock on the wall reads."""
    whole = int(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def clock(title: str, stage_started: float, budget: float, started: float, total: float) -> None:
    """Elapsed against budget: the stage's time as a bar, the whole interview below it. The
    text is right when drawn (and without scripts); the browser counts on from there."""
    now = time.time()
    used, spent = now - stage_started, now - started
    share = min(1.0, max(0.0, used / budget))
    nonce = str(time.time_ns())
    state = {"nonce": nonce, "used": used, "spent": spent, "budget": budget}
    color = st.get_option("theme.primaryColor") or "#ff4b4b"
    body = (
        _STYLE.replace("COLOR", html.escape(color))
        + f'<div class="mlsd-clock" data-clock="{nonce}">'
        + f"<div>This stage, {html.escape(title)}: <span data-used>{minutes(used)}</span>"
        + f" of {minutes(budget)}</div>"
        + '<div class="track" role="progressbar" aria-valuemin="0" aria-valuemax="100"'
        + f' aria-valuenow="{round(share * 100)}" aria-label="Time used in this stage">'
        + f'<div class="bar" data-bar style="width: {share * 100:.1f}%"></div></div>'
        + f'<div class="total">Whole interview: <span data-spent>{minutes(spent)}</span>'
        + f" of {minutes(total)}</div></div>"
        + f"<script>{_SCRIPT.replace('CLOCK', json.dumps(state), 1)}</script>"
    )
    with st.container(key="clock"):
        st.html(body, unsafe_allow_javascript=True)
