// What the RequestReader tests share: a connection that hands the reader bytes as the server
// does, the outcome of reading one request, and request builders.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "http/request_reader.hpp"

namespace mercado::http::reader_testing {

using boost::beast::flat_buffer;
using Step = RequestReader::Step;

// Reads as large as read_size() allows.
constexpr std::size_t kFullReads = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kKiB = 1024;

// Requests are written with "\n" here; the wire has CRLF. Bodies that need a bare LF or CR are
// spelled out instead.
inline std::string crlf(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

inline void append(flat_buffer& buffer, std::string_view bytes) {
  auto space = buffer.prepare(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  buffer.commit(bytes.size());
}

inline std::string_view contents(const flat_buffer& buffer) {
  return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

// What a reader made of the bytes it was given.
struct Outcome {
  Step step = Step::kNeedMore;
  BeastRequest request;
  std::optional<Problem> refusal;
  std::string refused_path;

  Status status() const { return refusal ? refusal->status : Status::ok; }
  bool refused_for(std::string_view words) const {
    return refusal && refusal->detail.find(words) != std::string::npos;
  }
};

// The server's side of one connection (server.cpp's serve loop without the socket): a new
// reader per request, and on kNeedMore the next piece of what the client sent, never more than
// read_size() bytes.
class Connection {
 public:
  explicit Connection(ServerLimits limits = {}, std::size_t piece = kFullReads)
      : limits_(std::move(limits)), piece_(piece) {}

  // Bytes the server has read already: all of them are in the buffer before the next advance.
  void received(std::string_view bytes) { append(buffer_, bytes); }
  // Bytes the client sends: the server reads them in pieces as the reader asks for more.
  void sends(std::string_view bytes) { unread_ += bytes; }

  Outcome read() {
    RequestReader reader(limits_);
    Outcome outcome;
    outcome.step = reader.advance(buffer_);
    most_buffered_ = std::max(most_buffered_, buffer_.size());
    while (outcome.step == Step::kNeedMore && !unread_.empty()) {
      if (reader.take_continue()) ++continues_;
      const std::size_t size =
          std::min({piece_, RequestReader::read_size(buffer_), unread_.size()});
      append(buffer_, std::string_view(unread_).substr(0, size));
      unread_.erase(0, size);
      outcome.step = reader.advance(buffer_);
      most_buffered_ = std::max(most_buffered_, buffer_.size());
    }
    if (outcome.step == Step::kComplete) outcome.request = reader.take_request();
    if (outcome.step == Step::kRefused) {
      outcome.refusal = reader.refusal();
      outcome.refused_path = reader.refused_path();
    }
    return outcome;
  }

  std::string_view buffered() const { return contents(buffer_); }
  std::size_t unread() const { return unread_.size(); }
  // The most the buffer held after any advance.
  std::size_t most_buffered() const { return most_buffered_; }
  // How often a reader offered a 100 Continue.
  int continues() const { return continues_; }

 private:
  ServerLimits limits_;
  std::size_t piece_;
  flat_buffer buffer_;
  std::string unread_;
  std::size_t most_buffered_ = 0;
  int continues_ = 0;
};

// One request out of `wire`, all of which has arrived.
inline Outcome read_whole(std::string_view wire, ServerLimits limits = {}) {
  Connection connection(std::move(limits));
  connection.received(wire);
  return connection.read();
}

// One request out of `wire`, arriving in pieces of at most `piece` bytes.
inline Outcome read_in_pieces(std::string_view wire, std::size_t piece, ServerLimits limits = {}) {
  Connection connection(std::move(limits), piece);
  connection.sends(wire);
  return connection.read();
}

// Everything the application sees of a request, for comparing two readings.
inline std::string describe(const BeastRequest& request) {
  std::string out = std::string(request.method_string()) + ' ' + std::string(request.target()) +
                    ' ' + std::to_string(request.version()) + '\n';
  for (const auto& field : request) {
    out += std::string(field.name_string()) + ": " + std::string(field.value()) + '\n';
  }
  return out + '\n' + request.body();
}

inline ServerLimits with_limits(std::size_t header_bytes, std::size_t body_bytes) {
  ServerLimits limits;
  limits.header_bytes = header_bytes;
  limits.body_bytes = body_bytes;
  return limits;
}

inline std::string chunked_header(std::string_view target = "/") {
  return crlf("POST " + std::string(target) +
              " HTTP/1.1\nHost: shop\nTransfer-Encoding: chunked\n\n");
}

inline std::string with_length(std::string_view target, std::string_view body) {
  return crlf("POST " + std::string(target) +
              " HTTP/1.1\nHost: shop\nContent-Length: " + std::to_string(body.size()) + "\n\n") +
         std::string(body);
}

}  // namespace mercado::http::reader_testing
