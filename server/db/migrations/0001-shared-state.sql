-- Chartside's shared state, so that N replicas behave as one service.
-- Times that the application's clock decides (expiry, windows) are epoch milliseconds (bigint).

-- The audit trail: one hash chain for all replicas. `line` is the exact NDJSON line that is hashed.
CREATE TABLE audit_events (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  line text NOT NULL,
  hash char(64) NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
-- The chain's head: locked FOR UPDATE by each append, which serialises appends across replicas.
CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash char(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- CDS client JWT ids already used (CDS Hooks 2.0 §Trusting CDS Clients), until their token expires.
CREATE TABLE cds_jti (
  issuer text NOT NULL,
  jti text NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (issuer, jti)
);
CREATE INDEX cds_jti_expires ON cds_jti (expires_at);

-- Short-lived entries by namespace: issued cards, app suggestion sets, SMART pending authorizations and
-- hand-offs. Single-use entries are taken with one DELETE … RETURNING.
CREATE TABLE expiring_entries (
  namespace text NOT NULL,
  key text NOT NULL,
  value jsonb NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX expiring_entries_expires ON expiring_entries (expires_at);

-- CDS Hooks and app feedback (ids and outcomes only), and the opt-in training cases (de-identified).
CREATE TABLE feedback (
  id bigserial PRIMARY KEY,
  record jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE training_cases (
  id bigserial PRIMARY KEY,
  record jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Rate-limit counters: one window per key (a CDS client) from its first hit, shared by every replica.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  window_start bigint NOT NULL,
  hits integer NOT NULL
);
