#include "http/request_reader.hpp"

#include <algorithm>
#include <boost/beast/core/read_size.hpp>
#include <cctype>
#include <exception>
#include <limits>
#include <vector>

namespace mercado::http {
namespace {

using boost::beast::error_code;

// The line ending a chunk-size line, or ending the trailer section, besides what it carries.
constexpr std::size_t kFramingSlack = 64;

Problem header_too_large() {
  return {Status::request_header_fields_too_large, "The request headers are too large."};
}

Problem body_too_large() {
  return {Status::payload_too_large, "The request body is larger than the server accepts."};
}

Problem not_http() { return {Status::bad_request, "The request is not valid HTTP/1.1."}; }

Problem from_parser(const error_code& error) {
  if (error == beast_http::error::header_limit) return header_too_large();
  if (error == beast_http::error::body_limit) return body_too_large();
  return not_http();
}

std::string lowercase_trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Transfer-Encoding, every field line of it, as one list of codings (empty elements dropped).
std::vector<std::string> transfer_codings(const BeastRequest::header_type& header) {
  std::vector<std::string> codings;
  const auto [first, last] = header.equal_range(beast_http::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    std::string_view list = field->value();
    for (;;) {
      const auto comma = list.find(',');
      if (auto coding = lowercase_trimmed(list.substr(0, comma)); !coding.empty()) {
        codings.push_back(std::move(coding));
      }
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return codings;
}

// RFC 9112 6.1 and 6.3: a request body is delimited by its final transfer coding, which must be
// chunked; any other reading lets the body pass for the next request (request smuggling).
std::optional<Problem> check_transfer_codings(const BeastRequest::header_type& header) {
  if (header.count(beast_http::field::transfer_encoding) == 0) return std::nullopt;
  if (header.version() < 11) {
    return Problem(Status::bad_request, "HTTP/1.0 requests must not use Transfer-Encoding.");
  }
  const auto codings = transfer_codings(header);
  if (codings.empty() || codings.back() != "chunked") {
    return Problem(Status::bad_request,
                   "The final transfer coding must be chunked; the body's length can't be known.");
  }
  if (std::count(codings.begin(), codings.end(), "chunked") > 1) {
    return Problem(Status::bad_request, "The chunked transfer coding must be applied once.");
  }
  if (codings.size() > 1) {
    return Problem(Status::not_implemented,
                   "Transfer coding \"" + codings.front() +
                       "\" is not supported; send the body chunked or with a Content-Length.");
  }
  return std::nullopt;
}

// RFC 9112 3.2: an HTTP/1.1 request has exactly one Host header.
bool has_one_host(const BeastRequest::header_type& header) {
  const auto count = header.count(beast_http::field::host);
  return header.version() < 11 ? count <= 1 : count == 1;
}

// The path of a target in origin or absolute form; the query is not part of it.
std::string_view target_path(std::string_view target) {
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const auto slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? "/" : target.substr(slash);
  }
  return target.substr(0, target.find('?'));
}

}  // namespace

RequestReader::RequestReader(const ServerLimits& limits)
    : limits_(limits), header_budget_(limits.header_bytes) {
  parser_.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(limits.header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // Lengths are checked against the limit of the target once the header is in (check_header).
  parser_.body_limit(boost::none);
  chunk_header_ = [this](std::uint64_t size, std::string_view extensions, error_code& error) {
    on_chunk_header(size, extensions, error);
  };
  parser_.on_chunk_header(chunk_header_);
}

std::size_t RequestReader::read_size(const boost::beast::flat_buffer& input) {
  // Beast's own choice: what the buffer has room for, at least 512 bytes and at most 64 KiB, so
  // an idle connection's buffer stays small.
  return boost::beast::read_size(const_cast<boost::beast::flat_buffer&>(input), 64 * 1024);
}

bool RequestReader::take_continue() { return std::exchange(continue_pending_, false); }

std::string_view RequestReader::refused_path() const {
  if (!parser_.is_header_done()) return {};
  const auto path = target_path(parser_.get().target());
  // The problem document quotes it: only a path of visible ASCII, never bytes that would make
  // the JSON invalid UTF-8.
  const bool printable =
      std::all_of(path.begin(), path.end(), [](char c) { return c > 0x20 && c < 0x7F; });
  return printable ? path : std::string_view();
}

RequestReader::Step RequestReader::refuse(Problem problem) {
  refusal_.emplace(std::move(problem));
  continue_pending_ = false;
  return Step::kRefused;
}

void RequestReader::on_chunk_header(std::uint64_t /*size*/, std::string_view extensions,
                                    error_code& error) {
  if (extensions.size() > header_budget_) {
    error = beast_http::error::header_limit;
    return;
  }
  header_budget_ -= extensions.size();
}

std::optional<Problem> RequestReader::check_header() {
  const auto& header = parser_.get();
  // Content-Length beside Transfer-Encoding is how requests are smuggled past proxies.
  if (header.count(beast_http::field::content_length) &&
      header.count(beast_http::field::transfer_encoding)) {
    return Problem(Status::bad_request,
                   "Content-Length and Transfer-Encoding must not both be present.");
  }
  if (auto problem = check_transfer_codings(header)) return problem;
  if (!has_one_host(header)) {
    return Problem(Status::bad_request, "An HTTP/1.1 request needs exactly one Host header.");
  }
  // Upload targets take larger bodies than the rest.
  body_limit_ = limits_.body_bytes;
  const auto path = target_path(header.target());
  for (const auto& upload : limits_.upload_paths) {
    if (path == upload) body_limit_ = std::max(limits_.body_bytes, limits_.upload_body_bytes);
  }
  if (parser_.content_length() && *parser_.content_length() > body_limit_) {
    return body_too_large();
  }
  if (parser_.chunked()) {
    // Trailers may follow: remember which fields the header had (list elements keep their
    // addresses), since Beast files a trailer beside the header field of the same name.
    for (const auto& field : header) header_fields_.push_back(&field);
    std::sort(header_fields_.begin(), header_fields_.end(), std::less<>());
  }
  return std::nullopt;
}

RequestReader::Step RequestReader::advance(boost::beast::flat_buffer& input) {
  if (refusal_) return Step::kRefused;
  try {
    return parse(input);
  } catch (const std::exception&) {
    // Beast throws for what it can't store (a field value over 64 KiB): a bad request, never a
    // reason for the process to stop.
    return refuse(not_http());
  }
}

RequestReader::Step RequestReader::parse(boost::beast::flat_buffer& input) {
  // RFC 9112 2.2: empty lines before a request line are ignored (they count against the header
  // budget, so a stream of them ends too).
  while (!parser_.got_some()) {
    const std::string_view waiting(static_cast<const char*>(input.data().data()), input.size());
    if (waiting.empty() || waiting == "\r") return Step::kNeedMore;
    const std::size_t blank = waiting.starts_with('\n') ? 1 : waiting.starts_with("\r\n") ? 2 : 0;
    if (blank == 0) break;
    if (blank > header_budget_) return refuse(header_too_large());
    header_budget_ -= blank;
    input.consume(blank);
  }
  while (input.size() > 0) {
    const bool in_header = !parser_.is_header_done();
    error_code error;
    const std::size_t used = parser_.put(input.data(), error);
    input.consume(used);
    if (in_header) {
      // Beast applies its limit to the request line and to the fields apart; the budget holds
      // them to one limit together.
      if (used > header_budget_) return refuse(header_too_large());
      header_budget_ -= used;
    } else {
      body_read_ += used;
      if (body_read_ > body_limit_) return refuse(body_too_large());
    }
    if (error == beast_http::error::need_more) {
      // What the parser leaves in the buffer is one incomplete piece: the header, a chunk-size
      // line with its extensions, or the trailer section. Each draws on the header's budget.
      if (input.size() > header_budget_ + (in_header ? 0 : kFramingSlack)) {
        return refuse(header_too_large());
      }
      return Step::kNeedMore;
    }
    if (error) return refuse(from_parser(error));
    if (in_header && parser_.is_header_done()) {
      if (auto problem = check_header()) return refuse(std::move(*problem));
      if (parser_.is_done()) return Step::kComplete;
      continue_pending_ =
          beast_http::token_list(parser_.get()[beast_http::field::expect]).exists("100-continue");
      parser_.eager(true);
      continue;
    }
    if (parser_.is_done()) return complete();
    if (used == 0) break;  // nothing taken and nothing asked for: wait for more
  }
  return Step::kNeedMore;
}

RequestReader::Step RequestReader::complete() {
  continue_pending_ = false;  // the body is here: nobody waits for an interim answer
  // RFC 9110 6.5.1: trailer fields must not be merged into the header, where they could pose as
  // Authorization or Content-Type after every check was made. Beast files each beside the header
  // field of the same name; take them off.
  if (header_fields_.empty()) return Step::kComplete;
  auto& header = parser_.get();
  std::size_t trailer_bytes = 0;
  for (auto field = header.begin(); field != header.end();) {
    const bool from_header = std::binary_search(header_fields_.begin(), header_fields_.end(),
                                                static_cast<const void*>(&*field), std::less<>());
    if (from_header) {
      ++field;
      continue;
    }
    trailer_bytes += field->name_string().size() + field->value().size() + 4;  // ": ", CRLF
    field = header.erase(field);
  }
  // A trailer section that arrived in one read was never left waiting in the buffer, where
  // parse() measures it: measure it here.
  if (trailer_bytes > header_budget_ + kFramingSlack) return refuse(header_too_large());
  return Step::kComplete;
}

}  // namespace mercado::http
