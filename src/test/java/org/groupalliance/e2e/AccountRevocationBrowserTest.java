package org.groupalliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.groupalliance.roster.AttendanceRow;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 13, item 1, in two real browsers: Ben is signed in and has a session's attendance sheet
 * open; an admin disables Ben in another browser; Ben's next action is refused (he lands on the
 * sign-in page) and nothing of it is stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class AccountRevocationBrowserTest {

    @LocalServerPort int port;
    @Autowired org.springframework.context.ApplicationContext applicationContext;
    @Autowired SessionService sessions;
    @Autowired AuditLog audit;

    @Test
    void a_disabled_users_open_session_ends_at_his_next_action_and_nothing_is_saved() throws Exception {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        Account ben = actors.newUser(Role.FACILITATOR, site);
        Account admin = actors.newUser(Role.ADMIN, null);
        var group = TestGroups.closedGroup(applicationContext, ben, site, "Revoke ", 3);
        GroupSession session = as(ben, () -> sessions.create(group.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));

        String base = "http://localhost:" + port;
        Path shots = Path.of("target/screenshots/revocation");
        try (BrowserSupport benBrowser = new BrowserSupport(base, Files.createTempDirectory("ga-ben"), shots, 1280, 900);
             BrowserSupport adminBrowser = new BrowserSupport(base, Files.createTempDirectory("ga-admin"), shots, 1280, 900)) {
            benBrowser.login(ben.username(), ben.password());
            benBrowser.open("/sessions/" + session.id().value());
            benBrowser.waitFor("#session-title");
            benBrowser.click("#all-present");
            benBrowser.screenshot("01-ben-sheet-filled");

            // the admin disables Ben in another browser
            adminBrowser.login(admin.username(), admin.password());
            adminBrowser.open("/admin/users");
            adminBrowser.until(d -> d.findElements(By.cssSelector("#users vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().equals(ben.username())).findFirst().map(c -> {
                        // other test classes leave many accounts in the shared database: Ben's row may be far down the page
                        ((org.openqa.selenium.JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", c);
                        c.click();
                        return true;
                    }).orElse(false));
            adminBrowser.waitFor("#user-enabled");
            ((org.openqa.selenium.JavascriptExecutor) adminBrowser.driver).executeScript("document.querySelector('#user-enabled input').click()");
            adminBrowser.until(d -> d.findElement(org.openqa.selenium.By.cssSelector("#user-enabled input")).isSelected() ? null : true);
            adminBrowser.click("#save");
            adminBrowser.until(d -> adminBrowser.gridTexts("users").contains("disabled"));
            adminBrowser.screenshot("02-admin-disabled-ben");

            // Ben's next action: save the attendance he filled in
            benBrowser.click("#save-attendance");
            benBrowser.waitFor("vaadin-login-form input[name='username']");
            benBrowser.screenshot("03-ben-back-at-sign-in");
            assertThat(benBrowser.driver.getPageSource()).doesNotContain("Attendance saved");
            // and any page he opens now asks him to sign in
            benBrowser.open("/sessions/" + session.id().value());
            benBrowser.waitFor("vaadin-login-form input[name='username']");
        }
        List<AttendanceRow> stored = as(admin, () -> sessions.attendance(session.id()));
        assertThat(stored).hasSize(3).allSatisfy(r -> assertThat(r.status()).isNull());
        List<AuditEntry> bensAttendance = as(admin, () -> audit.search(new AuditQuery(ben.username(), AuditAction.UPDATE, "Attendance", null, null, 10)));
        assertThat(bensAttendance).isEmpty();
    }

    @Test
    void a_failed_sign_in_keeps_the_username_and_a_right_one_still_works_with_the_forms_token() throws Exception {
        Account cleo = new Actors(applicationContext).newUser(Role.FACILITATOR, null);
        try (BrowserSupport browser = new BrowserSupport("http://localhost:" + port, Files.createTempDirectory("ga-cleo"),
                Path.of("target/screenshots/revocation"), 1280, 900)) {
            browser.open("/login");
            browser.waitFor("vaadin-login-form input[name='username']").sendKeys(cleo.username());
            var pw = browser.driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
            pw.sendKeys("not the password");
            pw.sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.waitFor("vaadin-login-form[error]");
            browser.until(d -> cleo.username().equals(d.findElement(By.cssSelector("vaadin-login-form input[name='username']")).getDomProperty("value")));
            browser.screenshot("04-failed-sign-in-keeps-username");
            // the username is there: typing the password is enough
            var again = browser.driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
            again.sendKeys(cleo.password());
            again.sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.waitFor("#current-user");
        }
    }
}
