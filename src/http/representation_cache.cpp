#include "http/representation_cache.hpp"

namespace mercado::http {

const std::string& RepresentationCache::key(const Request& request) {
  const std::string_view target = request.raw().target();
  const std::string_view accept = request.header(beast_http::field::accept);
  key_.assign(target);
  key_ += '\n';  // neither a target nor a header value can hold one
  key_ += accept;
  return key_;
}

void RepresentationCache::follow(std::uint64_t version) {
  if (version == version_) return;
  answers_.clear();
  bytes_ = 0;
  version_ = version;
}

const Response* RepresentationCache::find(const Request& request, std::uint64_t version) {
  return find(key(request), version);
}

void RepresentationCache::add(const Request& request, std::uint64_t version,
                              const Response& response) {
  add(key(request), version, response);
}

const Response* RepresentationCache::find(std::string_view key, std::uint64_t version) {
  follow(version);
  if (key.data() != key_.data()) key_.assign(key);
  const auto found = answers_.find(key_);
  return found == answers_.end() ? nullptr : &found->second;
}

void RepresentationCache::add(std::string_view key, std::uint64_t version,
                              const Response& response) {
  if (response.result() != Status::ok || response.body().size() > kMaxBody) return;
  follow(version);
  const std::string kept_key(key);
  if (answers_.contains(kept_key)) return;  // read at the same version: the same answer
  // Full: start over, which is rare and simpler than tracking use.
  if (answers_.size() >= kEntries || bytes_ + response.body().size() > kMaxBytes) {
    answers_.clear();
    bytes_ = 0;
  }
  bytes_ += response.body().size();
  answers_.emplace(kept_key, response);
}

}  // namespace mercado::http
