-- Tills keep a local copy of their store's catalog and say which version
-- they hold; a store none of whose tills holds a copy yet is PENDING.
ALTER TABLE tills
  ADD COLUMN held_catalog_id       text,
  ADD COLUMN held_catalog_version  integer CHECK (held_catalog_version > 0),
  ADD COLUMN held_at               timestamptz;

-- A bill rung while its till could not reach the server, priced from the
-- till's copy of catalog_version; bills.warnings says what differs.
ALTER TABLE bills ADD COLUMN offline boolean NOT NULL DEFAULT false;
CREATE INDEX bills_offline ON bills (org_id, business_date) WHERE offline;

-- How long a replaced catalog version's prices stand on an offline bill.
ALTER TABLE billing_configs ADD COLUMN offline_price_grace_seconds integer NOT NULL
  DEFAULT 900 CHECK (offline_price_grace_seconds BETWEEN 1 AND 86400);
