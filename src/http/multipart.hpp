// multipart/form-data request bodies (RFC 7578 over RFC 2046 framing), read strictly and within
// limits from a body that is already in memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace mercado::http {

// One form field. `content_type` and `body` view the request body, so they live as long as it
// does. `name` and `filename` are copies: a quoted value with backslash escapes
// (name="a\"b") has no contiguous spelling in the body to point at.
struct MultipartPart {
  std::string name;               // Content-Disposition: form-data; name="..."
  std::string filename;           // as sent, not a path to trust; empty when absent or ""
  std::string_view content_type;  // the part's Content-Type value, empty when absent
  std::string_view body;          // the part's bytes
};

struct MultipartLimits {
  std::size_t max_parts = 16;
  // A part's header block: its header lines and the blank line that ends them, CRLFs included.
  std::size_t max_part_header_bytes = 4096;
};

// The boundary of a Content-Type value such as `multipart/form-data; boundary=x` (quoted or
// not), as a view into `content_type`. kUnsupportedMediaType when the type is not
// multipart/form-data; kInvalidInput when the boundary is missing, repeated, empty, longer than
// 70 characters or has characters RFC 2046 forbids (a quoted boundary may not use backslash
// escapes: no allowed character needs one).
domain::Result<std::string_view> multipart_boundary(std::string_view content_type);

// Splits a multipart/form-data body into its parts, in order. Strict where RFC 2046 is: lines
// end in CRLF (a bare LF never ends a line, so an LF-only body has no delimiter and is refused),
// the delimiter may not appear inside a part, the close delimiter is required and at least one
// part. The preamble and epilogue are ignored; so are headers other than Content-Disposition and
// Content-Type, and `filename*`. Every part needs `Content-Disposition: form-data` with a
// non-empty name; header folding, repeated headers and repeated parameters are refused. Errors
// are kInvalidInput and never quote the body. Runs in time linear in the body.
domain::Result<std::vector<MultipartPart>> parse_multipart(std::string_view body,
                                                           std::string_view boundary,
                                                           const MultipartLimits& limits = {});

// The first part with this name, or nullptr. Names compare exactly (they are case-sensitive).
const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace mercado::http
