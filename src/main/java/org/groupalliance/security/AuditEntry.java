package org.groupalliance.security;

import java.time.LocalDateTime;

/** One row of the append-only audit log; {@code before}/{@code after} are JSON snapshots. */
public record AuditEntry(long id, LocalDateTime occurredAt, String actor, String action, String entityType,
                         String entityId, Long groupId, String summary, String before, String after) {
}
