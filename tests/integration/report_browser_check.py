#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Opens report.html in headless Chromium and checks what a reader would see.

Drives the browser through the DevTools protocol over --remote-debugging-pipe (JSON messages
separated by NUL on file descriptors 3 and 4; no network port, no WebSocket). Fails when the
page logs a console error or throws, when any request fails or leaves the file (the report
must open offline), when a section, figure or table row is missing, or when the screenshot
is blank. Exit status: 0 pass, 1 fail, 77 skip (no Chromium).

Usage: report_browser_check.py REPORT.html [SCREENSHOT.png]
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

SECTIONS = ["summary", "maps", "coverage", "capacity", "hours", "gaps", "localities",
            "catchments", "proposals", "changes", "diagnostics", "method"]
WIDTH, HEIGHT = 1280, 4000
TIMEOUT_S = 120

# Runs in the page: everything the checks need, as one JSON string.
PROBE = r"""JSON.stringify({
  sections: Array.from(document.querySelectorAll('section[id]')).map(s => s.id),
  svgs: Array.from(document.querySelectorAll('svg')).map(s => {
    const r = s.getBoundingClientRect();
    return {w: r.width, h: r.height, paths: s.querySelectorAll('path,use').length};
  }),
  imgs: Array.from(document.querySelectorAll('img')).map(i => ({
    ok: i.complete && i.naturalWidth > 0, src: i.currentSrc.slice(0, 60)})),
  tables: Array.from(document.querySelectorAll('table')).map(t => ({
    rows: t.tBodies.length ? t.tBodies[0].rows.length : 0,
    cols: t.tHead ? t.tHead.rows[0].cells.length : 0})),
  title: document.title,
  lang: document.documentElement.lang,
  height: document.documentElement.scrollHeight,
  dupIds: (() => { const seen = new Set(), dup = new Set();
    document.querySelectorAll('[id]').forEach(e => seen.has(e.id) ? dup.add(e.id) : seen.add(e.id));
    return Array.from(dup).slice(0, 5); })()
})"""


class Browser:
    """One Chromium process spoken to over the DevTools pipe."""

    def __init__(self, binary, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=wire, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT_S

    def _read_message(self):
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the browser did not answer in time")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method):
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read_message()
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:  # the browser may already be gone
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)


def png_pixels(data):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG: (width, height, channels, rows)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
            depth, colour, interlace = body[8], body[9], body[12]
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError("unexpected PNG format %d/%d/%d" % (depth, colour, interlace))
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, cur = line[0], bytearray(line[1:])
        for x in range(stride):
            a = cur[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                cur[x] = (cur[x] + a) & 255
            elif kind == 2:
                cur[x] = (cur[x] + b) & 255
            elif kind == 3:
                cur[x] = (cur[x] + ((a + b) >> 1)) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                cur[x] = (cur[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(cur))
        previous = cur
    return width, height, channels, rows


def screenshot_problems(png):
    width, height, channels, rows = png_pixels(png)
    problems = []
    if (width, height) != (WIDTH, HEIGHT):
        problems.append("screenshot is %dx%d, not %dx%d" % (width, height, WIDTH, HEIGHT))
    colours, inked, sampled = set(), 0, 0
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width, 4):
            px = row[x * channels:x * channels + 3]
            colours.add(px)
            sampled += 1
            inked += px != b"\xff\xff\xff"
    if len(colours) < 50:
        problems.append("screenshot has only %d colours: is it blank?" % len(colours))
    if inked < sampled // 10:
        problems.append("screenshot is %.1f%% ink: is it blank?" % (100.0 * inked / sampled))
    return problems


def event_problems(events, page_url):
    problems, requests = [], 0
    for e in events:
        method, p = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            problems.append("console %s: %s" % (p["type"], [a.get("value") for a in p["args"]]))
        elif method == "Runtime.exceptionThrown":
            problems.append("exception: %s" % p["exceptionDetails"].get("text"))
        elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
            problems.append("log error: %s %s" % (p["entry"]["text"], p["entry"].get("url", "")))
        elif method == "Network.loadingFailed":
            problems.append("request failed: %s" % p.get("errorText"))
        elif method == "Network.requestWillBeSent":
            requests += 1
            url = p["request"]["url"]
            if url != page_url and not url.startswith("data:"):
                problems.append("the page fetches %s" % url)
    if requests == 0:
        problems.append("the browser reported no request at all for the page")
    return problems


def dom_problems(dom):
    problems = []
    missing = [s for s in SECTIONS if s not in dom["sections"]]
    if missing:
        problems.append("sections missing: %s" % missing)
    if len(dom["svgs"]) < 3:
        problems.append("only %d inline SVG figures" % len(dom["svgs"]))
    for i, s in enumerate(dom["svgs"]):
        if s["w"] < 300 or s["h"] < 100 or s["paths"] == 0:
            problems.append("figure %d is %gx%g with %d shapes" % (i, s["w"], s["h"], s["paths"]))
    for i, img in enumerate(dom["imgs"]):
        if not img["ok"]:
            problems.append("image %d did not load: %s" % (i, img["src"]))
    if not dom["tables"]:
        problems.append("no tables")
    for i, t in enumerate(dom["tables"]):
        if t["rows"] == 0 or t["cols"] == 0:
            problems.append("table %d has %d rows and %d columns" % (i, t["rows"], t["cols"]))
    if dom["dupIds"]:
        problems.append("duplicate element ids (figures share glyphs?): %s" % dom["dupIds"])
    if not dom["title"] or dom["lang"] not in ("cs", "en"):
        problems.append("title %r, lang %r" % (dom["title"], dom["lang"]))
    return problems


def check(binary, report, shot_path):
    page_url = "file://" + os.path.abspath(report)
    profile = tempfile.mkdtemp(prefix="dosah-chromium-")
    browser = Browser(binary, profile)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget",
                               {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(domain + ".enable", session=session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1,
                      "mobile": False}, session=session)
        browser.events.clear()
        browser.call("Page.navigate", {"url": page_url}, session=session)
        browser.wait_for("Page.loadEventFired")
        dom = json.loads(browser.call("Runtime.evaluate", {"expression": PROBE,
                                                           "returnByValue": True},
                                      session=session)["result"]["value"])
        png = base64.b64decode(browser.call("Page.captureScreenshot", {"format": "png"},
                                            session=session)["data"])
        events = list(browser.events)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    with open(shot_path, "wb") as f:
        f.write(png)
    problems = event_problems(events, page_url) + dom_problems(dom) + screenshot_problems(png)
    print("%s: %d sections, %d figures, %d images, %d tables (%d rows), page %d px high; "
          "screenshot %s" % (report, len(dom["sections"]), len(dom["svgs"]), len(dom["imgs"]),
                             len(dom["tables"]), sum(t["rows"] for t in dom["tables"]),
                             dom["height"], shot_path))
    return problems


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not binary:
        print("SKIP: Chromium is not installed (Debian: chromium)")
        return 77
    report = sys.argv[1]
    if not os.path.isfile(report):
        print("FAIL: %s does not exist" % report)
        return 1
    shot = sys.argv[2] if len(sys.argv) == 3 else os.path.splitext(report)[0] + "-screenshot.png"
    problems = check(binary, report, shot)
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
