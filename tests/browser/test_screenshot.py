"""offline_archive.screenshot tries a capture again only when Chromium could not give a frame."""

import pytest
from offline_archive import UNCAPTURED, screenshot
from playwright.sync_api import Error

NO_FRAME = f"Page.screenshot: Protocol error (Page.captureScreenshot): {UNCAPTURED}"


class Target:
    """A page or locator whose captures answer, in turn, with the errors given, then with a PNG."""

    def __init__(self, *errors: str):
        self.errors = list(errors)
        self.calls = []

    def screenshot(self, **options):
        self.calls.append(options)
        if self.errors:
            raise Error(self.errors.pop(0))
        return b"png"


def test_a_capture_with_no_frame_is_tried_again_with_the_same_options():
    target = Target(NO_FRAME, NO_FRAME)
    assert screenshot(target, path="x.png", full_page=True) == b"png"
    assert target.calls == [{"path": "x.png", "full_page": True}] * 3


def test_it_fails_after_the_last_try():
    target = Target(NO_FRAME, NO_FRAME, NO_FRAME)
    with pytest.raises(Error, match=UNCAPTURED):
        screenshot(target)
    assert len(target.calls) == 3


def test_another_error_fails_at_once():
    target = Target("Locator.screenshot: Timeout 30000ms exceeded.")
    with pytest.raises(Error, match="Timeout"):
        screenshot(target)
    assert len(target.calls) == 1
