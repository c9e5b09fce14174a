// Fuzzes multipart/form-data: parse_multipart under default and tight limits, and the boundary
// parameter of a Content-Type.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "http/multipart.hpp"

namespace {

using namespace mercado;

// The first byte picks the boundary: '0'..'5' (mod 8) a fixed one, '6' and '7' the bytes up to
// the first '\n' (so invalid boundaries come too). A first byte >= 0x80 also picks tight
// limits from its bits, so the limit paths are reached with short inputs.
constexpr std::string_view kBoundaries[] = {
    "XyZ", "----WebKitFormBoundary7MA4YWxkTrZu0gW",
    "a",   "--",
    "a b", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-.",
};

constexpr http::MultipartLimits kRoomy{64, 1 << 20};

std::string escape_quoted(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The parts written back as a body, the way a browser would send them.
std::string serialize(const std::vector<http::MultipartPart>& parts, std::string_view boundary) {
  std::string out;
  for (const auto& part : parts) {
    out += "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=\"" +
           escape_quoted(part.name) + '"';
    if (!part.filename.empty()) out += "; filename=\"" + escape_quoted(part.filename) + '"';
    out += "\r\n";
    if (!part.content_type.empty())
      out += "Content-Type: " + std::string(part.content_type) + "\r\n";
    out += "\r\n" + std::string(part.body) + "\r\n";
  }
  return out + "--" + std::string(boundary) + "--\r\n";
}

bool same_parts(const std::vector<http::MultipartPart>& a,
                const std::vector<http::MultipartPart>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].filename != b[i].filename ||
        a[i].content_type != b[i].content_type || a[i].body != b[i].body) {
      return false;
    }
  }
  return true;
}

bool within(std::string_view view, std::string_view whole) {
  return view.data() >= whole.data() && view.data() + view.size() <= whole.data() + whole.size();
}

bool is_field_text(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte != '\t' && (byte < 0x20 || byte == 0x7F)) return false;
  }
  return true;
}

void check_error(const domain::Error& error) {
  FUZZ_CHECK(error.code == domain::ErrorCode::kInvalidInput);
  // A fixed sentence, never a copy of the body: short, one line, no control characters.
  FUZZ_CHECK(!error.detail.empty() && error.detail.size() < 200);
  FUZZ_CHECK(is_field_text(error.detail) && error.detail.find('\t') == std::string::npos);
  for (const auto& field : error.fields) {
    FUZZ_CHECK(field.field == "Content-Disposition" || field.field == "Content-Type");
  }
}

// The body of a one-part form with this boundary; parses whenever the boundary is valid.
std::string canonical_form(std::string_view boundary) {
  return "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n--" +
         std::string(boundary) + "--";
}

void check_parts(const std::vector<http::MultipartPart>& parts, std::string_view body,
                 std::string_view boundary, const http::MultipartLimits& limits) {
  FUZZ_CHECK(!parts.empty() && parts.size() <= limits.max_parts);
  const std::string delimiter = "\r\n--" + std::string(boundary);
  const char* previous_end = nullptr;
  for (const auto& part : parts) {
    FUZZ_CHECK(!part.name.empty());
    FUZZ_CHECK(within(part.body, body));
    FUZZ_CHECK(part.content_type.empty() || within(part.content_type, body));
    FUZZ_CHECK(is_field_text(part.name) && is_field_text(part.filename));
    FUZZ_CHECK(is_field_text(part.content_type));
    // Trimmed: no white space at either end (bytes above 0x7F are obs-text, not space).
    FUZZ_CHECK(part.content_type.empty() ||
               (static_cast<unsigned char>(part.content_type.front()) > ' ' &&
                static_cast<unsigned char>(part.content_type.back()) > ' '));
    // A part ends where a delimiter starts, and holds none.
    const std::size_t end =
        static_cast<std::size_t>(part.body.data() - body.data()) + part.body.size();
    FUZZ_CHECK(body.substr(end).starts_with(delimiter));
    FUZZ_CHECK(part.body.find(delimiter) == std::string_view::npos);
    if (previous_end != nullptr) {
      // After the previous part: its delimiter line (padding allowed), then at most the header
      // limit before this body.
      FUZZ_CHECK(part.body.data() > previous_end);
      std::size_t at = static_cast<std::size_t>(previous_end - body.data()) + delimiter.size();
      while (body[at] == ' ' || body[at] == '\t') ++at;
      FUZZ_CHECK(body.substr(at).starts_with("\r\n"));
      const auto header_bytes = static_cast<std::size_t>(part.body.data() - body.data()) - at - 2;
      FUZZ_CHECK(header_bytes <= limits.max_part_header_bytes);
    }
    previous_end = part.body.data() + part.body.size();
  }
}

void check_boundary_header(std::string_view text) {
  const auto boundary = http::multipart_boundary(text);
  if (!boundary) {
    FUZZ_CHECK(boundary.error().code == domain::ErrorCode::kInvalidInput ||
               boundary.error().code == domain::ErrorCode::kUnsupportedMediaType);
    return;
  }
  FUZZ_CHECK(within(*boundary, text));
  FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);
  FUZZ_CHECK(http::parse_multipart(canonical_form(*boundary), *boundary).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input = fuzz::as_text(data, size);
  check_boundary_header(input.substr(1));

  const unsigned char selector = data[0];
  std::string_view boundary;
  std::string_view body = input.substr(1);
  if (selector % 8 < 6) {
    boundary = kBoundaries[selector % 8];
  } else {
    const auto newline = std::min(body.find('\n'), body.size());
    boundary = body.substr(0, newline);
    body = body.substr(std::min(newline + 1, body.size()));
  }

  // A boundary parse_multipart takes is one the Content-Type reader takes, and back.
  const bool valid_boundary = http::parse_multipart(canonical_form(boundary), boundary).ok();
  if (boundary.find_first_of("\"\\") == std::string_view::npos) {
    // The boundary read is a view into the header, which must outlive it.
    const std::string header = "multipart/form-data; boundary=\"" + std::string(boundary) + '"';
    const auto read = http::multipart_boundary(header);
    FUZZ_CHECK(read.ok() == valid_boundary);
    if (read) FUZZ_CHECK(*read == boundary);
  }

  http::MultipartLimits limits;
  if (selector >= 0x80) {
    limits.max_parts = 1 + ((selector >> 3) & 3);
    limits.max_part_header_bytes = std::size_t{24} << ((selector >> 5) & 3);
  }
  const auto parts = http::parse_multipart(body, boundary, limits);
  if (!parts) {
    check_error(parts.error());
    return 0;
  }
  FUZZ_CHECK(valid_boundary);
  check_parts(*parts, body, boundary, limits);

  // Looser limits never change what was read.
  const auto roomy = http::parse_multipart(body, boundary, kRoomy);
  FUZZ_CHECK(roomy.ok() && same_parts(*roomy, *parts));

  // What was read, written back as a browser would, reads back the same.
  const std::string again = serialize(*parts, boundary);
  const auto reparsed = http::parse_multipart(again, boundary, kRoomy);
  FUZZ_CHECK(reparsed.ok() && same_parts(*reparsed, *parts));
  return 0;
}
