-- Floor for certificate number allocation: lock and bump one counter row, insert one number row,
-- in one transaction (what certificate_numbers_allocate + the Certificate insert do, minus Django).
BEGIN;
UPDATE bench_counter SET last_serial = last_serial + 1 WHERE id = 1 RETURNING last_serial;
INSERT INTO bench_number (number, created_at) VALUES (md5(random()::text), now());
COMMIT;
