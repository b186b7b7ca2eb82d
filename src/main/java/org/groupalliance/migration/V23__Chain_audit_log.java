package org.groupalliance.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.groupalliance.base.AuditHash;
import org.springframework.stereotype.Component;

/**
 * Back-fills the hash chain of the audit rows written before V22, in id order, with
 * {@link AuditHash} (the function the application uses for new rows), and writes the chain head.
 * Plain JDBC, portable across MariaDB, MySQL and H2; a Spring bean handed to Flyway (as V7).
 * Frozen once run.
 */
@Component
public class V23__Chain_audit_log extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String previous = AuditHash.GENESIS;
        Long lastId = null;
        try (Statement read = c.createStatement();
             ResultSet rs = read.executeQuery("SELECT id, occurred_at, actor, action, entity_type, entity_id, group_id, summary, "
                     + "before_value, after_value FROM audit_log ORDER BY id");
             PreparedStatement write = c.prepareStatement("UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Long group = rs.getObject(7, Long.class);
                AuditHash.Row row = new AuditHash.Row(id, rs.getObject(2, LocalDateTime.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), group, rs.getString(8), rs.getString(9), rs.getString(10));
                String hash = AuditHash.of(previous, row);
                write.setString(1, previous);
                write.setString(2, hash);
                write.setLong(3, id);
                write.executeUpdate();
                previous = hash;
                lastId = id;
            }
        }
        try (PreparedStatement head = c.prepareStatement("INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, ?, ?)")) {
            head.setObject(1, lastId);
            head.setString(2, previous);
            head.executeUpdate();
        }
    }
}
