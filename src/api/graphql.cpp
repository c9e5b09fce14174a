#include "api/graphql.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/graphql_resolver.hpp"
#include "api/graphql_schema.hpp"
#include "api/representation.hpp"
#include "api/store_read.hpp"
#include "api/web.hpp"
#include "graphql/execution.hpp"
#include "graphql/merging.hpp"
#include "graphql/response_text.hpp"
#include "http/conditional.hpp"
#include "http/negotiation.hpp"
#include "http/problem.hpp"

namespace mercado::api::graphql_http {
namespace {

namespace json = boost::json;
using field = http::beast_http::field;
using http::Status;

// What a request asks: the GraphQL-over-HTTP parameters, from the query string or the body.
struct Parameters {
  std::string query;
  std::string operation_name;
  json::object variables;
};

constexpr std::string_view kGraphqlResponse = "application/graphql-response+json";
constexpr std::string_view kJson = "application/json";
// In this order, so that a client that accepts anything (or says nothing) gets the type every
// GraphQL client reads, as GraphQL over HTTP asks during its transition.
constexpr std::array<std::string_view, 3> kOffered = {kJson, kGraphqlResponse, "text/html"};

http::Response answer(const http::Request& request, Status status, std::string_view type,
                      const json::value& body) {
  http::Response response(status, request.raw().version());
  response.set(field::content_type, std::string(type) + "; charset=utf-8");
  // What Accept asks decides the media type (and, for a browser, the page), so caches key by it.
  response.set(field::vary, "Accept");
  response.body() = graphql::to_text(body);
  // Both JSON types carry the same bytes, yet are two representations: a tag names one of them
  // (RFC 9110 8.8.3), so a client that swaps Accept never gets a 304 for the other type.
  const bool read = request.method() == http::Verb::get || request.method() == http::Verb::head;
  if (read && status == Status::ok && type == kGraphqlResponse) {
    response.set(field::etag, http::entity_tag(std::string(type) + "\n" + response.body()));
  }
  return response;
}

// A request that is not GraphQL at all (no query, a body that is not JSON, an Accept we cannot
// meet): a problem document, as every route answers such requests.
http::Response refused(const http::Request& request, Status status, std::string message) {
  http::Problem problem(status, std::move(message));
  if (status == Status::method_not_allowed) problem.headers.emplace_back(field::allow, "POST");
  return http::problem_response(request, problem);
}

// `variables` as GET sends it (JSON text) or POST (a JSON value): an object, null or absent.
std::optional<std::string> read_variables(const json::value* given, json::object& out) {
  if (!given || given->is_null()) return std::nullopt;
  if (given->is_object()) {
    out = given->get_object();
    return std::nullopt;
  }
  if (given->is_string()) {
    std::error_code malformed;
    json::value parsed = json::parse(given->get_string(), malformed);
    if (!malformed) return read_variables(&parsed, out);
  }
  return "variables must be a JSON object.";
}

std::optional<std::string> read_string(const json::value* given, std::string& out,
                                       const char* name) {
  if (!given || given->is_null()) return std::nullopt;
  if (!given->is_string()) return std::string(name) + " must be a string.";
  out = given->get_string();
  return std::nullopt;
}

// The parameters of a GET (query string) or a POST (a JSON object body); the reason they are
// malformed otherwise.
std::variant<Parameters, std::string> read_parameters(const http::Request& request) {
  json::object fields;
  if (request.method() == http::Verb::post) {
    std::error_code malformed;
    json::value body = json::parse(request.body(), malformed);
    if (malformed || !body.is_object()) {
      return std::string("The body must be a JSON object with a \"query\" string.");
    }
    fields = std::move(body.get_object());
  } else {
    for (const auto& [name, value] : request.query()) {
      if (fields.contains(name)) return "The parameter \"" + name + "\" is given twice.";
      fields[name] = value;
    }
  }
  Parameters parameters;
  const json::value* query = fields.if_contains("query");
  if (!query || !query->is_string()) return std::string("A \"query\" string is required.");
  parameters.query = query->get_string();
  if (auto problem = read_string(fields.if_contains("operationName"), parameters.operation_name,
                                 "operationName")) {
    return *problem;
  }
  if (auto problem = read_variables(fields.if_contains("variables"), parameters.variables)) {
    return *problem;
  }
  return parameters;
}

bool is_browser_visit(const http::Request& request, std::optional<std::size_t> chosen) {
  return request.method() == http::Verb::get && chosen && kOffered[*chosen] == "text/html" &&
         request.query().empty();
}

// Whether the answer depends on the stored catalog alone, like a catalog read's: a query whose
// root fields read only products, categories or the schema. It may then be kept and reused
// while the data stays the same.
bool reads_catalog_only(const graphql::Schema& schema, const graphql::Prepared& ready) {
  static constexpr std::array<std::string_view, 7> kCatalog = {
      "products", "product", "categories", "category", "__typename", "__schema", "__type"};
  const graphql::Operation& operation = ready.chosen();
  if (operation.type != graphql::OperationType::kQuery) return false;
  const auto roots = graphql::collect_fields(ready.document, schema.query_type(),
                                             {&operation.selection_set}, &ready.variables);
  return std::all_of(roots.begin(), roots.end(), [](const graphql::FieldGroup& root) {
    return std::find(kCatalog.begin(), kCatalog.end(), root.fields.front()->name) != kCatalog.end();
  });
}

// Everything a kept answer depends on besides the data.
std::string answer_key(std::string_view type, const Parameters& parameters) {
  std::string key(type);
  // No media type, operation name or JSON text holds a NUL, so the parts cannot run together.
  key += '\0';
  key += parameters.operation_name;
  key += '\0';
  key += parameters.query;
  key += '\0';
  key += json::serialize(parameters.variables);
  return key;
}

// A GraphQL request the HTTP layer has read: validated, run, answered in `type`.
http::Task<http::Response> run(ApiContext& context, const http::Request& request,
                               Endpoint& endpoint, std::string_view type,
                               const Parameters& parameters) {
  const graphql::Schema& schema = store_schema();
  auto prepared =
      graphql::prepare(schema, parameters.query, parameters.operation_name, parameters.variables);
  if (auto* errors = std::get_if<graphql::RequestErrors>(&prepared)) {
    // The legacy type answers 200 whatever happened; the new one says with the status whether
    // the request ran (GraphQL over HTTP, 6.4).
    const Status status = type == kGraphqlResponse ? Status::bad_request : Status::ok;
    auto response = answer(request, status, type, graphql::error_response(*errors));
    response.set(field::cache_control, "no-store");
    co_return response;
  }
  const auto& ready = std::get<graphql::Prepared>(prepared);
  const bool mutation = ready.chosen().type == graphql::OperationType::kMutation;
  if (mutation && request.method() != http::Verb::post) {
    co_return refused(request, Status::method_not_allowed, "Mutations are sent with POST.");
  }
  std::optional<storage::CommitPosition> version;
  std::string key;
  if (context.settings.read_cache && reads_catalog_only(schema, ready)) {
    version = co_await read_commit_position(context);
    key = answer_key(type, parameters);
  }
  std::optional<http::Response> kept;
  if (version) {
    if (const http::Response* found = endpoint.answers.find(key, *version)) kept = *found;
  }
  if (!kept) {
    StoreResolver resolver(context, request, endpoint.rest);
    const json::object result = co_await graphql::execute(schema, resolver, ready);
    kept = answer(request, Status::ok, type, result);
    if (version) endpoint.answers.add(key, *version, *kept);
  }
  http::Response response = std::move(*kept);
  response.version(request.raw().version());
  if (mutation) {
    response.set(field::cache_control, "no-store");
  } else if (!request.header(field::authorization).empty()) {
    mark_private(response);
  }
  co_return response;
}

}  // namespace

http::Task<http::Response> serve(ApiContext& context, http::Request& request, Endpoint& endpoint) {
  const auto chosen = http::choose_media_type(request.header(field::accept), kOffered);
  if (is_browser_visit(request, chosen)) {
    auto page = co_await web::graphiql_page(context, request);
    page.set(field::vary, "Accept");
    co_return page;
  }
  if (!chosen) {
    co_return refused(request, Status::not_acceptable,
                      "GraphQL answers are application/graphql-response+json or "
                      "application/json.");
  }
  if (request.method() == http::Verb::post &&
      http::body_format(request.header(field::content_type)) != http::Format::kJson) {
    co_return refused(request, Status::unsupported_media_type,
                      "Send the request as application/json.");
  }
  const auto parameters = read_parameters(request);
  if (const auto* problem = std::get_if<std::string>(&parameters)) {
    co_return refused(request, Status::bad_request, *problem);
  }
  // A browser following a link with a query gets the JSON.
  const std::string_view type = kOffered[*chosen] == "text/html" ? kJson : kOffered[*chosen];
  co_return co_await run(context, request, endpoint, type, std::get<Parameters>(parameters));
}

}  // namespace mercado::api::graphql_http
