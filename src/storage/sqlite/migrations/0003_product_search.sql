-- Full-text search over product titles and descriptions (GET /products?q=). An external-content
-- FTS5 index: the text stays in `products`, and triggers keep the index in step with it.
-- unicode61 with remove_diacritics folds case and accents, as the title filter does.
CREATE VIRTUAL TABLE product_search USING fts5(
  title, description, content = 'products', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO product_search (product_search) VALUES ('rebuild');

CREATE TRIGGER product_search_insert AFTER INSERT ON products BEGIN
  INSERT INTO product_search (rowid, title, description) VALUES (new.id, new.title, new.description);
END;

CREATE TRIGGER product_search_delete AFTER DELETE ON products BEGIN
  INSERT INTO product_search (product_search, rowid, title, description)
  VALUES ('delete', old.id, old.title, old.description);
END;

CREATE TRIGGER product_search_update AFTER UPDATE OF title, description ON products BEGIN
  INSERT INTO product_search (product_search, rowid, title, description)
  VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO product_search (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
