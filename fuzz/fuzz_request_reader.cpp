// Fuzzes the bytes of a connection through RequestReader, driven the way Server::Worker::serve
// drives it: a new reader per request, reads of at most read_size() bytes while it needs more,
// pipelined requests read from what is left, the connection given up at the first refusal.
//
// Input: byte 0 picks the limits, byte 1 how many read sizes follow (0..7), then those sizes
// (0: as much as read_size() allows), used in turn to cut the rest, the stream, into reads. So
// header lines, chunk-size lines and trailers are split anywhere, and requests share reads.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "http/problem.hpp"
#include "http/request_reader.hpp"

namespace {

using namespace mercado;
using http::RequestReader;
using Step = RequestReader::Step;
namespace beast_http = http::beast_http;

constexpr std::size_t kHeaderLimits[] = {64, 100, 128, 256, 512, 1024, 4096, 16384};
constexpr std::size_t kBodyLimits[] = {16, 32, 64, 256, 1024, 4096, 16384, 65536};
constexpr std::string_view kUploadPath = "/upload";
// What a chunk-size line or the trailer section may hold past the header's budget while it waits
// for its line end (the reader's framing slack), with room to spare.
constexpr std::size_t kSlack = 128;

http::ServerLimits limits_from(std::uint8_t selector) {
  http::ServerLimits limits;
  limits.header_bytes = kHeaderLimits[selector & 7];
  limits.body_bytes = kBodyLimits[(selector >> 3) & 7];
  if (selector & 0x40) {
    limits.upload_paths = {std::string(kUploadPath)};
    // Bit 7: an upload limit below the general one, which must not lower it.
    limits.upload_body_bytes = (selector & 0x80) ? limits.body_bytes / 2 : limits.body_bytes * 4;
  }
  return limits;
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A list field's elements, trimmed and lower-cased; RFC 9110 5.6.1 has empty ones ignored.
std::vector<std::string> list_elements(std::string_view list) {
  std::vector<std::string> elements;
  for (;;) {
    const auto comma = list.find(',');
    if (const auto element = trimmed(list.substr(0, comma)); !element.empty()) {
      elements.push_back(lowercase(element));
    }
    if (comma == std::string_view::npos) return elements;
    list.remove_prefix(comma + 1);
  }
}

bool contains_token(std::string_view list, std::string_view token) {
  return lowercase(list).find(token) != std::string::npos;
}

// The names of the header's field lines, lower-cased and sorted, as they are on the wire from
// `at`, where the reader started: empty lines, the request line, fields up to the empty line.
std::vector<std::string> wire_field_names(std::string_view stream, std::size_t at) {
  while (at < stream.size() && (stream[at] == '\n' || stream.substr(at, 2) == "\r\n")) {
    at += stream[at] == '\n' ? 1 : 2;
  }
  const auto end = stream.find("\r\n\r\n", at);
  std::vector<std::string> names;
  if (end == std::string_view::npos) return names;
  std::string_view lines = stream.substr(at, end + 2 - at);
  lines.remove_prefix(lines.find("\r\n") + 2);  // the request line
  while (!lines.empty()) {
    const auto line = lines.substr(0, lines.find("\r\n"));
    lines.remove_prefix(line.size() + 2);
    if (line.starts_with(' ') || line.starts_with('\t')) continue;  // obs-fold continuation
    names.push_back(lowercase(line.substr(0, line.find(':'))));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::size_t body_limit_of(const http::ServerLimits& limits, std::string_view target) {
  // Any mention of the upload path may raise the limit: a bound, not the reader's own rule.
  if (!limits.upload_paths.empty() && target.find(kUploadPath) != std::string_view::npos) {
    return std::max(limits.body_bytes, limits.upload_body_bytes);
  }
  return limits.body_bytes;
}

void check_request(const http::BeastRequest& request, const http::ServerLimits& limits,
                   const std::vector<std::string>& wire_names, bool offered_continue) {
  FUZZ_CHECK(request.body().size() <= body_limit_of(limits, request.target()));

  // What Beast kept of the header (values trimmed) is no more than was on the wire.
  std::size_t header_size = request.method_string().size() + 1 + request.target().size() + 11;
  std::vector<std::string> names;
  for (const auto& field : request) {
    // "name:value" CRLF at the least: the space after the colon is optional.
    header_size += field.name_string().size() + 1 + field.value().size() + 2;
    names.push_back(lowercase(field.name_string()));
  }
  header_size += 2;
  FUZZ_CHECK(header_size <= limits.header_bytes);
  // The fields are the header's own: no trailer added, none taken away.
  std::sort(names.begin(), names.end());
  FUZZ_CHECK(names == wire_names);

  // Transfer-Encoding's field lines make one list, whose empty elements don't count: what the
  // request was framed by is exactly chunked, or nothing.
  std::vector<std::string> codings;
  const auto [first, last] = request.equal_range(beast_http::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    const auto elements = list_elements(field->value());
    codings.insert(codings.end(), elements.begin(), elements.end());
  }
  const bool has_length = request.count(beast_http::field::content_length) > 0;
  const bool has_transfer_encoding = first != last;
  FUZZ_CHECK(!(has_length && has_transfer_encoding));
  if (has_transfer_encoding) {
    FUZZ_CHECK(codings == std::vector<std::string>{"chunked"});
    FUZZ_CHECK(request.version() >= 11);
  }
  // A body came delimited by one of the two.
  if (!request.body().empty()) FUZZ_CHECK(has_length || has_transfer_encoding);
  const auto hosts = request.count(beast_http::field::host);
  FUZZ_CHECK(request.version() >= 11 ? hosts == 1 : hosts <= 1);
  if (offered_continue) {
    FUZZ_CHECK(contains_token(request[beast_http::field::expect], "100-continue"));
  }
}

// What the server answers a refusal with, built as it builds it.
void check_refusal(const RequestReader& reader) {
  const http::Problem& refusal = reader.refusal();
  FUZZ_CHECK(refusal.status == http::Status::bad_request ||
             refusal.status == http::Status::payload_too_large ||
             refusal.status == http::Status::request_header_fields_too_large ||
             refusal.status == http::Status::not_implemented);
  FUZZ_CHECK(!refusal.detail.empty());
  const std::string_view path = reader.refused_path();
  FUZZ_CHECK(path.find('?') == std::string_view::npos);
  const auto response = http::bare_problem_response(refusal, path);
  FUZZ_CHECK(response.result() == refusal.status);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const http::ServerLimits limits = limits_from(data[0]);
  const std::size_t cut_count = std::min<std::size_t>(data[1] & 7, size - 2);
  const std::vector<std::uint8_t> cuts(data + 2, data + 2 + cut_count);
  const std::string_view stream = fuzz::as_text(data + 2 + cut_count, size - 2 - cut_count);

  boost::beast::flat_buffer buffer;
  std::size_t delivered = 0;  // bytes of `stream` put into the buffer
  std::size_t next_cut = 0;
  std::size_t last_read = 0;  // what a pipelined request finds in the buffer came with it
  for (;;) {
    const std::size_t start = delivered - buffer.size();
    RequestReader reader(limits);
    Step step = reader.advance(buffer);
    int continues = 0;
    while (step == Step::kNeedMore) {
      FUZZ_CHECK(buffer.size() <= limits.header_bytes + last_read + kSlack);
      if (delivered == stream.size()) return 0;  // the client sends nothing more
      if (reader.take_continue()) ++continues;
      FUZZ_CHECK(continues <= 1);
      const std::size_t allowed = RequestReader::read_size(buffer);
      FUZZ_CHECK(allowed > 0 && allowed <= 64 * 1024);
      std::size_t read = allowed;
      if (!cuts.empty()) {
        const std::size_t cut = cuts[next_cut++ % cuts.size()];
        if (cut != 0) read = std::min(read, cut);
      }
      read = std::min(read, stream.size() - delivered);
      auto space = buffer.prepare(read);
      std::memcpy(space.data(), stream.data() + delivered, read);
      buffer.commit(read);
      delivered += read;
      last_read = read;
      step = reader.advance(buffer);
    }
    if (step == Step::kRefused) {
      check_refusal(reader);
      return 0;  // the server answers and closes
    }
    const auto wire_names = wire_field_names(stream, start);
    check_request(reader.take_request(), limits, wire_names, continues > 0);
    if (buffer.size() == 0 && delivered == stream.size()) return 0;
  }
}
