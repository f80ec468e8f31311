-- backcare schema version 16: logins are found by email alone, so emails are kept normalised
-- (surrounding spaces removed, ASCII letters in lower case: app::NormalisedEmail). Existing emails
-- are normalised here, except where two logins of one clinic differ only in case: those are left
-- as they are for an admin to resolve (the app refuses such duplicates from now on).
-- users.expires_at_us: when an API token stops working (microseconds since the epoch; NULL for
-- a person's login). Tokens made before this version get 90 days from the upgrade.
UPDATE users SET email = lower(trim(email, ' '))
  WHERE email NOT LIKE 'api-token:%' AND email <> lower(trim(email, ' '))
    AND NOT EXISTS (SELECT 1 FROM users AS other
                    WHERE other.clinic_id = users.clinic_id AND other.id <> users.id
                      AND lower(trim(other.email, ' ')) = lower(trim(users.email, ' ')));
ALTER TABLE users ADD COLUMN expires_at_us INTEGER;
UPDATE users SET expires_at_us = (unixepoch() + 90 * 86400) * 1000000
  WHERE email LIKE 'api-token:%';
