package org.groupalliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The capture issue's end-to-end story in real headless Chromium against the app on MariaDB: a
 * leader enters a whole session for a group of eight (members' alliance forms by keyboard, their
 * cohesion forms by pasting columns, the leader's three-level alliance ratings of every member,
 * a subgroup and the whole group); a value out of range is refused and nothing stored; two
 * members submit on phones (390 px wide), one by personal link, one by short link, code and
 * PIN; a link reused after expiry is refused; the stored scores equal the expected ones; the
 * audit log shows each change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class CaptureBrowserTest {

    static final String ALLIANCE = "SESSION-ALLIANCE-4";
    static final String CLIMATE = "GROUP-CLIMATE-12";
    static final String LEVELS = "GROUP-ALLIANCE-3L";

    @LocalServerPort int port;
    @Autowired org.springframework.context.ApplicationContext applicationContext;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SubgroupService subgroups;
    @Autowired SessionService sessions;
    @Autowired MeasurementPlanService plans;
    @Autowired RatingService ratings;
    @Autowired AuditLog audit;
    @Autowired TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void a_leader_enters_a_whole_session_and_two_members_submit_on_their_phones() throws Exception {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        Account anna = actors.newUser(Role.FACILITATOR, site);
        Account admin = actors.newUser(Role.ADMIN, null);
        Group group = as(anna, () -> groups.create(new GroupData(site, "Capture E2E " + Actors.unique(""), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 11, 3), PhaseBoundaries.thirds(12), Set.of(anna.created().id()))));
        List<Member> eight = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String code = String.format("C-%02d", i);
            eight.add(as(anna, () -> members.add(group.id(), new MemberData(code, null, 1, null, EndStatus.ONGOING, null))));
        }
        Subgroup trio = as(anna, () -> subgroups.create(group.id(), "Trio", Set.of(eight.get(0).id(), eight.get(1).id(), eight.get(2).id()), 1));
        GroupSession created = as(anna, () -> sessions.create(group.id(), new SessionData(1, LocalDate.of(2026, 11, 3), null)));
        Map<MemberId, AttendanceStatus> allPresent = new LinkedHashMap<>();
        eight.forEach(m -> allPresent.put(m.id(), AttendanceStatus.PRESENT));
        GroupSession session = as(anna, () -> sessions.recordAttendance(created.id(), created.version(), allPresent));
        as(anna, () -> plans.save(group.id(), new PlanEntryData(ALLIANCE, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData(CLIMATE, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData(LEVELS, Set.of(Rater.LEADER), Schedule.everySession(), false, false, List.of()), null));

        // what is entered, and the totals expected from it (sum of 4 analogue items; means of 12 and 9 items)
        double[][] alliance = new double[6][];
        for (int i = 0; i < 6; i++) {
            alliance[i] = new double[] {round1(7 + i * 0.3), 8.1, round1(6.5 + i * 0.2), round1(9.4 - i * 0.1)};
        }
        int[][] climate = new int[6][12];
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 12; k++) {
                climate[i][k] = (i + k) % 7;
            }
        }
        int[] levelsRow = {6, 5, 7, 4, 4, 5, 3, 6, 5};

        Path screenshots = Path.of("target/screenshots/capture");
        String base = "http://localhost:" + port;
        String ratingsPage = "/ratings/" + session.id().value();
        String accessKey;
        String linkOf7;
        String pinOf8;
        try (BrowserSupport leader = new BrowserSupport(base, Files.createTempDirectory("ga-leader"), screenshots, 1400, 1000)) {
            leader.login(anna.username(), anna.password());
            leader.open(ratingsPage);
            leader.waitFor("#ratings-title");
            leader.waitForText("0 of 8 entered");

            // --- an out-of-range value: refused on its field, nothing of the sheet stored
            for (int i = 0; i < 6; i++) {
                for (int k = 0; k < 4; k++) {
                    leader.type(fieldId(ALLIANCE, "MEMBER", eight.get(i).code(), k + 1), fmt(alliance[i][k]));
                }
            }
            leader.type(fieldId(ALLIANCE, "MEMBER", eight.get(4).code(), 2), "12.5");
            leader.click("#save-" + ALLIANCE + "-MEMBER");
            leader.waitForText("Nothing was saved");
            assertThat(leader.driver.findElement(By.id(fieldId(ALLIANCE, "MEMBER", eight.get(4).code(), 2))).getAttribute("invalid")).isNotNull();
            leader.screenshot("01-out-of-range");
            assertThat(as(anna, () -> ratings.forSession(session.id()))).isEmpty();

            // --- corrected, the members' alliance forms (keyboard) are stored
            leader.type(fieldId(ALLIANCE, "MEMBER", eight.get(4).code(), 2), fmt(alliance[4][1]));
            leader.click("#save-" + ALLIANCE + "-MEMBER");
            leader.waitForText("6 of 8 entered");

            // --- the members' cohesion forms, one pasted column per item as a spreadsheet copies it (every line ends
            //     with a line break; the two phone members' cells are empty)
            for (int k = 0; k < 12; k++) {
                StringBuilder column = new StringBuilder();
                for (int i = 0; i < 8; i++) {
                    column.append(i < 6 ? Integer.toString(climate[i][k]) : "").append("\n");
                }
                leader.click("#paste-" + CLIMATE + "-MEMBER-" + (k + 1));
                WebElement area = leader.waitFor("#paste-values textarea");
                area.sendKeys(column.toString());
                leader.click("#paste-apply");
                leader.waitGone("#paste-values");
            }
            // a save re-renders the page: wait until the old sheets are gone before using the next one
            WebElement beforeClimateSave = leader.driver.findElement(By.id("save-" + LEVELS + "-LEADER"));
            leader.click("#save-" + CLIMATE + "-MEMBER");
            leader.until(d -> as(anna, () -> ratings.forSession(session.id())).stream().filter(r -> r.instrumentCode().equals(CLIMATE)).count() == 6);
            leader.until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(beforeClimateSave));

            // --- the leader's own three-level ratings: eight members, the subgroup, the whole group (10 rows, pasted)
            for (int k = 0; k < 9; k++) {
                leader.click("#paste-" + LEVELS + "-LEADER-" + (k + 1));
                WebElement area = leader.waitFor("#paste-values textarea");
                area.sendKeys(String.join("\n", java.util.Collections.nCopies(10, Integer.toString(levelsRow[k]))));
                leader.click("#paste-apply");
                leader.waitGone("#paste-values");
            }
            WebElement beforeLevelsSave = leader.driver.findElement(By.id("save-" + LEVELS + "-LEADER"));
            leader.click("#save-" + LEVELS + "-LEADER");
            leader.until(d -> as(anna, () -> ratings.forSession(session.id())).stream().filter(r -> r.instrumentCode().equals(LEVELS)).count() == 10);
            leader.until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(beforeLevelsSave));
            leader.screenshot("02-leader-entered");

            // --- self-report for the two who prefer their phones
            leader.click("#sr-open");
            leader.waitFor("#sr-passes");
            // read from the DOM: the slips scroll inside the dialog, and Selenium's visible text of a scrolled-away element is empty
            linkOf7 = leader.driver.findElement(By.id("sr-link-C-07")).getDomProperty("textContent");
            pinOf8 = leader.driver.findElement(By.id("sr-pin-C-08")).getDomProperty("textContent");
            leader.screenshot("03-passes");
            leader.click("#sr-passes-done");
            String shortLink = leader.waitFor("#sr-short-link").getText();
            accessKey = shortLink.substring(shortLink.lastIndexOf('/') + 1);
            assertThat(linkOf7).startsWith(base + "/r/" + accessKey + "/");
            assertThat(pinOf8).matches("\\d{6}");
            assertThat(leader.driver.findElement(By.id("sr-state-C-07")).getText()).contains("waiting");
        }

        double[] phoneAlliance7 = {8.4, 7.9, 9.0, 6.6};
        int[] phoneClimate7 = {5, 4, 1, 5, 0, 2, 1, 5, 1, 2, 6, 0};
        double[] phoneAlliance8 = {3.2, 8.2, 5.5, 4.0};
        try (BrowserSupport phone = new BrowserSupport(base, Files.createTempDirectory("ga-phone7"), screenshots, 390, 844)) {
            // member 7: personal link
            phone.driver.get(linkOf7);
            phone.waitFor("#sr-title");
            assertThat(phone.driver.findElement(By.id("sr-title")).getText()).contains("C-07");
            fillPhoneForm(phone, phoneAlliance7, phoneClimate7);
            assertNoSidewaysScrolling(phone);
            phone.screenshot("04-phone-form");
            phone.click("#sr-submit");
            phone.waitFor("#sr-done");
            phone.screenshot("05-phone-sent");
        }
        try (BrowserSupport phone = new BrowserSupport(base, Files.createTempDirectory("ga-phone8"), screenshots, 390, 844)) {
            // member 8: short link, member code and PIN; answers only the alliance form
            phone.open("/r/" + accessKey);
            phone.type("sr-code", "c-08");
            phone.waitFor("#sr-pin input").sendKeys(pinOf8);
            phone.click("#sr-enter");
            phone.waitFor("#sr-title");
            for (int k = 0; k < 4; k++) {
                phone.type("sr-" + ALLIANCE + "-" + (k + 1), fmt(phoneAlliance8[k]));
            }
            assertNoSidewaysScrolling(phone);
            phone.click("#sr-submit");
            phone.waitFor("#sr-done");
        }

        // a day later: member 7's link is refused and nothing changes
        clock.advance(Duration.ofHours(25));
        try (BrowserSupport phone = new BrowserSupport(base, Files.createTempDirectory("ga-phone7b"), screenshots, 390, 844)) {
            phone.driver.get(linkOf7);
            phone.waitFor("#sr-refused");
            assertThat(phone.driver.findElement(By.id("sr-refused")).getText()).contains("not valid any more");
            phone.screenshot("06-expired");
        }
        clock.reset();

        // --- the stored scores are the expected ones
        List<Rating> stored = as(anna, () -> ratings.forSession(session.id()));
        Map<MemberId, String> codes = new LinkedHashMap<>();
        eight.forEach(m -> codes.put(m.id(), m.code()));
        Map<String, Double> allianceTotals = totals(stored, ALLIANCE, codes);
        for (int i = 0; i < 6; i++) {
            assertThat(allianceTotals.get(eight.get(i).code())).as("alliance of " + eight.get(i).code())
                    .isCloseTo(sum(alliance[i]), org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(allianceTotals.get("C-07")).isCloseTo(sum(phoneAlliance7), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(allianceTotals.get("C-08")).isCloseTo(sum(phoneAlliance8), org.assertj.core.data.Offset.offset(1e-9));
        Map<String, Double> climateTotals = totals(stored, CLIMATE, codes);
        for (int i = 0; i < 6; i++) {
            assertThat(climateTotals.get(eight.get(i).code())).isCloseTo(mean(climate[i]), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(climateTotals.get("C-07")).isCloseTo(mean(phoneClimate7), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(climateTotals).doesNotContainKey("C-08");
        List<Rating> levels = stored.stream().filter(r -> r.instrumentCode().equals(LEVELS)).toList();
        // members in no subgroup (C-04 to C-08): the subgroup items 4-6 do not apply, stored as not applicable and left out of the mean
        Set<MemberId> inTrio = Set.of(eight.get(0).id(), eight.get(1).id(), eight.get(2).id());
        int[] levelsWithoutSubgroupItems = {levelsRow[0], levelsRow[1], levelsRow[2], levelsRow[6], levelsRow[7], levelsRow[8]};
        assertThat(levels).hasSize(10).allSatisfy(r -> {
            assertThat(r.raterKind()).isEqualTo(Rater.LEADER);
            boolean alone = r.target().kind() == RatingTarget.Kind.MEMBER && !inTrio.contains(r.target().member());
            assertThat(r.total()).isCloseTo(mean(alone ? levelsWithoutSubgroupItems : levelsRow), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.notApplicable()).isEqualTo(alone ? Set.of(4, 5, 6) : Set.of());
        });
        assertThat(levels).extracting(Rating::target).contains(RatingTarget.subgroup(trio.id()), RatingTarget.wholeGroup(),
                RatingTarget.member(eight.get(7).id()));

        // --- the audit log shows each change, who made it, before and after
        List<AuditEntry> byLeader = as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "Rating", null, null, 100)));
        assertThat(byLeader).hasSize(6 + 6 + 10);
        assertThat(as(admin, () -> audit.search(new AuditQuery("member C-07 (self-report)", AuditAction.CREATE, "Rating", null, null, 10)))).hasSize(2)
                .anySatisfy(e -> assertThat(e.after()).contains("\"total\":" + round1(sum(phoneAlliance7))));
        assertThat(as(admin, () -> audit.search(new AuditQuery("member C-08 (self-report)", AuditAction.CREATE, "Rating", null, null, 10)))).hasSize(1);
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "SelfReportWindow", null, null, 10)))).hasSize(1);

        // the leader now sees that both have sent (not what), and the admin finds the members' entries in the audit view
        try (BrowserSupport browser = new BrowserSupport(base, Files.createTempDirectory("ga-leader2"), screenshots, 1400, 1000)) {
            browser.login(anna.username(), anna.password());
            browser.open(ratingsPage);
            browser.waitFor("#sr-state-C-08");
            assertThat(browser.driver.findElement(By.id("sr-state-C-07")).getText()).contains("sent");
            assertThat(browser.driver.findElement(By.id("sr-state-C-08")).getText()).contains("sent");
            browser.logout();
            browser.login(admin.username(), admin.password());
            browser.open("/admin/audit");
            browser.waitForText("member C-07 (self-report)");
            browser.screenshot("07-audit");
        }
    }

    private static void fillPhoneForm(BrowserSupport phone, double[] allianceValues, int[] climateValues) {
        for (int k = 0; k < allianceValues.length; k++) {
            phone.type("sr-" + ALLIANCE + "-" + (k + 1), fmt(allianceValues[k]));
        }
        for (int k = 0; k < climateValues.length; k++) {
            String value = Integer.toString(climateValues[k]);
            WebElement radio = phone.driver.findElements(By.cssSelector("#sr-" + CLIMATE + "-" + (k + 1) + " vaadin-radio-button")).stream()
                    .filter(r -> r.getText().trim().equals(value)).findFirst().orElseThrow();
            ((JavascriptExecutor) phone.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", radio);
            radio.click();
        }
    }

    private static void assertNoSidewaysScrolling(BrowserSupport phone) {
        Object fits = ((JavascriptExecutor) phone.driver).executeScript("return document.documentElement.scrollWidth <= window.innerWidth");
        assertThat(fits).as("page fits the phone's width without scrolling sideways").isEqualTo(true);
    }

    private static Map<String, Double> totals(List<Rating> stored, String code, Map<MemberId, String> codes) {
        Map<String, Double> byMember = new LinkedHashMap<>();
        stored.stream().filter(r -> r.instrumentCode().equals(code) && r.raterKind() == Rater.MEMBER)
                .forEach(r -> byMember.put(codes.get(r.raterMember()), r.total()));
        return byMember;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fieldId(String code, String rater, String row, int item) {
        return "r-" + code + "-" + rater + "-" + row + "-" + item;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double mean(int[] v) {
        double s = 0;
        for (int x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(Math.round(v * 10) / 10.0);
    }
}
