"""/graphql against graphql-js, the reference implementation: tests/graphql/conformance.mjs checks
the introspected schema against tests/graphql/reference.graphql (the Platzi Fake Store API's) and
sends the specification's examples, adapted to the store, to the server and to graphql-js running
on the schema the server describes over the server's own REST API; parse and validation errors,
data and field errors must be the same. Its output lists every difference.

The script speaks to the server itself, so nothing here goes through the OpenAPI checks (the
document describes the REST API, not /graphql)."""

import os
import shutil
import subprocess

from mercado_helpers import REPO

SCRIPT = os.path.join("tests", "graphql", "conformance.mjs")
INSTALL_HINT = "run `bash scripts/install-deps.sh --test` (and `npm ci` in the repository root)"


def test_graphql_answers_as_graphql_js_does(server):
    missing = [what for what, present in [
        ("node", shutil.which("node") is not None),
        ("node_modules/graphql", os.path.isdir(os.path.join(REPO, "node_modules", "graphql"))),
    ] if not present]
    assert not missing, f"missing {', '.join(missing)}: {INSTALL_HINT}"
    # Several hundred requests in a second or two: the sandbox's rate limit is not under test.
    srv = server(args=("--rate-limit", "0"))
    try:
        result = subprocess.run(["node", SCRIPT, srv.base_url], cwd=REPO, capture_output=True,
                                text=True, timeout=120, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as error:
        raise AssertionError(f"{SCRIPT} did not finish within 120 s\n"
                             f"stdout:\n{error.stdout}\nstderr:\n{error.stderr}") from error
    print(result.stdout)
    assert result.returncode == 0, (f"{SCRIPT} exited with {result.returncode}\n"
                                    f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
