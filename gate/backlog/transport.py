"""The one HTTP layer every network tracker uses (stdlib ``urllib``, no extra dependency).

It retries what is safe to retry: rate limits (429, and GitHub's 403 with ``Retry-After`` or
``x-ratelimit-remaining: 0``), 5xx answers and timeouts, with bounded attempts and exponential backoff; the
sleep is injectable so that tests do not wait. A write that is not idempotent (creating a ticket) is never
sent twice blindly: when its outcome is unknown (a timeout, a 5xx after it was sent) ``AmbiguousWrite`` is
raised and the caller lists the tracker again before deciding. Tokens travel only in headers, redirects to
another host are not followed (they would carry the token), and every message is scrubbed of the secrets.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gate import __version__
from gate.backlog.model import TrackerContext
from gate.errors import ConfigError, GateError
from gate.safe import terminal

RETRYABLE_STATUS = frozenset({500, 502, 503, 504})
Sleep = Callable[[float], None]


class TrackerError(GateError):
    """A tracker that refused a request (``status`` says how) or kept failing after the retries."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AmbiguousWrite(TrackerError):
    """A write whose outcome is unknown: it may or may not have been carried out."""


def default_sleep(seconds: float) -> None:
    time.sleep(seconds)


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON (``None`` for an empty body)."""
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            raise TrackerError(f"the tracker answered HTTP {self.status} with something that is not JSON") from None


@dataclass
class Redactor:
    """Replaces every secret (and its basic-auth form) with ``***`` in text that may be shown."""

    secrets: list[str] = field(default_factory=list, repr=False)

    def __call__(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            if len(secret) >= 4:
                text = text.replace(secret, "***")
        return text


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only within the same scheme and host: the token must not travel anywhere else."""

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class HttpClient:
    """Requests to one API (``base_url``) with fixed headers, retries and secret scrubbing."""

    name: str  # the tracker, for messages
    base_url: str
    headers: dict[str, str] = field(repr=False)  # they carry the token: never in a repr
    redact: Redactor = field(repr=False)
    timeout: float = 30.0
    attempts: int = 5
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_backoff: float = 30.0
    max_wait: float = 300.0  # the longest a rate limit may make us wait at once
    sleep: Sleep = default_sleep
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_SameHostRedirects())

    def url(self, path: str, params: Mapping[str, str | int] | None = None) -> str:
        """``path`` under the base URL (an absolute URL on the same host is kept), with query ``params``."""
        url = path if path.startswith(("http://", "https://")) else self.base_url.rstrip("/") + "/" + path.lstrip("/")
        base, new = urllib.parse.urlsplit(self.base_url), urllib.parse.urlsplit(url)
        if (base.scheme, base.netloc) != (new.scheme, new.netloc):
            raise TrackerError(f"{self.name}: the API pointed at another host ({new.netloc}); not followed")
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        return url

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: Any = None,
        idempotent: bool = True,
        answered_retry: bool | None = None,
    ) -> Response:
        """Send one request and return a 2xx response; retry what is safe; raise ``TrackerError`` otherwise.

        ``answered_retry`` (default: ``idempotent``): whether a 5xx answer may be retried. A chat webhook's 5xx
        says the message was not taken, so it is sent again; a request that got no answer is not (it may have
        been), unless it is idempotent."""
        answered_retry = idempotent if answered_retry is None else answered_retry
        url = self.url(path, params)
        what = f"{method} {urllib.parse.urlsplit(url).path}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"User-Agent": f"policy-gate/{__version__}", "Accept": "application/json", **self.headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                response = self._send(urllib.request.Request(url, data=data, headers=headers, method=method))
            except _NotSent as exc:
                problem = str(exc)
                wait = self._backoff(attempt)
            except _Lost as exc:
                if not idempotent:
                    raise AmbiguousWrite(
                        self.redact(f"{self.name}: {what}: {exc}; it may or may not have been done")
                    ) from None
                problem, wait = str(exc), self._backoff(attempt)
            else:
                if 200 <= response.status < 300:
                    return response
                problem = f"HTTP {response.status}{self._detail(response)}"
                limited = self._rate_limit_wait(response, attempt)
                if limited is not None:
                    wait = limited
                elif response.status in RETRYABLE_STATUS:
                    if not answered_retry:
                        raise AmbiguousWrite(
                            self.redact(f"{self.name}: {what}: {problem}; it may or may not have been done")
                        )
                    wait = self._retry_after(response) or self._backoff(attempt)
                else:
                    raise TrackerError(self.redact(f"{self.name}: {what} was refused: {problem}"), response.status)
            if last:
                break
            if wait > self.max_wait:
                raise TrackerError(
                    self.redact(
                        f"{self.name}: {what}: {problem}; the tracker asks to wait {wait:.0f} s, more than the "
                        f"{self.max_wait:.0f} s policy-gate waits"
                    )
                )
            self.sleep(wait)
        raise TrackerError(self.redact(f"{self.name}: {what} failed {self.attempts} times, last with: {problem}"))

    def _send(self, request: urllib.request.Request) -> Response:
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return Response(answer.status, _lower(answer.headers), answer.read())
        except urllib.error.HTTPError as exc:
            try:
                payload = exc.read()
            except OSError:
                payload = b""
            return Response(exc.code, _lower(exc.headers), payload)
        except urllib.error.URLError as exc:
            # urllib raises URLError while connecting and sending: the server has not acted on the request.
            raise _NotSent(f"cannot connect ({_reason(exc.reason)})") from None
        except TimeoutError:
            raise _Lost(f"no answer within {self.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            raise _Lost(f"connection lost ({exc.__class__.__name__})") from None

    def _detail(self, response: Response) -> str:
        text = response.body[:300].decode("utf-8", "replace")
        try:
            doc = json.loads(response.body)
        except ValueError:
            doc = None
        if isinstance(doc, dict):
            message = doc.get("message") or doc.get("error") or doc.get("errorMessages") or doc.get("errors")
            text = json.dumps(message) if not isinstance(message, str) and message else str(message or "")
        text = terminal(" ".join(text.split())[:200])  # an excerpt, never the whole body; scanned text may be in it
        return f": {text}" if text else ""

    def _backoff(self, attempt: int) -> float:
        return float(min(self.backoff * 2 ** (attempt - 1), self.max_backoff))

    def _retry_after(self, response: Response) -> float | None:
        value = response.headers.get("retry-after")
        if not value:
            return None
        if value.strip().isdigit():
            return float(value.strip())
        when = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, when.timestamp() - self.clock()) if when else None

    def _rate_limit_wait(self, response: Response, attempt: int) -> float | None:
        """How long a rate limit asks to wait, or ``None`` when the response is not a rate limit."""
        headers = response.headers
        exhausted = headers.get("x-ratelimit-remaining") == "0"
        if response.status == 403:
            secondary = b"rate limit" in response.body.lower()
            if not (headers.get("retry-after") or exhausted or secondary):
                return None
        elif response.status != 429:
            return None
        after = self._retry_after(response)
        if after is not None:
            return after
        reset = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
        if exhausted and reset and reset.isdigit():
            return max(0.0, float(reset) - self.clock()) + 1.0
        return 60.0 if response.status == 403 else self._backoff(attempt)  # GitHub: a minute for secondary limits


class _NotSent(Exception):
    """The request never reached the server (connection refused): safe to send again."""


class _Lost(Exception):
    """The request may have reached the server, but no answer came back."""


def _reason(reason: object) -> str:
    return (
        "timed out"
        if isinstance(reason, TimeoutError)
        else reason.__class__.__name__
        if isinstance(reason, OSError)
        else str(reason)
    )


def _lower(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()} if headers is not None else {}


def next_link(headers: Mapping[str, str]) -> str | None:
    """The ``rel="next"`` URL of an RFC 8288 ``Link`` header (GitHub's pagination), if any."""
    for part in headers.get("link", "").split(","):
        url, _, params = part.partition(";")
        if 'rel="next"' in params.replace(" ", ""):
            return url.strip().strip("<>")
    return None


def client(
    context: TrackerContext, name: str, base_url: str, headers: dict[str, str], secrets: list[str]
) -> HttpClient:
    """An HTTP client for tracker ``name`` with the context's timeout and sleep, scrubbing ``secrets``."""
    return HttpClient(name, base_url, headers, Redactor(secrets), timeout=context.timeout, sleep=context.sleep)


def required(environ: Mapping[str, str], tracker: str, *names: str, why: str = "") -> str:
    """The first of the environment variables ``names`` that is set; a configuration error when none is."""
    for name in names:
        value = environ.get(name, "").strip()
        if value:
            return value
    raise ConfigError(f"{tracker} tracker: {' or '.join(names)} is not set{f' ({why})' if why else ''}")
