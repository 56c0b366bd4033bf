"""Keeping what is new in view: the candidate's latest message and the reply below it, a
warning, the scorecard; and a banner at the top that links to the scorecard once it is over.

Streamlit has no scroll command, so a small script of ours (no user text goes in)
scrolls the target into view. It is emitted only in a run that shows something new; a session
just opened (started, resumed, reloaded) shows its top, the question, where Streamlit would
pin a chat page to its bottom.
"""

from __future__ import annotations

import json
import time

import streamlit as st

MESSAGES = '[data-testid="stChatMessage"]'
SCORECARD = "#scorecard"
TOP = '[data-testid="stMainBlockContainer"] h1'  # the page title
# kept here rather than in a .js file, which the package build would leave out
_SCRIPT = """(() => {
  const want = WANT;
  const main = document.getElementById("stMain") || document.scrollingElement;
  const began = Date.now();
  let height = -1, steady = 0;
  // Streamlit pins a page with a chat input to its bottom while it takes the reader to be
  // there. It lets go when a scroll leaves the page's size as it last saw it: stop a pinning
  // under way (a wheel event), let it note the size (a focus event), then scroll; once more
  // if it still pulled the page back down.
  const show = (target, tries) => {
    main.dispatchEvent(new WheelEvent("wheel", {deltaY: -1}));
    setTimeout(() => {
      main.dispatchEvent(new FocusEvent("focus"));
      target.style.scrollMarginTop = "4rem";  // clear of Streamlit's fixed header
      target.scrollIntoView({block: "start", behavior: "instant"});
      const put = main.scrollTop;
      setTimeout(() => {
        if (main.scrollTop > put + 2 && tries < 10) show(target, tries + 1);
      }, 200);
    }, 50);
  };
  const go = () => {
    const all = document.querySelectorAll(want.selector);
    const target = all[want.index] || all[all.length - 1];
    // Wait for the run to settle: it adds elements, then drops the previous run's leftovers
    // (marked stale), and both move the target.
    const size = main.scrollHeight;
    steady = size === height ? steady + 1 : 0;
    height = size;
    const busy = want.settle && (steady < 3 || document.querySelector('[data-stale="true"]'));
    if ((!target || busy) && Date.now() - began < 5000) return setTimeout(go, 50);
    if (target) show(target, 0);
  };
  go();
})();
"""


def scroll_into_view(selector: str, index: int = -1, settle: bool = True) -> None:
    """Scroll the `index`-th element matching `selector` (the last one when it is missing)
    to the top of the view, once the page has settled (`settle`, at most 5 s: a reply still
    streaming never settles). The nonce makes each call a new script, so it runs."""
    want = {"selector": selector, "index": index, "settle": settle, "nonce": time.time_ns()}
    script = _SCRIPT.replace("WANT", json.dumps(want), 1)
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def follow(session_id: str, values: dict) -> None:
    """After a run that added turns: the first new message (the candidate's own, with the
    reply under it), or the scorecard once the interview has ended."""
    shown = (session_id, len(values.get("turns", [])), values.get("status") == "ended")
    before, st.session_state.shown = st.session_state.get("shown"), shown
    if before == shown:
        return
    if before is None or before[0] != session_id:
        scroll_into_view(TOP)  # a new session opens at the top, on its question
    elif shown[2]:
        scroll_into_view(SCORECARD)
    else:
        scroll_into_view(MESSAGES, before[1])


def end_banner() -> None:
    st.success(
        "This interview is over. [Jump to your scorecard](#scorecard)",
        icon=":material/sports_score:",
    )
