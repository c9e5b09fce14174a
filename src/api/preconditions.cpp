#include "api/preconditions.hpp"

namespace mercado::api {

domain::Result<std::optional<IfMatch>> IfMatch::from(const http::Request& request) {
  const auto header = request.header(http::beast_http::field::if_match);
  if (header.empty()) return std::optional<IfMatch>();
  // Checked once against a tag that cannot match, only to see whether the list parses.
  if (http::if_match(header, "\"\"") == http::TagMatch::kMalformed) {
    return domain::invalid("If-Match must be * or a list of entity tags such as \"abc\".",
                           {{"If-Match", "must be * or a list of quoted entity tags"}});
  }
  return std::optional<IfMatch>(
      IfMatch(std::string(header), request.format().value_or(http::Format::kJson)));
}

}  // namespace mercado::api
