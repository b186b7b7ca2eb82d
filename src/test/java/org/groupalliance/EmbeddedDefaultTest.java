package org.groupalliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSummary;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.security.UserService;
import org.groupalliance.security.SystemActor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The embedded default as a new user gets it: an H2 file database created and migrated on first
 * start, a generated admin password and demo accounts printed once, and a living demo clinic.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:file:./target/embedded-default-test/groupalliance;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE",
        "groupalliance.demo-data.enabled=true"})
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultTest {

    static {
        // a fresh file database for this test: the point is the very first start
        try {
            Path dir = Path.of("target/embedded-default-test");
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired UserService users;
    @Autowired GroupService groups;
    @Autowired SessionService sessions;
    @Autowired UserDetailsService details;
    @Autowired org.groupalliance.capture.MeasurementPlanService plans;
    @Autowired org.groupalliance.capture.RatingService ratings;

    @Test
    void first_start_creates_the_file_database_an_admin_and_a_living_demo(CapturedOutput output) throws java.io.IOException {
        assertThat(Path.of("target/embedded-default-test/groupalliance.mv.db")).exists();
        // issue 13: the database files are readable by this OS user only
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of("target/embedded-default-test/groupalliance.mv.db"))))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of("target/embedded-default-test"))))
                .isEqualTo("rwx------");
        assertThat(SystemActor.call(() -> users.findAll())).extracting(u -> u.username() + ":" + u.role())
                .contains("admin:ADMIN", "anna.leader:FACILITATOR", "ben.leader:FACILITATOR", "rita.research:RESEARCHER",
                        "hana.leader:FACILITATOR", "hugo.research:RESEARCHER");
        AppUserPrincipal anna = (AppUserPrincipal) details.loadUserByUsername("anna.leader");
        List<GroupSummary> annas = as(anna, () -> groups.findMyGroups());
        assertThat(annas).singleElement().satisfies(g -> {
            assertThat(g.format()).isEqualTo(GroupFormat.CLOSED);
            assertThat(g.sessionsHeld()).isEqualTo(7);
            assertThat(g.currentMembers()).isEqualTo(7);
        });
        AppUserPrincipal ben = (AppUserPrincipal) details.loadUserByUsername("ben.leader");
        assertThat(as(ben, () -> groups.findMyGroups())).extracting(GroupSummary::format).containsExactlyInAnyOrder(GroupFormat.CLOSED, GroupFormat.OPEN);
        assertThat(anna.role()).isEqualTo(Role.FACILITATOR);
        // the demo groups measure alliance, cohesion and outcome
        assertThat(as(anna, () -> plans.dueAt(annas.get(0).id(), 3))).extracting(e -> e.data().instrumentCode())
                .containsExactlyInAnyOrder("SESSION-ALLIANCE-4", "GROUP-CLIMATE-12");
        // and every held session has the members' session-alliance forms, one per member who attended
        var held = as(anna, () -> sessions.findByGroup(annas.get(0).id()));
        assertThat(held).hasSize(7).allSatisfy(s -> {
            long attended = as(anna, () -> sessions.attendance(s.id())).stream().filter(r -> r.status() != null && r.status().attended()).count();
            var forms = as(anna, () -> ratings.forSession(s.id())).stream().filter(r -> r.instrumentCode().equals("SESSION-ALLIANCE-4")).toList();
            assertThat(forms).hasSize((int) attended).allSatisfy(r -> assertThat(r.total()).isBetween(0.0, 40.0));
        });
        // generated credentials are printed once, never a fixed default
        assertThat(output.getOut()).containsPattern("admin / [A-Za-z2-9]{16}").containsPattern("anna.leader / [A-Za-z2-9]{16}")
                .containsPattern("hugo.research / [A-Za-z2-9]{16}");
    }
}
