-- The org's default country calling code, for mobiles typed without one.
ALTER TABLE orgs ADD COLUMN default_country_code text NOT NULL DEFAULT ''
  CHECK (default_country_code ~ '^([1-9][0-9]{0,2})?$');
