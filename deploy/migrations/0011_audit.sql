-- The audit trail: every write made on behalf of an API key (an operator, a
-- partner, an import) leaves one row per transaction, written by a trigger
-- inside that very transaction, so a committed write is never without its
-- row and a rolled-back one never has one. The RPC edge sets what the row
-- says (who, which RPC, the org, the target, a digest of the request) on
-- the connection as `tillstream.audit` before the transaction and clears it
-- after; refused writes are recorded by the edge itself. Append-only.

CREATE TABLE audit_log (
  audit_id        bigserial PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  txid            bigint UNIQUE,             -- the writing transaction; NULL for a refusal
  org_id          text,                      -- NULL: a platform-wide target
  principal       text NOT NULL,             -- the key's id
  principal_name  text NOT NULL,
  role            text NOT NULL,
  rpc             text NOT NULL,             -- Service/Method
  target          text NOT NULL DEFAULT '',  -- what was written, e.g. bill_id=...
  request_sha256  text NOT NULL,
  outcome         text NOT NULL,             -- OK, or the refusal's status code
  message         text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_org ON audit_log (org_id, at);

-- One refusal for every append-only table from here on (points_ledger,
-- older, has its own).
CREATE FUNCTION refuse_change_of_append_only_table() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only_table();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only_table();

-- One row per writing transaction, from the connection's audit context.
CREATE FUNCTION audit_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ctx text := current_setting('tillstream.audit', true);
  j json;
BEGIN
  IF ctx IS NULL OR ctx = '' THEN
    RETURN NULL;
  END IF;
  j := ctx::json;
  INSERT INTO audit_log (txid, org_id, principal, principal_name, role, rpc, target,
                         request_sha256, outcome)
  VALUES (txid_current(), nullif(j->>'org_id', ''), j->>'principal', j->>'principal_name',
          j->>'role', j->>'rpc', coalesce(j->>'target', ''), j->>'request_sha256', 'OK')
  ON CONFLICT (txid) DO NOTHING;
  RETURN NULL;
END $$;

-- Every table but the trail itself and the migrations'. A table added by a
-- later migration adds the same trigger (tests check that every table has it).
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables
           WHERE schemaname = current_schema()
             AND tablename NOT IN ('audit_log', 'schema_migrations')
  LOOP
    EXECUTE format('CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON %I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION audit_write()', t);
  END LOOP;
END $$;
