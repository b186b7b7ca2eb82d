package org.groupalliance.rupture;

import java.time.LocalDateTime;
import java.util.List;

import org.groupalliance.base.Auditable;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SubgroupId;

/**
 * A rupture record: with whom (a member, a subgroup or the whole group), the kind of marker, the
 * session it was noticed in, the repair steps 1-8 of the nine-step model (step 9 is the outcome),
 * the plan for the next session and where it happens, and its state. Notes and the plan are
 * clinical notes: only the group's leaders read them; the audit log stores that they changed,
 * never their text.
 */
public record Rupture(RuptureId id, GroupId groupId, AlertId alert, With with, MemberId member, SubgroupId subgroup, String withLabel, Marker marker,
                      int noticedSession, List<Step> steps, @Auditable.Redacted String planNext, Where planWhere, State state, Outcome outcome,
                      Integer closedSession, LocalDateTime createdAt, String createdBy, int version) {

    public Rupture {
        steps = List.copyOf(steps);
    }

    /** With whom the rupture is. */
    public enum With { MEMBER, SUBGROUP, WHOLE_GROUP }

    /** Kind of rupture marker (Safran and Muran): moving away, or moving against. */
    public enum Marker {
        WITHDRAWAL("Withdrawal"), CONFRONTATION("Confrontation");

        private final String label;

        Marker(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Where the next step happens. */
    public enum Where {
        IN_GROUP("In the group"), ONE_TO_ONE("One to one");

        private final String label;

        Where(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** open -> in progress -> closed. */
    public enum State { OPEN, IN_PROGRESS, CLOSED }

    /** Step 9 of the repair model. */
    public enum Outcome {
        REPAIRED("Repaired (re-engaged)"), UNREPAIRED("Unrepaired"), PLANNED_ENDING("Planned ending by agreement"), DROPPED_OUT("Dropped out");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One of steps 1-8: done or not, an optional note (clinical) and the session it happened in. */
    public record Step(int step, boolean done, @Auditable.Redacted String note, Integer session) {
        public Step {
            note = note == null || note.isBlank() ? null : note.strip();
        }
    }

    /** The steps of the repair model (Safran and Muran's rupture resolution as found in the seed study; docs/domain.md). */
    public static final List<String> STEP_LABELS = List.of(
            "A culture of feedback established",
            "Attentiveness: compared with earlier ratings, between items, with outcome and with own sense of the session",
            "Emphasised the importance of the feedback, thanked, invited more",
            "Clarification and elaboration, linked to moments in the session",
            "Acknowledged own contribution",
            "The member named what did not work",
            "Links to session moments and wider patterns",
            "Tasks or goals renegotiated with the member");

    public Step step(int n) {
        return steps.stream().filter(s -> s.step() == n).findFirst().orElse(new Step(n, false, null, null));
    }
}
