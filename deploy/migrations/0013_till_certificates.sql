-- Enrolled tills: one-time enrolment codes (kept only as their SHA-256) and
-- the client certificates signed for tills with the till CA, by serial, so
-- that a certificate can be revoked and every posd refuses it
-- (server/usecases/till_authority.h).

CREATE TABLE till_enrolments (
  code_sha256  text PRIMARY KEY,
  org_id       text NOT NULL,
  store_id     text NOT NULL,
  till_id      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL,                 -- the key id that asked for it
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,                   -- redeemed: single use
  withdrawn_at timestamptz,                   -- replaced by a newer code, or the till revoked
  FOREIGN KEY (org_id, store_id, till_id) REFERENCES tills
);
CREATE INDEX till_enrolments_open ON till_enrolments (org_id, store_id, till_id)
  WHERE used_at IS NULL AND withdrawn_at IS NULL;

CREATE TABLE till_certificates (
  serial_hex        text PRIMARY KEY,
  org_id            text NOT NULL,
  store_id          text NOT NULL,
  till_id           text NOT NULL,
  code_sha256       text NOT NULL UNIQUE REFERENCES till_enrolments,
  public_key_sha256 text NOT NULL,            -- of the till's key, for a retried enrolment
  certificate_pem   text NOT NULL,
  issued_at         timestamptz NOT NULL DEFAULT now(),
  not_after         timestamptz NOT NULL,
  revoked_at        timestamptz,
  revoked_by        text,
  revoked_reason    text,
  FOREIGN KEY (org_id, store_id, till_id) REFERENCES tills,
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX till_certificates_by_till ON till_certificates (org_id, store_id, till_id);
-- what every posd polls to end the open streams of revoked tills
CREATE INDEX till_certificates_revoked ON till_certificates (revoked_at)
  WHERE revoked_at IS NOT NULL;

CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON till_enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON till_certificates
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
