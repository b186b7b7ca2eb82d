package org.groupalliance.rupture.internal;

import static org.groupalliance.jooq.Tables.RUPTURE_MAIL_ADDRESS;
import static org.groupalliance.jooq.Tables.RUPTURE_SETTING;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.UserId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** A group's own rule parameters per instrument, and leaders' alert e-mail addresses. */
@Repository
public class SettingRepository {

    /** Null fields use the instrument's default. */
    public record GroupSetting(Double dropOf, Double groupFallOf) {
    }

    private final DSLContext dsl;

    SettingRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<GroupSetting> find(GroupId group, String instrumentCode) {
        return dsl.select(RUPTURE_SETTING.DROP_OF, RUPTURE_SETTING.GROUP_FALL_OF).from(RUPTURE_SETTING)
                .where(RUPTURE_SETTING.GROUP_ID.eq(group.value()).and(RUPTURE_SETTING.INSTRUMENT_CODE.eq(instrumentCode)))
                .fetchOptional(r -> new GroupSetting(r.value1(), r.value2()));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void save(GroupId group, String instrumentCode, GroupSetting s) {
        int n = dsl.update(RUPTURE_SETTING).set(RUPTURE_SETTING.DROP_OF, s.dropOf()).set(RUPTURE_SETTING.GROUP_FALL_OF, s.groupFallOf())
                .set(RUPTURE_SETTING.VERSION, RUPTURE_SETTING.VERSION.plus(1))
                .where(RUPTURE_SETTING.GROUP_ID.eq(group.value()).and(RUPTURE_SETTING.INSTRUMENT_CODE.eq(instrumentCode))).execute();
        if (n == 0) {
            dsl.insertInto(RUPTURE_SETTING).set(RUPTURE_SETTING.GROUP_ID, group.value()).set(RUPTURE_SETTING.INSTRUMENT_CODE, instrumentCode)
                    .set(RUPTURE_SETTING.DROP_OF, s.dropOf()).set(RUPTURE_SETTING.GROUP_FALL_OF, s.groupFallOf()).set(RUPTURE_SETTING.VERSION, 0).execute();
        }
    }

    public Optional<String> mailAddress(UserId user) {
        return dsl.select(RUPTURE_MAIL_ADDRESS.EMAIL).from(RUPTURE_MAIL_ADDRESS).where(RUPTURE_MAIL_ADDRESS.USER_ID.eq(user.value()))
                .fetchOptional(RUPTURE_MAIL_ADDRESS.EMAIL);
    }

    /** The alert addresses of these users who are still enabled facilitators. */
    public List<String> mailAddresses(Collection<UserId> users) {
        if (users.isEmpty()) {
            return List.of();
        }
        // only accounts still entitled to the group's alerts: enabled and still facilitators (a disabled or re-roled
        // leader stays listed as the group's leader, decision 0022, but is told nothing more about it)
        var user = org.groupalliance.jooq.Tables.APP_USER;
        return dsl.select(RUPTURE_MAIL_ADDRESS.EMAIL).from(RUPTURE_MAIL_ADDRESS).join(user).on(user.ID.eq(RUPTURE_MAIL_ADDRESS.USER_ID))
                .where(RUPTURE_MAIL_ADDRESS.USER_ID.in(users.stream().map(UserId::value).toList()))
                .and(user.ENABLED.isTrue()).and(user.ROLE.eq(org.groupalliance.security.Role.FACILITATOR.name()))
                .fetch(RUPTURE_MAIL_ADDRESS.EMAIL);
    }

    /** Sets (or with null removes) a user's alert address. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saveMailAddress(UserId user, String email) {
        dsl.deleteFrom(RUPTURE_MAIL_ADDRESS).where(RUPTURE_MAIL_ADDRESS.USER_ID.eq(user.value())).execute();
        if (email != null) {
            dsl.insertInto(RUPTURE_MAIL_ADDRESS).set(RUPTURE_MAIL_ADDRESS.USER_ID, user.value()).set(RUPTURE_MAIL_ADDRESS.EMAIL, email).execute();
        }
    }
}
