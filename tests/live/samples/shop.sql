-- A shop, written by hand: composite keys, a self-reference, partial and
-- expression indexes, enums, checks, comments, a partitioned table, a view
-- and a function.
CREATE TYPE order_state AS ENUM ('cart', 'placed', 'shipped', 'cancelled');
COMMENT ON TYPE order_state IS 'Where an order is in its life.';

CREATE TABLE categories (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id integer REFERENCES categories (id) ON DELETE CASCADE,
    name varchar(80) NOT NULL,
    CONSTRAINT name_not_blank CHECK (btrim(name) <> '')
);
CREATE INDEX categories_parent_id_idx ON categories (parent_id);
COMMENT ON TABLE categories IS 'A tree of product categories.';

CREATE TABLE products (
    sku char(12) PRIMARY KEY,
    category_id integer NOT NULL REFERENCES categories (id),
    title text NOT NULL,
    price numeric(10,2) NOT NULL DEFAULT 0,
    attributes jsonb NOT NULL DEFAULT '{}',
    discontinued boolean NOT NULL DEFAULT false,
    CONSTRAINT price_not_negative CHECK (price >= 0)
);
CREATE INDEX products_category_id_idx ON products (category_id);
CREATE INDEX products_title_lower_idx ON products (lower(title));
CREATE INDEX products_live_idx ON products (category_id, price) WHERE NOT discontinued;
CREATE INDEX products_attributes_idx ON products USING gin (attributes);
COMMENT ON COLUMN products.sku IS 'Stock keeping unit, fixed width.';

CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer text NOT NULL,
    state order_state NOT NULL DEFAULT 'cart',
    placed_at timestamptz,
    CONSTRAINT placed_has_time CHECK (state IN ('cart', 'cancelled') OR placed_at IS NOT NULL)
);
CREATE INDEX orders_open_idx ON orders (placed_at) WHERE state = 'placed';

CREATE TABLE order_lines (
    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line smallint NOT NULL,
    sku char(12) NOT NULL REFERENCES products (sku) ON UPDATE CASCADE,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    PRIMARY KEY (order_id, line)
);
CREATE INDEX order_lines_sku_idx ON order_lines (sku);

CREATE TABLE shipments (
    order_id bigint NOT NULL,
    line smallint NOT NULL,
    shipped_on date NOT NULL DEFAULT CURRENT_DATE,
    PRIMARY KEY (order_id, line, shipped_on),
    FOREIGN KEY (order_id, line) REFERENCES order_lines (order_id, line) MATCH FULL
);

CREATE TABLE page_views (viewed_on date NOT NULL, path text NOT NULL) PARTITION BY RANGE (viewed_on);
CREATE TABLE page_views_2026 PARTITION OF page_views FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

CREATE VIEW open_orders AS SELECT id, customer FROM orders WHERE state = 'placed';

CREATE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql STABLE AS
    'SELECT sum(p.price * l.quantity) FROM order_lines l JOIN products p USING (sku) WHERE l.order_id = $1';
