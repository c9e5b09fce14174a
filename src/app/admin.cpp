#include "app/admin.hpp"

#include <iostream>
#include <map>

#include "api/placeholders.hpp"
#include "app/config.hpp"
#include "auth/crypto.hpp"
#include "storage/open.hpp"

namespace mercado::app {
namespace {

constexpr const char* kUsage =
    "usage: mercado admin create --db sqlite:PATH --email E --password P|- [--name N]\n"
    "                            [--avatar URL]\n"
    "Creates an administrator account. With --password - the password is read from stdin.\n"
    "The password must follow the production rule: at least 8 characters.\n";

using Flags = std::map<std::string, std::string>;

// "--flag value" pairs; an empty result with `error` set when they don't parse.
Flags parse_flags(const std::vector<std::string>& args, std::string& error) {
  Flags flags;
  for (std::size_t i = 1; i < args.size(); i += 2) {
    const std::string& flag = args[i];
    if (flag != "--db" && flag != "--email" && flag != "--password" && flag != "--name" &&
        flag != "--avatar") {
      error = "unknown option " + flag;
      return {};
    }
    if (i + 1 >= args.size()) {
      error = flag + " needs a value";
      return {};
    }
    flags[flag] = args[i + 1];
  }
  for (const char* required : {"--db", "--email", "--password"}) {
    if (!flags.contains(required)) error = std::string(required) + " is required";
  }
  return flags;
}

// The account to create, validated by the same rules as POST /users in production.
domain::Result<domain::UserInput> admin_input(const Flags& flags, std::istream& in) {
  std::string password = flags.at("--password");
  if (password == "-") std::getline(in, password);
  const auto name = flags.contains("--name") ? flags.at("--name") : std::string("Administrator");
  const auto avatar = flags.contains("--avatar")
                          ? flags.at("--avatar")
                          : api::placeholders::url("http://127.0.0.1:3000", "avatar");
  domain::UserInput input{.email = flags.at("--email"),
                          .name = name,
                          .password = password,
                          .avatar = avatar,
                          .role = domain::Role::kAdmin};
  auto errors =
      domain::validate_user(input, domain::WriteMode::kCreate, domain::Profile::kProduction);
  if (!errors.empty()) return domain::invalid("invalid account", std::move(errors));
  return input;
}

}  // namespace

int run_admin_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                      std::ostream& err) {
  if (args.empty() || args[0] != "create") {
    err << kUsage;
    return 2;
  }
  std::string error;
  const Flags flags = parse_flags(args, error);
  if (error.empty()) {
    if (const auto problem = storage::check_database_url(flags.at("--db")))
      error = "--db: " + *problem;
  }
  if (!error.empty()) {
    err << "mercado admin: " << error << "\n" << kUsage;
    return 2;
  }
  const auto input = admin_input(flags, in);
  if (!input) {
    for (const auto& field : input.error().fields) {
      err << "mercado admin: " << field.field << " " << field.message << "\n";
    }
    return 2;
  }
  try {
    auth::initialize_crypto();
    const auto hash = auth::hash_password(*input->password, Config{}.hash_cost);
    if (!hash) throw std::runtime_error("not enough memory to hash the password");
    const auto store = storage::open(flags.at("--db"));
    std::optional<domain::Result<domain::User>> created;
    store->write_now([&](storage::StoreWriter& writer) {
      created = writer.create_user({.email = *input->email,
                                    .name = *input->name,
                                    .password_hash = *hash,
                                    .avatar = *input->avatar,
                                    .role = domain::Role::kAdmin,
                                    .demo = false});
      return created->ok();
    });
    if (!created || !*created) {
      err << "mercado admin: " << (created ? created->error().detail : "storage failed") << "\n";
      return 1;
    }
    out << "created administrator " << (*created)->email << " with id " << (*created)->id.value
        << "\n";
  } catch (const std::exception& failure) {
    err << "mercado admin: " << failure.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace mercado::app
