import type { Migration } from '../migration';

/**
 * One lease table for posting runs and sync jobs (core/store/lease.ts), replacing posting_lease (ISO text
 * times) and sync_lease (epoch ms, holder as host|pid|random). Times are epoch milliseconds. Leases held
 * while the database was upgraded are carried over, so a run still working keeps its lease.
 */
export const m0102: Migration = {
  id: 102,
  name: 'lease',
  sql: `
CREATE TABLE lease (
  name        TEXT PRIMARY KEY,  -- 'posting', 'job:<id>'
  holder_id   TEXT NOT NULL,     -- the claimant's id; the same id again is the same holder
  holder      TEXT NOT NULL,     -- who, in words (OS user, sync runner)
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  purpose     TEXT NOT NULL,     -- what the holder does, in words
  acquired_at INTEGER NOT NULL,  -- epoch ms
  renewed_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL   -- past it the lease is free whoever held it
);
INSERT INTO lease (name, holder_id, holder, host, pid, purpose, acquired_at, renewed_at, expires_at)
  SELECT name, holder_id, holder, host, pid, purpose,
    CAST(ROUND((julianday(acquired_at) - 2440587.5) * 86400000) AS INTEGER),
    CAST(ROUND((julianday(renewed_at) - 2440587.5) * 86400000) AS INTEGER),
    CAST(ROUND((julianday(expires_at) - 2440587.5) * 86400000) AS INTEGER)
  FROM posting_lease;
INSERT INTO lease (name, holder_id, holder, host, pid, purpose, acquired_at, renewed_at, expires_at)
  SELECT name, holder, 'sync runner',
    substr(holder, 1, instr(holder, '|') - 1),
    CAST(substr(holder, instr(holder, '|') + 1, instr(substr(holder, instr(holder, '|') + 1), '|') - 1) AS INTEGER),
    'running sync job ' || substr(name, 5), expires_at, expires_at, expires_at
  FROM sync_lease WHERE instr(holder, '|') > 0;
DROP TABLE posting_lease;
DROP TABLE sync_lease;
`,
};
