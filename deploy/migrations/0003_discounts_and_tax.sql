-- Discounts (per item and per bill, stored per line), tax-exclusive prices,
-- the tax rounding rule, and points as a tender.

ALTER TABLE billing_configs
  ADD COLUMN prices_exclude_tax boolean NOT NULL DEFAULT false,
  ADD COLUMN tax_rounding smallint NOT NULL DEFAULT 1 CHECK (tax_rounding BETWEEN 1 AND 2);

ALTER TABLE bill_lines
  ADD COLUMN gross_minor bigint,
  ADD COLUMN item_discount_minor bigint NOT NULL DEFAULT 0 CHECK (item_discount_minor >= 0),
  ADD COLUMN sale_discount_minor bigint NOT NULL DEFAULT 0 CHECK (sale_discount_minor >= 0);
UPDATE bill_lines SET gross_minor = amount_minor;  -- no discounts before
ALTER TABLE bill_lines ALTER COLUMN gross_minor SET NOT NULL;

ALTER TABLE bills
  ADD COLUMN subtotal_minor bigint,
  ADD COLUMN discount_minor bigint NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
UPDATE bills SET subtotal_minor = total_minor;
ALTER TABLE bills ALTER COLUMN subtotal_minor SET NOT NULL;

ALTER TABLE bill_tenders DROP CONSTRAINT bill_tenders_tender_type_check;
ALTER TABLE bill_tenders ADD CONSTRAINT bill_tenders_tender_type_check
  CHECK (tender_type BETWEEN 1 AND 5);
