"""Open one page of the built docs site in headless Chromium, keep a screenshot, and fail if the page
is blank or shows a rendering error.

Checks: the HTML has the page's title and none of the markers antsibull-docs and docutils put on a page
they could not render (malformed plugin docs, system messages, problematic references, tracebacks); the
screenshot has the requested size, is not one uniform colour and has enough inked
pixels to be a page of text rather than an empty theme frame.

usage: python tools/docs_screenshot.py <html file> <expected title> <screenshot.png> [<html> <title> <png> ...]
       python tools/docs_screenshot.py --html-only <html file> <expected title> [<html> <title> ...]
                                       (the HTML checks, no Chromium)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

from PIL import Image

WIDTH, HEIGHT = 1280, 1600
# antsibull-docs' plugin-error page, docutils' inline error nodes, Sphinx/docutils error levels.
ERROR_MARKERS = (
    "was malformed",
    "The errors were",
    'class="system-message"',
    'class="problematic"',
    "Traceback (most recent call last)",
    "(ERROR/",
    "(SEVERE/",
)
MIN_INKED_FRACTION = 0.02  # share of pixels that differ from the page background


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("headless Chromium is not installed (apt-get install chromium)")


def screenshot(html, png):
    profile = tempfile.mkdtemp(prefix="baiducloud-vpc-chromium.")
    try:
        command = [
            find_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--user-data-dir=" + profile,
            "--window-size=%d,%d" % (WIDTH, HEIGHT),
            "--screenshot=" + png,
            "file://" + os.path.abspath(html),
        ]
        subprocess.run(command, check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def check_html(html, title):
    with open(html, encoding="utf-8") as handle:
        text = handle.read()
    problems = []
    heading = re.search(r"<h1[^>]*>(.*?)<", text, re.S)
    if not heading or title not in heading.group(1):
        problems.append("the page's heading is not %r (found %r)" % (title, heading.group(1) if heading else None))
    problems.extend("the page shows a rendering error: %r" % marker for marker in ERROR_MARKERS if marker in text)
    return problems


def check_png(png):
    with Image.open(png) as image:
        width, height = image.size
        counts = image.convert("RGB").getcolors(maxcolors=width * height)
    problems = []
    if (width, height) != (WIDTH, HEIGHT):
        problems.append("the screenshot is %dx%d, not %dx%d" % (width, height, WIDTH, HEIGHT))
    most, background = max(counts)
    inked = 1 - most / float(width * height)
    if len(counts) == 1:
        problems.append("the screenshot is one uniform colour %s: a blank page" % (background,))
    elif inked < MIN_INKED_FRACTION:
        problems.append("only %.2f%% of the screenshot differs from its background: a blank page" % (100 * inked))
    return problems, len(counts), inked


def main(html, title, png):
    os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
    problems = check_html(html, title)
    screenshot(html, png)
    png_problems, colours, inked = check_png(png)
    problems.extend(png_problems)
    if problems:
        sys.exit("docs page check failed for %s:\n  %s" % (html, "\n  ".join(problems)))
    print(
        "docs page %s: title found, no rendering error, screenshot %s (%d colours, %.0f%% inked)"
        % (os.path.basename(html), png, colours, 100 * inked)
    )


def main_html_only(html, title):
    problems = check_html(html, title)
    if problems:
        sys.exit("docs page check failed for %s:\n  %s" % (html, "\n  ".join(problems)))
    print("docs page %s: title found, no rendering error (HTML only, no screenshot)" % os.path.basename(html))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--html-only"]:
        pairs = sys.argv[2:]
        if not pairs or len(pairs) % 2:
            sys.exit(__doc__)
        for start in range(0, len(pairs), 2):
            main_html_only(*pairs[start : start + 2])
    else:
        if len(sys.argv) < 4 or (len(sys.argv) - 1) % 3:
            sys.exit(__doc__)
        for start in range(1, len(sys.argv), 3):
            main(*sys.argv[start : start + 3])
