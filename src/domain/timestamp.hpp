// Timestamps as the contract shows them: ISO 8601, UTC, milliseconds ("2026-11-28T10:19:42.123Z").
#pragma once

#include <chrono>
#include <string>

namespace mercado::domain {

std::string format_timestamp(std::chrono::system_clock::time_point at);
inline std::string now_timestamp() { return format_timestamp(std::chrono::system_clock::now()); }

}  // namespace mercado::domain
