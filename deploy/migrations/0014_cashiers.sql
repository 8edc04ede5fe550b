-- Cashiers at the till: people with a PIN (kept only as an argon2id hash)
-- and a role; the sessions in which a cashier was signed in at a till (a
-- bill names the session it was rung in, so a bill a till sends again later
-- from its outbox still belongs to that cashier); and supervisors'
-- approvals, each for one bill of one till (server/usecases/cashier_access.h).

CREATE TABLE cashiers (
  org_id         text NOT NULL REFERENCES orgs,
  cashier_id     text NOT NULL,
  name           text NOT NULL,
  role           smallint NOT NULL CHECK (role IN (1, 2)),  -- CashierRole
  pin_hash       text NOT NULL,                               -- argon2id, libsodium's encoding
  failed_pins    integer NOT NULL DEFAULT 0 CHECK (failed_pins >= 0),
  locked_until   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  PRIMARY KEY (org_id, cashier_id)
);

CREATE TABLE cashier_sessions (
  session_id   uuid PRIMARY KEY,
  org_id       text NOT NULL,
  store_id     text NOT NULL,
  till_id      text NOT NULL,
  cashier_id   text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz,
  FOREIGN KEY (org_id, cashier_id) REFERENCES cashiers,
  FOREIGN KEY (org_id, store_id, till_id) REFERENCES tills
);
CREATE INDEX cashier_sessions_by_till ON cashier_sessions (org_id, store_id, till_id, started_at);

CREATE TABLE supervisor_approvals (
  approval_id    uuid PRIMARY KEY,
  org_id         text NOT NULL,
  store_id       text NOT NULL,
  till_id        text NOT NULL,
  bill_id        uuid NOT NULL,        -- the one bill it approves
  supervisor_id  text NOT NULL,
  reason         text NOT NULL,
  approved_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, supervisor_id) REFERENCES cashiers,
  FOREIGN KEY (org_id, store_id, till_id) REFERENCES tills
);
CREATE INDEX supervisor_approvals_by_bill ON supervisor_approvals (org_id, bill_id);

ALTER TABLE bills
  ADD COLUMN cashier_id text,
  ADD COLUMN cashier_session_id uuid REFERENCES cashier_sessions,
  ADD COLUMN approval_id uuid REFERENCES supervisor_approvals,
  ADD COLUMN approved_by text;
CREATE UNIQUE INDEX bills_one_per_approval ON bills (approval_id) WHERE approval_id IS NOT NULL;

ALTER TABLE billing_configs
  ADD COLUMN require_cashier boolean NOT NULL DEFAULT false,
  -- discounts above this share of a bill's gross need a supervisor; 0: no limit
  ADD COLUMN supervisor_discount_bp integer NOT NULL DEFAULT 0
    CHECK (supervisor_discount_bp BETWEEN 0 AND 10000);

CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON cashiers
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON cashier_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON supervisor_approvals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
