// StoreReader on a read-only SQLite connection with its statements prepared once.
#pragma once

#include <string>

#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace mercado::storage::sqlite {

class SqliteReader final : public StoreReader {
 public:
  explicit SqliteReader(const std::string& path);

  Result<Product> product(ProductId id) override;
  Result<Product> product_by_slug(std::string_view slug) override;
  Result<std::vector<Product>> products(const domain::ProductQuery& query) override;
  Result<Category> category(CategoryId id) override;
  Result<Category> category_by_slug(std::string_view slug) override;
  Result<std::vector<Category>> categories(const domain::Page& page) override;
  Result<User> user(UserId id) override;
  Result<std::vector<User>> users(const domain::Page& page) override;
  Result<bool> email_taken(std::string_view email) override;
  Result<Credentials> credentials(std::string_view email) override;
  Result<StoredFile> file(std::string_view name) override;

 private:
  Connection db_;
  Statement product_by_id_;
  Statement product_by_slug_;
  Statement product_list_;
  Statement category_by_id_;
  Statement category_by_slug_;
  Statement category_list_;
  Statement user_by_id_;
  Statement user_list_;
  Statement email_taken_;
  Statement credentials_;
  Statement file_by_name_;
};

}  // namespace mercado::storage::sqlite
