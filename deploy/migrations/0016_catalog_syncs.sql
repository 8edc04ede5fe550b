-- Asynchronous catalog syncs: an uploaded price list becomes a job that any
-- posd claims (FOR UPDATE SKIP LOCKED) and works off in the background.
-- A claim holds a lease that its worker renews while it works; a job whose
-- lease ran out (its posd died) is claimed again by another, or the
-- restarted one. Publishing checks the claim is still this worker's, in the
-- transaction that publishes, so a version is published once.
CREATE TABLE catalog_syncs (
  sync_id         uuid PRIMARY KEY,
  org_id          text NOT NULL REFERENCES orgs,
  catalog_id      text,          -- what the request named: a catalog,
  store_id        text,          -- or a store whose assigned catalog it syncs
  format          smallint NOT NULL CHECK (format BETWEEN 1 AND 2),  -- 1 CSV, 2 JSON lines
  currency        text NOT NULL,
  data            text NOT NULL,  -- the upload as sent (UTF-8); emptied once it ended
  total_rows      integer NOT NULL CHECK (total_rows >= 0),
  state           smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 4),
                  -- 1 PENDING, 2 IN_PROGRESS, 3 SYNCED, 4 FAILED
  rows_done       integer NOT NULL DEFAULT 0,
  attempts        integer NOT NULL DEFAULT 0,
  claimed_by      text,
  lease_until     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  synced_catalog  text,          -- the catalog it published to
  version         integer,
  inserted        integer,
  updated         integer,
  removed         integer,
  unchanged       integer,
  failure_code    smallint,      -- pinned in server/domain/catalog/catalog_sync.h
  failure_detail  text,
  CHECK (catalog_id IS NOT NULL OR store_id IS NOT NULL)
);
CREATE INDEX catalog_syncs_open ON catalog_syncs (created_at) WHERE state IN (1, 2);
CREATE INDEX catalog_syncs_org ON catalog_syncs (org_id, created_at);

CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON catalog_syncs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
