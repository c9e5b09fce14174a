// Entity tags of the resources the store versions (products, categories, users), made from
// their stored state rather than their bytes. A tag names the versions of the rows its
// representation shows (a product shows its category) and the form it takes, so a write job
// checks If-Match by reading versions in its transaction, without rendering anything, and every
// instance of one build gives one state one tag. Other responses (lists, files) keep tags made
// from their bytes (http::entity_tag).
#pragma once

#include <span>
#include <string>

#include "domain/category.hpp"
#include "domain/order.hpp"
#include "domain/product.hpp"
#include "domain/user.hpp"
#include "http/message.hpp"

namespace mercado::api {

// Goes into every tag. Bump it when the bytes of a product's, category's or user's
// representation change for the same stored state (a field added, renamed or formatted
// differently), so that tags taken before stop matching; entity_tags_test holds it to the bytes.
inline constexpr int kRepresentationRevision = 2;

// How a representation is written: its format and the fields selected (empty: all of them).
struct Form {
  http::Format format = http::Format::kJson;
  std::span<const std::string> fields;
};

// The form a response to `request` takes.
Form form_of(const http::Request& request);

std::string entity_tag(const domain::Product& product, const Form& form);
std::string entity_tag(const domain::Category& category, const Form& form);
std::string entity_tag(const domain::User& user, const Form& form);
// An order's lines never change: its row's version stands for all of it.
std::string entity_tag(const domain::Order& order, const Form& form);

}  // namespace mercado::api
