-- Version 2 renames a column: every query that still uses the old name must stop compiling.
ALTER TABLE user_account RENAME COLUMN fullname TO display_name;
