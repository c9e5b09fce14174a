// Who may do what, in which profile: the rules of the contract's "Profiles" section.
#pragma once

#include <string_view>

#include "domain/category.hpp"

namespace mercado::domain {

enum class Profile {
  kSandbox,     // the quickstart: seeded demo data, writes open to anyone, lenient PUT
  kProduction,  // a real shop: catalog writes for admins only, strict PUT
};

// The caller's role: anonymous until a valid access token says who it is.
enum class Role { kAnonymous, kCustomer, kAdmin };

enum class Access { kAllowed, kUnauthenticated, kForbidden };

// The rule each route declares in the route table. The table of the contract's profiles:
//
//   rule              sandbox          production
//   kAnyone           anyone           anyone
//   kSignedIn         signed in        signed in
//   kCatalogEditor    anyone           admin
//   kUserDirectory    anyone           admin
//   kAccountOwner     anyone           the account itself, or an admin
//   kUploader         anyone           signed in
enum class RouteRule {
  kAnyone,
  kSignedIn,
  kCatalogEditor,
  kUserDirectory,
  kAccountOwner,
  kUploader,
};

// `is_target` says whether the caller is the account the request names (kAccountOwner).
Access route_access(Profile profile, RouteRule rule, Role caller, bool is_target = false);

// Whether the rule needs to know the caller at all in this profile; when it does not, a token
// is not even read.
bool needs_caller(Profile profile, RouteRule rule);

// The rule's name, as `mercado routes` lists it.
std::string_view rule_name(RouteRule rule);

// Only an admin may give an account a role in production; the sandbox, like the reference API,
// lets anyone.
bool may_set_role(Profile profile, Role caller);

// PUT replaces the whole resource in production; the sandbox, like the reference API, treats
// it as a partial update so tutorials that PUT one field keep working.
WriteMode put_mode(Profile profile);

}  // namespace mercado::domain
