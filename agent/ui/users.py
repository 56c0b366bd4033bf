"""Who is using the app. With sign-in configured (an `[auth]` section in Streamlit's
secrets: an OpenID Connect provider, see docs/deploy.md), each visitor signs in and sees only
their own sessions and progress; without it the app is single-user by design, and says so.
"""

from __future__ import annotations

import streamlit as st

from agent.interview import Runtime

SINGLE_USER = (
    "Single-user mode: everyone who can open this page shares these sessions. To give each "
    "candidate their own, configure sign-in (docs/deploy.md)."
)


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: Streamlit raises its own error
        return False


def current_user(runtime: Runtime) -> str:
    """The signed-in user's id (the provider's stable `sub`), or the settings' user
    (MLSD_USER, "local") when sign-in is not configured. A visitor not signed in sees only
    the sign-in button: the page stops here."""
    if not sign_in_configured():
        return runtime.settings.user
    if not st.user.is_logged_in:
        st.title("ML system design mock interview")
        st.markdown("Sign in to practise: your sessions and progress are yours alone.")
        if st.button("Sign in", key="sign_in", type="primary", icon=":material/login:"):
            st.login()
        st.stop()
    return str(st.user.get("sub") or st.user.get("email"))


def who() -> None:
    """The sidebar's line about the user: who is signed in, or that the app is single-user."""
    if not sign_in_configured():
        st.sidebar.caption(SINGLE_USER)
        return
    name = st.user.get("email") or st.user.get("name") or st.user.get("sub")
    st.sidebar.caption(f"Signed in as {name}")
    if st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:"):
        st.logout()
