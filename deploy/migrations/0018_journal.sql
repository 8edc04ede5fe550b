-- The tamper-evident journal (server/domain/journal/journal.h): per till, a
-- chain of entries appended in the transaction that stores each bill,
-- return, deletion and tagging. Each entry's hash covers the previous
-- entry's hash, its number and its payload (the record's canonical
-- encoding); the head row holds the last entry and, locked by each append,
-- keeps the numbers gapless.
CREATE TABLE journal_heads (
  org_id     text NOT NULL,
  store_id   text NOT NULL,
  till_id    text NOT NULL,
  last_seq   bigint NOT NULL CHECK (last_seq > 0),
  last_hash  text NOT NULL,
  PRIMARY KEY (org_id, store_id, till_id)
);

CREATE TABLE journal_entries (
  org_id       text NOT NULL,
  store_id     text NOT NULL,
  till_id      text NOT NULL,
  seq          bigint NOT NULL CHECK (seq > 0),
  record_type  smallint NOT NULL,  -- JournalRecord: 1 sale, 2 return, 3 deletion, 4 tagging
  record_id    text NOT NULL,      -- the bill id
  payload      text NOT NULL,
  entry_hash   text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, store_id, till_id, seq)
);
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only_table();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only_table();

CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON journal_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();

-- Bills stored before this migration were never chained; the check counts
-- them apart.
CREATE TABLE journal_epoch (started_at timestamptz NOT NULL);
INSERT INTO journal_epoch VALUES (now());
CREATE TRIGGER audit_write AFTER INSERT OR UPDATE OR DELETE ON journal_epoch
  FOR EACH STATEMENT EXECUTE FUNCTION audit_write();

-- A till's bills, for the journal check (and the shift and Z reports to come).
CREATE INDEX bills_by_till ON bills (org_id, store_id, till_id, received_at);
