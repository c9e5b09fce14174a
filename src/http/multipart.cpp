#include "http/multipart.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>

namespace mercado::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxBoundaryLength = 70;  // RFC 2046 5.1.1

bool is_ows(char c) { return c == ' ' || c == '\t'; }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// RFC 9110 token characters: header names and parameter names.
bool is_tchar(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 2046 bcharsnospace.
bool is_boundary_char(char c) {
  return is_alnum(c) || std::string_view("'()+_,-./:=?").find(c) != std::string_view::npos;
}

// What a header value may hold (RFC 9110 field-vchar, SP, HTAB): no CR, LF, NUL or other
// controls, so nothing in a value can be read as a line break by someone else.
bool is_field_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte == '\t' || (byte >= 0x20 && byte != 0x7F);
}

// The characters of an unquoted parameter value. Wider than a token, so that the unquoted
// boundaries clients send in practice (with "=" or "/") get to the RFC 2046 check.
bool is_bare_value_char(char c) {
  return c > 0x20 && c < 0x7F && c != ';' && c != '"' && c != '\\';
}

bool is_valid_boundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > kMaxBoundaryLength || boundary.back() == ' ') {
    return false;
  }
  return std::all_of(boundary.begin(), boundary.end(),
                     [](char c) { return c == ' ' || is_boundary_char(c); });
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && is_ows(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ows(text.back())) text.remove_suffix(1);
  return text;
}

// "type/subtype; a=b" -> {"type/subtype", "; a=b"}: the rest starts at ";" or white space.
std::pair<std::string_view, std::string_view> split_type(std::string_view value) {
  const auto end = std::min(value.find_first_of("; \t"), value.size());
  return {value.substr(0, end), value.substr(end)};
}

struct Parameter {
  std::string_view name;
  std::string_view value;  // inside the quotes when quoted, escapes still in
  bool quoted = false;
};

std::string unquote(const Parameter& parameter) {
  if (!parameter.quoted) return std::string(parameter.value);
  std::string text;
  text.reserve(parameter.value.size());
  for (std::size_t i = 0; i < parameter.value.size(); ++i) {
    if (parameter.value[i] == '\\') ++i;  // the syntax check guarantees a character follows
    text += parameter.value[i];
  }
  return text;
}

// Reads `*( OWS ";" OWS name OWS "=" OWS value ) OWS` (RFC 9110 parameters, with the white space
// around "=" that RFC 6266's implied LWS allows), calling `visit` on each parameter. False when
// the syntax is wrong or `visit` returns false. One pass, so duplicates are the visitor's job.
template <class Visit>
bool for_each_parameter(std::string_view text, Visit&& visit) {
  std::size_t i = 0;
  const auto skip_ows = [&] {
    while (i < text.size() && is_ows(text[i])) ++i;
  };
  while (true) {
    skip_ows();
    if (i == text.size()) return true;
    if (text[i] != ';') return false;
    ++i;
    skip_ows();
    const std::size_t name_start = i;
    while (i < text.size() && is_tchar(text[i])) ++i;
    Parameter parameter;
    parameter.name = text.substr(name_start, i - name_start);
    skip_ows();
    if (parameter.name.empty() || i == text.size() || text[i] != '=') return false;
    ++i;
    skip_ows();
    const std::size_t value_start = i;
    if (i < text.size() && text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;  // quoted-pair: any field character may follow
        if (i == text.size() || !is_field_char(text[i])) return false;
      }
      if (i == text.size()) return false;  // no closing quote
      parameter.value = text.substr(value_start + 1, i - value_start - 1);
      parameter.quoted = true;
      ++i;
    } else {
      while (i < text.size() && is_bare_value_char(text[i])) ++i;
      parameter.value = text.substr(value_start, i - value_start);
      if (parameter.value.empty()) return false;
    }
    if (!visit(parameter)) return false;
  }
}

domain::Error framing_error(std::string detail) { return domain::invalid(std::move(detail)); }

domain::Error header_error(std::string detail, std::string_view header, std::string message) {
  return domain::invalid(std::move(detail), {{std::string(header), std::move(message)}});
}

std::string part_label(std::size_t index) { return "Part " + std::to_string(index + 1); }

std::optional<domain::Error> read_disposition(std::string_view value, std::size_t index,
                                              MultipartPart& part) {
  constexpr std::string_view kHeader = "Content-Disposition";
  const auto [type, rest] = split_type(value);
  if (!iequals(type, "form-data")) {
    return header_error(part_label(index) + " is not form-data.", kHeader, "must be form-data");
  }
  bool has_name = false;
  bool has_filename = false;
  const bool well_formed = for_each_parameter(rest, [&](const Parameter& parameter) {
    bool* seen = nullptr;
    std::string* target = nullptr;
    if (iequals(parameter.name, "name")) {
      seen = &has_name;
      target = &part.name;
    } else if (iequals(parameter.name, "filename")) {
      seen = &has_filename;
      target = &part.filename;
    } else {
      return true;  // filename* and extensions: not needed here
    }
    if (*seen) return false;  // two names would make the field ambiguous
    *seen = true;
    *target = unquote(parameter);
    return true;
  });
  if (!well_formed) {
    return header_error(part_label(index) + " has a malformed Content-Disposition header.", kHeader,
                        "is malformed");
  }
  if (part.name.empty()) {
    return header_error(part_label(index) + " has no field name.", kHeader, "needs a name");
  }
  return std::nullopt;
}

// Reads a header block (lines that each end in CRLF) into `part`.
std::optional<domain::Error> read_headers(std::string_view block, std::size_t index,
                                          MultipartPart& part) {
  bool has_disposition = false;
  bool has_type = false;
  while (!block.empty()) {
    const auto end = block.find(kCrlf);  // the block ends in CRLF, so there is one
    const std::string_view line = block.substr(0, end);
    block.remove_prefix(end + kCrlf.size());
    const auto colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    // No white space before the colon or at the start of a line: folded and padded names are
    // read differently by different parsers, so none of them is guessed at.
    if (colon == std::string_view::npos || name.empty() ||
        !std::all_of(name.begin(), name.end(), is_tchar)) {
      return framing_error(part_label(index) + " has a malformed header line.");
    }
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), is_field_char)) {
      return framing_error(part_label(index) + " has a control character in a header.");
    }
    if (iequals(name, "Content-Disposition")) {
      if (has_disposition) {
        return header_error(part_label(index) + " has two Content-Disposition headers.",
                            "Content-Disposition", "is repeated");
      }
      has_disposition = true;
      if (auto error = read_disposition(value, index, part)) return error;
    } else if (iequals(name, "Content-Type")) {
      if (has_type) {
        return header_error(part_label(index) + " has two Content-Type headers.", "Content-Type",
                            "is repeated");
      }
      has_type = true;
      part.content_type = value;
    }
  }
  if (!has_disposition) {
    return header_error(part_label(index) + " has no Content-Disposition header.",
                        "Content-Disposition", "is required");
  }
  return std::nullopt;
}

// One part: the text between its delimiter line and the next delimiter. RFC 2046 makes the
// blank line optional when the body is empty, so a block of header lines alone is a part too.
domain::Result<MultipartPart> read_part(std::string_view text, std::size_t index,
                                        const MultipartLimits& limits) {
  if (text.empty() || text.starts_with(kCrlf)) {
    return header_error(part_label(index) + " has no Content-Disposition header.",
                        "Content-Disposition", "is required");
  }
  // Looking for the blank line only as far as the limit keeps a huge body from being scanned
  // for a header end it cannot have.
  const auto blank = text.substr(0, limits.max_part_header_bytes).find("\r\n\r\n");
  std::string_view block = text;
  MultipartPart part;
  if (blank != std::string_view::npos) {
    block = text.substr(0, blank + kCrlf.size());
    part.body = text.substr(blank + 2 * kCrlf.size());
  } else if (text.size() > limits.max_part_header_bytes) {
    return framing_error("The headers of " + part_label(index) + " are longer than " +
                         std::to_string(limits.max_part_header_bytes) + " bytes.");
  } else if (text.ends_with(kCrlf)) {
    part.body = text.substr(text.size());  // empty, and still a view at the right place
  } else {
    return framing_error(part_label(index) + " has headers that do not end in a line break.");
  }
  if (auto error = read_headers(block, index, part)) return std::move(*error);
  return part;
}

// Skips RFC 2046 transport padding (linear white space after a boundary).
std::size_t skip_padding(std::string_view body, std::size_t at) {
  while (at < body.size() && is_ows(body[at])) ++at;
  return at;
}

}  // namespace

domain::Result<std::string_view> multipart_boundary(std::string_view content_type) {
  const auto [type, rest] = split_type(trim_ows(content_type));
  if (!iequals(type, "multipart/form-data")) {
    return domain::Error{
        domain::ErrorCode::kUnsupportedMediaType, "The body must be multipart/form-data.", {}};
  }
  std::optional<Parameter> boundary;
  bool repeated = false;
  const bool well_formed = for_each_parameter(rest, [&](const Parameter& parameter) {
    if (!iequals(parameter.name, "boundary")) return true;
    repeated = repeated || boundary.has_value();
    boundary = parameter;
    return true;
  });
  const auto error = [](std::string detail, std::string message) {
    return header_error(std::move(detail), "Content-Type", std::move(message));
  };
  if (!well_formed) return error("The Content-Type header is malformed.", "is malformed");
  if (!boundary) return error("The Content-Type has no multipart boundary.", "needs a boundary");
  if (repeated) return error("The Content-Type has two boundaries.", "has two boundaries");
  // No allowed boundary character needs a backslash escape, and the view can't unescape.
  if (boundary->value.find('\\') != std::string_view::npos || !is_valid_boundary(boundary->value)) {
    return error("The multipart boundary must be 1 to 70 characters that RFC 2046 allows.",
                 "has an invalid boundary");
  }
  return boundary->value;
}

domain::Result<std::vector<MultipartPart>> parse_multipart(std::string_view body,
                                                           std::string_view boundary,
                                                           const MultipartLimits& limits) {
  if (!is_valid_boundary(boundary)) return framing_error("The multipart boundary is invalid.");
  // A delimiter is CRLF "--" boundary; the CRLF belongs to it, not to the part before.
  std::string delimiter = "\r\n--";
  delimiter += boundary;
  const std::string_view dash_boundary = std::string_view(delimiter).substr(kCrlf.size());
  // Horspool skips ahead by up to the delimiter's length, and each search starts where the last
  // one ended: the body is scanned once.
  const std::boyer_moore_horspool_searcher searcher(delimiter.begin(), delimiter.end());
  const auto find_delimiter = [&](std::size_t from) {
    const auto found = searcher(body.begin() + from, body.end()).first;
    return found == body.end() ? std::string_view::npos
                               : static_cast<std::size_t>(found - body.begin());
  };

  std::size_t at = 0;  // just past the "--boundary" of the delimiter line being read
  if (body.starts_with(dash_boundary)) {
    at = dash_boundary.size();
  } else if (const auto first = find_delimiter(0); first != std::string_view::npos) {
    at = first + delimiter.size();  // after a preamble
  } else {
    return framing_error("The body has no multipart boundary line.");
  }

  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(at).starts_with("--")) {
      at = skip_padding(body, at + 2);
      if (at != body.size() && !body.substr(at).starts_with(kCrlf)) {
        return framing_error("The closing multipart boundary line is malformed.");
      }
      if (parts.empty()) return framing_error("The multipart body has no parts.");
      return parts;  // what follows is the epilogue
    }
    at = skip_padding(body, at);
    if (at == body.size()) {
      return framing_error("The multipart body ends before its closing boundary.");
    }
    if (!body.substr(at).starts_with(kCrlf)) {
      return framing_error(
          "A multipart boundary line is malformed: it must end in CRLF, and the boundary may not "
          "appear inside a part.");
    }
    at += kCrlf.size();
    if (parts.size() == limits.max_parts) {
      return framing_error("The multipart body has more than " + std::to_string(limits.max_parts) +
                           " parts.");
    }
    const auto next = find_delimiter(at);
    if (next == std::string_view::npos) {
      return framing_error("The multipart body ends before its closing boundary.");
    }
    auto part = read_part(body.substr(at, next - at), parts.size(), limits);
    if (!part) return part.error();
    parts.push_back(std::move(part).value());
    at = next + delimiter.size();
  }
}

const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name) {
  const auto found = std::find_if(parts.begin(), parts.end(),
                                  [&](const MultipartPart& part) { return part.name == name; });
  return found == parts.end() ? nullptr : &*found;
}

}  // namespace mercado::http
