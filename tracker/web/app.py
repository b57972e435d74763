"""The web app (`tracker serve`, and `tracker run` alongside the collectors): public pages, the JSON API,
the feeds and the desk, with security headers on every answer.

Public routes read only public records (`tracker.web.public`, `alerts.feeds`); the desk's routes all
depend on a signed-in user. Scripts and styles are files served by the app: the Content-Security-Policy
allows nothing inline and nothing from elsewhere.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker.config import Config
from tracker.web import api, desk, feeds, login, pages
from tracker.web.auth import LoginLimiter
from tracker.web.html import STATIC

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
]


class SecurityHeaders:
    """Adds the headers above to every HTTP answer (plain ASGI: no per-request task, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(config: Config, engine: Engine) -> FastAPI:
    app = FastAPI(
        title="tracker",
        description="Reported travel of people subject to ICC arrest warrants, and what each state owes the Court.",
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json describes the API
        redoc_url=None,
    )
    app.state.config, app.state.engine = config, engine
    app.state.login_limiter = LoginLimiter(config.web.login_attempts)
    for module in (api, feeds, pages, login, desk):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(login.NotSignedIn)
    def not_signed_in(request: Request, _exc: login.NotSignedIn) -> Response:
        if request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        return Response("sign in first", status_code=403, media_type="text/plain")

    app.add_middleware(SecurityHeaders)
    return app
