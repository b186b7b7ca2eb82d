package org.groupalliance.rupture;

/** The rules that raise an alert; member-level rules are about one member, the others about the group or a subgroup. */
public enum AlertRule {
    CONCERN_TOTAL("Total under the cut-off", true),
    CONCERN_ITEM("Item under the item cut-off", true),
    DROP("Drop from the previous rating", true),
    MISMATCH("Leader and member disagree", true),
    OFF_TRACK("Outcome not on track", true),
    GROUP_MEAN_FALL("Group mean fell", false),
    GROUP_SPREAD("Group agreement fell", false),
    CLIMATE_RISE("Conflict or avoidance rose", false),
    SUBGROUP_LOW("Subgroup below the rest", false);

    private final String label;
    private final boolean memberLevel;

    AlertRule(String label, boolean memberLevel) {
        this.label = label;
        this.memberLevel = memberLevel;
    }

    public String label() {
        return label;
    }

    public boolean memberLevel() {
        return memberLevel;
    }
}
