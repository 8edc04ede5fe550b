-- Failed guesses (unknown codes or customers) per subject in a fixed window,
-- for GuessGuard (server/usecases/guess_guard.h), shared by every posd.
CREATE TABLE guess_failures (
  subject       text PRIMARY KEY,  -- "till:ORG/STORE/TILL" or "key:KEY_ID"
  window_start  timestamptz NOT NULL,
  failures      integer NOT NULL CHECK (failures > 0)
);
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON guess_failures
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
