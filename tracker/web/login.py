"""Signing in and out of the desk, and the check every desk route makes first.

The login form carries its own CSRF token (a double-submit cookie, since there is no session yet);
attempts are slowed per client address and per user name (`auth.LoginLimiter`), and only a few passwords
are checked at once (each scrypt check takes 32 MB). The client address is the connection's, or what a
proxy listed in `web.trusted_proxies` forwards.
"""

from __future__ import annotations

import secrets
from functools import cache

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from tracker.desk_users import check_password, hash_password
from tracker.models import DeskUser
from tracker.web.auth import CHECKS, COOKIE, SignedIn, close_session, csrf_ok, open_session, signed_in
from tracker.web.html import render

router = APIRouter(include_in_schema=False)
LOGIN_COOKIE = "tracker_login"
MAX_NAME = 200  # a name shown back in the form: longer input is no user's name
CHECK_QUEUE_SECONDS = 10  # how long a sign-in waits for a free password check before being told to retry


@cache
def _unknown_user_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


class NotSignedIn(Exception):
    """Raised by `desk_user`; the app answers with the login page (GET) or 403 (anything else)."""


def desk_user(request: Request) -> SignedIn:
    """The signed-in desk user, or NotSignedIn: every desk route depends on this."""
    who = signed_in(request.app.state.engine, request.cookies.get(COOKIE))
    if who is None:
        raise NotSignedIn
    return who


def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, secure=True, httponly=True, samesite="strict", path="/")


def _login_form(request: Request, error: str = "", status_code: int = 200, name: str = "") -> HTMLResponse:
    """The sign-in form; after a failed attempt it keeps the name typed, so only the password is typed again."""
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", status_code=status_code, csrf_token=token, error=error,
                      name=name.strip()[:MAX_NAME])  # fmt: skip
    set_cookie(response, LOGIN_COOKIE, token, max_age=3600)
    return response


def _busy(request: Request, error: str, status_code: int, retry_after: int, name: str) -> HTMLResponse:
    response = _login_form(request, error, status_code, name)
    response.headers["Retry-After"] = str(retry_after)
    return response


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return _login_form(request)


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf_token: str = Form("")) -> Response:
    if not csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), csrf_token):
        return _login_form(request, "The form expired; please sign in again.", 403, name)
    limiter, config, engine = request.app.state.login_limiter, request.app.state.config, request.app.state.engine
    keys = (f"address:{request.client.host if request.client else '?'}", f"name:{name.strip().lower()}")
    wait = limiter.attempt(*keys)  # recorded before the check: concurrent attempts count too
    if wait:
        return _busy(request, f"Too many failed attempts; try again in {wait} second(s).", 429, wait, name)
    with Session(engine) as session:
        user = session.exec(select(DeskUser).where(DeskUser.name == name.strip())).first()
    stored = user.password_hash if user else _unknown_user_hash()  # the same work either way: no name is revealed
    if not CHECKS.acquire(timeout=CHECK_QUEUE_SECONDS):
        return _busy(request, "Too many sign-ins at once; try again in a moment.", 503, 5, name)
    try:
        right = check_password(password, stored) and user is not None
    finally:
        CHECKS.release()
    if not right:
        return _login_form(request, "Wrong name or password.", 401, name)
    limiter.succeeded(*keys)
    response = RedirectResponse("/desk", status_code=303)
    set_cookie(response, COOKIE, open_session(engine, user, config.web.session_hours),
               max_age=int(config.web.session_hours * 3600))  # fmt: skip
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    who = desk_user(request)
    if not csrf_ok(who.csrf_token, csrf_token):
        return Response("bad CSRF token", status_code=403)
    close_session(request.app.state.engine, request.cookies[COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
