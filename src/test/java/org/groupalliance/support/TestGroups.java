package org.groupalliance.support;

import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.groupalliance.base.SiteId;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.springframework.context.ApplicationContext;

/** A closed 12-session CBT group led by one facilitator, with members who join at session 1, made through the real services. */
public final class TestGroups {

    /** The group and its members in code order (codes PREFIX-1, PREFIX-2, ...; the prefix is unique). */
    public record TestGroup(Group group, List<Member> members) {
        public Member member(int oneBased) {
            return members.get(oneBased - 1);
        }
    }

    private TestGroups() {
    }

    public static TestGroup closedGroup(ApplicationContext context, Actors.Account leader, SiteId site, String namePrefix, int memberCount) {
        GroupService groups = context.getBean(GroupService.class);
        MemberService members = context.getBean(MemberService.class);
        Group group = as(leader, () -> groups.create(new GroupData(site, Actors.unique(namePrefix), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 1, 6), PhaseBoundaries.thirds(12), Set.of(leader.created().id()))));
        String prefix = Actors.unique("T").toUpperCase().substring(0, 6);
        List<Member> added = new ArrayList<>();
        for (int i = 1; i <= memberCount; i++) {
            String code = prefix + "-" + i;
            added.add(as(leader, () -> members.add(group.id(), new MemberData(code, null, 1, null, EndStatus.ONGOING, null))));
        }
        return new TestGroup(group, List.copyOf(added));
    }
}
