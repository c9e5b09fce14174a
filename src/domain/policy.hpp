// Who may do what, in which profile: the rules of the contract's "Profiles" section.
#pragma once

#include "domain/category.hpp"

namespace mercado::domain {

enum class Profile {
  kSandbox,     // the quickstart: seeded demo data, writes open to anyone, lenient PUT
  kProduction,  // a real shop: catalog writes for admins only, strict PUT
};

enum class Role { kAnonymous, kCustomer, kAdmin };

enum class Access { kAllowed, kUnauthenticated, kForbidden };

// Creating, changing or deleting products and categories.
Access catalog_write_access(Profile profile, Role caller);

// PUT replaces the whole resource in production; the sandbox, like the reference API, treats
// it as a partial update so tutorials that PUT one field keep working.
WriteMode put_mode(Profile profile);

}  // namespace mercado::domain
