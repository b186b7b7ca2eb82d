package org.groupalliance.security;

/** What happened, as written to the audit log. */
public enum AuditAction {
    CREATE, UPDATE, DELETE, LOGIN, LOGIN_FAILED, LOGIN_LOCKED, LOGOUT, PASSWORD_CHANGE, PASSWORD_RESET,
    /** a personal access token was used, or refused (expired, revoked, unknown) */
    TOKEN_USE, TOKEN_REFUSED,
    /** a research export was made (page, API or command line) */
    EXPORT,
    /** ratings were imported from a file (one entry per import, beside each rating's own CREATE) */
    IMPORT
}
