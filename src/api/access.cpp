#include "api/access.hpp"

#include "api/store_read.hpp"

#include <cctype>

namespace mercado::api {
namespace {

// RFC 6750 2.1: the scheme is case-insensitive, then one space, then the token.
std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return std::nullopt;
    }
  }
  return authorization.substr(kScheme.size());
}

std::string forbidden_detail(domain::RouteRule rule) {
  switch (rule) {
    case domain::RouteRule::kCatalogEditor:
      return "Only an administrator may change the catalog.";
    case domain::RouteRule::kUserDirectory:
      return "Only an administrator may list the users.";
    case domain::RouteRule::kAccountOwner:
      return "You may only see or change your own account.";
    default:
      return "You may not do this.";
  }
}

}  // namespace

http::Task<domain::Result<Caller>> identify(ApiContext& context, const http::Request& request) {
  const auto& raw = request.raw();
  const auto count = raw.count(http::beast_http::field::authorization);
  if (count == 0) co_return Caller{};
  if (count > 1) co_return domain::unauthorized("Send one Authorization header.");
  const auto token = bearer_token(request.header(http::beast_http::field::authorization));
  if (!token)
    co_return domain::unauthorized("The Authorization header must be \"Bearer <access token>\".");
  const auto id = context.services.tokens.verify(*token, mercado::auth::TokenKind::kAccess,
                                                 mercado::auth::unix_now());
  if (!id) co_return id.error();
  auto user = co_await read_user(context, *id);
  if (!user) {
    if (user.error().code == domain::ErrorCode::kNotFound) {
      co_return mercado::auth::invalid_token();
    }
    co_return user.error();
  }
  co_return Caller{std::move(*user)};
}

std::optional<domain::Error> check_access(const ApiContext& context, domain::RouteRule rule,
                                          const Caller& caller,
                                          std::optional<domain::UserId> target) {
  const bool is_target = target && caller.is(*target);
  switch (domain::route_access(context.settings.profile, rule, caller.role(), is_target)) {
    case domain::Access::kAllowed:
      return std::nullopt;
    case domain::Access::kForbidden:
      return domain::forbidden(forbidden_detail(rule));
    case domain::Access::kUnauthenticated:
      break;
  }
  return domain::unauthorized("This needs an access token: sign in first.");
}

}  // namespace mercado::api
