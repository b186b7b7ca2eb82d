package org.groupalliance.roster.internal;

import static org.groupalliance.jooq.Tables.MEMBER;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SiteId;
import org.groupalliance.base.Times;
import org.groupalliance.jooq.tables.records.MemberRecord;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Members in {@code member}, always returned with their display name; the service decides who sees it. */
@Repository
public class MemberRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    MemberRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public List<Member> findByGroup(GroupId group) {
        return dsl.selectFrom(MEMBER).where(MEMBER.GROUP_ID.eq(group.value())).orderBy(MEMBER.MEMBER_CODE).fetch(MemberRepository::toMember);
    }

    public Optional<Member> findById(MemberId id) {
        return dsl.selectFrom(MEMBER).where(MEMBER.ID.eq(id.value())).fetchOptional().map(MemberRepository::toMember);
    }

    public boolean codeExists(SiteId site, String code, Optional<MemberId> except) {
        var condition = MEMBER.SITE_ID.eq(site.value()).and(MEMBER.MEMBER_CODE.eq(code));
        if (except.isPresent()) {
            condition = condition.and(MEMBER.ID.ne(except.get().value()));
        }
        return dsl.fetchExists(MEMBER, condition);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public MemberId insert(GroupId group, SiteId site, MemberData d) {
        return new MemberId(dsl.insertInto(MEMBER)
                .set(MEMBER.GROUP_ID, group.value())
                .set(MEMBER.SITE_ID, site.value())
                .set(columns(d))
                .set(MEMBER.VERSION, 0)
                .set(MEMBER.CREATED_AT, Times.nowUtc(clock))
                .returningResult(MEMBER.ID).fetchOne(MEMBER.ID));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(MemberId id, int expectedVersion, MemberData d) {
        return dsl.update(MEMBER)
                .set(columns(d))
                .set(MEMBER.VERSION, MEMBER.VERSION.plus(1))
                .where(MEMBER.ID.eq(id.value()).and(MEMBER.VERSION.eq(expectedVersion)))
                .execute() == 1;
    }

    /** The editable columns of a member, shared by insert and update. */
    private static Map<Field<?>, Object> columns(MemberData d) {
        Map<Field<?>, Object> m = new LinkedHashMap<>();
        m.put(MEMBER.MEMBER_CODE, d.memberCode());
        m.put(MEMBER.DISPLAY_NAME, d.displayName());
        m.put(MEMBER.JOINED_SESSION, d.joinedSession());
        m.put(MEMBER.LEFT_SESSION, d.leftSession());
        m.put(MEMBER.END_STATUS, d.endStatus().name());
        m.put(MEMBER.END_REASON, d.endReason());
        return m;
    }

    static Member toMember(MemberRecord r) {
        return new Member(new MemberId(r.getId()), new GroupId(r.getGroupId()), r.getVersion(),
                new MemberData(r.getMemberCode(), r.getDisplayName(), r.getJoinedSession(), r.getLeftSession(),
                        EndStatus.valueOf(r.getEndStatus()), r.getEndReason()));
    }
}
