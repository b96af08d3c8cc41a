// The SQLite schema as an ordered list of migrations; docs/storage-schema.md describes every column.

/** PRAGMA application_id of a crafter-web trace store ("CWTR"); tells our files from other SQLite files. */
export const APPLICATION_ID = 0x43575452;

/**
 * Page sizes, set before the first table exists. A file of many sessions takes large pages, which keep frame blobs
 * inline and shrink it; a single session takes small ones, since every table and index costs at least a page.
 */
export const PAGE_SIZE = 16384;
export const SESSION_PAGE_SIZE = 4096;
/** A sealed session this small is stored with 1 KiB pages: its tables and indexes then take a quarter of the room. */
export const SMALL_SESSION_BYTES = 256 * 1024;
export const SMALL_SESSION_PAGE_SIZE = 1024;

export interface Migration {
  /** The PRAGMA user_version the store has after this migration. */
  version: number;
  name: string;
  sql: string;
}

const baseTables = `
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
);

CREATE TABLE session_traces (
  session_id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  ended_at TEXT,
  end_reason TEXT,
  source TEXT NOT NULL CHECK (source IN ('human', 'model', 'scripted', 'random')),
  seed INTEGER NOT NULL,
  episode INTEGER NOT NULL,
  world_seed INTEGER NOT NULL,
  crafter_version TEXT NOT NULL,
  texture_pack_name TEXT NOT NULL,
  texture_pack_sha256 TEXT NOT NULL,
  app_version TEXT NOT NULL,
  policy TEXT,
  num_timesteps INTEGER NOT NULL DEFAULT 0,
  num_events INTEGER NOT NULL DEFAULT 0,
  num_messages INTEGER NOT NULL DEFAULT 0,
  metadata TEXT
);
CREATE INDEX idx_session_created ON session_traces (created_at);

CREATE TABLE frames (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  png BLOB NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL
);
CREATE INDEX idx_frames_sha256 ON frames (sha256);

CREATE TABLE session_timesteps (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES session_traces (session_id),
  step_index INTEGER NOT NULL,
  completed_at TEXT NOT NULL,
  actions TEXT NOT NULL,
  action_count INTEGER NOT NULL,
  reward REAL NOT NULL,
  done INTEGER NOT NULL CHECK (done IN (0, 1)),
  inventory TEXT NOT NULL,
  achievements TEXT NOT NULL,
  position_x INTEGER NOT NULL,
  position_y INTEGER NOT NULL,
  frame_id INTEGER REFERENCES frames (id),
  observation_text TEXT,
  reaction_ms REAL,
  step_metadata TEXT,
  UNIQUE (session_id, step_index)
);
CREATE INDEX idx_timestep_frame ON session_timesteps (frame_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES session_traces (session_id),
  timestep_id INTEGER NOT NULL REFERENCES session_timesteps (id),
  event_type TEXT NOT NULL CHECK (event_type IN ('cais')),
  event_time TEXT NOT NULL,
  model_name TEXT NOT NULL,
  provider TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  total_tokens INTEGER,
  latency_ms REAL,
  request_messages TEXT NOT NULL,
  request_options TEXT,
  raw_response TEXT NOT NULL,
  tool_calls TEXT NOT NULL,
  parsed_actions TEXT NOT NULL,
  invalid_actions TEXT NOT NULL,
  error TEXT
);
CREATE INDEX idx_event_session_step ON events (session_id, timestep_id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES session_traces (session_id),
  timestep_id INTEGER NOT NULL REFERENCES session_timesteps (id),
  message_index INTEGER NOT NULL,
  message_type TEXT NOT NULL CHECK (message_type IN ('system', 'user', 'assistant', 'tool')),
  content TEXT NOT NULL,
  is_policy_user_prompt INTEGER NOT NULL DEFAULT 0 CHECK (is_policy_user_prompt IN (0, 1)),
  timestamp TEXT NOT NULL,
  metadata TEXT
);
CREATE INDEX idx_message_session_step ON messages (session_id, timestep_id);

CREATE TABLE event_rewards (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES session_traces (session_id),
  timestep_id INTEGER NOT NULL REFERENCES session_timesteps (id),
  reward_value REAL NOT NULL,
  reward_type TEXT NOT NULL CHECK (reward_type IN ('environment', 'achievement')),
  key TEXT,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_event_rewards_session_step ON event_rewards (session_id, timestep_id);

CREATE TABLE outcome_rewards (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE REFERENCES session_traces (session_id),
  total_reward REAL NOT NULL,
  achievements_count INTEGER NOT NULL,
  total_steps INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  reward_metadata TEXT
);
CREATE INDEX idx_outcome_rewards_total ON outcome_rewards (total_reward);
`;

// Version 1 kept the policy as one JSON column; version 2 gives the fields listSessions filters on their own columns.
const policyColumns = `
ALTER TABLE session_traces ADD COLUMN policy_model TEXT;
ALTER TABLE session_traces ADD COLUMN policy_endpoint_host TEXT;
ALTER TABLE session_traces ADD COLUMN policy_prompt_style TEXT;
ALTER TABLE session_traces ADD COLUMN policy_image_mode TEXT;
UPDATE session_traces SET
  policy_model = json_extract(policy, '$.model'),
  policy_endpoint_host = json_extract(policy, '$.endpoint_host'),
  policy_prompt_style = json_extract(policy, '$.prompt_style'),
  policy_image_mode = json_extract(policy, '$.image_mode'),
  policy = coalesce(json_extract(policy, '$.extra'), '{}')
WHERE policy IS NOT NULL;
ALTER TABLE session_traces RENAME COLUMN policy TO policy_extra;
CREATE INDEX idx_session_policy_model ON session_traces (policy_model);
`;

// Version 3: sources become human / model / builtin / import with the policy's name in its own column (a new
// agent kind needs no migration), end reasons get one name each with the detail apart, and the Env options
// (frame size, length) are kept. SQLite cannot drop a CHECK constraint, so the table is rebuilt.
const sourcesAndEndReasons = `
CREATE TABLE session_traces_v3 (
  session_id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  ended_at TEXT,
  end_reason TEXT,
  end_detail TEXT,
  end_metadata TEXT,
  source TEXT NOT NULL,
  policy_name TEXT,
  seed INTEGER NOT NULL,
  episode INTEGER NOT NULL,
  world_seed INTEGER NOT NULL,
  crafter_version TEXT NOT NULL,
  texture_pack_name TEXT NOT NULL,
  texture_pack_sha256 TEXT NOT NULL,
  app_version TEXT NOT NULL,
  policy_model TEXT,
  policy_endpoint_host TEXT,
  policy_prompt_style TEXT,
  policy_image_mode TEXT,
  policy_extra TEXT,
  env_options TEXT,
  num_timesteps INTEGER NOT NULL DEFAULT 0,
  num_events INTEGER NOT NULL DEFAULT 0,
  num_messages INTEGER NOT NULL DEFAULT 0,
  metadata TEXT
);
INSERT INTO session_traces_v3 (session_id, created_at, ended_at, end_reason, end_detail, source, policy_name, seed, episode,
  world_seed, crafter_version, texture_pack_name, texture_pack_sha256, app_version, policy_model, policy_endpoint_host,
  policy_prompt_style, policy_image_mode, policy_extra, env_options, num_timesteps, num_events, num_messages, metadata)
SELECT session_id, created_at, ended_at,
  CASE
    WHEN end_reason IS NULL THEN NULL
    WHEN end_reason = 'done' THEN 'died'
    WHEN end_reason = 'length' THEN 'step_limit'
    WHEN end_reason LIKE 'error: %' THEN 'error'
    WHEN end_reason IN ('died', 'step_limit', 'stopped', 'interrupted', 'error') THEN end_reason
    ELSE 'stopped'
  END,
  CASE
    WHEN end_reason IS NULL OR end_reason IN ('done', 'length', 'died', 'step_limit', 'stopped', 'interrupted', 'error') THEN NULL
    WHEN end_reason LIKE 'error: %' THEN substr(end_reason, 8)
    WHEN end_reason LIKE 'stopped after an error: %' THEN substr(end_reason, 25)
    ELSE end_reason
  END,
  CASE WHEN source IN ('scripted', 'random') THEN 'builtin' ELSE source END,
  CASE WHEN source IN ('scripted', 'random') THEN source WHEN source = 'model' THEN policy_model END,
  seed, episode, world_seed, crafter_version, texture_pack_name, texture_pack_sha256, app_version, policy_model,
  policy_endpoint_host, policy_prompt_style, policy_image_mode, policy_extra,
  CASE
    WHEN json_type(metadata, '$.length') = 'integer' THEN json_object('size', json_array(64, 64), 'length', json_extract(metadata, '$.length'))
    ELSE json_object('size', json_array(64, 64))
  END,
  num_timesteps, num_events, num_messages, metadata
FROM session_traces;
DROP TABLE session_traces;
ALTER TABLE session_traces_v3 RENAME TO session_traces;
CREATE INDEX idx_session_created ON session_traces (created_at);
CREATE INDEX idx_session_policy_model ON session_traces (policy_model);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'base tables', sql: baseTables },
  { version: 2, name: 'policy columns', sql: policyColumns },
  { version: 3, name: 'sources, end reasons and env options', sql: sourcesAndEndReasons },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Tables every version of the store has; a file without them is not a trace store. */
export const REQUIRED_TABLES = [
  'schema_migrations',
  'session_traces',
  'frames',
  'session_timesteps',
  'events',
  'messages',
  'event_rewards',
  'outcome_rewards',
] as const;
