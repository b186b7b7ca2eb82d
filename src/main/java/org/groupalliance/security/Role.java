package org.groupalliance.security;

/** What a user may do. Constants in {@link Roles} are for annotations. */
public enum Role {
    /** Manages users, sites and instruments; reads the audit log; sees every group. */
    ADMIN,
    /** Leads groups: sets them up, records sessions; sees only the groups they lead. */
    FACILITATOR,
    /** Pseudonymised analysis and export only; never sees clinical identities. */
    RESEARCHER,
    /** Rates the sessions of the groups they are assigned to; sees member codes, never names. */
    OBSERVER;

    public String authority() {
        return "ROLE_" + name();
    }
}
