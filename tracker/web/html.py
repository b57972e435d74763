"""HTML pages from Jinja2 templates, always autoescaped: report text can never become markup."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.web.feeds import FEEDS

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
env = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True)
)


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    own_feeds: dict[str, tuple[str, str]] | None = None,
    **context: object,
) -> HTMLResponse:
    """A page with the feeds' autodiscovery links (the page's own feeds too) and the signed-in desk user."""
    html = env.get_template(template).render(request=request, feeds={**FEEDS, **(own_feeds or {})}, **context)
    return HTMLResponse(html, status_code=status_code)
