-- Web-shop invoices: a transaction opened by a partner front end, items and
-- payments added to it, committed once payments cover the items exactly,
-- then redeemed item by item with codes.

CREATE TABLE invoice_settings (
  org_id                text PRIMARY KEY REFERENCES orgs,
  open_minutes          integer NOT NULL CHECK (open_minutes BETWEEN 1 AND 43200),
  sign_on_url_template  text NOT NULL DEFAULT '',
  changed_at            timestamptz NOT NULL DEFAULT now()
);

-- status: 1 open, 2 committed, 3 aborted, 4 expired (an open invoice past
-- expires_at is expired whether or not a call has marked it yet).
CREATE TABLE invoices (
  org_id            text NOT NULL REFERENCES orgs,
  invoice_id        uuid NOT NULL,
  request_id        text NOT NULL,
  request_sha256    text NOT NULL,
  customer_id       uuid NOT NULL,
  note              text NOT NULL DEFAULT '',
  purchasing_group  text NOT NULL DEFAULT '',
  currency          char(3) NOT NULL,
  status            smallint NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 4),
  created_at        timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  closed_at         timestamptz,
  close_reason      text NOT NULL DEFAULT '',
  redemption_code   text UNIQUE,
  PRIMARY KEY (org_id, invoice_id),
  UNIQUE (org_id, request_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers,
  CHECK ((status = 2) = (redemption_code IS NOT NULL))
);
CREATE INDEX invoices_by_close ON invoices (org_id, closed_at) WHERE status = 2;

-- Every write request carried out on an invoice, so a retry is recognised.
CREATE TABLE invoice_requests (
  org_id          text NOT NULL,
  invoice_id      uuid NOT NULL,
  request_id      text NOT NULL,
  request_sha256  text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, invoice_id, request_id),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices
);

CREATE TABLE invoice_items (
  org_id                 text NOT NULL,
  invoice_id             uuid NOT NULL,
  item_no                integer NOT NULL CHECK (item_no > 0),
  sku                    text NOT NULL,
  name                   text NOT NULL,
  unit_cost_minor        bigint NOT NULL CHECK (unit_cost_minor >= 0),
  quantity               bigint NOT NULL CHECK (quantity > 0),
  amount_minor           bigint NOT NULL CHECK (amount_minor >= 0),
  access_days            integer NOT NULL DEFAULT 0 CHECK (access_days >= 0),
  option_keys            text[] NOT NULL DEFAULT '{}',
  option_values          text[] NOT NULL DEFAULT '{}',
  redemption_code        text UNIQUE,
  redeemed_by            uuid,
  redeemed_at            timestamptz,
  access_ends            timestamptz,
  enrolment_id           uuid,
  redemption_request_id  text,
  PRIMARY KEY (org_id, invoice_id, item_no),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices,
  FOREIGN KEY (org_id, redeemed_by) REFERENCES customers,
  CHECK ((redeemed_by IS NULL) = (redeemed_at IS NULL)),
  CHECK (redeemed_by IS NULL OR redemption_code IS NOT NULL)
);

-- kind 1: taken (payee, processor, its transaction id, paid_at);
-- kind 2: scheduled instalment (due_date).
CREATE TABLE invoice_payments (
  org_id                    text NOT NULL,
  invoice_id                uuid NOT NULL,
  payment_no                integer NOT NULL CHECK (payment_no > 0),
  kind                      smallint NOT NULL CHECK (kind BETWEEN 1 AND 2),
  amount_minor              bigint NOT NULL CHECK (amount_minor > 0),
  payee                     text NOT NULL DEFAULT '',
  processor                 text NOT NULL DEFAULT '',
  processor_transaction_id  text,
  paid_at                   timestamptz,
  due_date                  date,
  PRIMARY KEY (org_id, invoice_id, payment_no),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices,
  CHECK ((kind = 1) = (processor_transaction_id IS NOT NULL AND paid_at IS NOT NULL)),
  CHECK ((kind = 2) = (due_date IS NOT NULL))
);
-- A processor's transaction is recorded once per org, whichever invoice.
CREATE UNIQUE INDEX invoice_payments_processor_txn
  ON invoice_payments (org_id, processor, processor_transaction_id)
  WHERE kind = 1;

-- Every code handed out, invoice (item_no 0) or item: one namespace, so a code
-- names exactly one thing in the whole back office.
CREATE TABLE redemption_codes (
  code        text PRIMARY KEY,
  org_id      text NOT NULL,
  invoice_id  uuid NOT NULL,
  item_no     integer NOT NULL CHECK (item_no >= 0),
  UNIQUE (org_id, invoice_id, item_no),
  FOREIGN KEY (org_id, invoice_id) REFERENCES invoices
);
