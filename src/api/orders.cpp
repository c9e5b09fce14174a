#include "api/orders.hpp"

#include "api/edit.hpp"
#include "api/inputs.hpp"
#include "api/representation.hpp"
#include "api/store_read.hpp"
#include "api/store_write.hpp"

namespace mercado::api::orders {
namespace {

using domain::Order;

constexpr const char* kNoSuchOrder = "No order has this id.";

// The order, if the caller may see it; someone else's order is not found, as if it did not
// exist, so that order ids tell nobody how much others buy.
http::Task<domain::Result<Order>> visible_order(ApiContext& context, domain::OrderId id,
                                                const Caller& caller) {
  auto order = co_await read_order(context, id);
  if (order && !domain::may_see(*order, caller.role(), caller.user->id)) {
    co_return domain::not_found(kNoSuchOrder);
  }
  co_return order;
}

}  // namespace

http::Task<http::Response> create(ApiContext& context, http::Request& request,
                                  const Caller& caller) {
  auto items = read_order_items(request);
  if (!items) co_return http::problem_response(request, items.error());
  const Change<Order> change = [user = caller.user->id,
                                items = std::move(*items)](storage::StoreWriter& writer) {
    return writer.place_order(user, items);
  };
  const auto order = co_await write(context, change);
  auto response = created(request, order, "/api/v1/orders");
  mark_private(response);
  co_return response;
}

http::Task<http::Response> list(ApiContext& context, http::Request& request, const Caller& caller) {
  auto query = domain::parse_order_query(request.query());
  if (!query) co_return http::problem_response(request, query.error());
  if (caller.role() != domain::Role::kAdmin) {
    if (query->user_id && *query->user_id != caller.user->id) {
      co_return http::problem_response(
          request, domain::forbidden("Only an admin may list another user's orders."));
    }
    query->user_id = caller.user->id;
  }
  const auto listing = co_await read_orders(context, *query);
  auto response = reply_page(request, listing, query->page);
  mark_private(response);
  co_return response;
}

http::Task<http::Response> get_by_id(ApiContext& context, http::Request& request,
                                     const Caller& caller) {
  const auto id = path_id(request);
  if (!id) co_return http::problem_response(request, id.error());
  const auto order = co_await visible_order(context, {*id}, caller);
  auto response = reply(request, order);
  mark_private(response);
  co_return response;
}

// Who owns an order never changes, so the visibility read before the write stands; the
// transition is checked again inside the write, against the status stored then.
http::Task<http::Response> patch(ApiContext& context, http::Request& request,
                                 const Caller& caller) {
  const auto target = edit_target<domain::OrderId>(request);
  if (!target) co_return http::problem_response(request, target.error());
  const auto status = read_order_status(request);
  if (!status) co_return http::problem_response(request, status.error());
  const auto visible = co_await visible_order(context, target->id, caller);
  if (!visible) co_return http::problem_response(request, visible.error());
  const Change<Order> change =
      [id = target->id, to = *status, role = caller.role(),
       caller_id = caller.user->id](storage::StoreWriter& writer) -> domain::Result<Order> {
    const auto order = writer.order(id);
    if (!order) return order;
    if (auto refused = domain::check_transition(*order, to, role, caller_id)) return *refused;
    return writer.set_order_status(id, to);
  };
  auto response = co_await edit(context, request, *target, change);
  mark_private(response);
  co_return response;
}

}  // namespace mercado::api::orders
