-- Stock, carts and orders. Products that existed before have no stock counted (0): a shop
-- counts its inventory before anything can be ordered, rather than selling what it may not have.
ALTER TABLE products ADD COLUMN stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0);

-- A user's cart, one row per product in it; the id keeps the order lines were first added in.
CREATE TABLE cart_items (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  UNIQUE (user_id, product_id)
);
CREATE INDEX cart_items_by_product ON cart_items (product_id);

-- Orders keep what was bought as it was then: the lines copy each product's title, first image
-- and price, and name the product by id without a foreign key, so deleting a product (or its
-- buyer's account) leaves the shop's record of the sale whole.
CREATE TABLE orders (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     INTEGER NOT NULL,
  status      TEXT NOT NULL
              CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
  total_cents INTEGER NOT NULL CHECK (total_cents > 0),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX orders_by_user ON orders (user_id, id);
CREATE INDEX orders_by_status ON orders (status, id);

CREATE TABLE order_lines (
  order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  product_id       INTEGER NOT NULL,
  title            TEXT NOT NULL,
  image            TEXT NOT NULL,
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents > 0),
  quantity         INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  PRIMARY KEY (order_id, position)
) WITHOUT ROWID;

CREATE TRIGGER orders_version AFTER UPDATE ON orders WHEN new.version = old.version BEGIN
  UPDATE orders SET version = old.version + 1 WHERE id = new.id;
END;

-- Carts and orders are read by their owners right after they change them: the commit position
-- moves with them as with the catalog (0007).
CREATE TRIGGER cart_items_insert_moves_position AFTER INSERT ON cart_items BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER cart_items_update_moves_position AFTER UPDATE ON cart_items BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER cart_items_delete_moves_position AFTER DELETE ON cart_items BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER orders_insert_moves_position AFTER INSERT ON orders BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER orders_update_moves_position AFTER UPDATE ON orders BEGIN
  UPDATE commit_position SET position = position + 1;
END;
