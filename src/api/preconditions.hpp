// If-Match on PUT, PATCH and DELETE: a write goes ahead only while the entity still has the
// representation the client last saw, so two editors never overwrite each other's update
// (RFC 9110 13.1.1). The check runs inside the write job (api/edit.hpp), in the transaction of
// the change itself, so no other write can slip in between the check and the change; it compares
// the tag of the stored versions (api/entity_tags.hpp), so the writer renders nothing.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "api/entity_tags.hpp"
#include "http/conditional.hpp"

namespace mercado::api {

class IfMatch {
 public:
  // The request's If-Match, nullopt when it has none; a malformed one is a 400 (ignoring it
  // would drop the protection the client asked for).
  static domain::Result<std::optional<IfMatch>> from(const http::Request& request);

  // Whether the header names the tag `current` (what the store holds now) has in the format
  // the client reads, with every field.
  template <class Entity>
  bool holds(const Entity& current) const {
    return http::if_match(header_, entity_tag(current, Form{.format = format_, .fields = {}})) ==
           http::TagMatch::kMatch;
  }

 private:
  IfMatch(std::string header, http::Format format) : header_(std::move(header)), format_(format) {}

  std::string header_;
  http::Format format_;
};

}  // namespace mercado::api
