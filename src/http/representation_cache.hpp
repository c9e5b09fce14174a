// The answers of public catalog reads, kept by one worker while the data they came from stays
// the same. A catalog is read far more often than it changes, and reading and rendering a page
// of products costs more than everything else a request does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.hpp"

namespace mercado::http {

// A cached answer depends on exactly three things: the request target (path, filters, page,
// `fields=`), the Accept header (JSON or XML), and the data, which `version` names
// (StoreReader::commit_position): the first request after any change starts the cache afresh.
// So only routes whose answers depend on nothing else may use it: no caller, no randomness.
// Bounded: at most kEntries answers, each of at most kMaxBody bytes, kMaxBytes of bodies in
// all (per worker).
class RepresentationCache {
 public:
  static constexpr std::size_t kEntries = 256;
  static constexpr std::size_t kMaxBody = 64 * 1024;
  static constexpr std::size_t kMaxBytes = 4 * 1024 * 1024;

  // The answer kept for this request at this version of the data, if any.
  const Response* find(const Request& request, std::uint64_t version);
  // Keeps a 200 answer to `request`, read at `version`.
  void add(const Request& request, std::uint64_t version, const Response& response);
  // The same for an answer named by a key of the caller's, which must hold everything the
  // answer depends on besides the data (GraphQL: the media type, the document, its variables).
  const Response* find(std::string_view key, std::uint64_t version);
  void add(std::string_view key, std::uint64_t version, const Response& response);

 private:
  // Fills key_ for `request`; reused, so a lookup allocates nothing once warm.
  const std::string& key(const Request& request);
  // Forgets everything when the data has changed since the answers were kept.
  void follow(std::uint64_t version);

  std::uint64_t version_ = 0;
  std::size_t bytes_ = 0;  // of the bodies kept
  std::string key_;
  std::unordered_map<std::string, Response> answers_;
};

}  // namespace mercado::http
