// Runs a request handler (a pipeline) on one request, as a server worker would, without sockets.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <string>
#include <utility>
#include <vector>

#include "http/pipeline.hpp"

namespace mercado::http::testing {

struct Call {
  Verb method = Verb::get;
  std::string target;
  std::vector<std::pair<beast_http::field, std::string>> headers;
  std::string body;
};

inline Response call(RequestHandler& handler, const Call& call) {
  BeastRequest raw(call.method, call.target, 11);
  for (const auto& [field, value] : call.headers) raw.set(field, value);
  raw.body() = call.body;
  raw.prepare_payload();
  Request request(raw);
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, handler.handle(request), boost::asio::use_future);
  io.run();
  return future.get();
}

}  // namespace mercado::http::testing
