#include "http/negotiation.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace mercado::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// "q=0.5" -> 500; malformed weights count as 1000 (RFC 9110 allows up to three decimals).
int parse_weight(std::string_view parameters) {
  while (!parameters.empty()) {
    const std::size_t semicolon = parameters.find(';');
    const std::string_view parameter = trim(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? "" : parameters.substr(semicolon + 1);
    if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') ||
        parameter[1] != '=') {
      continue;
    }
    const std::string_view value = parameter.substr(2);
    if (value.empty() || value.size() > 5) return 1000;
    if (value[0] == '1') return 1000;
    if (value[0] != '0') return 1000;
    int weight = 0;
    std::string_view decimals = value.size() > 2 ? value.substr(2) : "";
    for (std::size_t i = 0; i < 3; ++i) {
      weight =
          weight * 10 +
          (i < decimals.size() && decimals[i] >= '0' && decimals[i] <= '9' ? decimals[i] - '0' : 0);
    }
    return weight;
  }
  return 1000;
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  int gzip = -1;
  int any = -1;
  while (!accept_encoding.empty()) {
    const std::size_t comma = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    const std::size_t semicolon = element.find(';');
    const std::string_view coding = trim(element.substr(0, semicolon));
    const int weight =
        semicolon == std::string_view::npos ? 1000 : parse_weight(element.substr(semicolon + 1));
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip = std::max(gzip, weight);
    } else if (coding == "*") {
      any = std::max(any, weight);
    }
  }
  return gzip >= 0 ? gzip > 0 : any > 0;
}

std::optional<Format> negotiate(std::string_view accept) {
  if (trim(accept).empty()) return Format::kJson;
  // Best weight seen for each format; a more specific range beats a wildcard (RFC 9110 12.5.1).
  std::array<int, 2> weight = {-1, -1};
  std::array<int, 2> specificity = {-1, -1};
  const auto offer = [&](Format format, int q, int specific) {
    const auto i = static_cast<std::size_t>(format);
    if (specific > specificity[i]) {
      specificity[i] = specific;
      weight[i] = q;
    } else if (specific == specificity[i] && q > weight[i]) {
      weight[i] = q;
    }
  };
  std::size_t count = 0;
  while (!accept.empty() && count++ < 64) {  // a bounded number of ranges
    const std::size_t comma = accept.find(',');
    const std::string_view range = trim(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? "" : accept.substr(comma + 1);
    const std::size_t semicolon = range.find(';');
    const std::string_view type = trim(range.substr(0, semicolon));
    const int q =
        semicolon == std::string_view::npos ? 1000 : parse_weight(range.substr(semicolon + 1));
    if (type == "*/*") {
      offer(Format::kJson, q, 0);
      offer(Format::kXml, q, 0);
    } else if (iequals(type, "application/*")) {
      offer(Format::kJson, q, 1);
      offer(Format::kXml, q, 1);
    } else if (iequals(type, "text/*")) {
      offer(Format::kXml, q, 1);
    } else if (iequals(type, "application/json") || iequals(type, "application/problem+json")) {
      offer(Format::kJson, q, 2);
    } else if (iequals(type, "application/xml") || iequals(type, "text/xml") ||
               iequals(type, "application/problem+xml")) {
      offer(Format::kXml, q, 2);
    }
  }
  const int json = weight[0], xml = weight[1];
  if (json <= 0 && xml <= 0) return std::nullopt;
  return xml > json ? Format::kXml : Format::kJson;  // a tie goes to JSON, the default
}

std::optional<Format> body_format(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  const std::string_view type = trim(content_type.substr(0, semicolon));
  std::string_view parameters =
      semicolon == std::string_view::npos ? "" : content_type.substr(semicolon + 1);
  while (!parameters.empty()) {
    const std::size_t next = parameters.find(';');
    const std::string_view parameter = trim(parameters.substr(0, next));
    parameters = next == std::string_view::npos ? "" : parameters.substr(next + 1);
    if (parameter.size() > 8 && iequals(parameter.substr(0, 8), "charset=")) {
      std::string_view charset = parameter.substr(8);
      if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
        charset = charset.substr(1, charset.size() - 2);
      }
      if (!iequals(charset, "utf-8")) return std::nullopt;
    }
  }
  // RFC 7396's media type for PATCH bodies is JSON with merge semantics, which PATCH has anyway.
  if (iequals(type, "application/json") || iequals(type, "application/merge-patch+json")) {
    return Format::kJson;
  }
  if (iequals(type, "application/xml") || iequals(type, "text/xml")) return Format::kXml;
  return std::nullopt;
}

std::string_view media_type(Format format) {
  return format == Format::kJson ? "application/json; charset=utf-8"
                                 : "application/xml; charset=utf-8";
}

std::string_view problem_media_type(Format format) {
  return format == Format::kJson ? "application/problem+json; charset=utf-8"
                                 : "application/problem+xml; charset=utf-8";
}

}  // namespace mercado::http
