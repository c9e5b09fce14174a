#include "api/auth.hpp"

#include "api/failed_logins.hpp"
#include "api/inputs.hpp"
#include "api/password_hashing.hpp"
#include "api/representation.hpp"
#include "api/store_read.hpp"

namespace mercado::api::auth {
namespace {

using mercado::auth::TokenKind;

domain::Error bad_login() {
  // The same answer for an unknown e-mail and a wrong password: it must not tell which.
  return {domain::ErrorCode::kUnauthorized, "The e-mail or the password is wrong.", {}};
}

// Production counts failed logins; the sandbox's demo accounts are shared by every tutorial,
// where a lockout would only get in the way.
bool throttled(const ApiContext& context) {
  return context.settings.profile == domain::Profile::kProduction;
}

http::Response tokens_for(const ApiContext& context, http::Request& request, domain::UserId user) {
  return represent(request, http::Status::created,
                   context.services.tokens.issue_pair(user, mercado::auth::unix_now()));
}

}  // namespace

http::Task<http::Response> login(ApiContext& context, http::Request& request) {
  const auto input = read_login_input(request);
  if (!input) co_return http::problem_response(request, input.error());
  if (!input->email || !input->password) co_return http::problem_response(request, bad_login());
  const std::string account = domain::email_key(*input->email);
  const std::string client(request.client_address());
  if (throttled(context)) {
    if (const auto wait = co_await login_blocked_for(context, account, client)) {
      domain::Error error{
          domain::ErrorCode::kRateLimited, "Too many failed logins; wait before trying again.", {}};
      error.retry_after_seconds = *wait;
      co_return http::problem_response(request, error);
    }
  }
  const auto credentials = co_await read_credentials(context, *input->email);
  if (!credentials && credentials.error().code != domain::ErrorCode::kNotFound) {
    co_return http::problem_response(request, credentials.error());
  }
  // An unknown e-mail is checked against a decoy hash, so it takes as long as a known one.
  const std::string& hash = credentials ? credentials->password_hash
                                        : mercado::auth::decoy_hash(context.settings.hash_cost);
  const auto matches = co_await verify_off_thread(context, hash, *input->password);
  if (!matches) co_return http::problem_response(request, matches.error());
  if (!credentials || !*matches) {
    if (throttled(context)) co_await record_login_failure(context, account, client);
    co_return http::problem_response(request, bad_login());
  }
  if (throttled(context)) co_await record_login_success(context, account);
  co_return tokens_for(context, request, credentials->user.id);
}

http::Task<http::Response> profile(ApiContext& /*context*/, http::Request& request,
                                   const Caller& caller) {
  co_return represent(request, http::Status::ok, *caller.user);
}

http::Task<http::Response> refresh(ApiContext& context, http::Request& request) {
  const auto token = read_single_field(request, "refreshToken");
  if (!token) co_return http::problem_response(request, token.error());
  const auto id =
      context.services.tokens.verify(*token, TokenKind::kRefresh, mercado::auth::unix_now());
  if (!id) co_return http::problem_response(request, id.error());
  // A deleted user's refresh token must not mint new access tokens.
  const auto user = co_await read_user(context, *id);
  if (!user) {
    if (user.error().code != domain::ErrorCode::kNotFound) {
      co_return http::problem_response(request, user.error());
    }
    co_return http::problem_response(request, mercado::auth::invalid_token());
  }
  co_return tokens_for(context, request, user->id);
}

}  // namespace mercado::api::auth
