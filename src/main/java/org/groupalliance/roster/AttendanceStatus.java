package org.groupalliance.roster;

/** Attendance of one member at one session. */
public enum AttendanceStatus {
    PRESENT("Present"), ABSENT("Absent"), LATE("Late"), LEFT_EARLY("Left early");

    private final String label;

    AttendanceStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the member was in the room for at least part of the session. */
    public boolean attended() {
        return this != ABSENT;
    }
}
