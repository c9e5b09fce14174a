-- The catalog: categories and their products.
-- AUTOINCREMENT so that a deleted id is never given to a new row: clients and caches that
-- remember /products/7 must never see a different product there.
CREATE TABLE categories (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL,
  slug        TEXT NOT NULL UNIQUE,
  slug_base   TEXT NOT NULL,              -- slug = slug_base, or slug_base-N for N >= 2
  slug_number INTEGER NOT NULL,           -- 1 for the bare base, else N
  image       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE products (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  title         TEXT NOT NULL,
  title_folded  TEXT NOT NULL,            -- lower-case, accents folded: the `title` filter
  slug          TEXT NOT NULL UNIQUE,
  slug_base     TEXT NOT NULL,
  slug_number   INTEGER NOT NULL,
  price_cents   INTEGER NOT NULL CHECK (price_cents > 0),
  description   TEXT NOT NULL,
  category_id   INTEGER NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
  images        TEXT NOT NULL,            -- the URLs in order, one per line
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- The next free number for a duplicated title is one index probe, however many duplicates exist.
CREATE INDEX categories_by_slug_base ON categories (slug_base, slug_number);
CREATE INDEX products_by_slug_base ON products (slug_base, slug_number);
CREATE INDEX products_by_category ON products (category_id, id);
CREATE INDEX products_by_price ON products (price_cents);
