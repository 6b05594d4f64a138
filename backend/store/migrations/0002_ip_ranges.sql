-- The source IP as 16 bytes (IPv4 as IPv4-mapped IPv6), so a CIDR range is an index range.
-- NULL when the address is empty or not an IP.
ALTER TABLE sessions ADD COLUMN ip_bin BLOB;
CREATE INDEX sessions_ip_bin ON sessions(snapshot_id, ip_bin);
