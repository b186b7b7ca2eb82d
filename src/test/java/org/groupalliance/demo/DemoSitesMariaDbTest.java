package org.groupalliance.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.export.ExportFilter;
import org.groupalliance.export.ExportService;
import org.groupalliance.export.ExportableGroup;
import org.groupalliance.export.Pseudonymiser;
import org.groupalliance.export.ResearchIds;
import org.groupalliance.insight.Association;
import org.groupalliance.insight.AssociationService;
import org.groupalliance.insight.MemberInsightService;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.DemoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo's two sites on MariaDB (issue 10, section 5): rita.research sees Riverside's six groups
 * and nothing of Hillside, hugo.research Hillside's two and nothing of Riverside, an admin both, in
 * the export (group list and every long row) and in the pooled alliance-outcome model; and the
 * Hillside group that measures a session outcome gives its members a within-person r that goes with
 * the story (a better alliance, a better next session).
 */
@SpringBootTest(properties = {DemoDatabase.SEED, DemoDatabase.URL + "ga_demo_sites" + DemoDatabase.OPTIONS})
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class DemoSitesMariaDbTest {

    static final Association.Choice CHOICE = new Association.Choice("SESSION-ALLIANCE-4", Rater.MEMBER, Association.Period.WHOLE, "PHQ-9", null);

    @Autowired ApplicationContext context;
    @Autowired JdbcTemplate jdbc;
    @Autowired UserDetailsService users;
    @Autowired ExportService exports;
    @Autowired AssociationService association;
    @Autowired MemberInsightService memberInsight;
    @Autowired ResearchIds researchIds;
    @Autowired org.groupalliance.insight.GroupReportService reports;
    AppUserPrincipal rita;
    AppUserPrincipal hugo;
    AppUserPrincipal hana;
    Actors.Account admin;

    @BeforeEach
    void setUp() {
        Actors.useSecurityOf(context);
        rita = (AppUserPrincipal) users.loadUserByUsername("rita.research");
        hugo = (AppUserPrincipal) users.loadUserByUsername("hugo.research");
        hana = (AppUserPrincipal) users.loadUserByUsername("hana.leader");
        admin = new Actors(context).newUser(Role.ADMIN, null);
    }

    /** Research ids of the groups that {@code ids} (a parenthesised id query) selects. */
    Set<String> researchIdsOf(String ids) {
        Pseudonymiser p = SystemActor.call(() -> researchIds.pseudonymiser());
        return jdbc.queryForList("SELECT id FROM therapy_group WHERE id IN " + ids, Long.class).stream()
                .map(id -> p.id(Pseudonymiser.Kind.GROUP, id)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The group research ids of every row of the long file that {@code who} exports. */
    Set<String> groupsInLongFile(AppUserPrincipal who) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        as(who, () -> {
            exports.writeFile(ExportFilter.ALL, "long.csv", out, "test");
            return null;
        });
        List<String> rows = List.of(out.toString(StandardCharsets.UTF_8).split("\r\n"));
        int column = List.of(rows.getFirst().split(",")).indexOf("group_id");
        assertThat(rows).hasSizeGreaterThan(1);
        return rows.subList(1, rows.size()).stream().map(r -> r.split(",", -1)[column]).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void each_researcher_exports_the_groups_of_their_own_site_only_and_an_admin_both_sites() {
        Set<String> riverside = researchIdsOf(DemoDatabase.RIVERSIDE_GROUPS);
        Set<String> hillside = researchIdsOf(DemoDatabase.HILLSIDE_GROUPS);
        assertThat(riverside).hasSize(6);
        assertThat(hillside).hasSize(2).doesNotContainAnyElementsOf(riverside);
        Set<String> both = new TreeSet<>(riverside);
        both.addAll(hillside);

        assertThat(as(rita, () -> exports.groups())).extracting(ExportableGroup::researchId).containsExactlyInAnyOrderElementsOf(riverside);
        assertThat(as(hugo, () -> exports.groups())).extracting(ExportableGroup::researchId).containsExactlyInAnyOrderElementsOf(hillside);
        assertThat(as(admin, () -> exports.groups())).extracting(ExportableGroup::researchId).containsExactlyInAnyOrderElementsOf(both);
        // every row of the long file: each group of the own site has ratings there, no group of the other site appears
        assertThat(groupsInLongFile(rita)).isEqualTo(riverside);
        assertThat(groupsInLongFile(hugo)).isEqualTo(hillside);
        assertThat(groupsInLongFile(admin.principal())).isEqualTo(both);
    }

    @Test
    void each_researcher_s_pooled_model_holds_their_own_site_s_groups_and_an_admin_s_both() {
        Association.Pooled ritas = as(rita, () -> association.pooled(CHOICE));
        Association.Pooled hugos = as(hugo, () -> association.pooled(CHOICE));
        Association.Pooled admins = as(admin, () -> association.pooled(CHOICE));
        // rita's is the one-site demo's model: six groups; the four completed ones have PHQ-9 pre and post (32 members)
        assertThat(ritas.groups()).hasSize(6);
        assertThat(ritas.memberModel()).isNotNull();
        assertThat(ritas.members()).isEqualTo(32);
        assertThat(hugos.groups()).hasSize(2);
        assertThat(hugos.members()).isEqualTo(16);
        // the admin sees names: every group of both sites, and the members of both researchers' models
        List<String> names = jdbc.queryForList("SELECT name FROM therapy_group", String.class);
        assertThat(admins.groups()).containsExactlyInAnyOrderElementsOf(names)
                .contains("Hillside evening mood group (demo)", "Tuesday CBT for anxiety (demo)");
        assertThat(admins.members()).isEqualTo(ritas.members() + hugos.members());
    }

    @Test
    void the_hillside_group_with_a_session_outcome_shows_a_within_person_r_that_goes_with_the_story() {
        long id = jdbc.queryForObject("SELECT id FROM therapy_group WHERE name = 'Hillside evening mood group (demo)'", Long.class);
        Map<String, Map<MemberId, Association.WithinPerson>> within = as(hana, () -> memberInsight.withinPerson(new GroupId(id)));
        assertThat(within).containsKey("SESSION-ALLIANCE-4");
        var withR = within.get("SESSION-ALLIANCE-4").values().stream().filter(w -> w.correlation() != null).toList();
        assertThat(withR).as("members with at least 6 pairs have an r").hasSizeGreaterThanOrEqualTo(6)
                .allSatisfy(w -> assertThat(w.pairs()).isGreaterThanOrEqualTo(6));
        double meanR = withR.stream().mapToDouble(w -> w.correlation().r()).average().orElseThrow();
        assertThat(meanR).as("alliance goes with the next session's outcome, mean r over members").isGreaterThan(0.3);
        // Riverside's groups measure no session outcome: no within-person r there (the first site is as it was)
        long cbt = jdbc.queryForObject("SELECT id FROM therapy_group WHERE name = 'Tuesday CBT for anxiety (demo)'", Long.class);
        AppUserPrincipal anna = (AppUserPrincipal) users.loadUserByUsername("anna.leader");
        assertThat(as(anna, () -> memberInsight.withinPerson(new GroupId(cbt)))).isEmpty();
    }

    /** The PDF group report of the Hillside group shows the same within-person r in its members table (decision 0028). */
    @Test
    void the_hillside_group_report_pdf_shows_the_within_person_r_in_its_members_table() throws Exception {
        long id = jdbc.queryForObject("SELECT id FROM therapy_group WHERE name = 'Hillside evening mood group (demo)'", Long.class);
        String text = org.groupalliance.insight.PdfText.of(as(hana, () -> reports.pdf(new GroupId(id))));
        assertThat(text).contains("r (n)").containsPattern("r = [+−]\\d\\.\\d\\d, n = \\d+ pairs").contains("(95 % CI ");
    }
}
