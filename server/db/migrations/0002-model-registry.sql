-- The model registry, shared by every replica and by `chartside models …` wherever it runs.
-- The GGUF files stay on a path all replicas share; a version keeps their paths and SHA-256.

-- Every version ever added (the registry.json entry as jsonb); `id` keeps the order they were added in.
CREATE TABLE model_versions (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  record jsonb NOT NULL,
  UNIQUE (name, version)
);

-- Which version serves: one row, locked FOR UPDATE by every registry write, which serialises writers.
CREATE TABLE model_serving (
  id smallint PRIMARY KEY CHECK (id = 1),
  name text,
  version integer,
  changed_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
);
INSERT INTO model_serving (id) VALUES (1);

-- The promotion log: who, when, from and to, the gate's result; `line` is the exact JSON that is hash-chained.
CREATE TABLE model_promotions (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  line text NOT NULL,
  hash char(64) NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Evaluation reports (JSON and HTML) by their path relative to the registry: `models promote` re-gates the JSON.
CREATE TABLE model_reports (
  path text PRIMARY KEY,
  body text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
