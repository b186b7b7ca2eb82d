package org.groupalliance.roster.internal;

import static org.groupalliance.jooq.Tables.APP_USER;
import static org.groupalliance.jooq.Tables.GROUP_LEADER;
import static org.groupalliance.jooq.Tables.GROUP_OBSERVER;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.MEMBER;
import static org.groupalliance.jooq.Tables.SITE;
import static org.groupalliance.jooq.Tables.THERAPY_GROUP;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.SiteId;
import org.groupalliance.base.Times;
import org.groupalliance.base.UserId;
import org.groupalliance.jooq.tables.records.TherapyGroupRecord;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupSummary;
import org.groupalliance.roster.Leader;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Groups and their leaders. Visibility filtering happens here, in the query, not in the view. */
@Repository
public class GroupRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    GroupRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Groups led by {@code leader}, or all groups when {@code leader} is empty (admins). */
    public List<GroupSummary> findSummaries(Optional<UserId> leader) {
        return summaries(leader.map(l -> DSL.exists(DSL.selectOne().from(GROUP_LEADER)
                .where(GROUP_LEADER.GROUP_ID.eq(THERAPY_GROUP.ID).and(GROUP_LEADER.USER_ID.eq(l.value())))))
                .orElse(DSL.trueCondition()));
    }

    /** Groups {@code observer} is assigned to. */
    public List<GroupSummary> findObservedSummaries(UserId observer) {
        return summaries(DSL.exists(DSL.selectOne().from(GROUP_OBSERVER)
                .where(GROUP_OBSERVER.GROUP_ID.eq(THERAPY_GROUP.ID).and(GROUP_OBSERVER.USER_ID.eq(observer.value())))));
    }

    private List<GroupSummary> summaries(Condition visible) {
        var sessionsHeld = DSL.field(DSL.selectCount().from(GROUP_SESSION).where(GROUP_SESSION.GROUP_ID.eq(THERAPY_GROUP.ID)));
        var currentMembers = DSL.field(DSL.selectCount().from(MEMBER)
                .where(MEMBER.GROUP_ID.eq(THERAPY_GROUP.ID).and(MEMBER.END_STATUS.eq("ONGOING"))));
        return dsl.select(THERAPY_GROUP.ID, THERAPY_GROUP.NAME, SITE.NAME, THERAPY_GROUP.MODALITY, THERAPY_GROUP.FORMAT,
                        THERAPY_GROUP.PLANNED_SESSIONS, sessionsHeld, currentMembers, THERAPY_GROUP.START_DATE)
                .from(THERAPY_GROUP).join(SITE).on(SITE.ID.eq(THERAPY_GROUP.SITE_ID))
                .where(visible)
                .orderBy(THERAPY_GROUP.START_DATE.desc(), THERAPY_GROUP.NAME)
                .fetch(r -> new GroupSummary(new GroupId(r.value1()), r.value2(), r.value3(), Modality.valueOf(r.value4()),
                        GroupFormat.valueOf(r.value5()), r.value6(), r.value7(), r.value8(), r.value9()));
    }

    public Optional<Group> findById(GroupId id) {
        return dsl.select(THERAPY_GROUP.asterisk(), SITE.NAME).from(THERAPY_GROUP).join(SITE).on(SITE.ID.eq(THERAPY_GROUP.SITE_ID))
                .where(THERAPY_GROUP.ID.eq(id.value()))
                .fetchOptional()
                .map(r -> {
                    TherapyGroupRecord g = r.into(THERAPY_GROUP);
                    List<Leader> leaders = leaders(id);
                    return new Group(id, g.getVersion(), toData(g, leaders.stream().map(Leader::userId).collect(Collectors.toSet())),
                            r.get(SITE.NAME), leaders);
                });
    }

    public boolean isLeader(GroupId group, UserId user) {
        return dsl.fetchExists(GROUP_LEADER, GROUP_LEADER.GROUP_ID.eq(group.value()).and(GROUP_LEADER.USER_ID.eq(user.value())));
    }

    public boolean isObserver(GroupId group, UserId user) {
        return dsl.fetchExists(GROUP_OBSERVER, GROUP_OBSERVER.GROUP_ID.eq(group.value()).and(GROUP_OBSERVER.USER_ID.eq(user.value())));
    }

    public List<Leader> observers(GroupId group) {
        return dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.FULL_NAME).from(GROUP_OBSERVER).join(APP_USER).on(APP_USER.ID.eq(GROUP_OBSERVER.USER_ID))
                .where(GROUP_OBSERVER.GROUP_ID.eq(group.value())).orderBy(APP_USER.USERNAME)
                .fetch(r -> new Leader(new UserId(r.value1()), r.value2(), r.value3()));
    }

    /** Whether {@code user} is an enabled observer account. */
    public boolean isEnabledObserver(UserId user) {
        return dsl.fetchExists(APP_USER, APP_USER.ID.eq(user.value()).and(APP_USER.ROLE.eq("OBSERVER")).and(APP_USER.ENABLED.isTrue()));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean assignObserver(GroupId group, UserId user) {
        if (isObserver(group, user)) {
            return false;
        }
        dsl.insertInto(GROUP_OBSERVER).set(GROUP_OBSERVER.GROUP_ID, group.value()).set(GROUP_OBSERVER.USER_ID, user.value())
                .set(GROUP_OBSERVER.ASSIGNED_AT, Times.nowUtc(clock)).execute();
        return true;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean unassignObserver(GroupId group, UserId user) {
        return dsl.deleteFrom(GROUP_OBSERVER).where(GROUP_OBSERVER.GROUP_ID.eq(group.value()).and(GROUP_OBSERVER.USER_ID.eq(user.value()))).execute() == 1;
    }

    public boolean exists(GroupId group) {
        return dsl.fetchExists(THERAPY_GROUP, THERAPY_GROUP.ID.eq(group.value()));
    }

    /** Enabled facilitators among {@code ids}. */
    public Set<UserId> enabledFacilitators(Collection<UserId> ids) {
        return dsl.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.ID.in(ids.stream().map(UserId::value).toList())
                        .and(APP_USER.ROLE.eq("FACILITATOR")).and(APP_USER.ENABLED.isTrue()))
                .fetchSet(r -> new UserId(r.value1()));
    }

    public int highestSessionNumber(GroupId group) {
        Integer max = dsl.select(DSL.max(GROUP_SESSION.SESSION_NUMBER)).from(GROUP_SESSION)
                .where(GROUP_SESSION.GROUP_ID.eq(group.value())).fetchOne(0, Integer.class);
        return max == null ? 0 : max;
    }

    /** The highest joined/left session among the group's members (they must stay within the planned sessions). */
    public int highestMemberSession(GroupId group) {
        Integer joined = dsl.select(DSL.max(MEMBER.JOINED_SESSION)).from(MEMBER).where(MEMBER.GROUP_ID.eq(group.value())).fetchOne(0, Integer.class);
        Integer left = dsl.select(DSL.max(MEMBER.LEFT_SESSION)).from(MEMBER).where(MEMBER.GROUP_ID.eq(group.value())).fetchOne(0, Integer.class);
        return Math.max(joined == null ? 0 : joined, left == null ? 0 : left);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public GroupId insert(GroupData d) {
        Long id = dsl.insertInto(THERAPY_GROUP)
                .set(columns(d))
                .set(THERAPY_GROUP.VERSION, 0)
                .set(THERAPY_GROUP.CREATED_AT, Times.nowUtc(clock))
                .returningResult(THERAPY_GROUP.ID).fetchOne(THERAPY_GROUP.ID);
        GroupId groupId = new GroupId(id);
        replaceLeaders(groupId, d.leaderIds());
        return groupId;
    }

    /** @return false when the version moved on since the caller loaded the group */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(GroupId id, int expectedVersion, GroupData d) {
        int rows = dsl.update(THERAPY_GROUP)
                .set(columns(d))
                .set(THERAPY_GROUP.VERSION, THERAPY_GROUP.VERSION.plus(1))
                .where(THERAPY_GROUP.ID.eq(id.value()).and(THERAPY_GROUP.VERSION.eq(expectedVersion)))
                .execute();
        if (rows == 1) {
            replaceLeaders(id, d.leaderIds());
        }
        return rows == 1;
    }

    /** The editable columns of a group, shared by insert and update. */
    private static Map<Field<?>, Object> columns(GroupData d) {
        PhaseBoundaries p = d.phases();
        Map<Field<?>, Object> m = new LinkedHashMap<>();
        m.put(THERAPY_GROUP.SITE_ID, d.siteId().value());
        m.put(THERAPY_GROUP.NAME, d.name());
        m.put(THERAPY_GROUP.MODALITY, d.modality().name());
        m.put(THERAPY_GROUP.FORMAT, d.format().name());
        m.put(THERAPY_GROUP.PLANNED_SESSIONS, d.plannedSessions());
        m.put(THERAPY_GROUP.START_DATE, d.startDate());
        m.put(THERAPY_GROUP.EARLY_FROM, p.earlyFrom());
        m.put(THERAPY_GROUP.EARLY_TO, p.earlyTo());
        m.put(THERAPY_GROUP.MIDDLE_FROM, p.middleFrom());
        m.put(THERAPY_GROUP.MIDDLE_TO, p.middleTo());
        m.put(THERAPY_GROUP.LATE_FROM, p.lateFrom());
        m.put(THERAPY_GROUP.LATE_TO, p.lateTo());
        return m;
    }

    /** Moves the group's version on, so a concurrent editor of any part of the group sees a conflict. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean bumpVersion(GroupId id, int expectedVersion) {
        return dsl.update(THERAPY_GROUP).set(THERAPY_GROUP.VERSION, THERAPY_GROUP.VERSION.plus(1))
                .where(THERAPY_GROUP.ID.eq(id.value()).and(THERAPY_GROUP.VERSION.eq(expectedVersion))).execute() == 1;
    }

    private void replaceLeaders(GroupId id, Set<UserId> leaders) {
        dsl.deleteFrom(GROUP_LEADER).where(GROUP_LEADER.GROUP_ID.eq(id.value())).execute();
        for (UserId leader : leaders) {
            dsl.insertInto(GROUP_LEADER).set(GROUP_LEADER.GROUP_ID, id.value()).set(GROUP_LEADER.USER_ID, leader.value()).execute();
        }
    }

    private List<Leader> leaders(GroupId id) {
        return dsl.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.FULL_NAME).from(GROUP_LEADER)
                .join(APP_USER).on(APP_USER.ID.eq(GROUP_LEADER.USER_ID))
                .where(GROUP_LEADER.GROUP_ID.eq(id.value()))
                .orderBy(APP_USER.FULL_NAME)
                .fetch(r -> new Leader(new UserId(r.value1()), r.value2(), r.value3()));
    }

    private static GroupData toData(TherapyGroupRecord g, Set<UserId> leaders) {
        return new GroupData(new SiteId(g.getSiteId()), g.getName(), Modality.valueOf(g.getModality()), GroupFormat.valueOf(g.getFormat()),
                g.getPlannedSessions(), g.getStartDate(),
                new PhaseBoundaries(g.getEarlyFrom(), g.getEarlyTo(), g.getMiddleFrom(), g.getMiddleTo(), g.getLateFrom(), g.getLateTo()),
                leaders);
    }
}
