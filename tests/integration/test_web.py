"""The web client: the storefront at / and the admin console at /admin; and GraphiQL, the page a
browser gets at /graphql.

Without a browser: the pages and their assets as HTTP serves them (policy, fingerprints, caching,
gzip, deep links, --web off). With one: tests/browser/*.mjs drive headless Chromium through a
shopper's visit, an admin's new product, two admins editing one product, and a query run in
GraphiQL, failing on any console error, CSP violation, failed request or serious accessibility
fault (axe-core)."""

import gzip
import os
import re
import shutil
import subprocess

import pytest

from mercado_helpers import REPO, assert_problem

CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "run `bash scripts/install-deps.sh --test` (and `npm ci` in the repository root)"
ASSET_RE = re.compile(r'(?:src|href)="/assets/(app-[A-Za-z0-9]{8}\.(?:js|css))"')
GRAPHIQL_RE = re.compile(r'(?:src|href)="/assets/(graphiql-[A-Za-z0-9]{8}\.(?:js|css))"')
# Where GraphiQL is served: /graphql, to a browser (Accept: text/html).
GRAPHIQL_PATH = os.environ.get("GRAPHIQL_PATH", "/graphql")
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def assets(body):
    names = ASSET_RE.findall(body.decode())
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["css", "js"], body
    return names


def test_the_storefront_is_html_with_a_strict_policy(shared_sandbox):
    status, headers, body = shared_sandbox.request("GET", "/")
    assert status == 200, body
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert headers["x-frame-options"] == "DENY"
    policy = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in headers["content-security-policy"]
    assert "'self' data: https:" in policy["img-src"]
    # No inline script: every <script> names a file of this origin.
    assert re.findall(rb"<script[^>]*>", body) == [re.search(rb"<script[^>]*>", body).group(0)]
    assert b'src="/assets/' in re.search(rb"<script[^>]*>", body).group(0)
    # The page is revalidated by its ETag.
    status, _, _ = shared_sandbox.request("GET", "/", headers={"If-None-Match": headers["etag"]})
    assert status == 304


@pytest.mark.parametrize("path", ["/products/12", "/cart", "/checkout", "/orders", "/signin",
                                  "/signup", "/admin", "/admin/orders", "/admin/products/new",
                                  "/products/12/"])
def test_deep_links_serve_the_app(shared_sandbox, path):
    status, headers, body = shared_sandbox.request("GET", path)
    assert status == 200 and headers["content-type"].startswith("text/html"), (path, body)
    assert assets(body)


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api", "/products", "/admin/a/b/c",
                                  "/docs/nope.js", "/files/x", "/favicon.ico"])
def test_the_app_shadows_no_other_path(shared_sandbox, path):
    status, headers, body = shared_sandbox.request("GET", path)
    assert_problem(status, headers, body, 404, path)


def test_assets_are_fingerprinted_immutable_and_gzipped(shared_sandbox):
    _, _, page = shared_sandbox.request("GET", "/")
    total_gzip = 0
    for name in assets(page):
        status, headers, plain = shared_sandbox.request("GET", f"/assets/{name}")
        assert status == 200
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["content-type"].startswith(
            "application/javascript" if name.endswith(".js") else "text/css")
        assert "accept-encoding" in headers["vary"].lower()
        status, zipped_headers, zipped = shared_sandbox.request(
            "GET", f"/assets/{name}", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and zipped_headers["content-encoding"] == "gzip"
        assert gzip.decompress(zipped) == plain and len(zipped) < len(plain) / 2
        total_gzip += len(zipped)
        status, _, _ = shared_sandbox.request("GET", f"/assets/{name}",
                                              headers={"If-None-Match": headers["etag"]})
        assert status == 304
    # What a first visit downloads of the client itself: well under 100 KiB.
    assert total_gzip < 100 * 1024, total_gzip
    status, headers, body = shared_sandbox.request("GET", "/assets/app-00000000.js")
    assert_problem(status, headers, body, 404)


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_web_off_turns_the_client_off(server, how):
    srv = server(args=("--web", "off")) if how == "flag" else server(env={"MERCADO_WEB": "off"})
    status, headers, body = srv.request("GET", "/")
    problem = assert_problem(status, headers, body, 404, "/")
    assert problem["detail"] == "No such route."
    status, _, _ = srv.request("GET", "/assets/app-00000000.js")
    assert status == 404
    assert srv.request("GET", "/api/v1/categories/1")[0] == 200


def test_graphiql_is_html_with_a_strict_policy(shared_sandbox):
    status, headers, body = shared_sandbox.request("GET", GRAPHIQL_PATH, headers=HTML)
    assert status == 200, body
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert headers["x-frame-options"] == "DENY"
    policy = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert policy["style-src"] == "'self'" and "font-src" not in policy
    # Not even styles inline: what GraphiQL styles at run time goes through the CSSOM (web.hpp).
    assert "unsafe" not in headers["content-security-policy"]
    assert re.findall(rb"<script[^>]*>", body) == [re.search(rb"<script[^>]*>", body).group(0)]
    assert b'src="/assets/graphiql-' in re.search(rb"<script[^>]*>", body).group(0)
    status, _, _ = shared_sandbox.request("GET", GRAPHIQL_PATH,
                                          headers={**HTML, "If-None-Match": headers["etag"]})
    assert status == 304


def test_graphiql_assets_are_fingerprinted_immutable_gzipped_and_local(shared_sandbox):
    _, _, page = shared_sandbox.request("GET", GRAPHIQL_PATH, headers=HTML)
    names = GRAPHIQL_RE.findall(page.decode())
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["css", "js"], page
    total_gzip = 0
    for name in names:
        status, headers, plain = shared_sandbox.request("GET", f"/assets/{name}")
        assert status == 200
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        status, zipped_headers, zipped = shared_sandbox.request(
            "GET", f"/assets/{name}", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and zipped_headers["content-encoding"] == "gzip"
        assert gzip.decompress(zipped) == plain and len(zipped) < len(plain) / 2
        total_gzip += len(zipped)
        # Nothing from the network: no font, style sheet or script of another host.
        if name.endswith(".css"):
            assert not re.search(rb"url\(\s*[\"']?(?:https?:)?//|@import|@font-face", plain), name
        assert not re.search(rb"fonts\.(?:googleapis|gstatic)\.com|unpkg\.com|jsdelivr\.net", plain)
    # GraphiQL (React, CodeMirror, graphql-js) is most of it; the store's pages never load it.
    assert total_gzip < 450 * 1024, total_gzip


def test_web_off_turns_graphiql_off(server):
    srv = server(args=("--web", "off"))
    status, headers, body = srv.request("GET", GRAPHIQL_PATH, headers={"Accept": "text/html"})
    problem = assert_problem(status, headers, body, 404, GRAPHIQL_PATH)
    assert "POST /graphql" in problem["detail"]


def browser_check(script, base_url):
    missing = [what for what, present in [
        (CHROMIUM, os.access(CHROMIUM, os.X_OK)),
        ("node", shutil.which("node") is not None),
        ("node_modules/playwright-core",
         os.path.isdir(os.path.join(REPO, "node_modules", "playwright-core"))),
        ("node_modules/axe-core", os.path.isdir(os.path.join(REPO, "node_modules", "axe-core"))),
    ] if not present]
    assert not missing, f"missing {', '.join(missing)}: {INSTALL_HINT}"
    path = os.path.join("tests", "browser", script)
    try:
        result = subprocess.run(["node", path, base_url], cwd=REPO, capture_output=True,
                                text=True, timeout=180, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as error:
        raise AssertionError(f"{path} did not finish within 180 s\n"
                             f"stdout:\n{error.stdout}\nstderr:\n{error.stderr}") from error
    print(result.stdout)
    assert result.returncode == 0, (f"{path} exited with {result.returncode}\n"
                                    f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")


def test_web_shopper_browses_searches_orders_in_chromium(sandbox):
    browser_check("shopper.mjs", sandbox.base_url)


def test_web_admin_creates_a_product_a_shopper_finds_in_chromium(sandbox):
    browser_check("admin_product.mjs", sandbox.base_url)


def test_web_two_admins_editing_one_product_in_chromium(sandbox):
    browser_check("two_editors.mjs", sandbox.base_url)


def test_graphiql_runs_a_query_in_chromium(sandbox):
    browser_check("graphiql.mjs", sandbox.base_url)
