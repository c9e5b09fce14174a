// The request and response types every handler sees.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/list_query.hpp"
#include "http/negotiation.hpp"

namespace mercado::http {

namespace beast_http = boost::beast::http;
using BeastRequest = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Verb = beast_http::verb;
template <class T>
using Task = boost::asio::awaitable<T>;

// A parsed request: the raw message plus what the router and negotiation worked out.
class Request {
 public:
  explicit Request(BeastRequest& raw) : raw_(raw) {}

  const BeastRequest& raw() const { return raw_; }
  Verb method() const { return raw_.method(); }
  std::string_view header(beast_http::field name) const;
  // A header Beast has no field constant for (Idempotency-Key, X-Request-Id).
  std::string_view header(std::string_view name) const;
  const std::string& body() const { return raw_.body(); }

  // The path as sent (still percent-encoded), without the query.
  std::string_view path() const { return path_; }
  // Decoded query parameters, in order.
  const domain::QueryParams& query() const { return query_; }
  // Decoded path parameters captured by the route ({id}, {slug}), in order.
  const std::vector<std::string>& params() const { return params_; }
  const std::string& param(std::size_t index) const { return params_.at(index); }

  // The representation the client accepts for entities; nullopt when it accepts none we make.
  std::optional<Format> format() const;
  // The format for problem documents: the client's choice when we can make it, else JSON.
  Format error_format() const { return format().value_or(Format::kJson); }

  // Set while the request is decoded and routed.
  void set_target(std::string_view path, domain::QueryParams query) {
    path_ = path;
    query_ = std::move(query);
  }
  std::vector<std::string>& mutable_params() { return params_; }

  // The fields a client asked for with `fields=`; empty: all of them.
  const std::vector<std::string>& selected_fields() const { return selected_fields_; }
  void select_fields(std::vector<std::string> fields) { selected_fields_ = std::move(fields); }

  // The peer's IP address, as text: the client, or the proxy in front of us.
  std::string_view client_address() const { return client_address_; }
  void set_client_address(std::string_view address) { client_address_ = address; }

 private:
  BeastRequest& raw_;
  std::string_view path_;
  domain::QueryParams query_;
  std::vector<std::string> params_;
  std::vector<std::string> selected_fields_;
  std::string_view client_address_;
  mutable std::optional<std::optional<Format>> format_;
};

}  // namespace mercado::http
