// The browser client: the storefront at / and the admin console at /admin, one page app built
// from web/ by web/build.mjs (esbuild) into the binary. Its pages all answer the same HTML, which
// names the fingerprinted script and style sheet the client routes with; those are served from
// /assets/ and cached for a year, since a name never changes its bytes.
#pragma once

#include <string>
#include <string_view>

#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::web {

// GET of a path the client routes itself (/, /products/{id}, /admin/{section}, ...): the app's
// HTML, `no-cache` (revalidated by its ETag), with a strict Content-Security-Policy. 404 when --web
// off, or when the binary was built without node.
http::Task<http::Response> page(ApiContext& context, http::Request& request);
// GET /assets/{file}: a fingerprinted script or style sheet, `immutable`.
http::Task<http::Response> asset(ApiContext& context, http::Request& request);

// The page's policy: scripts, styles and API calls from this origin only; images also from
// `public_url`'s origin (where the seeded pictures and uploads are) and any https host (product
// images are URLs an editor types).
std::string content_policy(std::string_view public_url);

// Whether this binary holds the client (it is built when node and `npm ci`'s esbuild are there).
bool built();

}  // namespace mercado::api::web
