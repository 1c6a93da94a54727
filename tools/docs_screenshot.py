"""Open one page of the built docs site in headless Chromium, keep a screenshot, and fail if the page
is blank or shows a rendering error.

Checks: the HTML has the page's title and none of the markers antsibull-docs and docutils put on a page
they could not render (malformed plugin docs, system messages, problematic references, tracebacks); the
screenshot is a real PNG of the requested size that is not one uniform colour and has enough inked
pixels to be a page of text rather than an empty theme frame.

usage: python tools/docs_screenshot.py <html file> <expected title> <screenshot.png>
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

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
            find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--user-data-dir=" + profile, "--window-size=%d,%d" % (WIDTH, HEIGHT),
            "--screenshot=" + png, "file://" + os.path.abspath(html),
        ]
        subprocess.run(command, check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def paeth(left, up, up_left):
    estimate = left + up - up_left
    pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
    if pa <= pb and pa <= pc:
        return left
    return up if pb <= pc else up_left


def decode_png(path):
    """Return (width, height, rows of pixel tuples) of an 8-bit RGB or RGBA PNG, no imaging library needed."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s is not a PNG" % path)
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        sys.exit("unexpected PNG format (depth %d, colour type %d, interlace %d)" % (depth, colour, interlace))
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up_left = previous[x - channels] if x >= channels else 0
            predictor = (0, left, previous[x], (left + previous[x]) // 2, paeth(left, previous[x], up_left))[kind]
            line[x] = (line[x] + predictor) & 0xFF
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def check_html(html, title):
    with open(html, encoding="utf-8") as handle:
        text = handle.read()
    problems = []
    heading = re.search(r"<h1>(.*?)<", text, re.S)
    if not heading or title not in heading.group(1):
        problems.append("the page's heading is not %r (found %r)" % (title, heading.group(1) if heading else None))
    problems.extend("the page shows a rendering error: %r" % marker for marker in ERROR_MARKERS if marker in text)
    return problems


def check_png(png):
    width, height, rows = decode_png(png)
    problems = []
    if (width, height) != (WIDTH, HEIGHT):
        problems.append("the screenshot is %dx%d, not %dx%d" % (width, height, WIDTH, HEIGHT))
    counts = {}
    for row in rows:
        for pixel in row:
            counts[pixel] = counts.get(pixel, 0) + 1
    background, most = max(counts.items(), key=lambda item: item[1])
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
    print("docs page %s: title found, no rendering error, screenshot %s (%d colours, %.0f%% inked)"
          % (os.path.basename(html), png, colours, 100 * inked))


if __name__ == "__main__":
    main(*sys.argv[1:])
