#include "http/negotiation.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <vector>

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

// Calls visit(value, weight) for the elements of a comma-separated list with q-values (Accept,
// Accept-Encoding), the first `limit` of them.
template <class Visit>
void for_each_weighted(std::string_view list, std::size_t limit, Visit visit) {
  for (std::size_t count = 0; !list.empty() && count < limit; ++count) {
    const std::size_t comma = list.find(',');
    const std::string_view element = list.substr(0, comma);
    list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
    const std::size_t semicolon = element.find(';');
    visit(trim(element.substr(0, semicolon)),
          semicolon == std::string_view::npos ? 1000 : parse_weight(element.substr(semicolon + 1)));
  }
}

// Media ranges past this many mean nothing a client could want, and would only cost time.
constexpr std::size_t kMaxMediaRanges = 64;

// What Accept says of one offered type: the weight of the most specific range that covers it
// (RFC 9110 12.5.1: "text/html" beats "text/*" beats "*/*"), the highest of equals.
struct Preference {
  int weight = -1;
  int specificity = -1;

  void cover(int q, int specific) {
    if (specific > specificity) {
      specificity = specific;
      weight = q;
    } else if (specific == specificity && q > weight) {
      weight = q;
    }
  }
};

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  int gzip = -1;
  int any = -1;
  for_each_weighted(accept_encoding, SIZE_MAX, [&](std::string_view coding, int weight) {
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip = std::max(gzip, weight);
    } else if (coding == "*") {
      any = std::max(any, weight);
    }
  });
  return gzip >= 0 ? gzip > 0 : any > 0;
}

std::optional<std::size_t> choose_media_type(std::string_view accept,
                                             std::span<const std::string_view> offered) {
  if (trim(accept).empty()) return offered.empty() ? std::nullopt : std::optional<std::size_t>(0);
  std::vector<Preference> preferences(offered.size());
  for_each_weighted(accept, kMaxMediaRanges, [&](std::string_view range, int q) {
    const std::size_t slash = range.find('/');
    if (slash == std::string_view::npos) return;
    for (std::size_t i = 0; i < offered.size(); ++i) {
      const std::string_view type = offered[i];
      if (iequals(range, type)) {
        preferences[i].cover(q, 2);
      } else if (range == "*/*") {
        preferences[i].cover(q, 0);
      } else if (range.substr(slash) == "/*" &&
                 iequals(range.substr(0, slash + 1), type.substr(0, type.find('/') + 1))) {
        preferences[i].cover(q, 1);
      }
    }
  });
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < offered.size(); ++i) {
    if (preferences[i].weight > 0 && (!best || preferences[i].weight > preferences[*best].weight)) {
      best = i;
    }
  }
  return best;
}

std::optional<Format> negotiate(std::string_view accept) {
  if (trim(accept).empty()) return Format::kJson;
  Preference json;
  Preference xml;
  for_each_weighted(accept, kMaxMediaRanges, [&](std::string_view type, int q) {
    if (type == "*/*") {
      json.cover(q, 0);
      xml.cover(q, 0);
    } else if (iequals(type, "application/*")) {
      json.cover(q, 1);
      xml.cover(q, 1);
    } else if (iequals(type, "text/*")) {
      xml.cover(q, 1);
    } else if (iequals(type, "application/json") || iequals(type, "application/problem+json")) {
      json.cover(q, 2);
    } else if (iequals(type, "application/xml") || iequals(type, "text/xml") ||
               iequals(type, "application/problem+xml")) {
      xml.cover(q, 2);
    }
  });
  if (json.weight <= 0 && xml.weight <= 0) return std::nullopt;
  // A tie goes to JSON, the default.
  return xml.weight > json.weight ? Format::kXml : Format::kJson;
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
