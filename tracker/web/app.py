"""The web app (`tracker serve`, and `tracker run` alongside the collectors): public pages, the JSON API,
the feeds and the desk, with security headers on every answer.

Public routes read only public records (`tracker.web.public`, `alerts.feeds`); the desk's routes all
depend on a signed-in user. Scripts and styles are files served by the app: the Content-Security-Policy
allows nothing inline and nothing from elsewhere.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker.config import Config
from tracker.web import ack, api, cases, desk, feeds, login, pages
from tracker.web.auth import LoginLimiter
from tracker.web.feedcache import FeedCache
from tracker.web.html import STATIC, render

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


PRIVATE = (b"cache-control", b"no-store")  # desk and sign-in pages: never kept by a browser or a proxy
MACHINE_PATHS = ("/api/", "/feeds/", "/health", "/openapi.json", "/static/")


class SecurityHeaders:
    """Adds the headers above to every HTTP answer (plain ASGI: no per-request task, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        private = scope["path"].startswith(("/desk", "/login", "/logout", "/ack/"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS, *([PRIVATE] if private else [])]
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
    app.state.feed_cache = FeedCache(engine, config.web.feed_items)
    for module in (api, feeds, pages, login, desk, cases, ack):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """A page's error as a page; the API's, feeds' and static files' as JSON, as FastAPI does."""
        if request.url.path.startswith(MACHINE_PATHS):
            return await http_exception_handler(request, exc)
        return render(request, "error.html", status_code=exc.status_code, status=exc.status_code, detail=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith(MACHINE_PATHS):
            return await request_validation_exception_handler(request, exc)
        detail = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        return render(request, "error.html", status_code=422, status=422, detail=detail)

    @app.exception_handler(login.NotSignedIn)
    def not_signed_in(request: Request, _exc: login.NotSignedIn) -> Response:
        if request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        return Response("sign in first", status_code=403, media_type="text/plain")

    app.add_middleware(SecurityHeaders)
    return app
