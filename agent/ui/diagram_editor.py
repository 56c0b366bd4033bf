"""The diagram editor beside the chat: a Mermaid flowchart typed in a text area, a preview drawn
as the transcript will draw it (or the lines that cannot be read), and two ways to send it.

Streamlit's chat input submits on its own and the app cannot add to it as it is typed, so the
diagram goes with an answer in one of two ways: "Attach to my next answer" appends it to the
next answer typed in the chat, as a ```mermaid block; "Send diagram" sends it alone. Once it is
sent the toggle turns off, and the diagram stays in the editor to build on.
"""

from __future__ import annotations

import streamlit as st

from agent.state import is_command
from agent.ui.diagram_view import draw, fenced, problems
from agent.ui.text import as_text

SOURCE, ATTACH, SEND = "diagram_source", "diagram_attach", "send_diagram"
_SENT = "diagram_sent"  # set after a send that carried it: the toggle turns off next run
# The editor stays in view beside a transcript that scrolls on, scrolling on its own when taller.
_BESIDE = """<style>
[data-testid="stColumn"]:has(.st-key-diagram_editor) {
  position: sticky; top: 4rem; align-self: flex-start;
  max-height: calc(100vh - 9rem); overflow-y: auto;
}
</style>"""
EXAMPLE = "flowchart LR\n  A[Event logs] --> B[Feature store]\n  B --> C[Ranker]"


def diagram_editor(disabled: bool) -> str | None:
    """Draw the editor (its send controls off while `disabled`); the diagram as an answer
    when "Send diagram" was pressed in this run."""
    if st.session_state.pop(_SENT, False):
        st.session_state[ATTACH] = False  # before the toggle is drawn, as Streamlit requires
    st.html(_BESIDE)
    with st.container(key="diagram_editor"):
        st.markdown("**Diagram** (Mermaid flowchart)")
        source = st.text_area(
            "Mermaid",
            key=SOURCE,
            height=200,
            placeholder=EXAMPLE,
            label_visibility="collapsed",
        )
        preview(source)
        empty = not source.strip()
        with st.container(horizontal=True):
            st.toggle("Attach to my next answer", key=ATTACH, disabled=disabled or empty)
            send = st.button(
                "Send diagram", key=SEND, icon=":material/send:", disabled=disabled or empty
            )
    return fenced(source) if send else None


def preview(source: str) -> None:
    with st.container(key="diagram_preview", border=True):
        if not source.strip():
            st.caption("Type a diagram above: it is drawn here.")
        elif wrong := problems(source):
            st.error("\n\n".join(as_text(problem) for problem in wrong))
        else:
            draw(source, "preview")


def with_diagram(said: str | None) -> str | None:
    """The answer typed in the chat, with the diagram appended when the toggle is on. A command
    (/hint, ...) or an empty answer goes as it is."""
    source = st.session_state.get(SOURCE) or ""
    if said is None or not said.strip() or is_command(said):
        return said
    if not st.session_state.get(ATTACH) or not source.strip():
        return said
    return f"{said.rstrip()}\n\n{fenced(source)}"


def diagram_sent(said: str) -> None:
    """After an answer was taken: when it carried the diagram, turn the toggle off."""
    source = st.session_state.get(SOURCE) or ""
    if source.strip() and said.endswith(fenced(source)):
        st.session_state[_SENT] = True
