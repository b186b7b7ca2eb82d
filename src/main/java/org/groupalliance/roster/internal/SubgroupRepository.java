package org.groupalliance.roster.internal;

import static org.groupalliance.jooq.Tables.MEMBER;
import static org.groupalliance.jooq.Tables.SUBGROUP;
import static org.groupalliance.jooq.Tables.SUBGROUP_MEMBER;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SubgroupId;
import org.groupalliance.jooq.tables.records.SubgroupRecord;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupMembership;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Subgroups and their time-bounded memberships. */
@Repository
public class SubgroupRepository {

    private final DSLContext dsl;

    SubgroupRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Subgroup> findByGroup(GroupId group) {
        List<SubgroupRecord> subgroups = dsl.selectFrom(SUBGROUP).where(SUBGROUP.GROUP_ID.eq(group.value())).orderBy(SUBGROUP.NAME).fetch();
        Map<Long, List<SubgroupMembership>> memberships = dsl
                .select(SUBGROUP_MEMBER.SUBGROUP_ID, SUBGROUP_MEMBER.MEMBER_ID, MEMBER.MEMBER_CODE,
                        SUBGROUP_MEMBER.VALID_FROM_SESSION, SUBGROUP_MEMBER.VALID_TO_SESSION)
                .from(SUBGROUP_MEMBER).join(SUBGROUP).on(SUBGROUP.ID.eq(SUBGROUP_MEMBER.SUBGROUP_ID))
                .join(MEMBER).on(MEMBER.ID.eq(SUBGROUP_MEMBER.MEMBER_ID))
                .where(SUBGROUP.GROUP_ID.eq(group.value()))
                .orderBy(MEMBER.MEMBER_CODE, SUBGROUP_MEMBER.VALID_FROM_SESSION)
                .fetchGroups(r -> r.value1(), r -> new SubgroupMembership(new MemberId(r.value2()), r.value3(), r.value4(), r.value5()));
        return subgroups.stream().map(s -> new Subgroup(new SubgroupId(s.getId()), group, s.getVersion(), s.getName(),
                memberships.getOrDefault(s.getId(), List.of()))).collect(Collectors.toList());
    }

    public Optional<Subgroup> findById(SubgroupId id) {
        return dsl.select(SUBGROUP.GROUP_ID).from(SUBGROUP).where(SUBGROUP.ID.eq(id.value())).fetchOptional(SUBGROUP.GROUP_ID)
                .flatMap(g -> findByGroup(new GroupId(g)).stream().filter(s -> s.id().equals(id)).findFirst());
    }

    public boolean nameExists(GroupId group, String name, Optional<SubgroupId> except) {
        var condition = SUBGROUP.GROUP_ID.eq(group.value()).and(SUBGROUP.NAME.eq(name));
        if (except.isPresent()) {
            condition = condition.and(SUBGROUP.ID.ne(except.get().value()));
        }
        return dsl.fetchExists(SUBGROUP, condition);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public SubgroupId insert(GroupId group, String name) {
        return new SubgroupId(dsl.insertInto(SUBGROUP).set(SUBGROUP.GROUP_ID, group.value()).set(SUBGROUP.NAME, name).set(SUBGROUP.VERSION, 0)
                .returningResult(SUBGROUP.ID).fetchOne(SUBGROUP.ID));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean rename(SubgroupId id, int expectedVersion, String name) {
        return dsl.update(SUBGROUP).set(SUBGROUP.NAME, name).set(SUBGROUP.VERSION, SUBGROUP.VERSION.plus(1))
                .where(SUBGROUP.ID.eq(id.value()).and(SUBGROUP.VERSION.eq(expectedVersion))).execute() == 1;
    }

    /**
     * Makes {@code members} the subgroup's membership from session {@code from} on: open memberships
     * of members who leave end at {@code from - 1} (or vanish if they started at {@code from} or later);
     * newcomers start at {@code from}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void setMembersFrom(SubgroupId id, java.util.Set<MemberId> members, int from) {
        List<SubgroupMembership> open = dsl.select(SUBGROUP_MEMBER.MEMBER_ID, SUBGROUP_MEMBER.VALID_FROM_SESSION, SUBGROUP_MEMBER.VALID_TO_SESSION)
                .from(SUBGROUP_MEMBER)
                .where(SUBGROUP_MEMBER.SUBGROUP_ID.eq(id.value())
                        .and(SUBGROUP_MEMBER.VALID_TO_SESSION.isNull().or(SUBGROUP_MEMBER.VALID_TO_SESSION.ge(from))))
                .fetch(r -> new SubgroupMembership(new MemberId(r.value1()), null, r.value2(), r.value3()));
        for (SubgroupMembership m : open) {
            if (members.contains(m.memberId()) && m.validFrom() <= from) {
                continue; // stays; an already-closed future end is reopened below
            }
            var row = SUBGROUP_MEMBER.SUBGROUP_ID.eq(id.value()).and(SUBGROUP_MEMBER.MEMBER_ID.eq(m.memberId().value()))
                    .and(SUBGROUP_MEMBER.VALID_FROM_SESSION.eq(m.validFrom()));
            if (m.validFrom() >= from) {
                dsl.deleteFrom(SUBGROUP_MEMBER).where(row).execute();
            } else {
                dsl.update(SUBGROUP_MEMBER).set(SUBGROUP_MEMBER.VALID_TO_SESSION, from - 1).where(row).execute();
            }
        }
        for (MemberId member : members) {
            boolean continuing = open.stream().anyMatch(m -> m.memberId().equals(member) && m.validFrom() <= from);
            if (continuing) {
                dsl.update(SUBGROUP_MEMBER).setNull(SUBGROUP_MEMBER.VALID_TO_SESSION)
                        .where(SUBGROUP_MEMBER.SUBGROUP_ID.eq(id.value()).and(SUBGROUP_MEMBER.MEMBER_ID.eq(member.value()))
                                .and(SUBGROUP_MEMBER.VALID_FROM_SESSION.le(from))
                                .and(SUBGROUP_MEMBER.VALID_TO_SESSION.isNull().or(SUBGROUP_MEMBER.VALID_TO_SESSION.ge(from))))
                        .execute();
            } else {
                dsl.insertInto(SUBGROUP_MEMBER).set(SUBGROUP_MEMBER.SUBGROUP_ID, id.value()).set(SUBGROUP_MEMBER.MEMBER_ID, member.value())
                        .set(SUBGROUP_MEMBER.VALID_FROM_SESSION, from).execute();
            }
        }
        dsl.update(SUBGROUP).set(SUBGROUP.VERSION, SUBGROUP.VERSION.plus(1)).where(SUBGROUP.ID.eq(id.value())).execute();
    }
}
