// Cross-origin access for browser front ends (the Fetch standard's CORS protocol). Mercado's
// credentials are bearer tokens a front end sends itself, never cookies, so it never answers
// Access-Control-Allow-Credentials: "*" is safe for the open sandbox, and a production
// deployment lists its shop's origins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace mercado::http {

class CorsPolicy {
 public:
  // `origins`: "*" for any, else exact origins such as "https://shop.example"; empty: no
  // cross-origin access at all.
  explicit CorsPolicy(std::vector<std::string> origins = {});

  // Parses a comma-separated --cors-origins value; nullopt names no valid origin list.
  static std::optional<CorsPolicy> parse(std::string_view list);

  bool enabled() const { return any_ || !origins_.empty(); }

  // True for a preflight (OPTIONS with Origin and Access-Control-Request-Method).
  static bool is_preflight(const Request& request);
  // The preflight's answer, given the methods the path allows (the Allow header's value).
  Response preflight(const Request& request, std::string_view allowed_methods) const;
  // Allow-Origin, Expose-Headers and Vary on an actual response.
  void decorate(const Request& request, Response& response) const;

  const std::vector<std::string>& origins() const { return origins_; }

 private:
  // The Access-Control-Allow-Origin value for `origin`, or empty when it is not allowed.
  std::string allowed_origin(std::string_view origin) const;

  bool any_ = false;
  std::vector<std::string> origins_;
};

}  // namespace mercado::http
