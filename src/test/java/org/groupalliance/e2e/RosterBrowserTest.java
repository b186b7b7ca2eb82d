package org.groupalliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.groupalliance.base.NotFoundException;
import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.GroupSummary;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.UserService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.CleanDatabase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * The foundation issue's end-to-end story in real headless Chromium against the app on MariaDB:
 * facilitator A sets up a group, B cannot see it, the admin finds A's actions in the audit log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class RosterBrowserTest {

    @LocalServerPort int port;
    @Autowired org.springframework.context.ApplicationContext applicationContext;
    @Autowired UserService users;
    @Autowired SiteService sites;
    @Autowired UserDetailsService details;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SubgroupService subgroups;
    @Autowired SessionService sessions;
    @Autowired AuditLog audit;

    @Test
    void facilitator_sets_up_a_group_another_cannot_see_it_and_the_admin_audits_it() throws Exception {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        Account a = actors.newUser(Role.FACILITATOR, site);
        Account b = actors.newUser(Role.FACILITATOR, site);
        Account admin = actors.newUser(Role.ADMIN, null);
        Path tmp = Files.createTempDirectory("ga-chromium");
        String groupName = "E2E group " + Actors.unique("");

        try (BrowserSupport browser = new BrowserSupport("http://localhost:" + port, tmp, Path.of("target/screenshots"), 1280, 900)) {
            // --- facilitator A creates a group
            browser.login(a.username(), a.password());
            browser.waitFor("#attention-empty"); // a leader's home: Needs attention
            browser.open("/groups");
            browser.waitFor("#groups-empty");
            browser.screenshot("01-empty-group-list");
            browser.click("#new-group");
            browser.type("group-name", groupName);
            browser.screenshot("02-new-group-dialog");
            browser.click("#save");
            browser.waitForText(groupName);
            browser.waitFor("#group-title");
            assertThat(browser.driver.findElement(By.id("group-title")).getText()).isEqualTo(groupName);

            // --- three members
            for (String code : List.of("E2E-01", "E2E-02", "E2E-03")) {
                browser.click("#add-member");
                browser.type("member-code", code);
                browser.click("#save");
                browser.waitGone("#member-code");
                browser.waitForText(code);
            }
            // bad input: a duplicate code is refused next to its field, dialog stays open
            browser.click("#add-member");
            browser.type("member-code", "e2e-01");
            browser.click("#save");
            browser.waitForText("already used at this site");
            browser.screenshot("03-duplicate-member-code");
            browser.click("#cancel");
            browser.waitGone("#member-code");

            // --- a subgroup of two
            browser.clickTab("Subgroups");
            browser.click("#add-subgroup");
            browser.type("subgroup-name", "Pair");
            browser.selectInMultiCombo("subgroup-members", List.of("E2E-01", "E2E-03"));
            browser.click("#save");
            browser.waitGone("#subgroup-name");
            browser.waitForText("E2E-03 (1–)");
            browser.screenshot("04-subgroup");

            // --- two sessions with attendance
            browser.clickTab("Sessions");
            // a new session opens the page that records it: attendance (and the plan's forms) on one page
            browser.click("#add-session");
            browser.click("#save");
            browser.waitFor("#ratings-title");
            browser.click("#att-all-present");
            browser.click("#save-all");
            browser.waitForText("Saved attendance");
            browser.open("/groups/" + as(a, () -> groups.findMyGroups()).stream().filter(g -> g.name().equals(groupName)).findFirst().orElseThrow().id().value());
            browser.waitFor("#group-title");
            browser.clickTab("Sessions");
            browser.click("#add-session");
            browser.click("#save");
            browser.waitForText("Record session 2");
            browser.click("#att-all-present");
            browser.driver.findElements(By.cssSelector("#att-E2E-02 vaadin-radio-button")).stream()
                    .filter(r -> r.getText().trim().equals("Absent")).findFirst().orElseThrow().click();
            browser.click("#save-all");
            browser.waitForText("Saved attendance");
            browser.screenshot("05-attendance");

            GroupSummary created = as(a, () -> groups.findMyGroups()).stream().filter(g -> g.name().equals(groupName)).findFirst().orElseThrow();
            List<GroupSession> held = as(a, () -> sessions.findByGroup(created.id()));
            assertThat(held).extracting(GroupSession::number).containsExactly(1, 2);
            Map<String, AttendanceStatus> second = as(a, () -> sessions.attendance(held.get(1).id())).stream()
                    .collect(Collectors.toMap(r -> r.member().code(), AttendanceRow::status));
            assertThat(second).containsExactlyInAnyOrderEntriesOf(Map.of("E2E-01", AttendanceStatus.PRESENT, "E2E-02", AttendanceStatus.ABSENT,
                    "E2E-03", AttendanceStatus.PRESENT));
            assertThat(as(a, () -> subgroups.findByGroup(created.id()))).singleElement()
                    .satisfies(s -> assertThat(s.membersAt(1)).extracting(m -> m.memberCode()).containsExactlyInAnyOrder("E2E-01", "E2E-03"));
            browser.logout();

            // --- facilitator B mistypes the password first: refused, and audited
            browser.open("/login");
            browser.waitFor("vaadin-login-form input[name='username']").sendKeys(b.username());
            var pw = browser.driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
            pw.sendKeys("not the password");
            pw.sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.waitFor("vaadin-login-form[error]");
            browser.screenshot("06a-failed-login");

            // --- facilitator B sees neither the group in the list nor its page by direct URL
            browser.login(b.username(), b.password());
            browser.waitFor("#attention-empty");
            browser.open("/groups");
            browser.waitFor("#groups-empty");
            assertThat(browser.driver.getPageSource()).doesNotContain(groupName);
            browser.open("/groups/" + created.id().value());
            browser.waitFor("#not-found");
            assertThat(browser.driver.findElements(By.id("group-title"))).isEmpty();
            assertThat(browser.driver.getPageSource()).doesNotContain(groupName).doesNotContain("E2E-01");
            browser.screenshot("06-other-facilitator-direct-url");
            assertThatThrownBy(() -> as(b, () -> groups.get(created.id()))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> as(b, () -> members.findByGroup(created.id()))).isInstanceOf(NotFoundException.class);
            browser.logout();

            // --- the admin finds A's actions in the audit log
            browser.login(admin.username(), admin.password());
            browser.open("/admin/audit");
            browser.type("audit-actor", a.username());
            browser.click("#audit-filter");
            browser.until(d -> browser.gridTexts("audit").contains("Created group " + groupName));
            List<String> cells = browser.gridTexts("audit");
            assertThat(cells).contains("Created group " + groupName, "Added member E2E-01 to " + groupName, "Created subgroup Pair",
                    "Attendance of session 2", "LOGIN");
            browser.screenshot("07-audit-log");
        }
        List<AuditEntry> entries = as(admin, () -> audit.search(new AuditQuery(a.username(), null, null, null, null, 100)));
        assertThat(entries).extracting(AuditEntry::entityType).contains("Group", "Member", "Subgroup", "Session", "Attendance", "User");
        assertThat(as(admin, () -> audit.search(new AuditQuery(b.username(), org.groupalliance.security.AuditAction.LOGIN_FAILED, null, null, null, 10))))
                .hasSize(1);
    }
}
