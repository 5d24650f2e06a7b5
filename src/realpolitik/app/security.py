"""What every response carries and every request must show: the access token, security headers, size limits."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable

from starlette.datastructures import Headers, QueryParams
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-realpolitik-token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"cross-origin-resource-policy", b"same-origin")]
PUBLIC_PREFIXES = ("/static/", "/favicon.ico")


def new_token() -> str:
    """A fresh random access token (as a notebook server prints in its URL)."""
    return secrets.token_urlsafe(24)


def error_body(status: int, kind: str, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": {"kind": kind, "message": message, **extra}}, status_code=status)


class Guard:
    """ASGI middleware: security headers on every response; the token, the host and the body size on every request.

    ``hosts``: the Host header values accepted (None accepts any, for ``--host 0.0.0.0``);
    checking it stops a web page elsewhere from reaching the server through DNS rebinding.
    """

    def __init__(self, app: ASGIApp, *, token: str, max_body: int, hosts: Iterable[str] | None):
        self.app = app
        self.token = token
        self.max_body = max_body
        self.hosts = None if hosts is None else set(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *HEADERS]
            await send(message)

        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, self._limited(receive), send_with_headers)

    def _refusal(self, scope: Scope, headers: Headers) -> JSONResponse | None:
        host = headers.get("host", "").rsplit(":", 1)[0].strip("[]")
        if self.hosts is not None and host not in self.hosts:
            return error_body(421, "host", f"this server answers to {', '.join(sorted(self.hosts))} only")
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return error_body(413, "too-large", f"the request is larger than {self.max_body // 1_000_000} MB")
        path = scope["path"]
        if path.startswith(PUBLIC_PREFIXES):
            return None
        given = headers.get(TOKEN_HEADER) or QueryParams(scope.get("query_string", b"")).get("token") or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return error_body(401, "token", "missing or wrong access token: open the URL that "
                                            "'realpolitik serve' printed (it ends in ?token=...)")
        return None

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        return wrapped


class BodyTooLarge(Exception):
    """A request body (sent without a length) grew past the limit."""

    def __init__(self, limit: int):
        super().__init__(f"the request is larger than {limit // 1_000_000} MB")
