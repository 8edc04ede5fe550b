-- Billing rules: per-org configuration (versioned, audited), bill status,
-- and bill-number uniqueness within a rolling window.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE billing_configs (
  org_id                 text NOT NULL REFERENCES orgs,
  version                integer NOT NULL CHECK (version > 0),
  bill_number_required   boolean NOT NULL,
  bill_number_pattern    text NOT NULL,
  bill_number_unique     boolean NOT NULL,
  unique_scope           smallint NOT NULL CHECK (unique_scope BETWEEN 1 AND 3),
  unique_window_days     integer NOT NULL CHECK (unique_window_days BETWEEN 1 AND 3650),
  min_amount_minor       bigint,
  max_amount_minor       bigint,
  out_of_range_action    smallint NOT NULL CHECK (out_of_range_action BETWEEN 1 AND 2),
  outlier_prefixes       text[] NOT NULL,
  outlier_store_ids      text[] NOT NULL,
  test_mode              boolean NOT NULL,
  earliest_billing_date  date NOT NULL,
  changed_by             text NOT NULL,
  changed_at             timestamptz NOT NULL DEFAULT now(),
  reason                 text NOT NULL,
  PRIMARY KEY (org_id, version)
);

-- 1 REGULAR, 2 NOT_INTERESTED, 3 OUTLIER, 4 TEST. Bills stored before this
-- migration had no rules applied: anonymous ones become NOT_INTERESTED.
ALTER TABLE bills ADD COLUMN status smallint NOT NULL DEFAULT 2
  CHECK (status BETWEEN 1 AND 5);
UPDATE bills SET status = 1 WHERE customer_id IS NOT NULL;
ALTER TABLE bills ALTER COLUMN status DROP DEFAULT;
ALTER TABLE bills ADD COLUMN warnings text[] NOT NULL DEFAULT '{}';

-- One row per bill whose number must be unique. scope_key is '' (org), the
-- store id, or store/till. validity spans half the window on each side of
-- the billing time, so two claims overlap exactly when their billing times
-- are less than one window apart. The exclusion constraint makes this exact
-- and race-free across any number of servers.
CREATE TABLE bill_number_claims (
  org_id       text NOT NULL,
  scope_key    text NOT NULL,
  bill_number  text NOT NULL,
  validity     tstzrange NOT NULL,
  bill_id      uuid NOT NULL,
  PRIMARY KEY (org_id, bill_id),
  FOREIGN KEY (org_id, bill_id) REFERENCES bills ON DELETE CASCADE,
  EXCLUDE USING gist (org_id WITH =, scope_key WITH =, bill_number WITH =,
                      validity WITH &&)
);
