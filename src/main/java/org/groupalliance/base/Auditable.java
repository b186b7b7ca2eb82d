package org.groupalliance.base;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Annotations steering how a record appears in the audit log. */
public final class Auditable {

    private Auditable() {
    }

    /**
     * The component holds identifying personal data (e.g. a member's display name). The audit log
     * stores only whether it was set, never the value, because audit readers are not the group's
     * leaders (docs/decisions/0003-audit-log.md).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.FIELD})
    public @interface Redacted {
    }
}
