#include "api/categories.hpp"

#include "api/edit.hpp"
#include "api/inputs.hpp"
#include "api/representation.hpp"
#include "api/store_read.hpp"
#include "api/store_write.hpp"
#include "domain/list_query.hpp"

namespace mercado::api::categories {
namespace {

using domain::Category;

http::Task<http::Response> update(ApiContext& context, http::Request& request,
                                  domain::WriteMode mode) {
  const auto target = edit_target<domain::CategoryId>(request);
  if (!target) co_return http::problem_response(request, target.error());
  auto input = read_category_input(request, mode);
  if (!input) co_return http::problem_response(request, input.error());
  const Change<Category> change = [id = target->id,
                                   input = std::move(*input)](storage::StoreWriter& writer) {
    return writer.update_category(id, input);
  };
  co_return co_await edit(context, request, *target, change);
}

}  // namespace

http::Task<http::Response> list(ApiContext& context, http::Request& request) {
  const auto page = domain::parse_page(request.query(), domain::kCategorySortFields);
  if (!page) co_return http::problem_response(request, page.error());
  const auto listing = co_await read_categories(context, *page);
  co_return reply_page(request, listing, *page);
}

http::Task<http::Response> get_by_id(ApiContext& context, http::Request& request) {
  const auto id = path_id(request);
  if (!id) co_return http::problem_response(request, id.error());
  const auto category = co_await read_category(context, {*id});
  co_return reply(request, category);
}

http::Task<http::Response> get_by_slug(ApiContext& context, http::Request& request) {
  const auto category = co_await read_category_by_slug(context, request.param(0));
  co_return reply(request, category);
}

// A missing category is a 404, not an empty list: the client named something that isn't there.
http::Task<http::Response> products(ApiContext& context, http::Request& request) {
  const auto id = path_id(request);
  if (!id) co_return http::problem_response(request, id.error());
  const auto page = domain::parse_page(request.query(), domain::kProductSortFields);
  if (!page) co_return http::problem_response(request, page.error());
  const auto category = co_await read_category(context, {*id});
  if (!category) co_return http::problem_response(request, category.error());
  domain::ProductQuery query{.filter = {}, .page = *page};
  query.filter.category_id = category->id;
  const auto listing = co_await read_products(context, query);
  co_return reply_page(request, listing, query.page);
}

http::Task<http::Response> create(ApiContext& context, http::Request& request) {
  auto input = read_category_input(request, domain::WriteMode::kCreate);
  if (!input) co_return http::problem_response(request, input.error());
  const Change<Category> change = [input = std::move(*input)](storage::StoreWriter& writer) {
    return writer.create_category(input);
  };
  const auto result = co_await write(context, change);
  co_return created(request, result, "/api/v1/categories");
}

http::Task<http::Response> replace(ApiContext& context, http::Request& request) {
  return update(context, request, domain::put_mode(context.settings.profile));
}

http::Task<http::Response> patch(ApiContext& context, http::Request& request) {
  return update(context, request, domain::WriteMode::kPatch);
}

http::Task<http::Response> remove(ApiContext& context, http::Request& request) {
  const auto target = edit_target<domain::CategoryId>(request);
  if (!target) co_return http::problem_response(request, target.error());
  const Change<bool> change = [id = target->id](storage::StoreWriter& writer) {
    return writer.delete_category(id);
  };
  co_return co_await edit(context, request, *target, change);
}

}  // namespace mercado::api::categories
