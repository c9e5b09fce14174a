#include "http/message.hpp"

namespace mercado::http {

std::string_view Request::header(beast_http::field name) const {
  const auto found = raw_.find(name);
  return found == raw_.end() ? std::string_view() : std::string_view(found->value());
}

std::string_view Request::header(std::string_view name) const {
  const auto found = raw_.find(name);
  return found == raw_.end() ? std::string_view() : std::string_view(found->value());
}

std::optional<Format> Request::format() const {
  if (!format_) format_ = negotiate(header(beast_http::field::accept));
  return *format_;
}

}  // namespace mercado::http
