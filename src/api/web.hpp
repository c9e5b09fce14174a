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

// GET /graphql from a browser (Accept: text/html): GraphiQL, built from web/graphiql/ into the
// same assets, which runs queries with POST /graphql. `no-cache`, sent with `kGraphiqlPolicy`.
// 404 when --web off (its script and style sheet are not served then), or when the binary was
// built without node.
http::Task<http::Response> graphiql_page(ApiContext& context, http::Request& request);

// GraphiQL's policy: scripts, styles and queries from this origin only, images from this origin
// and data: URLs (the editor's icons), no fonts, no framing. No 'unsafe-inline' even for styles:
// what GraphiQL styles at run time goes through the CSSOM, which the policy does not govern
// (CodeMirror and React set properties, dialogs adopt a constructed sheet), and web/build.mjs
// takes out or swaps what would not.
inline constexpr std::string_view kGraphiqlPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// The page's policy: scripts, styles and API calls from this origin only; images also from
// `public_url`'s origin (where the seeded pictures and uploads are) and any https host (product
// images are URLs an editor types).
std::string content_policy(std::string_view public_url);

// Whether this binary holds the client (it is built when node and `npm ci`'s esbuild are there).
bool built();

}  // namespace mercado::api::web
