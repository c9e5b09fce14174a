#include "api/placeholders.hpp"

#include <cstdint>
#include <cstdio>

#include "domain/slug.hpp"
#include "http/problem.hpp"

namespace mercado::api::placeholders {
namespace {

constexpr std::string_view kSuffix = ".svg";

// FNV-1a: a stable colour per name, so a picture looks the same on every visit.
std::uint32_t hash(std::string_view text) {
  std::uint32_t value = 2166136261u;
  for (const char c : text) value = (value ^ static_cast<unsigned char>(c)) * 16777619u;
  return value;
}

}  // namespace

std::string url(std::string_view public_url, std::string_view name) {
  std::string result(public_url);
  result += "/placeholders/";
  result += name;
  result += kSuffix;
  return result;
}

std::string render_svg(std::string_view name) {
  // The label is the slug with spaces: slugs hold only [a-z0-9-], so nothing needs escaping.
  std::string label(name);
  for (char& c : label) c = c == '-' ? ' ' : c;
  const unsigned hue = hash(name) % 360;
  char svg[1024];
  std::snprintf(svg, sizeof svg,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"480\" "
                "viewBox=\"0 0 640 480\"><rect width=\"640\" height=\"480\" "
                "fill=\"hsl(%u,45%%,82%%)\"/><circle cx=\"320\" cy=\"200\" r=\"90\" "
                "fill=\"hsl(%u,45%%,65%%)\"/><text x=\"320\" y=\"380\" font-family=\"sans-serif\" "
                "font-size=\"28\" text-anchor=\"middle\" fill=\"hsl(%u,40%%,25%%)\">%.60s</text>"
                "</svg>",
                hue, hue, hue, label.c_str());
  return svg;
}

http::Task<http::Response> get(ApiContext& /*context*/, http::Request& request) {
  std::string_view file = request.param(0);
  if (!file.ends_with(kSuffix) ||
      !domain::is_valid_slug(file.substr(0, file.size() - kSuffix.size()))) {
    co_return http::problem_response(request, domain::not_found("No such picture."));
  }
  http::Response response(http::Status::ok, request.raw().version());
  response.set(http::beast_http::field::content_type, "image/svg+xml");
  // The picture for a name never changes.
  response.set(http::beast_http::field::cache_control, "public, max-age=31536000, immutable");
  response.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  response.body() = render_svg(file.substr(0, file.size() - kSuffix.size()));
  co_return response;
}

}  // namespace mercado::api::placeholders
