#include "api/routes.hpp"

#include <span>
#include <type_traits>

#include "api/access.hpp"
#include "api/auth.hpp"
#include "api/carts.hpp"
#include "api/categories.hpp"
#include "api/files.hpp"
#include "api/graphql.hpp"
#include "api/idempotency.hpp"
#include "api/inputs.hpp"
#include "api/locations.hpp"
#include "api/operations.hpp"
#include "api/orders.hpp"
#include "api/placeholders.hpp"
#include "api/products.hpp"
#include "api/users.hpp"
#include "api/web.hpp"

namespace mercado::api {
namespace {

using domain::RouteRule;
using http::Verb;

// The account a route names, for kAccountOwner: the {id} of /users/{id}.
std::optional<domain::UserId> target_account(RouteRule rule, const http::Request& request) {
  if (rule != RouteRule::kAccountOwner || request.params().empty()) return std::nullopt;
  const auto id = path_id(request);
  return id ? std::optional(domain::UserId{*id}) : std::nullopt;
}

// Checks the route's rule, then runs the handler. A handler either ignores who calls,
// (ApiContext&, Request&), or is told, (ApiContext&, Request&, const Caller&). The token is
// read only when the rule needs to know the caller in this profile or the handler asks, so the
// public reads never pay for it. Keeps the context alive as long as any route needs it.
template <class Handler>
http::Handler guarded(const std::shared_ptr<ApiContext>& context, RouteRule rule, Handler handler) {
  constexpr bool kWantsCaller =
      std::is_invocable_v<Handler, ApiContext&, http::Request&, const Caller&>;
  if constexpr (!kWantsCaller) {
    // Public reads, the hot path, skip the checks altogether.
    if (rule == RouteRule::kAnyone) {
      return [context, handler](http::Request& request) { return handler(*context, request); };
    }
  }
  return [context, rule, handler](http::Request& request) -> http::Task<http::Response> {
    Caller caller;
    if (kWantsCaller || domain::needs_caller(context->settings.profile, rule)) {
      auto identified = co_await identify(*context, request);
      if (!identified) co_return http::problem_response(request, identified.error());
      caller = std::move(*identified);
    }
    if (auto denied = check_access(*context, rule, caller, target_account(rule, request))) {
      co_return http::problem_response(request, *denied);
    }
    if constexpr (kWantsCaller) {
      co_return co_await handler(*context, request, caller);
    } else {
      co_return co_await handler(*context, request);
    }
  };
}

// Applies `fields=` to the request's representation; the problem when it names an unknown field.
std::optional<domain::Error> select_fields(http::Request& request,
                                           std::span<const std::string_view> known) {
  auto fields = domain::parse_fields(request.query(), known);
  if (!fields) return fields.error();
  request.select_fields(std::move(*fields));
  return std::nullopt;
}

// A read whose representation a client may cut down with `fields=` (sparse fieldsets).
template <class Handler>
auto sparse(std::span<const std::string_view> known, Handler handler) {
  if constexpr (std::is_invocable_v<Handler, ApiContext&, http::Request&, const Caller&>) {
    return [known, handler](ApiContext& context, http::Request& request,
                            const Caller& caller) -> http::Task<http::Response> {
      if (auto refused = select_fields(request, known)) {
        co_return http::problem_response(request, *refused);
      }
      co_return co_await handler(context, request, caller);
    };
  } else {
    return [known, handler](ApiContext& context,
                            http::Request& request) -> http::Task<http::Response> {
      if (auto refused = select_fields(request, known)) {
        co_return http::problem_response(request, *refused);
      }
      co_return co_await handler(context, request);
    };
  }
}

// A create: the same handler, run under the request's Idempotency-Key (see idempotency.hpp).
template <class Handler>
auto idempotent(Handler handler) {
  if constexpr (std::is_invocable_v<Handler, ApiContext&, http::Request&, const Caller&>) {
    return [handler](ApiContext& context, http::Request& request,
                     const Caller& caller) -> http::Task<http::Response> {
      const http::Handler create = [&](http::Request& r) { return handler(context, r, caller); };
      co_return co_await run_idempotently(context, request, create);
    };
  } else {
    return [handler](ApiContext& context, http::Request& request) -> http::Task<http::Response> {
      const http::Handler create = [&](http::Request& r) { return handler(context, r); };
      co_return co_await run_idempotently(context, request, create);
    };
  }
}

// A write that may set a password: in the sandbox its answer echoes it (users::echo_password).
template <class Handler>
auto echoing_password(Handler handler) {
  return [handler](ApiContext& context, http::Request& request,
                   const Caller& caller) -> http::Task<http::Response> {
    auto response = co_await handler(context, request, caller);
    users::echo_password(context, request, response);
    co_return response;
  };
}

template <class Handler>
RouteSpec route(Verb method, std::string_view pattern, RouteRule rule, Handler handler,
                bool negotiated = true, bool operational = false) {
  return {.method = method,
          .pattern = std::string(pattern),
          .rule = rule,
          .negotiated = negotiated,
          .operational = operational,
          .cacheable = false,
          .bind = [rule, handler](const std::shared_ptr<ApiContext>& context) {
            return guarded(context, rule, handler);
          }};
}

// A public read of the catalog: what it answers depends on the target, Accept and the stored
// data alone, so its answers may be cached.
template <class Handler>
RouteSpec catalog_read(std::string_view pattern, Handler handler) {
  RouteSpec spec = route(Verb::get, pattern, RouteRule::kAnyone, handler);
  spec.cacheable = true;
  return spec;
}

// /graphql: each field runs through the REST routes (api/graphql_resolver.hpp), which apply
// their own rules, so the endpoint itself lets anyone in.
RouteSpec graphql_route(Verb method) {
  return {.method = method,
          .pattern = "/graphql",
          .rule = RouteRule::kAnyone,
          .negotiated = false,  // it negotiates its own media types
          .operational = false,
          .cacheable = false,  // it keeps catalog-only answers itself, keyed by the document
          .bind = [](const std::shared_ptr<ApiContext>& context) -> http::Handler {
            auto endpoint = std::make_shared<graphql_http::Endpoint>(
                graphql_http::Endpoint{make_rest_routes(context), {}});
            return [context, endpoint](http::Request& request) {
              return graphql_http::serve(*context, request, *endpoint);
            };
          }};
}

http::Router routes_where(const std::shared_ptr<ApiContext>& context, bool rest_only) {
  http::Router routes;
  for (const auto& spec : route_table()) {
    if (rest_only && !spec.pattern.starts_with("/api/v1/")) continue;
    routes.add(spec.method, spec.pattern, spec.bind(context),
               {.rule = std::string(domain::rule_name(spec.rule)),
                .negotiated = spec.negotiated,
                .operational = spec.operational,
                .cacheable = spec.cacheable});
  }
  return routes;
}

}  // namespace

const std::vector<RouteSpec>& route_table() {
  constexpr auto kAnyone = RouteRule::kAnyone;
  constexpr auto kEditor = RouteRule::kCatalogEditor;
  constexpr auto kOwner = RouteRule::kAccountOwner;
  constexpr std::span<const std::string_view> kProduct = domain::kProductFields;
  constexpr std::span<const std::string_view> kCategory = domain::kCategoryFields;
  constexpr std::span<const std::string_view> kUser = domain::kUserFields;
  constexpr std::span<const std::string_view> kOrder = domain::kOrderFields;
  constexpr auto kSignedIn = RouteRule::kSignedIn;
  constexpr bool kRawBytes = false;  // answers with bytes of its own type, not JSON or XML
  constexpr bool kOperational = true;
  static const std::vector<RouteSpec> table = {
      // Literal segments first: /products/slug/related is a slug, not the related route of id
      // "slug".
      catalog_read("/api/v1/products/slug/{slug}", sparse(kProduct, products::get_by_slug)),
      catalog_read("/api/v1/products/slug/{slug}/related",
                   sparse(kProduct, products::related_by_slug)),
      catalog_read("/api/v1/products", sparse(kProduct, products::list)),
      route(Verb::post, "/api/v1/products", kEditor, idempotent(products::create)),
      catalog_read("/api/v1/products/{id}", sparse(kProduct, products::get_by_id)),
      route(Verb::put, "/api/v1/products/{id}", kEditor, products::replace),
      route(Verb::patch, "/api/v1/products/{id}", kEditor, products::patch),
      route(Verb::delete_, "/api/v1/products/{id}", kEditor, products::remove),
      catalog_read("/api/v1/products/{id}/related", sparse(kProduct, products::related_by_id)),

      catalog_read("/api/v1/categories/slug/{slug}", sparse(kCategory, categories::get_by_slug)),
      catalog_read("/api/v1/categories", sparse(kCategory, categories::list)),
      route(Verb::post, "/api/v1/categories", kEditor, idempotent(categories::create)),
      catalog_read("/api/v1/categories/{id}", sparse(kCategory, categories::get_by_id)),
      route(Verb::put, "/api/v1/categories/{id}", kEditor, categories::replace),
      route(Verb::patch, "/api/v1/categories/{id}", kEditor, categories::patch),
      route(Verb::delete_, "/api/v1/categories/{id}", kEditor, categories::remove),
      catalog_read("/api/v1/categories/{id}/products", sparse(kProduct, categories::products)),

      route(Verb::get, "/api/v1/users", RouteRule::kUserDirectory, sparse(kUser, users::list)),
      route(Verb::post, "/api/v1/users", kAnyone, echoing_password(idempotent(users::create))),
      route(Verb::post, "/api/v1/users/is-available", kAnyone, users::is_available),
      route(Verb::get, "/api/v1/users/{id}", kOwner, sparse(kUser, users::get_by_id)),
      route(Verb::put, "/api/v1/users/{id}", kOwner, echoing_password(users::replace)),
      route(Verb::patch, "/api/v1/users/{id}", kOwner, echoing_password(users::patch)),
      route(Verb::delete_, "/api/v1/users/{id}", kOwner, users::remove),

      route(Verb::post, "/api/v1/auth/login", kAnyone, auth::login),
      route(Verb::get, "/api/v1/auth/profile", RouteRule::kSignedIn, auth::profile),
      route(Verb::post, "/api/v1/auth/refresh-token", kAnyone, auth::refresh),

      route(Verb::get, "/api/v1/cart", kSignedIn, carts::get),
      route(Verb::delete_, "/api/v1/cart", kSignedIn, carts::clear),
      route(Verb::put, "/api/v1/cart/items/{productId}", kSignedIn, carts::set_item),
      route(Verb::delete_, "/api/v1/cart/items/{productId}", kSignedIn, carts::remove_item),

      route(Verb::get, "/api/v1/orders", kSignedIn, sparse(kOrder, orders::list)),
      route(Verb::post, "/api/v1/orders", kSignedIn, idempotent(orders::create)),
      route(Verb::get, "/api/v1/orders/{id}", kSignedIn, sparse(kOrder, orders::get_by_id)),
      route(Verb::patch, "/api/v1/orders/{id}", kSignedIn, orders::patch),

      route(Verb::post, "/api/v1/files/upload", RouteRule::kUploader, idempotent(files::upload)),
      route(Verb::get, "/api/v1/files/{filename}", kAnyone, files::download, kRawBytes),

      route(Verb::get, "/api/v1/locations", kAnyone, locations::list),

      graphql_route(Verb::get),
      graphql_route(Verb::post),

      route(Verb::get, "/placeholders/{file}", kAnyone, placeholders::get, kRawBytes),

      route(Verb::get, "/api/v1/openapi.json", kAnyone, operations::openapi, kRawBytes),
      route(Verb::get, "/docs", kAnyone, operations::docs_page, kRawBytes),
      route(Verb::get, "/docs/{file}", kAnyone, operations::docs_asset, kRawBytes),
      // The browser client (api/web.hpp): its fingerprinted files, and the paths it routes itself,
      // each answered with its one page so that deep links and reloads work. Each is listed: a
      // pattern that caught every path would shadow the 404s of everything else.
      route(Verb::get, "/assets/{file}", kAnyone, web::asset, kRawBytes),
      route(Verb::get, "/", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/products/{id}", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/cart", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/checkout", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/orders", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/signin", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/signup", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/admin", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/admin/{section}", kAnyone, web::page, kRawBytes),
      route(Verb::get, "/admin/{section}/{id}", kAnyone, web::page, kRawBytes),
      // Probes and scrapes are never rate limited.
      route(Verb::get, "/healthz", kAnyone, operations::health, true, kOperational),
      route(Verb::get, "/readyz", kAnyone, operations::readiness, true, kOperational),
      route(Verb::get, "/metrics", kAnyone, operations::metrics, kRawBytes, kOperational),
  };
  return table;
}

http::Router make_routes(const std::shared_ptr<ApiContext>& context) {
  return routes_where(context, false);
}

http::Router make_rest_routes(const std::shared_ptr<ApiContext>& context) {
  return routes_where(context, true);
}

std::vector<std::string> route_labels() {
  std::vector<std::string> labels;
  for (const auto& spec : route_table()) {
    labels.push_back(std::string(http::beast_http::to_string(spec.method)) + " " + spec.pattern);
  }
  return labels;
}

}  // namespace mercado::api
