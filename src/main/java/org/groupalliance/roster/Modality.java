package org.groupalliance.roster;

/** Therapeutic approach of a group. */
public enum Modality {
    CBT("Cognitive-behavioural"),
    PSYCHODYNAMIC("Psychodynamic"),
    INTERPERSONAL("Interpersonal"),
    SUPPORTIVE("Supportive"),
    PSYCHOEDUCATIONAL("Psychoeducational"),
    OTHER("Other");

    private final String label;

    Modality(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
