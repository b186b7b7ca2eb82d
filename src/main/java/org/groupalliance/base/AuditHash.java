package org.groupalliance.base;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash that chains the audit log (decision 0022):
 * {@code row_hash = SHA-256(prev_hash "|" canonical(row))}, hex, where {@code canonical} lists the
 * row's fields in a fixed order (id, occurred_at to the second, actor, action, entity_type,
 * entity_id, group_id, summary, before_value, after_value), each as {@code n} when null or
 * {@code <length>:<value>} (length in UTF-16 units), so no two different rows give the same text.
 * The first row's {@code prev_hash} is {@link #GENESIS}. Used by the application and by the
 * migration that back-filled existing rows: frozen, a change would break every stored chain.
 * Reference: FIPS 180-4 (SHA-256); hash chains as in Schneier and Kelsey, "Secure audit logs to
 * support computer forensics", ACM TISSEC 2(2), 1999.
 */
public final class AuditHash {

    /** The previous hash of the first row: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * Seconds, not the column's milliseconds: MySQL Connector/J sends no fractional seconds to MariaDB
     * (it takes MariaDB's "5.5.5-" version prefix for a server without them) and so drops them, while
     * H2 and MySQL keep them. The hash covers what every engine stores.
     */
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private AuditHash() {
    }

    /** The stored content of one audit row (what the hash covers). */
    public record Row(long id, LocalDateTime occurredAt, String actor, String action, String entityType, String entityId, Long groupId,
                      String summary, String before, String after) {
    }

    public static String of(String previousHash, Row r) {
        StringBuilder sb = new StringBuilder(previousHash).append('|');
        field(sb, Long.toString(r.id()));
        field(sb, r.occurredAt() == null ? null : SECONDS.format(r.occurredAt().truncatedTo(ChronoUnit.SECONDS)));
        field(sb, r.actor());
        field(sb, r.action());
        field(sb, r.entityType());
        field(sb, r.entityId());
        field(sb, r.groupId() == null ? null : r.groupId().toString());
        field(sb, r.summary());
        field(sb, r.before());
        field(sb, r.after());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void field(StringBuilder sb, String value) {
        if (value == null) {
            sb.append('n');
        } else {
            sb.append(value.length()).append(':').append(value);
        }
        sb.append(';');
    }
}
