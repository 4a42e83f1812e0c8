"""The offline archive works from file:// with no network at all (issue: offline build).

Every page renders with its styles, fonts, figures, math, navigation, theme
switch and search, and none of them tries to fetch anything from the network.
"""

import zipfile

import pytest
from offline_archive import ARCHIVE, archive_pages

PAGES = archive_pages()


def test_the_archive_has_the_lesson_pages():
    expected = {"index.html", "activations.html", "optimizers.html", "search.html"}
    assert expected <= set(PAGES), f"pages missing from the archive: {expected - set(PAGES)}"


def test_the_archive_holds_the_site_without_build_bookkeeping(site):
    with zipfile.ZipFile(ARCHIVE) as zf:
        names = zf.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"nn-techniques-lesson"}, f"the archive should unzip into one folder, not {sorted(tops)}"
    extra = [name for name in names if "/." in name or name.endswith("/404.html")]
    assert not extra, f"build bookkeeping or server-only pages in the archive: {extra[:5]}"


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_from_file_with_the_network_blocked(name, site, visit):
    seen = visit((site / name).as_uri())
    page = seen.page
    assert not seen.blocked, f"{name} tried to reach the network: {seen.blocked}"
    assert not seen.errors, f"{name} logged errors: {seen.errors}"
    # styles: the theme's stylesheet applied (the sidebar is laid out, not a plain list)
    assert page.evaluate("getComputedStyle(document.querySelector('.bd-sidebar-primary')).display") != "none"
    # figures: every image decoded
    broken = page.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.src)")
    assert not broken, f"{name}: images that did not load: {broken}"
    # math: KaTeX's HTML is there and its fonts loaded from the archive
    if page.locator(".katex").count():
        assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px KaTeX_Main'))"), (
            f"{name}: KaTeX fonts did not load"
        )
    # navigation: the sidebar lists the lesson's pages
    assert page.locator("nav.bd-docs-nav a").count() >= 5, f"{name}: the navigation sidebar is empty"


def test_theme_switch_works_offline(site, visit):
    seen = visit((site / "index.html").as_uri())
    page = seen.page
    for mode in ("dark", "light", "dark"):  # the switch is a menu: open it, pick a mode
        page.locator("button.theme-switch-button:visible").first.click()
        page.locator(f".theme-change-button[data-mode={mode}]:visible").first.click()
        assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark", "the choice is remembered"
    assert not seen.errors, seen.errors


@pytest.mark.parametrize("word, page", [("momentum", "optimizers.html"), ("LeakyReLU", "activations.html")])
def test_search_finds_the_lesson_offline(site, visit, word, page):
    seen = visit((site / "search.html").as_uri() + f"?q={word}")
    results = seen.page.locator("#search-results li a")
    # Sphinx's search adds a result every 5 ms, and titles the list "Search Results" after the last
    seen.page.locator("#search-results h2", has_text="Search Results").wait_for(
        state="attached", timeout=10_000
    )
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(href.split("?")[0].endswith(page) for href in hrefs), f"search for {word!r} found {hrefs}"
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


@pytest.mark.parametrize("name", PAGES)
def test_every_local_link_resolves_inside_the_archive(name, site, visit):
    page = visit((site / name).as_uri()).page
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    missing = sorted(
        {
            href.split("#")[0]
            for href in hrefs
            if href.startswith("file:") and not _local_file(href.split("#")[0].split("?")[0]).exists()
        }
    )
    assert not missing, f"{name} links to files the archive does not have: {missing}"


def test_pages_offer_their_notebook_and_snippets_for_download(site, visit):
    page = visit((site / "optimizers.html").as_uri()).page
    box = page.locator(".snippet-downloads")
    links = [box.locator("a").nth(i).get_attribute("href") for i in range(box.locator("a").count())]
    assert "_notebooks/optimizers.ipynb" in links and "lesson-snippets.zip" in links, links
    assert any(link.endswith("/momentum_step.py") for link in links), links


def _local_file(url):
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    return Path(unquote(urlsplit(url).path))
