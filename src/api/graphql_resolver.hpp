// The values of the store schema's fields (api/graphql_schema.hpp), for one request.
//
// The catalog (products, categories and a category's products) is read from the store through
// api/store_read.hpp, as the REST reads are, and a category's products are read once for all
// the categories in a response. Every other field is answered by the REST route it stands
// for, called in-process with the request's credentials: `addProduct` is POST /api/v1/products,
// `user(id)` is GET /api/v1/users/{id}. So the route table's access rules, the same input
// validation and error meanings, the same storage calls and Idempotency-Key apply to GraphQL
// with no second copy of any of them.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "api/context.hpp"
#include "graphql/execution.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace mercado::api {

class StoreResolver final : public graphql::Resolver {
 public:
  // `rest` routes the API's own paths (/api/v1/...) to their handlers on this worker.
  StoreResolver(ApiContext& context, const http::Request& request, const http::Router& rest)
      : context_(context), request_(request), rest_(rest) {}

  bool resolves(const graphql::NamedType& parent,
                const graphql::FieldDefinition& field) const override;
  boost::asio::awaitable<std::vector<graphql::FieldResult>> resolve(
      const graphql::FieldCall& call,
      const std::vector<const boost::json::value*>& parents) override;

 private:
  using Result = graphql::FieldResult;
  http::Task<Result> query(const graphql::FieldCall& call);
  http::Task<Result> mutation(const graphql::FieldCall& call);
  http::Task<std::vector<Result>> category_products(
      const graphql::FieldCall& call, const std::vector<const boost::json::value*>& parents);
  http::Task<Result> products(const boost::json::object& arguments);
  http::Task<Result> categories(const boost::json::object& arguments);
  http::Task<Result> product(const boost::json::object& arguments);
  http::Task<Result> category(const boost::json::object& arguments);
  // The REST route for `method target`, given `body` as JSON; its answer as a field's value.
  // A create is sent with the request's Idempotency-Key, made distinct per field.
  http::Task<Result> rest(http::Verb method, std::string_view target,
                          const boost::json::value* body, std::string_view creates_as = {});

  ApiContext& context_;
  const http::Request& request_;
  const http::Router& rest_;
};

}  // namespace mercado::api
