#include "api/inputs.hpp"

#include "domain/list_query.hpp"
#include "http/body.hpp"

namespace mercado::api {
namespace {

// Decoding and validation errors together: a field with a decoding error is absent from the
// input, so validation can only add "is required" for it, which says nothing new.
template <class Input, class Decode, class Validate>
InputResult<Input> read_input(const http::Request& request, domain::WriteMode mode, Decode decode,
                              Validate validate) {
  auto body = http::parse_body(request);
  if (!body) return body.error();
  http::BodyReader reader(*body);
  Input input = decode(reader);
  auto errors = reader.take_errors();
  for (auto& error : validate(input, mode)) {
    const bool known = std::any_of(errors.begin(), errors.end(),
                                   [&](const auto& e) { return e.field == error.field; });
    if (!known) errors.push_back(std::move(error));
  }
  if (!errors.empty()) {
    return domain::invalid("The body is invalid.", std::move(errors));
  }
  return input;
}

}  // namespace

InputResult<domain::ProductInput> read_product_input(
    const http::Request& request, domain::WriteMode mode,
    const std::function<bool(domain::CategoryId)>& category_exists) {
  return read_input<domain::ProductInput>(
      request, mode,
      [](http::BodyReader& body) {
        domain::ProductInput input;
        input.title = body.string("title");
        input.price = body.price("price");
        input.description = body.string("description");
        if (const auto id = body.id("categoryId")) input.category_id = domain::CategoryId{*id};
        input.images = body.string_list("images");
        input.stock = body.count("stock");
        return input;
      },
      [&](const domain::ProductInput& input, domain::WriteMode mode) {
        auto errors = domain::validate_product(input, mode);
        const bool id_valid = std::none_of(errors.begin(), errors.end(),
                                           [](const auto& e) { return e.field == "categoryId"; });
        if (input.category_id && id_valid && !category_exists(*input.category_id)) {
          errors.push_back({"categoryId", "must be the id of an existing category"});
        }
        return errors;
      });
}

InputResult<domain::CategoryInput> read_category_input(const http::Request& request,
                                                       domain::WriteMode mode) {
  return read_input<domain::CategoryInput>(
      request, mode,
      [](http::BodyReader& body) {
        return domain::CategoryInput{.name = body.string("name"), .image = body.string("image")};
      },
      domain::validate_category);
}

InputResult<domain::UserInput> read_user_input(const http::Request& request, domain::WriteMode mode,
                                               domain::Profile profile) {
  return read_input<domain::UserInput>(
      request, mode,
      [](http::BodyReader& body) {
        domain::UserInput input{.email = body.string("email"),
                                .name = body.string("name"),
                                .password = body.string("password"),
                                .avatar = body.string("avatar"),
                                .role = std::nullopt};
        if (const auto role = body.string("role")) {
          input.role = domain::parse_role(*role);
          if (!input.role) body.add_error("role", "must be \"customer\" or \"admin\"");
        }
        return input;
      },
      [profile](const domain::UserInput& input, domain::WriteMode mode) {
        return domain::validate_user(input, mode, profile);
      });
}

InputResult<LoginInput> read_login_input(const http::Request& request) {
  return read_input<LoginInput>(
      request, domain::WriteMode::kCreate,
      [](http::BodyReader& body) {
        return LoginInput{.email = body.nullable_string("email"),
                          .password = body.nullable_string("password")};
      },
      [](const LoginInput& input, domain::WriteMode) {
        return domain::validate_login(input.password);
      });
}

InputResult<std::string> read_single_field(const http::Request& request, const char* field) {
  auto value = read_input<std::optional<std::string>>(
      request, domain::WriteMode::kCreate,
      [field](http::BodyReader& body) { return body.string(field); },
      [field](const std::optional<std::string>& input, domain::WriteMode) {
        domain::FieldErrors errors;
        errors.require(input, field, true);
        return errors.take();
      });
  if (!value) return value.error();
  return std::move(**value);
}

InputResult<std::int64_t> read_cart_quantity(const http::Request& request) {
  auto quantity = read_input<std::optional<std::int64_t>>(
      request, domain::WriteMode::kCreate,
      [](http::BodyReader& body) { return body.count("quantity"); },
      [](const std::optional<std::int64_t>& input, domain::WriteMode) {
        return domain::validate_cart_quantity(input);
      });
  if (!quantity) return quantity.error();
  return **quantity;
}

InputResult<std::optional<std::vector<domain::OrderItem>>> read_order_items(
    const http::Request& request) {
  using Items = std::optional<std::vector<domain::OrderItem>>;
  if (request.body().empty()) return Items{};
  return read_input<Items>(
      request, domain::WriteMode::kCreate,
      [](http::BodyReader& body) -> Items {
        auto readers = body.objects("items", domain::kMaxOrderLines);
        if (!readers) return std::nullopt;
        std::vector<domain::OrderItem> items;
        for (auto& item : *readers) {
          const auto product = item.id("productId");
          const auto quantity = item.count("quantity");
          item.require(product.has_value(), "productId");
          body.merge_errors(item);
          items.push_back({domain::ProductId{product.value_or(0)}, quantity.value_or(0)});
        }
        return items;
      },
      [](const Items& items, domain::WriteMode) {
        return items ? domain::validate_order_items(*items) : std::vector<domain::FieldError>{};
      });
}

InputResult<domain::OrderStatus> read_order_status(const http::Request& request) {
  const auto name = read_single_field(request, "status");
  if (!name) return name.error();
  if (const auto status = domain::parse_status(*name)) return *status;
  return domain::invalid("The body is invalid.",
                         {{"status",
                           "must be one of: pending, paid, shipped, delivered, "
                           "cancelled"}});
}

InputResult<std::int64_t> path_id(const http::Request& request, std::size_t index) {
  if (const auto id = domain::parse_id(request.param(index))) return *id;
  return domain::invalid("The id in the path is invalid.", {{"id", "must be a positive integer"}});
}

}  // namespace mercado::api
