package org.groupalliance.security;

/** What happened, as written to the audit log. */
public enum AuditAction {
    CREATE, UPDATE, DELETE, LOGIN, LOGIN_FAILED, LOGIN_LOCKED, LOGOUT, PASSWORD_CHANGE, PASSWORD_RESET
}
