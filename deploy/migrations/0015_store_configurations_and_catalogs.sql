-- Stores as configured locations, and catalogs as versioned price lists.
--
-- An org has several catalogs; a store is assigned one. A catalog's items
-- are kept as versions: a row is the item as it stood from `from_version`
-- until (not including) `to_version`, NULL while it is current. Publishing a
-- version closes the rows it changes or removes, inserts the new ones and
-- sets catalogs.current_version, all in one transaction, so a reader sees one
-- whole version or the one before. `catalog_barcodes` indexes the current
-- version only, with the barcode unique in it.

CREATE TABLE catalogs (
  org_id           text NOT NULL REFERENCES orgs,
  catalog_id       text NOT NULL,
  name             text NOT NULL,
  current_version  integer NOT NULL DEFAULT 0 CHECK (current_version >= 0),  -- 0: none yet
  published_at     timestamptz,
  -- the last sync's failure, cleared by the next success (a failed sync
  -- changes no items)
  failed_at        timestamptz,
  failure          text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, catalog_id)
);

CREATE TABLE catalog_versions (
  org_id        text NOT NULL,
  catalog_id    text NOT NULL,
  version       integer NOT NULL CHECK (version > 0),
  published_at  timestamptz NOT NULL DEFAULT now(),
  items         integer NOT NULL,
  inserted      integer NOT NULL,
  updated       integer NOT NULL,
  removed       integer NOT NULL,
  unchanged     integer NOT NULL,
  PRIMARY KEY (org_id, catalog_id, version),
  FOREIGN KEY (org_id, catalog_id) REFERENCES catalogs
);

CREATE TABLE catalog_items (
  org_id            text NOT NULL,
  catalog_id        text NOT NULL,
  sku               text NOT NULL,
  from_version      integer NOT NULL,
  to_version        integer CHECK (to_version > from_version),
  name              text NOT NULL,
  unit_price_minor  bigint NOT NULL CHECK (unit_price_minor >= 0),
  tax_rate_bp       integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  uom               smallint NOT NULL CHECK (uom BETWEEN 1 AND 4),
  barcodes          text[] NOT NULL,
  PRIMARY KEY (org_id, catalog_id, sku, from_version),
  FOREIGN KEY (org_id, catalog_id) REFERENCES catalogs
);
CREATE UNIQUE INDEX catalog_items_current ON catalog_items (org_id, catalog_id, sku)
  WHERE to_version IS NULL;

CREATE TABLE catalog_barcodes (
  org_id      text NOT NULL,
  catalog_id  text NOT NULL,
  barcode     text NOT NULL,
  sku         text NOT NULL,
  PRIMARY KEY (org_id, catalog_id, barcode),
  FOREIGN KEY (org_id, catalog_id) REFERENCES catalogs
);

ALTER TABLE stores
  ADD COLUMN address        text NOT NULL DEFAULT '',
  ADD COLUMN time_zone      text,               -- NULL: the org's
  ADD COLUMN opening_hours  text NOT NULL DEFAULT '',
  ADD COLUMN settings_url   text NOT NULL DEFAULT '',
  ADD COLUMN catalog_id     text,
  ADD COLUMN enabled        boolean NOT NULL DEFAULT true,
  ADD COLUMN archived_at    timestamptz,
  ADD FOREIGN KEY (org_id, catalog_id) REFERENCES catalogs;

-- The price list a bill was priced from; NULL for bills stored before.
ALTER TABLE bills
  ADD COLUMN catalog_id       text,
  ADD COLUMN catalog_version  integer;

-- Every org gets its main catalog, holding what the org's one flat list held
-- (as version 1), and every store is assigned it.
INSERT INTO catalogs (org_id, catalog_id, name) SELECT org_id, 'main', 'Main price list' FROM orgs;
INSERT INTO catalog_items (org_id, catalog_id, sku, from_version, name, unit_price_minor,
                           tax_rate_bp, uom, barcodes)
  SELECT i.org_id, 'main', i.sku, 1, i.name, i.unit_price_minor, i.tax_rate_bp, i.uom,
         coalesce((SELECT array_agg(b.barcode ORDER BY b.barcode) FROM item_barcodes b
                   WHERE b.org_id = i.org_id AND b.sku = i.sku), '{}')
  FROM items i;
INSERT INTO catalog_barcodes (org_id, catalog_id, barcode, sku)
  SELECT org_id, 'main', barcode, sku FROM item_barcodes;
INSERT INTO catalog_versions (org_id, catalog_id, version, items, inserted, updated, removed,
                              unchanged)
  SELECT org_id, 'main', 1, count(*), count(*), 0, 0, 0 FROM items GROUP BY org_id;
UPDATE catalogs c SET current_version = 1, published_at = now()
  WHERE EXISTS (SELECT 1 FROM items i WHERE i.org_id = c.org_id);
UPDATE stores SET catalog_id = 'main';

DROP TABLE item_barcodes;
DROP TABLE items;

CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON catalogs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON catalog_versions
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON catalog_items
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON catalog_barcodes
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
