// Structured logging: one JSON object per line on stderr, written with a single write() so lines
// from different threads never interleave.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace mercado::support {

// A field's value: text (written as an escaped JSON string) or a number (written bare).
class LogValue {
 public:
  LogValue(std::string text) : text_(std::move(text)) {}  // NOLINT(google-explicit-constructor)
  LogValue(std::string_view text) : text_(text) {}        // NOLINT(google-explicit-constructor)
  LogValue(const char* text) : text_(text) {}             // NOLINT(google-explicit-constructor)
  template <class Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
  LogValue(Number number) : quoted_(false) {  // NOLINT(google-explicit-constructor)
    if constexpr (std::is_floating_point_v<Number>) {
      char text[32];
      std::snprintf(text, sizeof text, "%.3f", static_cast<double>(number));
      text_ = text;
    } else {
      text_ = std::to_string(number);
    }
  }

  const std::string& text() const { return text_; }
  bool quoted() const { return quoted_; }

 private:
  std::string text_;
  bool quoted_ = true;
};

using LogFields = std::vector<std::pair<std::string_view, LogValue>>;

// Writes {"time":..., "level":..., "msg":..., <fields>}.
void log_line(std::string_view level, std::string_view message, const LogFields& fields = {});

// Lines gathered by one thread and written together: a busy server's access log would
// otherwise cost a write() per request. It writes whenever the next line would take it past
// 4 KiB (what a pipe writes in one piece, so lines from other threads never split it), when
// flushed (each second, by the server), and when destroyed.
class LogBuffer {
 public:
  LogBuffer() = default;
  LogBuffer(const LogBuffer&) = delete;
  LogBuffer& operator=(const LogBuffer&) = delete;
  ~LogBuffer() { flush(); }

  void add(std::string_view level, std::string_view message, const LogFields& fields);
  void flush();

 private:
  std::string pending_;
};

inline void log_info(std::string_view message, const LogFields& fields = {}) {
  log_line("info", message, fields);
}
inline void log_error(std::string_view message, std::string detail) {
  log_line("error", message, {{"detail", std::move(detail)}});
}

// Appends `text` to `out` as the inside of a JSON string literal.
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace mercado::support
