#include "api/users.hpp"

#include "http/body.hpp"
#include "http/conditional.hpp"

#include "api/edit.hpp"
#include "api/inputs.hpp"
#include "api/password_hashing.hpp"
#include "api/representation.hpp"
#include "api/store_read.hpp"
#include "api/store_write.hpp"
#include "domain/list_query.hpp"

namespace mercado::api::users {
namespace {

using domain::User;

// Production lets only an admin give a role; asking for "customer" changes nothing, so anyone
// may say it.
std::optional<domain::Error> check_role_change(const ApiContext& context, const Caller& caller,
                                               const domain::UserInput& input) {
  if (!input.role || *input.role == domain::Role::kCustomer) return std::nullopt;
  if (domain::may_set_role(context.settings.profile, caller.role())) return std::nullopt;
  return domain::forbidden("Only an administrator may give an account a role.");
}

// The sandbox's demo accounts are shared by everyone who follows a tutorial: nobody may break
// them for the others.
http::Task<domain::Result<User>> changeable_user(ApiContext& context, domain::UserId id) {
  auto user = co_await read_user(context, id);
  if (user && user->demo) {
    co_return domain::forbidden(
        "The demo accounts are shared and read-only; create your own account.");
  }
  co_return user;
}

http::Task<http::Response> update(ApiContext& context, http::Request& request, const Caller& caller,
                                  domain::WriteMode mode) {
  const auto target = edit_target<domain::UserId>(request);
  if (!target) co_return http::problem_response(request, target.error());
  const auto input = read_user_input(request, mode, context.settings.profile);
  if (!input) co_return http::problem_response(request, input.error());
  if (auto denied = check_role_change(context, caller, *input)) {
    co_return http::problem_response(request, *denied);
  }
  const auto user = co_await changeable_user(context, target->id);
  if (!user) co_return http::problem_response(request, user.error());
  domain::UserChanges changes{.email = input->email,
                              .name = input->name,
                              .password_hash = std::nullopt,
                              .avatar = input->avatar,
                              .role = input->role};
  if (input->password) {
    auto hash = co_await hash_off_thread(context, *input->password);
    if (!hash) co_return http::problem_response(request, hash.error());
    changes.password_hash = std::move(*hash);
  }
  const Change<User> change = [id = target->id,
                               changes = std::move(changes)](storage::StoreWriter& writer) {
    return writer.update_user(id, changes);
  };
  co_return co_await edit(context, request, *target, change);
}

}  // namespace

http::Task<http::Response> list(ApiContext& context, http::Request& request) {
  const auto page = domain::parse_page(request.query(), domain::kUserSortFields);
  if (!page) co_return http::problem_response(request, page.error());
  const auto listing = co_await read_users(context, *page);
  co_return reply_page(request, listing, *page);
}

http::Task<http::Response> get_by_id(ApiContext& context, http::Request& request) {
  const auto id = path_id(request);
  if (!id) co_return http::problem_response(request, id.error());
  const auto user = co_await read_user(context, {*id});
  co_return reply(request, user);
}

http::Task<http::Response> create(ApiContext& context, http::Request& request,
                                  const Caller& caller) {
  const auto input = read_user_input(request, domain::WriteMode::kCreate, context.settings.profile);
  if (!input) co_return http::problem_response(request, input.error());
  if (auto denied = check_role_change(context, caller, *input)) {
    co_return http::problem_response(request, *denied);
  }
  auto hash = co_await hash_off_thread(context, *input->password);
  if (!hash) co_return http::problem_response(request, hash.error());
  const Change<User> change =
      [user = domain::NewUser{.email = *input->email,
                              .name = *input->name,
                              .password_hash = std::move(*hash),
                              .avatar = *input->avatar,
                              .role = input->role.value_or(domain::Role::kCustomer),
                              .demo = false}](storage::StoreWriter& writer) {
        return writer.create_user(user);
      };
  const auto created_user = co_await write(context, change);
  co_return created(request, created_user, "/api/v1/users");
}

http::Task<http::Response> is_available(ApiContext& context, http::Request& request) {
  const auto email = read_single_field(request, "email");
  if (!email) co_return http::problem_response(request, email.error());
  if (!domain::is_valid_email(*email)) {
    co_return http::problem_response(
        request,
        domain::invalid("The body is invalid.",
                        {{"email", "must be an e-mail address such as name@example.com"}}));
  }
  const auto taken = co_await read_email_taken(context, *email);
  if (!taken) co_return http::problem_response(request, taken.error());
  co_return represent(request, http::Status::created, Availability{!*taken});
}

http::Task<http::Response> replace(ApiContext& context, http::Request& request,
                                   const Caller& caller) {
  return update(context, request, caller, domain::put_mode(context.settings.profile));
}

http::Task<http::Response> patch(ApiContext& context, http::Request& request,
                                 const Caller& caller) {
  return update(context, request, caller, domain::WriteMode::kPatch);
}

http::Task<http::Response> remove(ApiContext& context, http::Request& request) {
  const auto target = edit_target<domain::UserId>(request);
  if (!target) co_return http::problem_response(request, target.error());
  const auto user = co_await changeable_user(context, target->id);
  if (!user) co_return http::problem_response(request, user.error());
  const Change<bool> change = [id = target->id](storage::StoreWriter& writer) {
    return writer.delete_user(id);
  };
  co_return co_await edit(context, request, *target, change);
}

void echo_password(const ApiContext& context, const http::Request& request,
                   http::Response& response) {
  if (context.settings.profile != domain::Profile::kSandbox) return;
  const auto status = response.result();
  if (status != http::Status::ok && status != http::Status::created) return;
  const auto body = http::parse_body(request);
  if (!body) return;
  http::BodyReader reader(*body);
  const auto password = reader.string("password");
  const auto format = http::body_format(response[http::beast_http::field::content_type]);
  if (!password || !format) return;
  // The ETag stays the user's (set by represent), which is what If-Match compares against.
  http::append_text_field(response.body(), *format, "password", *password);
}

}  // namespace mercado::api::users
