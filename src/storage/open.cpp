#include "storage/open.hpp"

#include <stdexcept>

#include "storage/sqlite/sqlite_store.hpp"

namespace mercado::storage {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite:";

std::optional<std::string_view> sqlite_path(std::string_view url) {
  if (!url.starts_with(kSqliteScheme) || url.size() == kSqliteScheme.size()) return std::nullopt;
  return url.substr(kSqliteScheme.size());
}

}  // namespace

std::optional<std::string> check_database_url(std::string_view url) {
  if (sqlite_path(url)) return std::nullopt;
  return "expected sqlite:PATH";
}

std::unique_ptr<Store> open(std::string_view url) {
  if (const auto path = sqlite_path(url)) {
    return std::make_unique<sqlite::SqliteStore>(sqlite::SqliteOptions{.path = std::string(*path)});
  }
  throw std::runtime_error("database URL: " + check_database_url(url).value_or("unsupported"));
}

}  // namespace mercado::storage
