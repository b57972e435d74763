"""The web app: public map, pages, JSON API and feeds, and the desk behind sign-in."""

from tracker.web.app import create_app

__all__ = ["create_app"]
