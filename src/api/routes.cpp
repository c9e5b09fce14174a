#include "api/routes.hpp"

#include "api/categories.hpp"
#include "api/placeholders.hpp"
#include "api/products.hpp"
#include "api/representation.hpp"

namespace mercado::api {
namespace {

using http::Verb;
using Handler = http::Task<http::Response> (*)(ApiContext&, http::Request&);

// Keeps the context alive as long as any route needs it.
http::Handler bind_to(const std::shared_ptr<ApiContext>& context, Handler handler) {
  return [context, handler](http::Request& request) { return handler(*context, request); };
}

}  // namespace

std::unique_ptr<http::Router> make_router(std::shared_ptr<ApiContext> context) {
  auto router = std::make_unique<http::Router>();
  const auto add = [&](Verb method, std::string_view pattern, Handler handler) {
    router->add(method, pattern, bind_to(context, handler));
  };
  // Literal segments first: /products/slug/related is a slug, not the related route of id "slug".
  add(Verb::get, "/api/v1/products/slug/{slug}", products::get_by_slug);
  add(Verb::get, "/api/v1/products/slug/{slug}/related", products::related_by_slug);
  add(Verb::get, "/api/v1/products", products::list);
  add(Verb::post, "/api/v1/products", products::create);
  add(Verb::get, "/api/v1/products/{id}", products::get_by_id);
  add(Verb::put, "/api/v1/products/{id}", products::replace);
  add(Verb::patch, "/api/v1/products/{id}", products::patch);
  add(Verb::delete_, "/api/v1/products/{id}", products::remove);
  add(Verb::get, "/api/v1/products/{id}/related", products::related_by_id);

  add(Verb::get, "/api/v1/categories/slug/{slug}", categories::get_by_slug);
  add(Verb::get, "/api/v1/categories", categories::list);
  add(Verb::post, "/api/v1/categories", categories::create);
  add(Verb::get, "/api/v1/categories/{id}", categories::get_by_id);
  add(Verb::put, "/api/v1/categories/{id}", categories::replace);
  add(Verb::patch, "/api/v1/categories/{id}", categories::patch);
  add(Verb::delete_, "/api/v1/categories/{id}", categories::remove);
  add(Verb::get, "/api/v1/categories/{id}/products", categories::products);

  router->add(Verb::get, "/placeholders/{file}", bind_to(context, placeholders::get),
              /*negotiated=*/false);
  return router;
}

}  // namespace mercado::api
