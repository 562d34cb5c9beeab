"""axe-core, from the npm registry, run in each page a browser test visits; a screenshot of every step.

The script is fetched once with `npm pack` (pinned version, checked against its SHA-256) into var/browser/ and
evaluated through the DevTools protocol, so the site's Content-Security-Policy (no inline script) stays in force.
"""

import hashlib
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

VERSION = "4.14.1"
SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # of package/axe.min.js
CACHE = Path(settings.BASE_DIR) / "var" / "browser" / f"axe-core-{VERSION}.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# WCAG 2.1 A and AA: what issue 8 asks of every page.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def source() -> str:
    if not CACHE.exists():
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(
                ["npm", "pack", f"axe-core@{VERSION}", "--silent", "--pack-destination", folder],
                check=True,
                capture_output=True,
            )
            with tarfile.open(Path(folder) / f"axe-core-{VERSION}.tgz") as archive:
                data = archive.extractfile("package/axe.min.js").read()
        if hashlib.sha256(data).hexdigest() != SHA256:
            raise RuntimeError(f"axe-core {VERSION} from the registry does not match its pinned SHA-256")
        CACHE.write_bytes(data)
    return CACHE.read_text()


def screenshot(page, path: Path) -> None:
    """The whole page as a PNG. Chromium now and then answers "Unable to capture screenshot" when the machine is busy:
    it is asked once more, after a moment, before the error stands."""
    try:
        page.screenshot(path=path, full_page=True)
    except PlaywrightError:
        page.wait_for_timeout(500)
        page.screenshot(path=path, full_page=True)


def audit(page, step: str) -> list[dict]:
    """The serious and critical WCAG 2.1 AA violations of the page as it is now; a screenshot of it, named by step."""
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot(page, ARTIFACTS / f"{re.sub(r'[^a-z0-9-]+', '-', step.lower())}.png")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source())
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]
