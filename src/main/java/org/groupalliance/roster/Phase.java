package org.groupalliance.roster;

/** Part of a group's course (Horvath and Symonds): alliance forms early, is challenged in the middle, repaired late. */
public enum Phase {
    EARLY("Early"), MIDDLE("Middle"), LATE("Late");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
