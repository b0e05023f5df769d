DROP TABLE IF EXISTS bench_number;
DROP TABLE IF EXISTS bench_counter;
CREATE TABLE bench_counter (id int PRIMARY KEY, last_serial int NOT NULL);
INSERT INTO bench_counter VALUES (1, 0);
CREATE TABLE bench_number (id bigserial PRIMARY KEY, number text UNIQUE NOT NULL, created_at timestamptz NOT NULL);
