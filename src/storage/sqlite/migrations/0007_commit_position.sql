-- Where the store is in its history of commits. Every change to what clients read moves it, in
-- the change's own transaction (triggers, so changes made by hand count too). A reader takes it
-- with its snapshot: readers at one position see the same data, so what was read there may be
-- reused (the read cache), and a reader's position says how recent its data is.
CREATE TABLE commit_position (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  position INTEGER NOT NULL
);
INSERT INTO commit_position (singleton, position) VALUES (1, 1);

CREATE TRIGGER products_insert_moves_position AFTER INSERT ON products BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER products_update_moves_position AFTER UPDATE ON products BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER products_delete_moves_position AFTER DELETE ON products BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER categories_insert_moves_position AFTER INSERT ON categories BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER categories_update_moves_position AFTER UPDATE ON categories BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER categories_delete_moves_position AFTER DELETE ON categories BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER users_insert_moves_position AFTER INSERT ON users BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER users_update_moves_position AFTER UPDATE ON users BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER users_delete_moves_position AFTER DELETE ON users BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER files_insert_moves_position AFTER INSERT ON files BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER files_update_moves_position AFTER UPDATE ON files BEGIN
  UPDATE commit_position SET position = position + 1;
END;

CREATE TRIGGER files_delete_moves_position AFTER DELETE ON files BEGIN
  UPDATE commit_position SET position = position + 1;
END;
