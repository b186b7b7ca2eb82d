package org.groupalliance.roster;

/** Closed groups keep the same members throughout; open (rolling) groups admit and lose members between sessions. */
public enum GroupFormat {
    CLOSED("Closed"),
    OPEN("Open / rolling");

    private final String label;

    GroupFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
