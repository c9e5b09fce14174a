// Structured logging: one JSON object per line on stderr, written with a single write() so lines
// from different threads never interleave.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mercado::support {

using LogFields = std::vector<std::pair<std::string_view, std::string>>;

// Writes {"time":..., "level":..., "msg":..., <fields>}. Field values are JSON-escaped strings.
void log_line(std::string_view level, std::string_view message, const LogFields& fields = {});

inline void log_info(std::string_view message, const LogFields& fields = {}) {
  log_line("info", message, fields);
}
inline void log_error(std::string_view message, std::string detail) {
  log_line("error", message, {{"detail", std::move(detail)}});
}

// Appends `text` to `out` as the inside of a JSON string literal.
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace mercado::support
