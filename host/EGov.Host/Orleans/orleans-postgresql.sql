-- EGov.Platform: PostgreSQL setup for the Orleans ADO.NET providers
-- (Microsoft.Orleans.Clustering.AdoNet and Microsoft.Orleans.Reminders.AdoNet 10.4.2, invariant "Npgsql").
--
-- Written by the project from its provider contract (docs/orleans.md and the contract document it
-- points to); no upstream script was used. Everything lives in the schema "orleans" with unquoted
-- lower-case identifiers. The providers read the catalog table "orleansquery" by its unquoted name, so
-- the connection the silo uses must have "orleans" on its search_path (the host sets Search Path=orleans).
--
-- Safe to run again and concurrently: tables and indexes are created only when missing, routines are
-- created or replaced with stable signatures, and the query catalog is upserted by key. The script
-- expects to run inside ONE transaction (OrleansDatabaseSetup opens it; with psql use
-- "psql -v ON_ERROR_STOP=1 --single-transaction -f orleans-postgresql.sql"). Its first statement takes a
-- transaction-level advisory lock, so concurrent runs queue up and nobody ever sees a half-written
-- catalog. Running processes keep the query texts they loaded at start until they restart.
--
-- Changing a routine's argument list: add an explicit DROP FUNCTION IF EXISTS for the old signature
-- here, otherwise CREATE OR REPLACE adds an overload next to it.

-- Serialize concurrent setups (key = the bytes of 'EGovOrln').
SELECT pg_advisory_xact_lock(4992081265893207150);

CREATE SCHEMA IF NOT EXISTS orleans;

-- ---------------------------------------------------------------------------------------------------
-- Query catalog: the providers load every row at initialization (key -> command text).
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleans.orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

-- ---------------------------------------------------------------------------------------------------
-- Clustering: one version row per cluster (the only concurrency token of the membership protocol)
-- and one row per silo incarnation.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleans.membership_version
(
    deployment_id varchar(150) NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT membership_version_pk PRIMARY KEY (deployment_id),
    CONSTRAINT membership_version_not_negative CHECK (version >= 0)
);

CREATE TABLE IF NOT EXISTS orleans.membership
(
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(255) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL,
    suspect_times   text         NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT membership_version_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans.membership_version (deployment_id)
);

-- ---------------------------------------------------------------------------------------------------
-- Reminders: one row per (service, grain, reminder name).
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleans.reminders
(
    service_id    varchar(150)  NOT NULL,
    grain_id      varchar(1000) NOT NULL,
    reminder_name varchar(500)  NOT NULL,
    start_time    timestamptz   NOT NULL,
    period        bigint        NOT NULL,
    grain_hash    integer       NOT NULL,
    version       integer       NOT NULL,
    CONSTRAINT reminders_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range reads by consistent-hash slice. Created only when missing: CREATE INDEX IF NOT EXISTS would lock the
-- table against writes for the rest of this transaction even when the index exists, stalling running silos.
DO $do$
BEGIN
    IF to_regclass('orleans.reminders_service_hash_ix') IS NULL THEN
        CREATE INDEX reminders_service_hash_ix ON orleans.reminders (service_id, grain_hash);
    END IF;
END;
$do$;

-- ---------------------------------------------------------------------------------------------------
-- Routines for the two conditional membership writes. Each one bumps the cluster version by exactly
-- one and writes the silo row, or changes nothing and answers 0. A failure after the version bump is
-- raised with our own SQLSTATE 'EO001' inside a block with a handler: the handler rolls back the whole
-- block (version bump included) and returns 0. No ASSERT is used, so plpgsql.check_asserts does not matter.
--
-- The version bump is a compare-and-swap: under READ COMMITTED a second writer with the same expected
-- version waits for the first one's commit, re-checks "version = expected" on the committed row and
-- updates nothing. The version row stays locked until commit, so the row write that follows cannot
-- interleave with another membership write of the same cluster.
-- ---------------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION orleans.membership_insert_row(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE orleans.membership_version
       SET version = version + 1,
           changed_at = now()
     WHERE deployment_id = p_deployment_id
       AND version = p_expected_version
       AND version < 2147483647;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleans.membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING;
    IF NOT FOUND THEN
        RAISE SQLSTATE 'EO001' USING MESSAGE = 'membership row already exists';
    END IF;

    RETURN 1;
EXCEPTION
    WHEN SQLSTATE 'EO001' THEN
        RETURN 0;
END;
$function$;

CREATE OR REPLACE FUNCTION orleans.membership_update_row(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE orleans.membership_version
       SET version = version + 1,
           changed_at = now()
     WHERE deployment_id = p_deployment_id
       AND version = p_expected_version
       AND version < 2147483647;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans.membership
       SET status = p_status,
           suspect_times = p_suspect_times,
           i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE SQLSTATE 'EO001' USING MESSAGE = 'membership row does not exist';
    END IF;

    RETURN 1;
EXCEPTION
    WHEN SQLSTATE 'EO001' THEN
        RETURN 0;
END;
$function$;

-- ---------------------------------------------------------------------------------------------------
-- The query catalog. Each text is executed verbatim as one command by the provider, with the named
-- parameters of its key (never use a parameter the key does not bind). Result columns are found by
-- name, case-insensitively, so the aliases below are the provider's column names.
-- ---------------------------------------------------------------------------------------------------
INSERT INTO orleans.orleansquery (querykey, querytext)
VALUES
-- Clustering (9 required keys + the optional per-row cleanup key) ----------------------------------
('InsertMembershipVersionKey', $query$
WITH created AS (
    INSERT INTO orleans.membership_version (deployment_id, version, changed_at)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS created FROM created;
$query$),

('MembershipReadAllKey', $query$
SELECT v.version         AS Version,
       v.deployment_id   AS DeploymentId,
       m.address         AS Address,
       m.port            AS Port,
       m.generation      AS Generation,
       m.silo_name       AS SiloName,
       m.host_name       AS HostName,
       m.status          AS Status,
       m.proxy_port      AS ProxyPort,
       m.suspect_times   AS SuspectTimes,
       m.start_time      AS StartTime,
       m.i_am_alive_time AS IAmAliveTime
  FROM orleans.membership_version v
  LEFT JOIN orleans.membership m
         ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId
 ORDER BY m.address, m.port, m.generation;
$query$),

('MembershipReadRowKey', $query$
SELECT v.version         AS Version,
       v.deployment_id   AS DeploymentId,
       m.address         AS Address,
       m.port            AS Port,
       m.generation      AS Generation,
       m.silo_name       AS SiloName,
       m.host_name       AS HostName,
       m.status          AS Status,
       m.proxy_port      AS ProxyPort,
       m.suspect_times   AS SuspectTimes,
       m.start_time      AS StartTime,
       m.i_am_alive_time AS IAmAliveTime
  FROM orleans.membership_version v
  LEFT JOIN orleans.membership m
         ON m.deployment_id = v.deployment_id
        AND m.address = @Address
        AND m.port = @Port
        AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId;
$query$),

('InsertMembershipKey', $query$
SELECT orleans.membership_insert_row(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
    @StartTime, @IAmAliveTime, @Version) AS inserted;
$query$),

('UpdateMembershipKey', $query$
SELECT orleans.membership_update_row(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version) AS updated;
$query$),

('UpdateIAmAlivetimeKey', $query$
UPDATE orleans.membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation;
$query$),

('GatewaysQueryKey', $query$
SELECT m.address    AS Address,
       m.proxy_port AS ProxyPort,
       m.generation AS Generation
  FROM orleans.membership m
 WHERE m.deployment_id = @DeploymentId
   AND m.status = @Status
   AND m.proxy_port > 0;
$query$),

('DeleteMembershipTableEntriesKey', $query$
DELETE FROM orleans.membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans.membership_version WHERE deployment_id = @DeploymentId;
$query$),

('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM orleans.membership
 WHERE deployment_id = @DeploymentId
   AND status = 6
   AND i_am_alive_time < @IAmAliveTime
   AND start_time < @IAmAliveTime
   AND (suspect_times IS NULL OR suspect_times = '');
$query$),

('CleanupDefunctSiloEntryKey', $query$
DELETE FROM orleans.membership
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '');
$query$),

-- Reminders (7 required keys) -----------------------------------------------------------------------
('UpsertReminderRowKey', $query$
INSERT INTO orleans.reminders AS r
    (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time,
       period     = excluded.period,
       grain_hash = excluded.grain_hash,
       version    = CASE WHEN r.version >= 2147483647 THEN 0 ELSE r.version + 1 END
RETURNING r.version AS Version;
$query$),

('ReadReminderRowsKey', $query$
SELECT grain_id      AS GrainId,
       reminder_name AS ReminderName,
       start_time    AS StartTime,
       period        AS Period,
       version       AS Version
  FROM orleans.reminders
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId;
$query$),

('ReadReminderRowKey', $query$
SELECT grain_id      AS GrainId,
       reminder_name AS ReminderName,
       start_time    AS StartTime,
       period        AS Period,
       version       AS Version
  FROM orleans.reminders
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName;
$query$),

('ReadRangeRows1Key', $query$
SELECT grain_id      AS GrainId,
       reminder_name AS ReminderName,
       start_time    AS StartTime,
       period        AS Period,
       version       AS Version
  FROM orleans.reminders
 WHERE service_id = @ServiceId
   AND grain_hash > @BeginHash
   AND grain_hash <= @EndHash;
$query$),

('ReadRangeRows2Key', $query$
SELECT grain_id      AS GrainId,
       reminder_name AS ReminderName,
       start_time    AS StartTime,
       period        AS Period,
       version       AS Version
  FROM orleans.reminders
 WHERE service_id = @ServiceId
   AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$query$),

('DeleteReminderRowKey', $query$
WITH removed AS (
    DELETE FROM orleans.reminders
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS removed FROM removed;
$query$),

('DeleteReminderRowsKey', $query$
DELETE FROM orleans.reminders WHERE service_id = @ServiceId;
$query$)
ON CONFLICT (querykey) DO UPDATE
   SET querytext = excluded.querytext;
