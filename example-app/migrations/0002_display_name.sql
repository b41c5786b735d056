ALTER TABLE user_account RENAME COLUMN fullname TO display_name;
