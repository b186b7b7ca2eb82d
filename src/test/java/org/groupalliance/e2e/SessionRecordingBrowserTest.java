package org.groupalliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Recording a session after it was held, counted in real headless Chromium: the demo CBT group's
 * three session instruments (members' session alliance every session; group climate by members
 * and leader; the three-level alliance form by members and leader), at a session where all three
 * are due (the demo staggers the last two; here both fall on sessions 3, 6, 9, 12), seven members
 * of whom one is absent, one subgroup. The same work is done twice: the old way (session page for
 * attendance, then the ratings page with one Save per sheet) at session 9, and the one-page way
 * (attendance and every sheet on one page, one Ctrl+Enter) at session 12. Both counts are printed
 * and kept in the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class SessionRecordingBrowserTest {

    static final String ALLIANCE = "SESSION-ALLIANCE-4";
    static final String CLIMATE = "GROUP-CLIMATE-12";
    static final String LEVELS = "GROUP-ALLIANCE-3L";
    /** The sheets a leader fills at sessions 9 and 12, in page order. */
    static final List<String> SHEETS = List.of(ALLIANCE + "-MEMBER", CLIMATE + "-MEMBER", CLIMATE + "-LEADER", LEVELS + "-MEMBER", LEVELS + "-LEADER");

    @LocalServerPort int port;
    @Autowired ApplicationContext applicationContext;
    @Autowired SessionService sessions;
    @Autowired SubgroupService subgroups;
    @Autowired MeasurementPlanService plans;
    @Autowired RatingService ratings;

    /** Clicks and key presses a person makes (a chord such as Ctrl+Enter counts its two keys). */
    static final class Count {
        int clicks;
        int keys;

        @Override
        public String toString() {
            return clicks + " clicks and " + keys + " keystrokes";
        }
    }

    @Test
    void recording_a_session_on_one_page_takes_fewer_clicks_and_keystrokes_and_stores_everything() throws Exception {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        Account anna = actors.newUser(Role.FACILITATOR, site);
        TestGroups.TestGroup g = TestGroups.closedGroup(applicationContext, anna, site, "Recording ", 7);
        as(anna, () -> subgroups.create(g.group().id(), "Newcomers", Set.of(g.member(1).id(), g.member(2).id()), 1));
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData(ALLIANCE, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData(CLIMATE, Set.of(Rater.MEMBER, Rater.LEADER),
                new Schedule(Schedule.Kind.SESSIONS, null, List.of(3, 6, 9, 12), null), false, false, List.of()), null));
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData(LEVELS, Set.of(Rater.MEMBER, Rater.LEADER),
                new Schedule(Schedule.Kind.SESSIONS, null, List.of(3, 6, 9, 12), null), false, false, List.of()), null));
        holdSessions(anna, g, 1, 8);
        Member absent = g.member(7);
        long groupId = g.group().id().value();
        Path screenshots = Path.of("target/screenshots/recording");

        Count before = new Count();
        Count after = new Count();
        try (BrowserSupport b = new BrowserSupport("http://localhost:" + port, Files.createTempDirectory("ga-rec"), screenshots, 1400, 1000)) {
            b.login(anna.username(), anna.password());

            // --- before: New session, Save, session page: Mark all present, the absentee, Save attendance, Ratings, one Save per sheet
            b.open("/groups/" + groupId);
            b.waitFor("#group-title");
            newSession(b, before);
            b.waitFor("#ratings-title");
            GroupSession nine = sessionNumbered(anna, g, 9);
            b.open("/sessions/" + nine.id().value()); // the old landing page after New session
            click(b, before, "#all-present");
            chooseRadio(b, before, "#status-" + absent.code(), "Absent");
            click(b, before, "#save-attendance");
            b.waitForText("Attendance saved");
            click(b, before, "#session-ratings");
            b.waitFor("#ratings-title");
            for (String sheet : SHEETS) {
                typeSheet(b, before, sheet);
                click(b, before, "#save-" + sheet);
                // the page is rebuilt after a save: read the state fresh each time
                b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                        "const e = document.getElementById(arguments[0]); return !!e && e.textContent === 'Saved';", "state-" + sheet));
            }
            b.screenshot("01-before-done");
            assertStored(anna, nine);

            // --- after: New session, Save, then on the same page attendance and every sheet, one Ctrl+Enter
            holdSessions(anna, g, 10, 11); // dated today like session 9 (New session's default): sessions may not go back in time
            b.open("/groups/" + groupId);
            b.waitFor("#group-title");
            newSession(b, after);
            b.waitForText("Record session 12");
            click(b, after, "#att-all-present");
            chooseRadio(b, after, "#att-" + absent.code(), "Absent");
            b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "const e = document.getElementById(arguments[0]); return !!e && e.disabled;", "r-" + ALLIANCE + "-MEMBER-" + absent.code() + "-1"));
            for (String sheet : SHEETS) {
                typeSheet(b, after, sheet);
            }
            b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "const e = document.getElementById(arguments[0]); return !!e && e.textContent === 'Unsaved changes';", "state-" + LEVELS + "-LEADER"));
            b.screenshot("02-after-typed");
            new Actions(b.driver).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
            after.keys += 2;
            b.waitForText("Saved attendance and 5 sheets");
            b.screenshot("03-after-saved");
            assertStored(anna, sessionNumbered(anna, g, 12));
        }
        System.out.println("Recording the demo session: before " + before + ", after " + after);
        assertThat(after.clicks).as("clicks").isLessThan(before.clicks);
        assertThat(after.keys).as("keystrokes: same values typed, fewer saves").isLessThanOrEqualTo(before.keys + 2);
        Files.writeString(Path.of("target/recording-counts.txt"), "before: " + before + "\nafter: " + after + "\n");
    }

    /** Sessions held outside the browser, everyone present. */
    private void holdSessions(Account anna, TestGroups.TestGroup g, int from, int to) {
        for (int n = from; n <= to; n++) {
            int number = n;
            LocalDate date = number <= 8 ? LocalDate.of(2026, 1, 6).plusWeeks(number - 1) : LocalDate.now();
            GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(number, date, null)));
            Map<MemberId, AttendanceStatus> sheet = new LinkedHashMap<>();
            g.members().forEach(m -> sheet.put(m.id(), AttendanceStatus.PRESENT));
            as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet));
        }
    }

    private GroupSession sessionNumbered(Account anna, TestGroups.TestGroup g, int number) {
        return as(anna, () -> sessions.findByGroup(g.group().id())).stream().filter(s -> s.number() == number).findFirst().orElseThrow();
    }

    private void newSession(BrowserSupport b, Count c) {
        c.clicks++;
        b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("""
                const t = [...document.querySelectorAll('vaadin-tab')].find(t => t.textContent.trim() === 'Sessions');
                if (!t) return false; t.click(); return true;"""));
        click(b, c, "#add-session");
        click(b, c, "#save");
    }

    private static void click(BrowserSupport b, Count c, String css) {
        b.click(css);
        c.clicks++;
    }

    private static void chooseRadio(BrowserSupport b, Count c, String group, String label) {
        b.until(d -> d.findElements(By.cssSelector(group + " vaadin-radio-button")).stream().filter(r -> r.getText().trim().equals(label)).findFirst()
                .map(r -> {
                    r.click();
                    return true;
                }).orElse(false));
        c.clicks++;
    }

    /**
     * Enters a whole sheet by keyboard: one click into its first open field, then a value and Tab for
     * every open field in reading order (fields of absent members and items that do not apply are
     * closed and skipped by Tab).
     */
    private static void typeSheet(BrowserSupport b, Count c, String sheet) {
        @SuppressWarnings("unchecked")
        List<String> open = (List<String>) ((JavascriptExecutor) b.driver).executeScript(
                "return [...document.querySelectorAll('vaadin-number-field[id^=\"r-' + arguments[0] + '-\"]')].filter(f => !f.disabled).map(f => f.id);", sheet);
        assertThat(open).as(sheet + " has open fields").isNotEmpty();
        // ids of subgroup and whole-group rows hold spaces: look them up by id, not by CSS selector
        org.openqa.selenium.WebElement first = b.driver.findElement(By.id(open.get(0))).findElement(By.cssSelector("input"));
        // centred, so the sticky Save bar at the bottom of the page does not cover it
        ((JavascriptExecutor) b.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", first);
        first.click();
        c.clicks++;
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < open.size(); i++) {
            keys.append("4").append(Keys.TAB);
            c.keys += 2;
        }
        new Actions(b.driver).sendKeys(keys.toString()).perform();
        String last = open.get(open.size() - 1);
        b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const f = document.getElementById(arguments[0]); const e = f && f.querySelector('input'); return !!e && e.value === '4';", last));
    }

    /** Every expected form of the five sheets is stored: six members present, the leader's eight targets (six members, a subgroup, the group). */
    private void assertStored(Account anna, GroupSession session) {
        List<Rating> stored = as(anna, () -> ratings.forSession(session.id()));
        assertThat(stored.stream().filter(r -> r.instrumentCode().equals(ALLIANCE)).count()).isEqualTo(6);
        assertThat(stored.stream().filter(r -> r.instrumentCode().equals(CLIMATE) && r.raterKind() == Rater.MEMBER).count()).isEqualTo(6);
        assertThat(stored.stream().filter(r -> r.instrumentCode().equals(CLIMATE) && r.raterKind() == Rater.LEADER).count()).isEqualTo(6);
        assertThat(stored.stream().filter(r -> r.instrumentCode().equals(LEVELS) && r.raterKind() == Rater.MEMBER).count()).isEqualTo(6);
        assertThat(stored.stream().filter(r -> r.instrumentCode().equals(LEVELS) && r.raterKind() == Rater.LEADER).count()).isEqualTo(8);
    }
}
