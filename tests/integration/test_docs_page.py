"""The interactive API docs work in a real browser: tests/docs/check_docs_page.mjs opens /docs in
headless Chromium (no console errors, CSP violations or failed requests) and runs
GET /api/v1/products through Swagger UI's "Try it out"."""

import os
import shutil
import subprocess

from mercado_helpers import REPO

CHROMIUM = "/usr/bin/chromium"
CHECK = os.path.join("tests", "docs", "check_docs_page.mjs")
INSTALL_HINT = "run `bash scripts/install-deps.sh --test` (and `npm ci` in the repository root)"


def test_docs_page_works_in_headless_chromium(shared_sandbox):
    missing = [what for what, present in [
        (CHROMIUM, os.access(CHROMIUM, os.X_OK)),
        ("node", shutil.which("node") is not None),
        ("node_modules/playwright-core",
         os.path.isdir(os.path.join(REPO, "node_modules", "playwright-core"))),
    ] if not present]
    assert not missing, f"missing {', '.join(missing)}: {INSTALL_HINT}"

    try:
        result = subprocess.run(["node", CHECK, shared_sandbox.base_url], cwd=REPO,
                                capture_output=True, text=True, timeout=120,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as error:
        raise AssertionError(f"{CHECK} did not finish within 120 s\n"
                             f"stdout:\n{error.stdout}\nstderr:\n{error.stderr}") from error
    assert result.returncode == 0, (f"{CHECK} exited with {result.returncode}\n"
                                    f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
