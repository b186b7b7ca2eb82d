package org.groupalliance.base;

/**
 * Someone else saved the same record after it was loaded (optimistic locking through the
 * {@code version} column). Nothing of this save was stored; the user must reload and re-apply.
 */
public final class ConcurrentEditException extends RuntimeException {

    public ConcurrentEditException(String what) {
        super(what + " was changed by someone else after you opened it. Your changes were not saved: "
                + "reload to see the current version, then apply your changes again.");
    }
}
