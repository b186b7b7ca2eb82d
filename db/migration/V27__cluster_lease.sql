-- Issue 13, more than one app node: a job that must run once per cluster (not once per node)
-- takes a named lease first. A lease is held by one node until it expires; any node may take an
-- expired lease. Nodes' clocks are assumed NTP-synchronised: leases last minutes, skew is far less.
CREATE TABLE cluster_lease (
    lease_name   VARCHAR(60)  NOT NULL,
    holder       VARCHAR(120) NOT NULL,
    acquired_at  TIMESTAMP(3) NOT NULL,
    expires_at   TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_cluster_lease PRIMARY KEY (lease_name)
);
