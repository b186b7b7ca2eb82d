package org.groupalliance.base;

/**
 * The record does not exist or the current user may not see it. The two cases share one
 * exception on purpose: a user without access must not learn that a group exists.
 */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " was not found, or you do not have access to it.");
    }
}
