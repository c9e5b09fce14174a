#include "api/entity_tags.hpp"

#include "http/conditional.hpp"
#include "http/negotiation.hpp"

namespace mercado::api {
namespace {

// One row as the tag sees it. The creation time tells apart two rows that had the same id one
// after the other (SQLite may reuse the id of a deleted last row).
void append_row(std::string& key, std::string_view kind, std::int64_t id, std::int64_t version,
                std::string_view created_at) {
  key += kind;
  key += ' ';
  key += std::to_string(id);
  key += ' ';
  key += std::to_string(version);
  key += ' ';
  key += created_at;
  key += '\n';
}

std::string tag(std::string key, const Form& form) {
  key += http::media_type(form.format);
  for (const auto& field : form.fields) {
    key += ',';
    key += field;
  }
  key += "\nrevision ";
  key += std::to_string(kRepresentationRevision);
  return http::entity_tag(key);
}

}  // namespace

Form form_of(const http::Request& request) {
  return {.format = request.format().value_or(http::Format::kJson),
          .fields = request.selected_fields()};
}

std::string entity_tag(const domain::Product& product, const Form& form) {
  std::string key;
  append_row(key, "product", product.id.value, product.version, product.created_at);
  const auto& category = product.category;
  append_row(key, "category", category.id.value, category.version, category.created_at);
  return tag(std::move(key), form);
}

std::string entity_tag(const domain::Category& category, const Form& form) {
  std::string key;
  append_row(key, "category", category.id.value, category.version, category.created_at);
  return tag(std::move(key), form);
}

std::string entity_tag(const domain::User& user, const Form& form) {
  std::string key;
  append_row(key, "user", user.id.value, user.version, user.created_at);
  return tag(std::move(key), form);
}

std::string entity_tag(const domain::Order& order, const Form& form) {
  std::string key;
  append_row(key, "order", order.id.value, order.version, order.created_at);
  return tag(std::move(key), form);
}

}  // namespace mercado::api
