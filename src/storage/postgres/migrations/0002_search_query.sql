-- GET /products?q= as a tsquery: every word, the last as a prefix (search as you type), each
-- folded as the indexed text is. A word that folds to nothing (a lone combining accent) is
-- left out: quoted empty, it would make the whole query a syntax error. Each word is quoted
-- (quotes doubled, backslashes escaped), so nothing the client typed is tsquery syntax.
CREATE FUNCTION mercado_search_query(words text[]) RETURNS tsquery
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
  lexemes text[] := ARRAY(
    SELECT folded FROM unnest(words) WITH ORDINALITY AS w (word, n),
                       mercado_fold(w.word) AS folded
     WHERE folded <> '' ORDER BY n);
  operands text[] := ARRAY[]::text[];
BEGIN
  FOR i IN 1 .. coalesce(array_length(lexemes, 1), 0) LOOP
    operands := operands ||
      ('''' || replace(replace(lexemes[i], '\', '\\'), '''', '''''') || '''' ||
       CASE WHEN i = array_length(lexemes, 1) THEN ':*' ELSE '' END);
  END LOOP;
  RETURN to_tsquery('simple', array_to_string(operands, ' & '));
END $$;
