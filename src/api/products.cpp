#include "api/products.hpp"

#include "api/edit.hpp"
#include "api/inputs.hpp"
#include "api/representation.hpp"
#include "api/store_read.hpp"
#include "api/store_write.hpp"
#include "domain/list_query.hpp"

namespace mercado::api::products {
namespace {

using domain::Product;
using domain::ProductInput;

// The body's product. An unknown categoryId is named beside every other bad field: when the
// body is otherwise valid, the store's own check inside the write names it (where it counts,
// with no other write able to change the answer first); when it is not, it is looked up here.
http::Task<InputResult<ProductInput>> product_input(ApiContext& context,
                                                    const http::Request& request,
                                                    domain::WriteMode mode) {
  std::optional<domain::CategoryId> named;
  auto input = read_product_input(request, mode, [&named](domain::CategoryId id) {
    named = id;
    return true;
  });
  if (input || !named || input.error().code != domain::ErrorCode::kInvalidInput) co_return input;
  const auto category = co_await read_category(context, *named);
  // A storage fault is not the client's error: the other fields are reason enough.
  if (category || category.error().code != domain::ErrorCode::kNotFound) co_return input;
  auto error = input.error();
  error.fields.push_back({"categoryId", "must be the id of an existing category"});
  co_return error;
}

// Products in the same category as `product`, but not `product` itself.
http::Task<http::Response> related(ApiContext& context, http::Request& request,
                                   const domain::Result<Product>& product) {
  if (!product) co_return http::problem_response(request, product.error());
  auto page = domain::parse_page(request.query(), domain::kProductSortFields);
  if (!page) co_return http::problem_response(request, page.error());
  domain::ProductQuery query{.filter = {}, .page = *page};
  query.filter.category_id = product->category.id;
  query.filter.excluded = product->id;
  const auto listing = co_await read_products(context, query);
  co_return reply_page(request, listing, query.page);
}

http::Task<http::Response> update(ApiContext& context, http::Request& request,
                                  domain::WriteMode mode) {
  const auto target = edit_target<domain::ProductId>(request);
  if (!target) co_return http::problem_response(request, target.error());
  auto input = co_await product_input(context, request, mode);
  if (!input) co_return http::problem_response(request, input.error());
  const Change<Product> change = [id = target->id,
                                  input = std::move(*input)](storage::StoreWriter& writer) {
    return writer.update_product(id, input);
  };
  co_return co_await edit(context, request, *target, change);
}

}  // namespace

http::Task<http::Response> list(ApiContext& context, http::Request& request) {
  const auto query = domain::parse_product_query(request.query());
  if (!query) co_return http::problem_response(request, query.error());
  const auto listing = co_await read_products(context, *query);
  co_return reply_page(request, listing, query->page);
}

http::Task<http::Response> get_by_id(ApiContext& context, http::Request& request) {
  const auto id = path_id(request);
  if (!id) co_return http::problem_response(request, id.error());
  const auto product = co_await read_product(context, {*id});
  co_return reply(request, product);
}

http::Task<http::Response> get_by_slug(ApiContext& context, http::Request& request) {
  const auto product = co_await read_product_by_slug(context, request.param(0));
  co_return reply(request, product);
}

http::Task<http::Response> related_by_id(ApiContext& context, http::Request& request) {
  const auto id = path_id(request);
  if (!id) co_return http::problem_response(request, id.error());
  const auto product = co_await read_product(context, {*id});
  co_return co_await related(context, request, product);
}

http::Task<http::Response> related_by_slug(ApiContext& context, http::Request& request) {
  const auto product = co_await read_product_by_slug(context, request.param(0));
  co_return co_await related(context, request, product);
}

http::Task<http::Response> create(ApiContext& context, http::Request& request) {
  auto input = co_await product_input(context, request, domain::WriteMode::kCreate);
  if (!input) co_return http::problem_response(request, input.error());
  const Change<Product> change = [input = std::move(*input)](storage::StoreWriter& writer) {
    return writer.create_product(input);
  };
  const auto result = co_await write(context, change);
  co_return created(request, result, "/api/v1/products");
}

http::Task<http::Response> replace(ApiContext& context, http::Request& request) {
  return update(context, request, domain::put_mode(context.settings.profile));
}

http::Task<http::Response> patch(ApiContext& context, http::Request& request) {
  return update(context, request, domain::WriteMode::kPatch);
}

http::Task<http::Response> remove(ApiContext& context, http::Request& request) {
  const auto target = edit_target<domain::ProductId>(request);
  if (!target) co_return http::problem_response(request, target.error());
  const Change<bool> change = [id = target->id](storage::StoreWriter& writer) {
    return writer.delete_product(id);
  };
  co_return co_await edit(context, request, *target, change);
}

}  // namespace mercado::api::products
