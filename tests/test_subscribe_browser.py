"""The subscribe links in a real Chromium: shown (not only <link> tags) on the feeds page and on each
person's and state's page, on a phone's width and a desktop's, without scrolling sideways."""

from __future__ import annotations

import pytest

from tests.test_web_browser import browser, page, shot  # noqa: F401  (the browser tests' fixtures)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    ("path", "calendar"),
    [("/feeds", "/feeds/upcoming.ics"), ("/people/putin", "/feeds/people/putin.ics"),
     ("/states/MN", "/feeds/states/MN.ics")],
)  # fmt: skip
def test_subscribe_links_are_visible(page, path, calendar, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    section = page.locator("section.subscribe")
    assert section.get_by_role("heading", name="Subscribe").is_visible()
    links = section.locator("a")
    assert links.count() >= 5  # four feeds of every trip and a calendar app link, and the page's own
    for i in range(links.count()):
        link = links.nth(i)
        box = link.bounding_box()
        assert link.is_visible() and box["width"] > 0 and box["x"] + box["width"] <= width + 1, link.inner_text()
    assert section.locator(f'a[href="{calendar}"]').is_visible()
    assert section.locator(f'a[href^="webcal://"][href$="{calendar}"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"subscribe{path.replace('/', '-')}-{width}")
