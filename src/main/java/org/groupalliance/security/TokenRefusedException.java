package org.groupalliance.security;

/** A bearer token that does not (or no longer) grant access; the message says why, without revealing whose it was. */
public final class TokenRefusedException extends RuntimeException {

    /** Why a token was refused. */
    public enum Reason { MISSING, UNKNOWN, EXPIRED, REVOKED, ACCOUNT_DISABLED }

    private final Reason reason;

    public TokenRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
