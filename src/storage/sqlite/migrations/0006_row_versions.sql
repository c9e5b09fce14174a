-- Every change of a row bumps its version. Entity tags are made from versions, so a write checks
-- If-Match by comparing numbers the database keeps, never by rendering the row. Triggers bump
-- them, so a change made by hand (sqlite3, mercado admin) counts as well as the server's own.
ALTER TABLE products ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER products_version AFTER UPDATE ON products WHEN new.version = old.version BEGIN
  UPDATE products SET version = old.version + 1 WHERE id = new.id;
END;

CREATE TRIGGER categories_version AFTER UPDATE ON categories WHEN new.version = old.version BEGIN
  UPDATE categories SET version = old.version + 1 WHERE id = new.id;
END;

CREATE TRIGGER users_version AFTER UPDATE ON users WHEN new.version = old.version BEGIN
  UPDATE users SET version = old.version + 1 WHERE id = new.id;
END;
