#include "api/carts.hpp"

#include "api/inputs.hpp"
#include "api/representation.hpp"
#include "api/store_read.hpp"
#include "api/store_write.hpp"

namespace mercado::api::carts {
namespace {

using domain::Cart;

http::Response private_reply(const http::Request& request, const domain::Result<Cart>& cart) {
  auto response = reply(request, cart);
  mark_private(response);
  return response;
}

http::Task<http::Response> set_quantity(ApiContext& context, const http::Request& request,
                                        const Caller& caller, std::int64_t quantity) {
  const auto product = path_id(request);
  if (!product) co_return http::problem_response(request, product.error());
  const Change<Cart> change = [user = caller.user->id, product = domain::ProductId{*product},
                               quantity](storage::StoreWriter& writer) {
    return writer.set_cart_quantity(user, product, quantity);
  };
  const auto cart = co_await write(context, change);
  co_return private_reply(request, cart);
}

}  // namespace

http::Task<http::Response> get(ApiContext& context, http::Request& request, const Caller& caller) {
  const auto cart = co_await read_cart(context, caller.user->id);
  co_return private_reply(request, cart);
}

http::Task<http::Response> set_item(ApiContext& context, http::Request& request,
                                    const Caller& caller) {
  const auto quantity = read_cart_quantity(request);
  if (!quantity) co_return http::problem_response(request, quantity.error());
  co_return co_await set_quantity(context, request, caller, *quantity);
}

http::Task<http::Response> remove_item(ApiContext& context, http::Request& request,
                                       const Caller& caller) {
  return set_quantity(context, request, caller, 0);
}

http::Task<http::Response> clear(ApiContext& context, http::Request& request,
                                 const Caller& caller) {
  const Change<Cart> change = [user = caller.user->id](storage::StoreWriter& writer) {
    return writer.clear_cart(user);
  };
  const auto cart = co_await write(context, change);
  co_return private_reply(request, cart);
}

}  // namespace mercado::api::carts
