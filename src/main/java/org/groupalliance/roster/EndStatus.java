package org.groupalliance.roster;

/** How a member's time in the group ended (or that it has not). */
public enum EndStatus {
    ONGOING("Ongoing"), COMPLETED("Completed"), DROPPED_OUT("Dropped out"), TRANSFERRED("Transferred");

    private final String label;

    EndStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
