-- Customers and loyalty: four identifiers per customer, per-org uniqueness
-- of identifiers, the loyalty rules, an append-only points ledger, coupons,
-- and retro-tagging of anonymous bills.

ALTER TABLE customers
  ADD COLUMN external_id text,
  ADD COLUMN card_number text,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  DROP CONSTRAINT customers_org_id_mobile_key,
  DROP CONSTRAINT customers_org_id_email_key;
CREATE INDEX customers_by_mobile ON customers (org_id, mobile) WHERE mobile IS NOT NULL;
CREATE INDEX customers_by_email ON customers (org_id, email) WHERE email IS NOT NULL;
CREATE INDEX customers_by_external_id ON customers (org_id, external_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX customers_by_card_number ON customers (org_id, card_number)
  WHERE card_number IS NOT NULL;

-- One row per identifier the org wants unique (kind 1 mobile, 2 email,
-- 3 external id, 4 card number): the primary key is the guarantee, across
-- every server.
CREATE TABLE customer_identifier_claims (
  org_id       text NOT NULL,
  kind         smallint NOT NULL CHECK (kind BETWEEN 1 AND 4),
  value        text NOT NULL,
  customer_id  uuid NOT NULL,
  PRIMARY KEY (org_id, kind, value),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers ON DELETE CASCADE
);
-- Mobiles and emails were unique before; they stay so by default.
INSERT INTO customer_identifier_claims
  SELECT org_id, 1, mobile, customer_id FROM customers WHERE mobile IS NOT NULL;
INSERT INTO customer_identifier_claims
  SELECT org_id, 2, email, customer_id FROM customers WHERE email IS NOT NULL;

-- Versioned like the billing rules: every change is a new row.
CREATE TABLE loyalty_configs (
  org_id                      text NOT NULL REFERENCES orgs,
  version                     integer NOT NULL CHECK (version > 0),
  unique_mobile               boolean NOT NULL,
  unique_email                boolean NOT NULL,
  unique_external_id          boolean NOT NULL,
  unique_card_number          boolean NOT NULL,
  earn_points                 bigint NOT NULL CHECK (earn_points >= 0),
  earn_per_minor              bigint NOT NULL CHECK (earn_per_minor > 0),
  earn_rounding               smallint NOT NULL CHECK (earn_rounding BETWEEN 1 AND 2),
  excluded_skus               text[] NOT NULL,
  point_value_minor           bigint NOT NULL CHECK (point_value_minor > 0),
  redeem_min_points           bigint NOT NULL CHECK (redeem_min_points >= 0),
  redeem_max_points_per_bill  bigint NOT NULL CHECK (redeem_max_points_per_bill >= 0),
  redeem_multiple             bigint NOT NULL CHECK (redeem_multiple > 0),
  require_validation_code     boolean NOT NULL,
  validation_code_minutes     integer NOT NULL CHECK (validation_code_minutes > 0),
  points_expire_days          integer NOT NULL CHECK (points_expire_days >= 0),
  retro_tag_enabled           boolean NOT NULL,
  retro_tag_max_age_days      integer NOT NULL CHECK (retro_tag_max_age_days > 0),
  changed_by                  text NOT NULL,
  changed_at                  timestamptz NOT NULL DEFAULT now(),
  reason                      text NOT NULL,
  PRIMARY KEY (org_id, version)
);

-- The current balance per customer, kept in step with the ledger in the
-- same transaction; the row is also the lock that orders a customer's
-- redemptions, and its CHECK is the last word on "never negative".
CREATE TABLE loyalty_accounts (
  org_id       text NOT NULL,
  customer_id  uuid NOT NULL,
  balance      bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
  PRIMARY KEY (org_id, customer_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers
);

-- Kinds: 1 earn, 2 redeem, 3 earn reversal (return), 4 redeem refund
-- (return), 5 expiry, 6 manual adjustment. Points are signed.
CREATE TABLE points_ledger (
  org_id         text NOT NULL,
  entry_id       bigint GENERATED ALWAYS AS IDENTITY,
  customer_id    uuid NOT NULL,
  kind           smallint NOT NULL CHECK (kind BETWEEN 1 AND 6),
  points         bigint NOT NULL CHECK (points <> 0),
  balance_after  bigint NOT NULL CHECK (balance_after >= 0),
  bill_id        uuid,
  reason         text NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  request_id     text,
  PRIMARY KEY (org_id, entry_id),
  FOREIGN KEY (org_id, customer_id) REFERENCES loyalty_accounts,
  FOREIGN KEY (org_id, bill_id) REFERENCES bills,
  -- a bill earns, redeems, or reverses at most once: retries and replays
  -- cannot book twice
  UNIQUE (org_id, bill_id, kind),
  UNIQUE (org_id, request_id),
  CHECK (kind = 6 OR (kind IN (1, 4)) = (points > 0)),
  CHECK (kind NOT IN (1, 2, 3, 4) OR bill_id IS NOT NULL)
);
CREATE INDEX points_ledger_by_customer ON points_ledger (org_id, customer_id, entry_id);

CREATE FUNCTION points_ledger_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points_ledger is append-only: book a correcting entry instead';
END $$;
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON points_ledger
  FOR EACH ROW EXECUTE FUNCTION points_ledger_is_append_only();

-- Codes a customer gives the cashier to spend points; asking again within
-- the validity returns the same code; a bill uses one up.
CREATE TABLE points_validation_codes (
  org_id        text NOT NULL,
  customer_id   uuid NOT NULL,
  code          text NOT NULL,
  issued_at     timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_by_bill  uuid,
  PRIMARY KEY (org_id, customer_id, code),
  FOREIGN KEY (org_id, customer_id) REFERENCES customers
);

CREATE TABLE coupon_series (
  org_id            text NOT NULL REFERENCES orgs,
  series_id         text NOT NULL,
  name              text NOT NULL,
  value_minor       bigint NOT NULL CHECK (value_minor > 0),
  valid_from        date NOT NULL,
  valid_until       date NOT NULL,
  max_redemptions   integer NOT NULL CHECK (max_redemptions >= 0),  -- 0: no limit
  uses_per_code     integer NOT NULL CHECK (uses_per_code > 0),      -- 1: single use
  redemptions       integer NOT NULL DEFAULT 0 CHECK (redemptions >= 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, series_id),
  CHECK (valid_from <= valid_until),
  CHECK (max_redemptions = 0 OR redemptions <= max_redemptions)
);

CREATE TABLE coupons (
  org_id       text NOT NULL,
  code         text NOT NULL,
  series_id    text NOT NULL,
  customer_id  uuid,  -- NULL: anyone may use it
  uses         integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
  issued_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, code),
  FOREIGN KEY (org_id, series_id) REFERENCES coupon_series,
  FOREIGN KEY (org_id, customer_id) REFERENCES customers
);
CREATE INDEX coupons_by_customer ON coupons (org_id, customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE coupon_redemptions (
  org_id               text NOT NULL,
  code                 text NOT NULL,
  bill_id              uuid NOT NULL,
  customer_id          uuid,
  amount_minor         bigint NOT NULL CHECK (amount_minor > 0),
  redeemed_at          timestamptz NOT NULL DEFAULT now(),
  reactivated_at       timestamptz,
  reactivated_by       text,
  reactivation_reason  text,
  PRIMARY KEY (org_id, code, bill_id),
  FOREIGN KEY (org_id, code) REFERENCES coupons,
  FOREIGN KEY (org_id, bill_id) REFERENCES bills
);

ALTER TABLE bill_tenders DROP CONSTRAINT bill_tenders_tender_type_check;
ALTER TABLE bill_tenders ADD CONSTRAINT bill_tenders_tender_type_check
  CHECK (tender_type BETWEEN 1 AND 6);

-- Retro-tagging: who attached the customer to an anonymous bill, and when.
ALTER TABLE bills
  ADD COLUMN tagged_by text,
  ADD COLUMN tagged_at timestamptz;
