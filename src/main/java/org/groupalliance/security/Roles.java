package org.groupalliance.security;

/** Role names as compile-time constants for {@code @RolesAllowed} and {@code @PreAuthorize}. */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String FACILITATOR = "FACILITATOR";
    public static final String RESEARCHER = "RESEARCHER";
    public static final String OBSERVER = "OBSERVER";

    private Roles() {
    }
}
