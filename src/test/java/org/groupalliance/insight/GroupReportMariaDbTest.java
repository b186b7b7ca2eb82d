package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.groupalliance.base.NotFoundException;
import org.groupalliance.roster.Group;
import org.groupalliance.rupture.Alert;
import org.groupalliance.rupture.AlertService;
import org.groupalliance.security.ApiTokenService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who gets a group's report, its open alerts and its numbers through the API, on real MariaDB and a
 * real server: the group's leader (with display names), admins (codes only, no alerts), another
 * facilitator ("not found", 404), observers and researchers (refused by role, 403); the PDF's text
 * (pdftotext) and the API's JSON hold the page's numbers; tokens expired or revoked get JSON 401s,
 * and each use is audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class GroupReportMariaDbTest {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired GroupReportService reports;
    @Autowired InsightService insight;
    @Autowired AlertService alerts;
    @Autowired ApiTokenService tokens;
    @Autowired AuditLog audit;
    @Autowired TestClock clock;
    final HttpClient http = HttpClient.newHttpClient();
    Account anna;
    Account ben;
    Account olga;
    Account rita;
    Account admin;
    Group group;

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        olga = actors.newUser(Role.OBSERVER, site);
        rita = actors.newUser(Role.RESEARCHER, site);
        admin = actors.newUser(Role.ADMIN, null);
        group = InsightFixture.build(context, anna, site).group();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String tokenOf(Account who) {
        return as(who, () -> tokens.createOwn("insight", Duration.ofHours(8))).token();
    }

    String path() {
        return "/api/v1/groups/" + group.id().value() + "/insight";
    }

    @Test
    void the_leader_s_report_has_names_members_completeness_open_alerts_and_the_summary_section() throws Exception {
        GroupInsight gi = as(anna, () -> insight.forGroup(group.id()));
        List<Alert> active = as(anna, () -> alerts.forGroup(group.id())).stream().filter(a -> a.status() == Alert.Status.ACTIVE).toList();
        // member 2 rates 20 of 40, under the cut-off of 36: the rules raised alerts
        assertThat(active).isNotEmpty();
        assertThat(as(anna, () -> reports.openAlerts(group.id())).alerts()).containsExactlyElementsOf(active);

        String text = PdfText.of(as(anna, () -> reports.pdf(group.id())));
        assertThat(text).contains("Group report: " + group.data().name()).contains("by " + anna.username())
                .contains("Fictional One").contains("planned forms received").contains(AllianceSummary.HEADING)
                // the association analysis answers: this group's plan measures no outcome at baseline and post
                .satisfies(t -> assertThat(t.replaceAll("\\s+", " ")).contains("no outcome at baseline and post"));
        for (MemberRow m : gi.instruments().getFirst().members()) {
            assertThat(text).contains(m.member().split(" ")[0]);
        }
        // a long alert wraps inside its table cell: compare with white space collapsed
        String flat = text.replaceAll("\\s+", " ");
        assertThat(active).allSatisfy(a -> assertThat(flat).contains(a.text()));
        assertThat(active).extracting(a -> a.rule().label()).allSatisfy(label -> assertThat(flat).contains(label));
        // the members table's numbers as the page formats them
        MemberRow first = gi.instruments().getFirst().members().getFirst();
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "%.2f (s%d)", first.latest(), first.latestSession()));
    }

    @Test
    void admins_get_codes_only_and_no_alerts_other_leaders_get_not_found_observers_and_researchers_are_refused() throws Exception {
        String adminText = PdfText.of(as(admin, () -> reports.pdf(group.id())));
        assertThat(adminText).doesNotContain("Fictional").contains("Members are shown by their codes only.")
                .contains("Alerts are shown to the group's own leaders only.");
        assertThat(as(admin, () -> reports.openAlerts(group.id())).shown()).isFalse();

        assertThatThrownBy(() -> as(ben, () -> reports.pdf(group.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(ben, () -> reports.openAlerts(group.id()))).isInstanceOf(NotFoundException.class);
        for (Account refused : List.of(olga, rita)) {
            assertThatThrownBy(() -> as(refused, () -> reports.pdf(group.id()))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> as(refused, () -> reports.openAlerts(group.id()))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> as(refused, () -> insight.forGroup(group.id()))).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void the_api_gives_the_page_s_numbers_as_json_and_audits_the_token_use() throws Exception {
        GroupInsight gi = as(anna, () -> insight.forGroup(group.id()));
        HttpResponse<String> r = get(path(), tokenOf(anna));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode json = JsonMapper.builder().build().readTree(r.body());
        assertThat(json.get("groupName").asString()).isEqualTo(group.data().name());
        InstrumentInsight ii = gi.instruments().getFirst();
        JsonNode inst = json.get("instruments").get(0);
        assertThat(inst.get("code").asString()).isEqualTo(ii.instrumentCode());
        assertThat(inst.get("points")).hasSize(ii.points().size());
        for (int i = 0; i < ii.points().size(); i++) {
            SessionPoint p = ii.points().get(i);
            JsonNode j = inst.get("points").get(i);
            assertThat(j.get("session").asInt()).isEqualTo(p.session());
            assertThat(j.get("n").asInt()).isEqualTo(p.n());
            if (Double.isNaN(p.mean())) {
                assertThat(j.get("mean").isNull()).as("session %d without data: mean null", p.session()).isTrue();
            } else {
                assertThat(j.get("mean").asDouble()).isEqualTo(p.mean());
                assertThat(j.get("sd").asDouble()).isEqualTo(p.sd());
            }
        }
        assertThat(inst.get("members")).hasSize(ii.members().size());
        for (int i = 0; i < ii.members().size(); i++) {
            MemberRow m = ii.members().get(i);
            JsonNode j = inst.get("members").get(i);
            assertThat(j.get("member").asString()).isEqualTo(m.member());
            assertThat(j.get("sessionsAttended").asInt()).isEqualTo(m.sessionsAttended());
            assertThat(j.get("latest").asDouble()).isEqualTo(m.latest());
            assertThat(j.get("slopePerSession").asDouble()).isEqualTo(m.slope());
            assertThat(j.get("lateMean").isNull()).isTrue();
        }
        JsonNode mean = inst.get("chart").get("series").get(1);
        assertThat(mean.get("style").asString()).isEqualTo("MEAN");
        assertThat(mean.get("points").get(3).get("value").isNull()).as("session 4: a gap").isTrue();
        assertThat(r.body()).contains("Fictional One");

        List<AuditEntry> uses = as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.TOKEN_USE, "ApiToken", null, null, 10)));
        assertThat(uses).anySatisfy(e -> assertThat(e.summary()).contains("GET " + path()));
    }

    @Test
    void the_api_answers_json_errors_with_the_page_s_access_rules() throws Exception {
        HttpResponse<String> adminView = get(path(), tokenOf(admin));
        assertThat(adminView.statusCode()).isEqualTo(200);
        assertThat(adminView.body()).doesNotContain("Fictional");

        HttpResponse<String> other = get(path(), tokenOf(ben));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("\"error\":\"not_found\"").doesNotContain("Fictional");
        HttpResponse<String> missing = get("/api/v1/groups/999999999/insight", tokenOf(anna));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\":\"not_found\"");
        assertThat(get("/api/v1/groups/abc/insight", tokenOf(anna)).statusCode()).isEqualTo(404);

        for (Account refused : List.of(olga, rita)) {
            HttpResponse<String> r = get(path(), tokenOf(refused));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(r.body()).contains("\"error\":\"forbidden\"");
        }

        String expiring = as(anna, () -> tokens.createOwn("short", Duration.ofHours(1))).token();
        clock.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = get(path(), expiring);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("\"error\":\"token_expired\"").doesNotContain("Fictional");
        clock.reset();

        var revoked = as(anna, () -> tokens.createOwn("gone", Duration.ofDays(1)));
        as(anna, () -> tokens.revoke(revoked.info().id()));
        HttpResponse<String> refused = get(path(), revoked.token());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error\":\"token_revoked\"");
        assertThat(get(path(), null).statusCode()).isEqualTo(401);
    }
}
