-- Every order a list may be sorted in has an index, so a page is read in that order and the
-- scan stops after offset + limit rows, instead of sorting the whole table for each request.
-- An index holds the rowid after its columns, which is the tie-break (ORDER BY x, id).
-- products_by_price (0001) serves the price order and the price filters.
CREATE INDEX products_by_title ON products (title_folded);
CREATE INDEX products_by_creation ON products (created_at);
CREATE INDEX products_by_update ON products (updated_at);
CREATE INDEX categories_by_name ON categories (name COLLATE NOCASE);
CREATE INDEX categories_by_creation ON categories (created_at);
CREATE INDEX categories_by_update ON categories (updated_at);
CREATE INDEX users_by_name ON users (name COLLATE NOCASE);
CREATE INDEX users_by_creation ON users (created_at);
CREATE INDEX users_by_update ON users (updated_at);
