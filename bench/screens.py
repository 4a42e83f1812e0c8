"""Screenshots of every page, to compare the site before and after a change of its CSS or scripts.

    python bench/screens.py shoot DIR [--site _build/html]   # every page and state, into DIR
    python bench/screens.py compare BEFORE AFTER DIFFS       # pixel differences, diff images in DIFFS

``shoot`` opens every page of the built site in Chromium (from file://, as the offline archive is
read), in the light and the dark theme, at desktop (1280 px) and phone (390 px) width, full page;
then the states a script draws: the search dialog, the two header menus (download, colour mode), a
tooltip, the phone's sidebars, an example's editor opened. ``compare`` reports, for each pair of
same-named shots, how many pixels differ and where (bounding box), and writes an image of the
differences (changed pixels in red over a faded copy) for each pair that differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(HERE), str(HERE / "tests" / "browser")]
from offline_archive import CHROMIUM, CHROMIUM_ARGS, screenshot  # noqa: E402  (the browser tests' Chromium)

THEMES = ("light", "dark")
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SKIP = {"404.html", "genindex.html"}


def _states(page) -> dict:
    """Things drawn by a script on a desktop page: name -> action that shows it."""
    return {
        "search": lambda: page.keyboard.press("Control+k"),
        "download-menu": lambda: page.click(".dropdown-download-buttons > button"),
        "mode-menu": lambda: page.click(".theme-switch-button"),
        "tooltip": lambda: (page.hover(".search-button-field"), page.wait_for_timeout(900)),
    }


def shoot(site: Path, out: Path, only: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    pages = sorted(p.name for p in site.glob("*.html") if p.name not in SKIP and (not only or p.name in only))
    count = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for theme in THEMES:
            for device, options in DEVICES.items():
                context = browser.new_context(color_scheme=theme, reduced_motion="reduce", **options)
                page = context.new_page()
                for name in pages:
                    page.goto((site / name).as_uri(), wait_until="load")
                    page.wait_for_timeout(300)  # fonts and the theme's scripts settle
                    screenshot(page, path=out / f"{Path(name).stem}--{theme}-{device}.png", full_page=True)
                    count += 1
                # the states a script draws, on one page with everything (an example with a runner)
                for state in (
                    "search",
                    "download-menu",
                    "mode-menu",
                    "tooltip",
                    "editor",
                    "primary",
                    "secondary",
                ):
                    page.goto((site / "activations.html").as_uri(), wait_until="load")
                    page.wait_for_timeout(300)
                    if device == "phone" and state in ("primary", "secondary"):
                        page.click(f".{state}-toggle")
                    elif device == "desktop" and state in _states(page):
                        _states(page)[state]()
                    elif state == "editor":
                        page.locator("div.runner summary").first.click()
                        page.locator("div.runner").first.scroll_into_view_if_needed()
                    else:
                        continue
                    page.wait_for_timeout(500)
                    screenshot(page, path=out / f"state-{state}--{theme}-{device}.png")
                    count += 1
                context.close()
        browser.close()
    return count


def compare(before: Path, after: Path, diffs: Path) -> list[tuple[str, int, object]]:
    from PIL import Image, ImageChops

    diffs.mkdir(parents=True, exist_ok=True)
    rows = []
    for old in sorted(before.glob("*.png")):
        new = after / old.name
        if not new.is_file():
            rows.append((old.name, -1, "missing after"))
            continue
        a, b = Image.open(old).convert("RGB"), Image.open(new).convert("RGB")
        if a.size != b.size:
            rows.append((old.name, -1, f"size {a.size} -> {b.size}"))
            width, height = max(a.width, b.width), max(a.height, b.height)
            a, b = (_pad(img, width, height) for img in (a, b))
        mask = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 16 else 0)
        changed = mask.histogram()[255]
        if changed:
            faded = Image.blend(b, Image.new("RGB", b.size, "white"), 0.7)
            faded.paste(Image.new("RGB", b.size, (230, 0, 0)), mask=mask)
            faded.save(diffs / old.name)
        rows.append((old.name, changed, mask.getbbox()))
    return rows


def _pad(img, width, height):
    from PIL import Image

    canvas = Image.new("RGB", (width, height), "white")
    canvas.paste(img)
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("shoot")
    one.add_argument("out", type=Path)
    one.add_argument("--site", type=Path, default=HERE / "_build" / "html")
    one.add_argument("--pages", nargs="*", help="only these pages (default: all)")
    two = sub.add_parser("compare")
    two.add_argument("before", type=Path)
    two.add_argument("after", type=Path)
    two.add_argument("diffs", type=Path)
    args = parser.parse_args()
    if args.command == "shoot":
        print(f"{shoot(args.site, args.out, args.pages)} screenshots in {args.out}")
        return
    rows = compare(args.before, args.after, args.diffs)
    same = [r for r in rows if r[1] == 0]
    print(f"{len(same)} of {len(rows)} screenshots identical (pixels differing by more than 16 of 255)")
    for name, changed, where in rows:
        if changed > 0:
            print(f"  {name}: {changed} pixels differ in {where}")
        elif changed < 0:
            print(f"  {name}: {where}")


if __name__ == "__main__":
    main()
