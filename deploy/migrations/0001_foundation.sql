-- Foundation: orgs, stores, tills, catalog, customers, bills.
-- Every primary and unique key starts with org_id so the data can later be
-- sharded by org.

CREATE TABLE orgs (
  org_id      text PRIMARY KEY,
  name        text NOT NULL,
  currency    char(3) NOT NULL,
  time_zone   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stores (
  org_id      text NOT NULL REFERENCES orgs,
  store_id    text NOT NULL,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, store_id)
);

CREATE TABLE tills (
  org_id      text NOT NULL,
  store_id    text NOT NULL,
  till_id     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, store_id, till_id),
  FOREIGN KEY (org_id, store_id) REFERENCES stores
);

CREATE TABLE items (
  org_id            text NOT NULL REFERENCES orgs,
  sku               text NOT NULL,
  name              text NOT NULL,
  unit_price_minor  bigint NOT NULL CHECK (unit_price_minor >= 0),
  tax_rate_bp       integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  uom               smallint NOT NULL CHECK (uom BETWEEN 1 AND 4),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, sku)
);

CREATE TABLE item_barcodes (
  org_id   text NOT NULL,
  barcode  text NOT NULL,
  sku      text NOT NULL,
  PRIMARY KEY (org_id, barcode),
  FOREIGN KEY (org_id, sku) REFERENCES items ON DELETE CASCADE
);
CREATE INDEX item_barcodes_by_sku ON item_barcodes (org_id, sku);

CREATE TABLE customers (
  org_id       text NOT NULL REFERENCES orgs,
  customer_id  uuid NOT NULL,
  name         text NOT NULL,
  mobile       text,
  email        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, customer_id),
  UNIQUE (org_id, mobile),
  UNIQUE (org_id, email)
);

CREATE TABLE bills (
  org_id          text NOT NULL,
  bill_id         uuid NOT NULL,
  store_id        text NOT NULL,
  till_id         text NOT NULL,
  bill_number     text NOT NULL,
  billing_time    timestamptz NOT NULL,
  business_date   date NOT NULL,
  currency        char(3) NOT NULL,
  customer_id     uuid,
  total_minor     bigint NOT NULL,
  tax_minor       bigint NOT NULL,
  tendered_minor  bigint NOT NULL,
  change_minor    bigint NOT NULL CHECK (change_minor >= 0),
  line_count      integer NOT NULL,
  request_sha256  text NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, bill_id),
  FOREIGN KEY (org_id, store_id, till_id) REFERENCES tills,
  FOREIGN KEY (org_id, customer_id) REFERENCES customers
);
CREATE INDEX bills_by_day ON bills (org_id, business_date, billing_time, bill_id);

CREATE TABLE bill_lines (
  org_id            text NOT NULL,
  bill_id           uuid NOT NULL,
  line_no           integer NOT NULL,
  sku               text NOT NULL,
  name              text NOT NULL,
  quantity_milli    bigint NOT NULL CHECK (quantity_milli > 0),
  uom               smallint NOT NULL,
  unit_price_minor  bigint NOT NULL,
  amount_minor      bigint NOT NULL,
  tax_rate_bp       integer NOT NULL,
  tax_minor         bigint NOT NULL,
  PRIMARY KEY (org_id, bill_id, line_no),
  FOREIGN KEY (org_id, bill_id) REFERENCES bills ON DELETE CASCADE
);

CREATE TABLE bill_tenders (
  org_id        text NOT NULL,
  bill_id       uuid NOT NULL,
  seq           integer NOT NULL,
  tender_type   smallint NOT NULL CHECK (tender_type BETWEEN 1 AND 4),
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  reference     text NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, bill_id, seq),
  FOREIGN KEY (org_id, bill_id) REFERENCES bills ON DELETE CASCADE
);
