"""Loads a mizan report's index.html in headless Chromium and checks what a reader would
notice: every chart image decodes, the page logs no console error, asks for nothing on
the network, shows Arabic snippets right to left, and its tables sort when a header is
clicked. Saves a full-page screenshot.

    python check_page.py REPORT_DIR SCREENSHOT.png [--min-images N]

Prints one "ok - ..." or "FAIL - ..." line per check; exits 1 if any check failed.
Driven by tests/browser/run.sh, which installs Chromium and Playwright.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# The flags a closed network needs: without them Chromium keeps trying to reach Google.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

IMAGES = """() => [...document.images].map(img => ({
    src: img.getAttribute('src'),
    decoded: img.complete && img.naturalWidth > 0 && img.naturalHeight > 0,
    alt: img.alt,
}))"""

RTL_SNIPPETS = """() => {
    const spans = [...document.querySelectorAll('[lang=ar]')];
    return {
        count: spans.length,
        rtl: spans.filter(s => getComputedStyle(s).direction === 'rtl').length,
    };
}"""

# Clicks the first header of every sortable table with at least 3 rows, twice, and
# returns the tables whose first column is not ascending after the first click and
# descending after the second (keys as sort.js reads them: numbers, else text).
SORT_EVERY_TABLE = """() => {
    const key = cell => {
        const text = cell ? cell.textContent.trim() : '';
        const number = parseFloat(text.replace('\u2212', '-'));
        return isNaN(number) ? text : number;
    };
    const compare = (x, y) => typeof x === 'number' && typeof y === 'number'
        ? x - y : String(x).localeCompare(String(y));
    const ordered = (table, sign) => {
        const keys = [...table.tBodies[0].rows].map(r => key(r.cells[0]));
        return keys.every((k, i) => i === 0 || sign * compare(keys[i - 1], k) <= 0);
    };
    const tables = [...document.querySelectorAll('table.sortable')]
        .filter(t => t.tBodies[0] && t.tBodies[0].rows.length >= 3);
    const wrong = [];
    tables.forEach((table, n) => {
        const th = table.tHead.rows[0].cells[0];
        th.click();
        const up = ordered(table, 1);
        th.click();
        const down = ordered(table, -1);
        if (!up || !down) wrong.push(`table ${n + 1} (${th.textContent})`);
    });
    return {count: tables.length, wrong};
}"""


class Checks:
    def __init__(self):
        self.failed = 0

    def __call__(self, ok, what, detail=""):
        print(f"{'ok' if ok else 'FAIL'} - {what}" + (f": {detail}" if detail and not ok else ""))
        self.failed += not ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report", type=Path)
    parser.add_argument("screenshot", type=Path)
    parser.add_argument("--min-images", type=int, default=1)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    page_path = (args.report / "index.html").resolve()
    check = Checks()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors, network = [], []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))

        def only_local_files(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                network.append(route.request.url)
                route.abort()

        page.route("**/*", only_local_files)
        page.goto(page_path.as_uri(), wait_until="load")

        images = page.evaluate(IMAGES)
        broken = [i["src"] for i in images if not i["decoded"]]
        check(len(images) >= args.min_images, f"the page shows {len(images)} images (at least {args.min_images})")
        check(not broken, "every image decodes", ", ".join(broken))
        check(all(i["alt"] for i in images), "every image has alternative text")
        check(not errors, "no console errors", "; ".join(errors))
        check(not network, "no network requests", ", ".join(network))

        rtl = page.evaluate(RTL_SNIPPETS)
        check(rtl["count"] > 0 and rtl["rtl"] == rtl["count"],
              f"Arabic snippets read right to left ({rtl['rtl']} of {rtl['count']})")

        sorted_tables = page.evaluate(SORT_EVERY_TABLE)
        check(sorted_tables["count"] > 0 and not sorted_tables["wrong"],
              f"clicking a header sorts each of {sorted_tables['count']} tables, again reverses it",
              ", ".join(sorted_tables["wrong"]) or "no sortable table")

        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.screenshot), full_page=True)
        check(args.screenshot.stat().st_size > 0, f"screenshot saved to {args.screenshot}")
        browser.close()
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
