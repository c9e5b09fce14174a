// Reads requests out of the bytes a connection receives, under the server's limits, and does no
// I/O of its own: the server feeds it what the socket delivers; tests and the fuzzer feed it
// anything. Beast's parser does the HTTP/1.1 grammar; this class bounds what the parser leaves
// unbounded (chunk extensions, trailers, framing bytes), refuses framings that could be read
// two ways (RFC 9112 6.3), and turns every parser failure, thrown or returned, into a refusal.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "http/limits.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"

namespace mercado::http {

class RequestReader {
 public:
  enum class Step {
    kNeedMore,  // read more into the buffer (at most read_size()) and call advance again
    kComplete,  // take_request()
    kRefused,   // answer refusal() and close the connection: the stream can't be trusted
  };

  explicit RequestReader(const ServerLimits& limits);
  // The parser keeps references to this object's callbacks.
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Parses what `input` holds and consumes the bytes of this request; whatever follows it (a
  // pipelined request) stays in `input` for the next reader.
  Step advance(boost::beast::flat_buffer& input);

  // Whether a byte of this request has arrived; empty lines before a request don't count.
  bool started() const { return parser_.got_some(); }
  // True once: when the header is in, the body is not, and the client said
  // `Expect: 100-continue` (it waits for an interim answer before it sends the body).
  bool take_continue();
  // How many bytes to read next into `input`.
  static std::size_t read_size(const boost::beast::flat_buffer& input);

  BeastRequest take_request() { return parser_.release(); }
  const Problem& refusal() const { return *refusal_; }
  // The path of the refused request when its header was read ("" before), for the problem's
  // `instance`.
  std::string_view refused_path() const;

 private:
  Step parse(boost::beast::flat_buffer& input);
  // Checks made once the header is in: framing, Host, the declared length. Sets the body limit.
  std::optional<Problem> check_header();
  Step refuse(Problem problem);
  Step complete();
  void on_chunk_header(std::uint64_t size, std::string_view extensions,
                       boost::beast::error_code& error);

  const ServerLimits& limits_;
  beast_http::request_parser<beast_http::string_body> parser_;
  // The parser calls this back by reference.
  std::function<void(std::uint64_t, std::string_view, boost::beast::error_code&)> chunk_header_;
  // header_bytes less what header-like data has used so far: empty lines before the request,
  // the request line and fields, chunk extensions, the trailer section.
  std::size_t header_budget_;
  std::size_t body_limit_ = 0;  // wire bytes after the header
  std::size_t body_read_ = 0;   // wire bytes after the header so far
  // The fields of a chunked request's header proper, sorted, to tell them from trailer fields.
  std::vector<const void*> header_fields_;
  bool continue_pending_ = false;
  std::optional<Problem> refusal_;
};

}  // namespace mercado::http
