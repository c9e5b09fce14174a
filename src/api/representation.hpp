// How each resource looks on the wire (field names are the contract's), and the responses
// that carry them.
#pragma once

#include <vector>

#include "api/entity_tags.hpp"
#include "auth/tokens.hpp"
#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/list_query.hpp"
#include "domain/location.hpp"
#include "domain/order.hpp"
#include "domain/product.hpp"
#include "domain/user.hpp"
#include "http/document_writer.hpp"
#include "http/message.hpp"
#include "http/pagination.hpp"
#include "http/problem.hpp"

namespace mercado::api {

void write(http::DocumentWriter& out, const domain::Category& category,
           std::string_view element = "category");
void write(http::DocumentWriter& out, const domain::Product& product,
           std::string_view element = "product");
void write(http::DocumentWriter& out, const std::vector<domain::Category>& categories);
void write(http::DocumentWriter& out, const std::vector<domain::Product>& products);
void write(http::DocumentWriter& out, const domain::Location& location);
void write(http::DocumentWriter& out, const std::vector<domain::Location>& locations);
void write(http::DocumentWriter& out, bool deleted);
void write(http::DocumentWriter& out, const domain::Cart& cart);
void write(http::DocumentWriter& out, const domain::Order& order);
void write(http::DocumentWriter& out, const std::vector<domain::Order>& orders);

// The password and its hash are not in domain::User, so they cannot be written.
void write(http::DocumentWriter& out, const domain::User& user);
void write(http::DocumentWriter& out, const std::vector<domain::User>& users);
void write(http::DocumentWriter& out, const mercado::auth::TokenPair& tokens);

// The answer of POST /users/is-available.
struct Availability {
  bool available = false;
};
void write(http::DocumentWriter& out, const Availability& availability);

// The answer of POST /files/upload.
struct UploadReceipt {
  std::string original_name;
  std::string name;
  std::string location;
};
void write(http::DocumentWriter& out, const UploadReceipt& receipt);

// An entity in the negotiated format (the router has checked that there is one). A versioned
// entity carries the tag of its state (api/entity_tags.hpp); others get one from their bytes.
template <class T>
http::Response represent(const http::Request& request, http::Status status, const T& entity) {
  const Form form = form_of(request);
  http::DocumentWriter out(form.format);
  if (!form.fields.empty()) out.select(request.selected_fields());
  write(out, entity);
  http::Response response(status, request.raw().version());
  if constexpr (requires { entity_tag(entity, form); }) {
    response.set(http::beast_http::field::etag, entity_tag(entity, form));
  }
  response.set(http::beast_http::field::content_type, http::media_type(out.format()));
  response.set(http::beast_http::field::vary, "Accept");
  response.body() = out.take();
  return response;
}

// The entity, or the problem that stands in its place.
template <class T>
http::Response reply(const http::Request& request, const domain::Result<T>& result,
                     http::Status status = http::Status::ok) {
  if (!result) return http::problem_response(request, result.error());
  return represent(request, status, *result);
}

// A page of a list: the items as a plain array, with X-Total-Count and Link headers.
template <class T>
http::Response reply_page(const http::Request& request,
                          const domain::Result<domain::Listing<T>>& result,
                          const domain::Page& page) {
  if (!result) return http::problem_response(request, result.error());
  auto response = represent(request, http::Status::ok, result->items);
  http::add_page_headers(request, response, page.offset, page.limit, result->total);
  return response;
}

// A success that is one person's business (their cart, their orders): no shared cache may keep
// it, and a browser asks again each time. A problem keeps its own no-store.
inline void mark_private(http::Response& response) {
  if (http::beast_http::to_status_class(response.result()) ==
      http::beast_http::status_class::successful) {
    response.set(http::beast_http::field::cache_control, "private, no-cache");
  }
}

// 201 with the new entity and its Location (`collection` + "/" + id), or the problem instead.
template <class T>
http::Response created(const http::Request& request, const domain::Result<T>& result,
                       std::string_view collection) {
  auto response = reply(request, result, http::Status::created);
  if (result) {
    response.set(http::beast_http::field::location,
                 std::string(collection) + "/" + std::to_string(result->id.value));
  }
  return response;
}

}  // namespace mercado::api
