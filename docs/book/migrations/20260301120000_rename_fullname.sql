ALTER TABLE users RENAME COLUMN fullname TO display_name;
