package org.groupalliance.rupture.internal;

import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.RUPTURE_ALERT;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.jooq.tables.records.RuptureAlertRecord;
import org.groupalliance.rupture.Alert;
import org.groupalliance.rupture.AlertId;
import org.groupalliance.rupture.AlertRule;
import org.groupalliance.rupture.RuptureId;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Stored alerts, keyed for idempotent evaluation. */
@Repository
public class AlertRepository {

    /** A finding ready to store: its key and what it says. */
    public record NewAlert(GroupId group, SessionId session, int sessionNumber, String instrumentCode, AlertRule rule, String subject, MemberId member,
                           String key, String text, boolean fromMember) {
    }

    private final DSLContext dsl;

    AlertRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** All alerts of a session (any status). */
    public List<Alert> findBySession(SessionId session) {
        return dsl.selectFrom(RUPTURE_ALERT).where(RUPTURE_ALERT.SESSION_ID.eq(session.value())).orderBy(RUPTURE_ALERT.ID).fetch(AlertRepository::toAlert);
    }

    public Optional<String> keyOf(AlertId id) {
        return dsl.select(RUPTURE_ALERT.ALERT_KEY).from(RUPTURE_ALERT).where(RUPTURE_ALERT.ID.eq(id.value())).fetchOptional(RUPTURE_ALERT.ALERT_KEY);
    }

    public List<String> keysOfSession(SessionId session) {
        return dsl.select(RUPTURE_ALERT.ALERT_KEY).from(RUPTURE_ALERT).where(RUPTURE_ALERT.SESSION_ID.eq(session.value())).fetch(RUPTURE_ALERT.ALERT_KEY);
    }

    public Optional<Alert> find(AlertId id) {
        return dsl.selectFrom(RUPTURE_ALERT).where(RUPTURE_ALERT.ID.eq(id.value())).fetchOptional().map(AlertRepository::toAlert);
    }

    /** Alerts of these groups, newest first; {@code activeOnly} leaves out dismissed, withdrawn and recorded ones. */
    public List<Alert> findByGroups(Collection<GroupId> groups, boolean activeOnly, int limit) {
        if (groups.isEmpty()) {
            return List.of();
        }
        Condition c = RUPTURE_ALERT.GROUP_ID.in(groups.stream().map(GroupId::value).toList());
        if (activeOnly) {
            c = c.and(RUPTURE_ALERT.WITHDRAWN_AT.isNull()).and(RUPTURE_ALERT.DISMISSED_AT.isNull()).and(RUPTURE_ALERT.RECORD_ID.isNull());
        }
        return dsl.selectFrom(RUPTURE_ALERT).where(c).orderBy(RUPTURE_ALERT.CREATED_AT.desc(), RUPTURE_ALERT.ID.desc()).limit(limit)
                .fetch(AlertRepository::toAlert);
    }

    /** Number of alerts per group (not withdrawn). */
    public int countByGroup(GroupId group) {
        return dsl.fetchCount(RUPTURE_ALERT, RUPTURE_ALERT.GROUP_ID.eq(group.value()).and(RUPTURE_ALERT.WITHDRAWN_AT.isNull()));
    }

    /** Number of alerts of these groups (not withdrawn). */
    public int countByGroups(Collection<GroupId> groups) {
        if (groups.isEmpty()) {
            return 0;
        }
        return dsl.fetchCount(RUPTURE_ALERT, RUPTURE_ALERT.GROUP_ID.in(groups.stream().map(GroupId::value).toList()).and(RUPTURE_ALERT.WITHDRAWN_AT.isNull()));
    }

    public int countAll() {
        return dsl.fetchCount(RUPTURE_ALERT, RUPTURE_ALERT.WITHDRAWN_AT.isNull());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public AlertId insert(NewAlert a, LocalDateTime now) {
        return new AlertId(dsl.insertInto(RUPTURE_ALERT)
                .set(RUPTURE_ALERT.GROUP_ID, a.group().value()).set(RUPTURE_ALERT.SESSION_ID, a.session().value())
                .set(RUPTURE_ALERT.SESSION_NUMBER, a.sessionNumber()).set(RUPTURE_ALERT.INSTRUMENT_CODE, a.instrumentCode())
                .set(RUPTURE_ALERT.RULE_CODE, a.rule().name()).set(RUPTURE_ALERT.SUBJECT, a.subject())
                .set(RUPTURE_ALERT.MEMBER_ID, a.member() == null ? null : a.member().value()).set(RUPTURE_ALERT.ALERT_KEY, a.key())
                .set(RUPTURE_ALERT.ALERT_TEXT, a.text()).set(RUPTURE_ALERT.FROM_MEMBER, a.fromMember()).set(RUPTURE_ALERT.CREATED_AT, now)
                .set(RUPTURE_ALERT.VERSION, 0)
                .returningResult(RUPTURE_ALERT.ID).fetchOne().value1());
    }

    /** All alerts (any status) of the group's sessions numbered {@code fromSession} and later, in one query. */
    public List<Alert> findFromSession(GroupId group, int fromSession) {
        return dsl.select(RUPTURE_ALERT.fields()).from(RUPTURE_ALERT).join(GROUP_SESSION).on(GROUP_SESSION.ID.eq(RUPTURE_ALERT.SESSION_ID))
                .where(GROUP_SESSION.GROUP_ID.eq(group.value())).and(GROUP_SESSION.SESSION_NUMBER.ge(fromSession))
                .orderBy(RUPTURE_ALERT.ID).fetch(r -> toAlert(r.into(RUPTURE_ALERT)));
    }

    /** The alerts with these keys, in one query. */
    public List<Alert> findByKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return dsl.selectFrom(RUPTURE_ALERT).where(RUPTURE_ALERT.ALERT_KEY.in(keys)).orderBy(RUPTURE_ALERT.ID).fetch(AlertRepository::toAlert);
    }

    /** Stores new alerts in one multi-row INSERT. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void insertAll(List<NewAlert> list, LocalDateTime now) {
        if (list.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(RUPTURE_ALERT, RUPTURE_ALERT.GROUP_ID, RUPTURE_ALERT.SESSION_ID, RUPTURE_ALERT.SESSION_NUMBER, RUPTURE_ALERT.INSTRUMENT_CODE,
                RUPTURE_ALERT.RULE_CODE, RUPTURE_ALERT.SUBJECT, RUPTURE_ALERT.MEMBER_ID, RUPTURE_ALERT.ALERT_KEY, RUPTURE_ALERT.ALERT_TEXT,
                RUPTURE_ALERT.FROM_MEMBER, RUPTURE_ALERT.CREATED_AT, RUPTURE_ALERT.VERSION);
        for (NewAlert a : list) {
            insert = insert.values(a.group().value(), a.session().value(), a.sessionNumber(), a.instrumentCode(), a.rule().name(), a.subject(),
                    a.member() == null ? null : a.member().value(), a.key(), a.text(), a.fromMember(), now, 0);
        }
        insert.execute();
    }

    /**
     * {@link #refresh} for many alerts in one UPDATE (key to new text; a CASE on the key picks each
     * text): one round trip, where a JDBC batch is one per row without the driver's rewriting.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void refreshAll(java.util.Map<String, String> textByKey) {
        if (textByKey.isEmpty()) {
            return;
        }
        var entries = new java.util.ArrayList<>(textByKey.entrySet());
        var text = DSL.case_(RUPTURE_ALERT.ALERT_KEY).when(entries.getFirst().getKey(), entries.getFirst().getValue());
        for (var e : entries.subList(1, entries.size())) {
            text = text.when(e.getKey(), e.getValue());
        }
        dsl.update(RUPTURE_ALERT).set(RUPTURE_ALERT.ALERT_TEXT, text.else_(RUPTURE_ALERT.ALERT_TEXT)).setNull(RUPTURE_ALERT.WITHDRAWN_AT)
                .set(RUPTURE_ALERT.VERSION, RUPTURE_ALERT.VERSION.plus(1)).where(RUPTURE_ALERT.ALERT_KEY.in(textByKey.keySet())).execute();
    }

    /** {@link #withdraw} for many alerts in one UPDATE. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void withdrawAll(Collection<String> keys, LocalDateTime now) {
        if (keys.isEmpty()) {
            return;
        }
        dsl.update(RUPTURE_ALERT).set(RUPTURE_ALERT.WITHDRAWN_AT, now).set(RUPTURE_ALERT.VERSION, RUPTURE_ALERT.VERSION.plus(1))
                .where(RUPTURE_ALERT.ALERT_KEY.in(keys)).and(RUPTURE_ALERT.WITHDRAWN_AT.isNull()).execute();
    }

    /** A corrected rating changed the numbers: new text, and a withdrawn alert becomes active again. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void refresh(String key, String text) {
        dsl.update(RUPTURE_ALERT).set(RUPTURE_ALERT.ALERT_TEXT, text).setNull(RUPTURE_ALERT.WITHDRAWN_AT)
                .set(RUPTURE_ALERT.VERSION, RUPTURE_ALERT.VERSION.plus(1)).where(RUPTURE_ALERT.ALERT_KEY.eq(key)).execute();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void withdraw(String key, LocalDateTime now) {
        dsl.update(RUPTURE_ALERT).set(RUPTURE_ALERT.WITHDRAWN_AT, now).set(RUPTURE_ALERT.VERSION, RUPTURE_ALERT.VERSION.plus(1))
                .where(RUPTURE_ALERT.ALERT_KEY.eq(key)).and(RUPTURE_ALERT.WITHDRAWN_AT.isNull()).execute();
    }

    /** @return false when the alert moved on since {@code version} */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean dismiss(AlertId id, int version, String by, String reason, LocalDateTime now) {
        return dsl.update(RUPTURE_ALERT).set(RUPTURE_ALERT.DISMISSED_AT, now).set(RUPTURE_ALERT.DISMISSED_BY, by).set(RUPTURE_ALERT.DISMISS_REASON, reason)
                .set(RUPTURE_ALERT.VERSION, RUPTURE_ALERT.VERSION.plus(1))
                .where(RUPTURE_ALERT.ID.eq(id.value()).and(RUPTURE_ALERT.VERSION.eq(version))).execute() == 1;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean linkRecord(AlertId id, int version, RuptureId record) {
        return dsl.update(RUPTURE_ALERT).set(RUPTURE_ALERT.RECORD_ID, record.value()).set(RUPTURE_ALERT.VERSION, RUPTURE_ALERT.VERSION.plus(1))
                .where(RUPTURE_ALERT.ID.eq(id.value()).and(RUPTURE_ALERT.VERSION.eq(version))).execute() == 1;
    }

    private static Alert toAlert(RuptureAlertRecord r) {
        Alert.Status status = r.getWithdrawnAt() != null ? Alert.Status.WITHDRAWN
                : r.getRecordId() != null ? Alert.Status.IN_RECORD
                : r.getDismissedAt() != null ? Alert.Status.DISMISSED : Alert.Status.ACTIVE;
        return new Alert(new AlertId(r.getId()), new GroupId(r.getGroupId()), null, new SessionId(r.getSessionId()), r.getSessionNumber(),
                r.getInstrumentCode(), AlertRule.valueOf(r.getRuleCode()), r.getSubject(), r.getMemberId() == null ? null : new MemberId(r.getMemberId()),
                r.getAlertText(), Boolean.TRUE.equals(r.getFromMember()), r.getCreatedAt(), status, r.getDismissReason(),
                r.getRecordId() == null ? null : new RuptureId(r.getRecordId()), r.getVersion());
    }
}
