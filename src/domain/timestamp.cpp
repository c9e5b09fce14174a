#include "domain/timestamp.hpp"

#include <cstdio>

namespace mercado::domain {

std::string format_timestamp(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const auto millis = time_point_cast<milliseconds>(at);
  const auto day = floor<days>(millis);
  const year_month_day date{day};
  const hh_mm_ss time{millis - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()),
                int(time.subseconds().count()));
  return text;
}

}  // namespace mercado::domain
