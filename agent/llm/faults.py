"""What a misbehaving endpoint did, in words a candidate can act on.

`check_response` is an httpx response hook: it sees every answer before the OpenAI SDK parses
it, so a web page or plain text answered with HTTP 200 is named as such (the SDK would hand
it back as a bare string), and a Retry-After is handed to the client, which shows the wait
and caps it (the SDK would sleep in silence). `describe` turns any failure into one sentence.
"""

from __future__ import annotations

import email.utils
import re
import time
from typing import Any

import httpx2
import openai

from agent.config import Settings

API_HINT = "MLSD_BASE_URL must be the OpenAI API's address, which usually ends in /v1."
EVENT_STREAM = "text/event-stream"
_WAIT_STATUS = {429: "rate limited", 503: "busy"}


class NotTheAPI(Exception):
    """An HTTP 200 whose body is not the OpenAI API's JSON or event stream."""


class AskedToWait(Exception):
    """The endpoint said when to try again (Retry-After on HTTP 429 or 503)."""

    def __init__(self, seconds: float, status: int):
        super().__init__(f"HTTP {status}, Retry-After {seconds:g} s")
        self.seconds, self.status = seconds, status

    @property
    def why(self) -> str:
        return f"HTTP {self.status}, {_WAIT_STATUS.get(self.status, 'busy')}"


def check_response(response: httpx2.Response) -> None:
    """Raise NotTheAPI or AskedToWait for answers the SDK would misread or wait on silently."""
    wait = retry_after(response.headers)
    if response.status_code in _WAIT_STATUS and wait is not None:
        raise AskedToWait(wait, response.status_code)
    if not response.is_success:
        return  # the SDK turns it into a status error, described below
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind.endswith("json") or kind == EVENT_STREAM:
        return
    body = response.read().decode(errors="replace").strip()
    if body[:1] in ("{", "[") or body.startswith("data:"):
        return  # the API's content under an odd content type: the SDK copes
    shown = kind or "no content type"
    if not body:
        raise NotTheAPI(f"answered with an empty body ({shown}), not the OpenAI API. {API_HINT}")
    if kind == "text/html" or body[:1] == "<":
        title = re.search(r"<title[^>]*>(.*?)</title>", body, re.I | re.S)
        page = f" titled {_short(title.group(1), 60)!r}" if title else ""
        raise NotTheAPI(f"answered with a web page{page} ({shown}), not the OpenAI API. {API_HINT}")
    raise NotTheAPI(
        f"answered with text that is not JSON ({shown}: {_short(body, 80)!r}), not the OpenAI "
        f"API. {API_HINT}"
    )


def retry_after(headers: httpx2.Headers) -> float | None:
    """Seconds from Retry-After (a number or an HTTP date) or retry-after-ms; None if absent."""
    if (millis := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_tz(value)
        return None if when is None else max(0.0, email.utils.mktime_tz(when) - time.time())


def describe(error: BaseException, settings: Settings) -> str:
    """What went wrong, in words a candidate can act on."""
    if isinstance(error, NotTheAPI):
        return str(error)
    if isinstance(error, AskedToWait):
        return _refused_wait(error, settings)
    if isinstance(error, openai.APITimeoutError):
        tries = f", in {settings.retries + 1} tries" if settings.retries else ""
        return (
            f"did not answer within {settings.timeout:g} s (MLSD_TIMEOUT){tries}; it may be "
            "overloaded or still loading the model."
        )
    if isinstance(error, openai.APIConnectionError):
        return _connection(error.__cause__)
    if isinstance(error, openai.AuthenticationError):
        return "rejected the API key (HTTP 401). Check MLSD_API_KEY."
    if isinstance(error, openai.NotFoundError):
        return (
            "answered HTTP 404: the model or the route does not exist. Check MLSD_MODEL and "
            "MLSD_BASE_URL (it usually ends in /v1)."
        )
    if isinstance(error, openai.APIStatusError):
        if error.response.text.lstrip()[:1] == "<":
            return (
                f"answered HTTP {error.status_code} with a web page, not the OpenAI API. {API_HINT}"
            )
        return f"answered HTTP {error.status_code}: {_short(error.message)}"
    if isinstance(error, (openai.APIResponseValidationError, ValueError)):
        return f"sent a response that is not valid OpenAI-format JSON ({_short(str(error))})."
    return f"failed: {type(error).__name__}: {_short(str(error))}"


def wrong_shape(payload: Any, expected: str, field: str) -> str:
    """For valid JSON that lacks the API's `field`: what it held instead."""
    extra = getattr(payload, "model_extra", None) or {}
    held = f"it holds {', '.join(list(extra)[:6])}" if extra else "nothing the API defines"
    return f"answered with JSON that is not {expected} (no {field}; {held}). {API_HINT}"


def unfinished_stream(response: httpx2.Response, received: int) -> str:
    """A stream that ended with no finish_reason: a server that hung up, or no stream at all."""
    kind = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    if kind != EVENT_STREAM:
        return f"answered a streaming request with {kind}, not an event stream. {API_HINT}"
    return (
        f"closed the connection mid-reply, after {received} characters and before the answer "
        "was complete; the server may have crashed or restarted."
    )


def _refused_wait(asked: AskedToWait, settings: Settings) -> str:
    said = f"asked to wait {asked.seconds:g} s before the next request ({asked.why})"
    if asked.seconds > settings.retry_wait:
        return (
            f"{said}, longer than MLSD_RETRY_WAIT={settings.retry_wait:g} s allows. Try again "
            "later, or raise MLSD_RETRY_WAIT."
        )
    if not settings.retries:
        return f"{said}, and MLSD_RETRIES=0 allows no retry. Try again later."
    return f"{said}, again after {settings.retries} wait(s) (MLSD_RETRIES). Try again later."


def _connection(cause: BaseException | None) -> str:
    if isinstance(cause, (httpx2.ConnectError, httpx2.ConnectTimeout)) or cause is None:
        text = str(cause or "")
        reason = "connection refused" if "refused" in text.lower() else _short(text, 80)
        return (
            f"could not be reached ({reason or 'no connection'}). Is the server running, and "
            "is MLSD_BASE_URL right?"
        )
    # h11's words for a server that read the request and hung up before any answer
    if "without sending a response" in str(cause):
        return "closed the connection without answering; the server may have crashed or restarted."
    return (
        "closed the connection mid-reply, before the answer was complete; the server may have "
        "crashed or restarted, or a proxy cut the reply off."
    )


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
