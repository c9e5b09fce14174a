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
  version_ = version;
}

const Response* RepresentationCache::find(const Request& request, std::uint64_t version) {
  follow(version);
  const auto found = answers_.find(key(request));
  return found == answers_.end() ? nullptr : &found->second;
}

void RepresentationCache::add(const Request& request, std::uint64_t version,
                              const Response& response) {
  if (response.result() != Status::ok || response.body().size() > kMaxBody) return;
  follow(version);
  if (answers_.size() >= kEntries) answers_.clear();  // rare; simpler than tracking use
  answers_.insert_or_assign(key(request), response);
}

}  // namespace mercado::http
