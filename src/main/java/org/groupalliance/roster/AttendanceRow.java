package org.groupalliance.roster;

/**
 * A member who belongs to the group at a session and their recorded status (null when attendance
 * was not taken yet). Holds the one rule for who is expected at a session: see {@link #expected()}.
 */
public record AttendanceRow(Member member, AttendanceStatus status) {

    /**
     * Whether this member is expected at the session: expected to complete the members' forms, and
     * to be rated by leaders and observers. The one rule every sheet, save and self-report uses: a
     * member is expected when attendance was taken and records them present, late or leaving early.
     * An absent member is not expected; nor is anyone while attendance was never taken for the
     * session (record attendance first), so nothing is entered for a member who may not have been there.
     */
    public boolean expected() {
        return status != null && status.attended();
    }

    /** Why {@link #expected()} is false, for messages and sheets; null when the member is expected. */
    public String notExpectedReason(int sessionNumber) {
        if (expected()) {
            return null;
        }
        return status == null
                ? member.code() + ": attendance has not been taken for session " + sessionNumber + "; record attendance first"
                : member.code() + " was absent at session " + sessionNumber + ": absent members neither rate nor are rated for that session";
    }

    /** A short note for a sheet row that is not expected: "absent" or "attendance not taken"; empty when expected. */
    public String note() {
        return status == null ? "attendance not taken" : expected() ? "" : status.label().toLowerCase();
    }
}
