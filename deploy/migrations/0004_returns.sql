-- Returns: a return is a bill of type RETURN that points at its original;
-- its amounts are negative, its lines point at the original's lines.

ALTER TABLE billing_configs
  ADD COLUMN return_bill_number_unique boolean NOT NULL DEFAULT false;

ALTER TABLE bills
  ADD COLUMN bill_type smallint NOT NULL DEFAULT 1 CHECK (bill_type BETWEEN 1 AND 2),
  ADD COLUMN original_bill_id uuid,
  ADD COLUMN return_type smallint CHECK (return_type BETWEEN 1 AND 3),
  ADD COLUMN return_reason text NOT NULL DEFAULT '',
  ADD CONSTRAINT bills_return_has_original
    CHECK ((bill_type = 2) = (original_bill_id IS NOT NULL AND return_type IS NOT NULL)),
  ADD CONSTRAINT bills_original_fk
    FOREIGN KEY (org_id, original_bill_id) REFERENCES bills (org_id, bill_id);
CREATE INDEX bills_returns_of ON bills (org_id, original_bill_id)
  WHERE original_bill_id IS NOT NULL;
CREATE INDEX bills_by_number ON bills (org_id, store_id, bill_number, business_date);

-- Return lines carry negative quantities and amounts; amount returns carry
-- no quantity at all.
ALTER TABLE bill_lines DROP CONSTRAINT bill_lines_quantity_milli_check;
ALTER TABLE bill_lines ADD COLUMN original_line_no integer;
ALTER TABLE bill_tenders DROP CONSTRAINT bill_tenders_amount_minor_check;
ALTER TABLE bill_tenders ADD CONSTRAINT bill_tenders_amount_minor_check
  CHECK (amount_minor <> 0);
