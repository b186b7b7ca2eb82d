package org.groupalliance.capture;

import java.util.List;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.springframework.stereotype.Component;

/**
 * Which items of a form do not apply to the member who completes it or is rated by it: an
 * instrument's subgroup items ({@link InstrumentDefinition#subgroupItems()}) for a member who is in
 * no subgroup at that session. Those items are not asked, stored as not applicable (distinct from
 * missing) and left out of every score. Used by the leader's sheets, their saves and self-report.
 */
@Component
public class ApplicableItems {

    private final SubgroupService subgroups;

    ApplicableItems(SubgroupService subgroups) {
        this.subgroups = subgroups;
    }

    /** The numbers of the items that do not apply to {@code member} on {@code definition} at {@code session}; empty when all apply. */
    public Set<Integer> notApplicable(InstrumentDefinition definition, GroupSession session, MemberId member) {
        if (definition.subgroupItems().isEmpty()) {
            return Set.of();
        }
        return notApplicable(definition, session.number(), member, subgroups.findByGroup(session.groupId()));
    }

    /** The same rule, with the group's subgroups already loaded (a sheet asks it for every row). */
    public static Set<Integer> notApplicable(InstrumentDefinition definition, int sessionNumber, MemberId member, List<Subgroup> groupSubgroups) {
        boolean inSubgroup = groupSubgroups.stream().anyMatch(s -> s.membersAt(sessionNumber).stream().anyMatch(m -> m.memberId().equals(member)));
        return inSubgroup ? Set.of() : definition.subgroupItems();
    }
}
