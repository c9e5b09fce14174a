#include "http/problem.hpp"

#include <algorithm>

#include "http/document_writer.hpp"
#include "http/response_headers.hpp"

namespace mercado::http {
namespace {

Status status_for(domain::ErrorCode code) {
  switch (code) {
    case domain::ErrorCode::kInvalidInput:
      return Status::bad_request;
    case domain::ErrorCode::kNotFound:
      return Status::not_found;
    case domain::ErrorCode::kConflict:
      return Status::conflict;
    case domain::ErrorCode::kUnauthorized:
      return Status::unauthorized;
    case domain::ErrorCode::kForbidden:
      return Status::forbidden;
    case domain::ErrorCode::kTooLarge:
      return Status::payload_too_large;
    case domain::ErrorCode::kUnsupportedMediaType:
      return Status::unsupported_media_type;
    case domain::ErrorCode::kRateLimited:
      return Status::too_many_requests;
    case domain::ErrorCode::kStale:
      return Status::precondition_failed;
    case domain::ErrorCode::kUnprocessable:
      return Status::unprocessable_entity;
    case domain::ErrorCode::kUnavailable:
    case domain::ErrorCode::kTimedOut:
      return Status::service_unavailable;
    case domain::ErrorCode::kInternal:
      break;
  }
  return Status::internal_server_error;
}

std::string render(const Problem& problem, Format format, std::string_view instance) {
  DocumentWriter out(format, 256);
  out.begin_object("problem");
  // RFC 9457 3.1: "about:blank" says the problem is what the status says; `detail` and `errors`
  // tell the specifics.
  out.field("type", "about:blank");
  out.field("title", beast_http::obsolete_reason(problem.status));
  out.field("status", static_cast<std::int64_t>(problem.status));
  out.field("detail", problem.detail);
  if (!instance.empty()) out.field("instance", instance);
  out.field("message", problem.detail);  // what clients of the reference API read
  if (!problem.fields.empty()) {
    out.begin_array("errors", "error");
    for (const auto& error : problem.fields) {
      out.begin_object("error");
      out.field("field", error.field);
      out.field("message", error.message);
      out.end_object();
    }
    out.end_array();
  }
  out.end_object();
  return out.take();
}

Response make_response(const Problem& problem, Format format, std::string_view instance,
                       unsigned version, bool keep_alive) {
  Response response(problem.status, version);
  response.set(beast_http::field::content_type, problem_media_type(format));
  response.set(beast_http::field::cache_control, "no-store");
  for (const auto& [field, value] : problem.headers) response.set(field, value);
  response.body() = render(problem, format, instance);
  response.keep_alive(keep_alive);
  response.prepare_payload();
  return response;
}

}  // namespace

Problem::Problem(const domain::Error& error)
    : status(status_for(error.code)), detail(error.detail), fields(error.fields) {
  if (status == Status::service_unavailable)
    headers.emplace_back(beast_http::field::retry_after, "1");
  if (status == Status::too_many_requests) {
    headers.emplace_back(beast_http::field::retry_after,
                         std::to_string(std::max(1, error.retry_after_seconds)));
  }
  if (status == Status::unauthorized) {
    headers.emplace_back(beast_http::field::www_authenticate, "Bearer realm=\"mercado\"");
  }
  if (status == Status::internal_server_error) detail = "An unexpected error occurred.";
}

Response problem_response(const Request& request, const Problem& problem) {
  return make_response(problem, request.error_format(), request.path(), request.raw().version(),
                       request.raw().keep_alive());
}

Response bare_problem_response(const Problem& problem, std::string_view instance) {
  auto response = make_response(problem, Format::kJson, instance, 11, false);
  add_standard_headers(response, request_id({}));
  return response;
}

}  // namespace mercado::http
