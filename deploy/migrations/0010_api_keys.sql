-- API keys: people and systems calling the back office. The secret is kept
-- only as its SHA-256 (server/domain/identity/api_key.h); role numbers are
-- Role in server/domain/identity/roles.h.

CREATE TABLE api_keys (
  key_id         text PRIMARY KEY,
  org_id         text REFERENCES orgs,          -- NULL: platform-wide
  name           text NOT NULL,
  role           smallint NOT NULL CHECK (role BETWEEN 1 AND 7),
  secret_sha256  text NOT NULL,
  request_id     text,                          -- the creator's, for retries
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  revoked_at     timestamptz,
  revoked_by     text,
  -- platform admins are platform-wide, every other role belongs to an org
  CHECK ((role = 1) = (org_id IS NULL))
);
CREATE INDEX api_keys_by_org ON api_keys (org_id, created_at);
-- one key per creator's request id: a retried create finds the first
CREATE UNIQUE INDEX api_keys_request ON api_keys (created_by, request_id)
  WHERE request_id IS NOT NULL;
