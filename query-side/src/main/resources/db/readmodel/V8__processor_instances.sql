-- The query-side instances alive now: each one refreshes its row every sandstone.processors.balancing.interval, so
-- that every instance knows how many share the processors' segments and releases what is beyond its fair share
-- (SegmentBalancer). Rows of instances that stopped refreshing are ignored, then deleted.
CREATE TABLE processor_instances (
    instance_id VARCHAR(255) PRIMARY KEY,
    seen_at     TIMESTAMPTZ  NOT NULL
);
