-- The back office can mark a bill DELETED (status 5): it stays stored with
-- who deleted it, when and why, but leaves the figures and frees its number.
ALTER TABLE bills
  ADD COLUMN deleted_by text,
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN delete_reason text;
