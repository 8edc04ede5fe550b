-- Purchases recorded from other systems (ERP, web orders): a header with
-- the figures as the sender states them (checked to add up before storing),
-- lines, and refund lines pointing at the purchase line they refund. They
-- earn and reverse loyalty points like bills do.

CREATE TABLE purchases (
  org_id                   text NOT NULL REFERENCES orgs,
  purchase_id              uuid NOT NULL,
  source                   text NOT NULL,
  external_transaction_id  text NOT NULL,
  request_sha256           text NOT NULL,
  store_id                 text NOT NULL,
  purchase_time            timestamptz NOT NULL,
  business_date            date NOT NULL,
  channel                  smallint NOT NULL CHECK (channel BETWEEN 1 AND 4),
  order_type               text NOT NULL DEFAULT '',
  pay_method               text NOT NULL DEFAULT '',
  member_id                text NOT NULL DEFAULT '',
  external_customer_id     text NOT NULL DEFAULT '',
  email                    text NOT NULL DEFAULT '',
  customer_id              uuid,
  currency                 char(3) NOT NULL,
  sub_total_minor          bigint NOT NULL,
  item_discount_minor      bigint NOT NULL,
  sale_discount_minor      bigint NOT NULL,
  tax_minor                bigint NOT NULL,
  refund_minor             bigint NOT NULL CHECK (refund_minor <= 0),
  paid_minor               bigint NOT NULL,
  prices_include_tax       boolean NOT NULL,
  points_earned            bigint NOT NULL DEFAULT 0 CHECK (points_earned >= 0),
  points_reversed          bigint NOT NULL DEFAULT 0 CHECK (points_reversed >= 0),
  recorded_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, purchase_id),
  -- a sender's transaction is recorded once: a resend is recognised
  UNIQUE (org_id, source, external_transaction_id),
  FOREIGN KEY (org_id, store_id) REFERENCES stores,
  FOREIGN KEY (org_id, customer_id) REFERENCES customers
);
CREATE INDEX purchases_by_day ON purchases (org_id, business_date);

-- points: earned by a sale line (>= 0), or reversed by a refund line (<= 0,
-- from the buyer of the refunded line).
CREATE TABLE purchase_lines (
  org_id                text NOT NULL,
  purchase_id           uuid NOT NULL,
  line_no               integer NOT NULL CHECK (line_no > 0),
  sku                   text NOT NULL,
  name                  text NOT NULL,
  quantity_milli        bigint NOT NULL CHECK (quantity_milli <> 0),
  uom                   smallint NOT NULL CHECK (uom BETWEEN 1 AND 4),
  unit_price_minor      bigint NOT NULL CHECK (unit_price_minor >= 0),
  extended_minor        bigint NOT NULL,
  item_discount_minor   bigint NOT NULL,
  sale_discount_minor   bigint NOT NULL,
  is_refund             boolean NOT NULL,
  refunds_purchase_id   uuid,
  refunds_line_no       integer,
  points                bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, purchase_id, line_no),
  FOREIGN KEY (org_id, purchase_id) REFERENCES purchases,
  FOREIGN KEY (org_id, refunds_purchase_id, refunds_line_no) REFERENCES purchase_lines,
  CHECK (is_refund = (quantity_milli < 0)),
  CHECK (is_refund = (refunds_purchase_id IS NOT NULL AND refunds_line_no IS NOT NULL)),
  CHECK (CASE WHEN is_refund THEN points <= 0 ELSE points >= 0 END)
);
CREATE INDEX purchase_lines_refunds ON purchase_lines (org_id, refunds_purchase_id, refunds_line_no)
  WHERE refunds_purchase_id IS NOT NULL;

-- The ledger learns about purchases: an entry belongs to a bill, a purchase
-- or neither (adjustments, expiry).
ALTER TABLE points_ledger
  ADD COLUMN purchase_id uuid,
  ADD FOREIGN KEY (org_id, purchase_id) REFERENCES purchases,
  DROP CONSTRAINT points_ledger_check1,
  ADD CONSTRAINT points_ledger_has_origin
    CHECK (kind NOT IN (1, 2, 3, 4) OR bill_id IS NOT NULL OR purchase_id IS NOT NULL),
  ADD CONSTRAINT points_ledger_one_origin CHECK (bill_id IS NULL OR purchase_id IS NULL);
-- A purchase earns once, and reverses once per original buyer.
CREATE UNIQUE INDEX points_ledger_purchase_once
  ON points_ledger (org_id, purchase_id, kind, customer_id) WHERE purchase_id IS NOT NULL;
