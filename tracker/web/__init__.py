"""The web app: public map, pages, JSON API and feeds, and the desk behind sign-in (`tracker.web.app`)."""
