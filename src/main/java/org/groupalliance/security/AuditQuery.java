package org.groupalliance.security;

import java.time.LocalDate;

/** Filters for the audit log view; null or blank means "any". Dates are inclusive, UTC. */
public record AuditQuery(String actor, AuditAction action, String entityType, LocalDate from, LocalDate to, int limit) {
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, null, limit);
    }
}
