// Structured logging: one JSON object per line on stderr, written with a single write() so lines
// from different threads never interleave.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace mercado::support {

// A field's value: text (written as an escaped JSON string) or a number (written bare). Text
// is only viewed, not copied, unless it is a temporary string: a line is written before the
// call that builds it returns. The access log builds one per request, so this matters.
class LogValue {
 public:
  // NOLINTBEGIN(google-explicit-constructor)
  LogValue(std::string&& text) : owned_(std::move(text)), owns_(true) {}
  LogValue(const std::string& text) : view_(text) {}
  LogValue(std::string_view text) : view_(text) {}
  LogValue(const char* text) : view_(text) {}
  template <class Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
  LogValue(Number number) : owns_(true), quoted_(false) {
    if constexpr (std::is_floating_point_v<Number>) {
      // Three decimals, without printf: the access log writes one per request.
      char digits[320];  // the largest double in fixed notation: 309 digits and 4 more
      owned_.assign(digits, std::to_chars(digits, digits + sizeof digits,
                                          static_cast<double>(number), std::chars_format::fixed, 3)
                                .ptr);
    } else {
      owned_ = std::to_string(number);
    }
  }
  // NOLINTEND(google-explicit-constructor)

  std::string_view text() const { return owns_ ? std::string_view(owned_) : view_; }
  bool quoted() const { return quoted_; }

 private:
  std::string owned_;
  std::string_view view_;
  bool owns_ = false;
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
