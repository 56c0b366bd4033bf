"""Many users in a real browser: two people sign in through a real OpenID Connect provider on
loopback (oidc-provider-mock) and each sees only their own sessions, another's session id in
the URL is refused; and two app processes share one PostgreSQL database, so a session started
in one resumes in the other."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from tests.test_browser import (
    ANSWER,
    answer,
    free_port,
    headless_browser,
    messages,
    new_interview,
    open_page,
    running_app,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("knowledge_index")]
ADA, BO = "ada@example.com", "bo@example.com"
SECOND = "Offline I would track log loss, and online the watch time per session."


@pytest.fixture
def signed_in_app(tmp_path):
    """The app with sign-in configured against an OpenID Connect provider on loopback."""
    from oidc_provider_mock import run_server_in_thread

    port = free_port()
    with run_server_in_thread() as provider:
        secrets = tmp_path / ".streamlit" / "secrets.toml"
        secrets.parent.mkdir()
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a cookie secret for the test only"\n'
            'client_id = "mlsd"\nclient_secret = "mlsd-test-secret"\n'
            'server_metadata_url = "http://localhost:'
            f'{provider.server_port}/.well-known/openid-configuration"\n'
        )
        with running_app(tmp_path, port) as url:
            yield url


def sign_in(page, who: str) -> None:
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(who)  # the provider's own sign-in form
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text(f"Signed in as {who}").wait_for()


def session_in_url(page) -> str:
    page.wait_for_url("**session=*")
    return parse_qs(urlparse(page.url).query)["session"][0]


def past_sessions(page) -> str:
    """The sidebar's list of the user's past sessions, as shown (empty when it has none)."""
    sidebar = page.get_by_test_id("stSidebar")
    picker = sidebar.get_by_test_id("stSelectbox").filter(has_text="Past sessions")
    if not picker.count():
        return ""
    picker.click()
    shown = " ".join(page.get_by_role("option").all_inner_texts())
    page.keyboard.press("Escape")
    return shown


def test_two_users_each_see_only_their_own_sessions(signed_in_app):
    with headless_browser() as browser:
        ada, bo = open_page(browser, signed_in_app), open_page(browser, signed_in_app)
        sign_in(ada, ADA)
        new_interview(ada)
        answer(ada, ANSWER)
        adas = session_in_url(ada)
        sign_in(bo, BO)
        assert past_sessions(bo) == ""  # nothing of Ada's
        bo.goto(f"{signed_in_app}/?session={adas}")
        bo.get_by_text(f"session {adas} is not one of your sessions").wait_for()
        assert ANSWER not in " ".join(messages(bo))
        new_interview(bo)
        bos = session_in_url(bo)
        shown = past_sessions(bo)
        assert bos[:8] in shown and adas[:8] not in shown
        ada.reload()
        settled(ada, 3)
        shown = past_sessions(ada)
        assert adas[:8] in shown and bos[:8] not in shown


def test_a_session_started_in_one_app_process_resumes_in_another(
    tmp_path, monkeypatch, postgres_server
):
    monkeypatch.setenv("MLSD_CHECKPOINT_URL", postgres_server.new_database())
    for name in ("one", "two"):  # the built knowledge index in each process's own folder
        shutil.copytree(tmp_path / "data" / "index", tmp_path / name / "data" / "index")
    monkeypatch.setenv("MLSD_DATA_DIR", str(tmp_path / "one" / "data"))
    with running_app(tmp_path / "one") as first, headless_browser() as browser:
        page = open_page(browser, first)
        new_interview(page)
        answer(page, ANSWER)
        session = session_in_url(page)
        # a second process with its own data folder: only the database is shared
        monkeypatch.setenv("MLSD_DATA_DIR", str(tmp_path / "two" / "data"))
        with running_app(tmp_path / "two") as second:
            other = open_page(browser, f"{second}/?session={session}")
            settled(other, 3)
            assert ANSWER in " ".join(messages(other))
            answer(other, SECOND)
        page.reload()
        settled(page, 5)
        assert SECOND in " ".join(messages(page))
