ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
