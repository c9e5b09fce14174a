#include "storage/open.hpp"

#include <stdexcept>

#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace mercado::storage {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite:";

std::optional<std::string_view> sqlite_path(std::string_view url) {
  if (!url.starts_with(kSqliteScheme) || url.size() == kSqliteScheme.size()) return std::nullopt;
  return url.substr(kSqliteScheme.size());
}

// libpq accepts both schemes; what follows is its to parse (and to refuse, on connecting).
bool is_postgres(std::string_view url) {
  for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> check_database_url(std::string_view url) {
  if (sqlite_path(url) || is_postgres(url)) return std::nullopt;
  return "expected sqlite:PATH or postgresql://USER@HOST[:PORT]/DB";
}

std::optional<std::string> check_replica_url(std::string_view url) {
  if (is_postgres(url)) return std::nullopt;
  return "expected postgresql://USER@HOST[:PORT]/DB";
}

std::string redacted_database_url(std::string_view url) {
  if (!is_postgres(url)) return std::string(url);
  const auto authority = url.find("://") + 3;
  std::string_view rest = url.substr(authority);
  rest = rest.substr(0, rest.find('?'));
  const auto at = rest.rfind('@');
  std::string redacted(url.substr(0, authority));
  if (at != std::string_view::npos) {
    const std::string_view user = rest.substr(0, at);
    redacted += user.substr(0, user.find(':'));
    redacted += '@';
    rest.remove_prefix(at + 1);
  }
  return redacted + std::string(rest);
}

std::unique_ptr<Store> open(std::string_view url, const std::vector<std::string>& replicas) {
  if (const auto path = sqlite_path(url)) {
    if (!replicas.empty()) throw std::runtime_error("database URL: SQLite has no replicas");
    return std::make_unique<sqlite::SqliteStore>(sqlite::SqliteOptions{.path = std::string(*path)});
  }
  if (is_postgres(url)) {
    return std::make_unique<postgres::PgStore>(
        postgres::PostgresOptions{.primary = std::string(url), .replicas = replicas});
  }
  throw std::runtime_error("database URL: " + check_database_url(url).value_or("unsupported"));
}

}  // namespace mercado::storage
