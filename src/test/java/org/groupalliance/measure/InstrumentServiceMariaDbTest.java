package org.groupalliance.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.util.Set;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;

@MariaDbTest
class InstrumentServiceMariaDbTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired InstrumentService instruments;
    @Autowired AuditLog audit;
    Account admin;
    Account facilitator;

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(applicationContext);
        admin = actors.newUser(Role.ADMIN, null);
        facilitator = actors.newUser(Role.FACILITATOR, null);
    }

    private static String customJson(String code, int version) {
        InstrumentDefinition base = BuiltInInstruments.memberToGroupAlliance();
        InstrumentDefinition d = new InstrumentDefinition(code, "Site form " + code, version, base.construct(), base.target(), base.raters(),
                base.items(), Set.of(), base.subscales(), base.scoring(), base.concern(), null, null, base.direction(), "Site-made", "Free", Set.of());
        return InstrumentJson.write(d);
    }

    @Test
    void the_built_ins_are_in_the_library_from_the_first_start() {
        assertThat(as(facilitator, () -> instruments.findAll())).extracting(Instrument::code)
                .contains("SESSION-ALLIANCE-4", "GROUP-SESSION-ALLIANCE-4", "GTB-12", "GROUP-ALLIANCE-3L", "MEMBER-GROUP-ALLIANCE", "GROUP-CLIMATE-12",
                        "CORE-10", "PHQ-9", "GAD-7", "SESSION-OUTCOME-4", "OQ-45-STRUCTURE");
        assertThat(as(admin, () -> instruments.addMissingBuiltIns())).as("seeding again adds nothing").isZero();
    }

    @Test
    void an_admin_imports_a_definition_and_every_reader_gets_it_back_identically() {
        String code = Actors.unique("SITE-").toUpperCase();
        Instrument imported = as(admin, () -> instruments.importJson(customJson(code, 1)));
        assertThat(imported.builtIn()).isFalse();
        assertThat(as(facilitator, () -> instruments.get(code, 1)).definition()).isEqualTo(InstrumentJson.read(customJson(code, 1)));
        assertThat(as(admin, () -> audit.search(new AuditQuery(admin.username(), AuditAction.CREATE, "Instrument", null, null, 10))))
                .anySatisfy(e -> assertThat(e.entityId()).isEqualTo(code + " v1"));
    }

    @Test
    void an_existing_version_cannot_be_overwritten_and_an_edit_becomes_the_next_version() {
        String code = Actors.unique("SITE-").toUpperCase();
        as(admin, () -> instruments.importJson(customJson(code, 1)));
        assertThatThrownBy(() -> as(admin, () -> instruments.importJson(customJson(code, 1))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("version")).contains("already has version 1"));
        InstrumentDefinition v1 = as(admin, () -> instruments.get(code, 1)).definition();
        InstrumentDefinition v2 = new InstrumentDefinition(code, "Renamed", 2, v1.construct(), v1.target(), v1.raters(), v1.items(), v1.reversedItems(),
                v1.subscales(), v1.scoring(), v1.concern(), 3.5, null, v1.direction(), v1.source(), v1.licence(), v1.unverified());
        as(admin, () -> instruments.saveNewVersion(v2));
        assertThat(as(admin, () -> instruments.get(code, 1)).definition().name()).as("v1 unchanged").isEqualTo("Site form " + code);
        assertThat(as(admin, () -> instruments.current(code))).get().extracting(Instrument::version).isEqualTo(2);
        // a second editor working from v1 also produces "v2": refused, nothing lost
        assertThatThrownBy(() -> as(admin, () -> instruments.saveNewVersion(v2))).isInstanceOf(ConcurrentEditException.class);
    }

    @Test
    void retiring_a_version_hides_it_from_current_use_and_is_audited() {
        String code = Actors.unique("SITE-").toUpperCase();
        Instrument i = as(admin, () -> instruments.importJson(customJson(code, 1)));
        as(admin, () -> instruments.setRetired(code, 1, i.rowVersion(), true));
        assertThat(as(admin, () -> instruments.current(code))).isEmpty();
        assertThatThrownBy(() -> as(admin, () -> instruments.setRetired(code, 1, i.rowVersion(), false))).isInstanceOf(ConcurrentEditException.class);
        assertThat(as(admin, () -> audit.search(new AuditQuery(admin.username(), AuditAction.UPDATE, "Instrument", null, null, 10))))
                .anySatisfy(e -> assertThat(e.after()).isEqualTo("{\"retired\":true}"));
    }

    @Test
    void only_admins_change_the_library() {
        assertThatThrownBy(() -> as(facilitator, () -> instruments.importJson(customJson("NOPE-1", 1)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(facilitator, () -> instruments.setRetired("PHQ-9", 1, 0, true))).isInstanceOf(AccessDeniedException.class);
    }
}
