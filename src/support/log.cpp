#include "support/log.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "domain/timestamp.hpp"

namespace mercado::support {

namespace {

// Which bytes JSON strings must escape: controls, '"' and '\\'.
constexpr auto kJsonEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

}  // namespace

// True when one of the 8 bytes in `word` is a control character, '"' or '\\' (the classic
// "has a byte less than n" and "has a zero byte" bit tricks).
bool needs_escape(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHighs;
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  return (control | ((quote - kOnes) & ~quote & kHighs) |
          ((backslash - kOnes) & ~backslash & kHighs)) != 0;
}

void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // This sits on the hot path of every JSON response: skip eight clean bytes at a time, and
  // copy runs of clean characters in one append.
  std::size_t run = 0;
  std::size_t i = 0;
  for (;;) {
    while (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if (needs_escape(word)) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i++]);
    if (!kJsonEscape[c]) continue;
    out.append(text.data() + run, i - 1 - run);
    run = i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
}

namespace {

constexpr std::size_t kAtomicWrite = 4096;  // PIPE_BUF on Linux

std::string format_line(std::string_view level, std::string_view message, const LogFields& fields) {
  std::string line = "{\"time\":\"" + domain::now_timestamp() + "\",\"level\":\"";
  line += level;
  line += "\",\"msg\":\"";
  append_json_escaped(line, message);
  line += '"';
  for (const auto& [key, value] : fields) {
    line += ",\"";
    line += key;
    line += "\":";
    if (value.quoted()) {
      line += '"';
      append_json_escaped(line, value.text());
      line += '"';
    } else {
      line += value.text();
    }
  }
  line += "}\n";
  return line;
}

// Best effort: a log line that cannot be written must not fail the request.
void write_out(std::string_view text) {
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace

void log_line(std::string_view level, std::string_view message, const LogFields& fields) {
  write_out(format_line(level, message, fields));
}

void LogBuffer::add(std::string_view level, std::string_view message, const LogFields& fields) {
  const std::string line = format_line(level, message, fields);
  if (pending_.size() + line.size() > kAtomicWrite) flush();
  if (line.size() >= kAtomicWrite) {
    write_out(line);
  } else {
    pending_ += line;
  }
}

void LogBuffer::flush() {
  if (pending_.empty()) return;
  write_out(pending_);
  pending_.clear();
}

}  // namespace mercado::support
