// The one path of every change to a resource that exists: PUT, PATCH and DELETE of a product,
// a category or a user. The handler reads the target (the id in the path and If-Match), adds
// what its resource needs (the input, access checks) and hands over the change; edit() runs it
// in a write job that first checks If-Match against the stored entity in the same transaction,
// and answers with what the change returns, or with the problem.
#pragma once

#include <optional>
#include <utility>

#include "api/context.hpp"
#include "api/inputs.hpp"
#include "api/preconditions.hpp"
#include "api/representation.hpp"
#include "api/store_write.hpp"

namespace mercado::api {

// What a change is aimed at: /{resource}/{id}, as it was when the client read it (If-Match).
template <class Id>
struct EditTarget {
  Id id;
  std::optional<IfMatch> precondition;
};

template <class Id>
InputResult<EditTarget<Id>> edit_target(const http::Request& request) {
  const auto id = path_id(request);
  if (!id) return id.error();
  auto precondition = IfMatch::from(request);
  if (!precondition) return precondition.error();
  return EditTarget<Id>{Id{*id}, std::move(*precondition)};
}

// The entity an id names, read inside a write for its If-Match check.
inline domain::Result<domain::Product> stored(storage::StoreWriter& writer, domain::ProductId id) {
  return writer.product(id);
}
inline domain::Result<domain::Category> stored(storage::StoreWriter& writer,
                                               domain::CategoryId id) {
  return writer.category(id);
}
inline domain::Result<domain::User> stored(storage::StoreWriter& writer, domain::UserId id) {
  return writer.user(id);
}
inline domain::Result<domain::Order> stored(storage::StoreWriter& writer, domain::OrderId id) {
  return writer.order(id);
}

// `change` when the target's If-Match holds for the stored entity, read in the same transaction;
// else 412 and nothing is written.
template <class T, class Id>
Change<T> guarded(const EditTarget<Id>& target, const Change<T>& change) {
  if (!target.precondition) return change;
  return [precondition = *target.precondition, id = target.id,
          change](storage::StoreWriter& writer) -> domain::Result<T> {
    const auto current = stored(writer, id);
    if (!current && current.error().code != domain::ErrorCode::kNotFound) return current.error();
    if (!current || !precondition.holds(*current)) {
      return domain::Error{domain::ErrorCode::kStale,
                           "The resource has changed since you read it (If-Match); read it "
                           "again and retry.",
                           {}};
    }
    return change(writer);
  };
}

// Runs `change` on the target and answers: the changed entity (or `true` for a deletion) with its
// tag, or the problem.
template <class T, class Id>
http::Task<http::Response> edit(ApiContext& context, const http::Request& request,
                                const EditTarget<Id>& target, const Change<T>& change) {
  const Change<T> checked = guarded(target, change);
  const auto result = co_await write(context, checked);
  co_return reply(request, result);
}

}  // namespace mercado::api
