package org.groupalliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.groupalliance.base.GroupId;
import org.groupalliance.insight.AllianceSummary;
import org.groupalliance.insight.GroupInsight;
import org.groupalliance.insight.InsightService;
import org.groupalliance.insight.InstrumentInsight;
import org.groupalliance.insight.MemberRow;
import org.groupalliance.insight.PdfText;
import org.groupalliance.insight.chart.LineChart;
import org.groupalliance.security.AppUser;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.SystemActor;
import org.groupalliance.security.UserService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 10's report story in real headless Chromium against the demo clinic on MariaDB, at 1280 and
 * 390 px: anna.leader opens the CBT group's insight page; each chart draws one mean point per
 * session that has data; the members tables and the Alerts section are there; the PDF report
 * downloads and its text (pdftotext) holds the group name, every member and the alliance–outcome
 * summary section; no sideways scrolling. Screenshots in target/screenshots/insight-report.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {DemoDatabase.SEED,
        DemoDatabase.URL + "ga_demo_insight_report" + DemoDatabase.OPTIONS})
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class InsightReportBrowserTest {

    static final String CBT = "Tuesday CBT for anxiety (demo)";
    static final Path SCREENSHOTS = Path.of("target/screenshots/insight-report");

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired UserService users;
    @Autowired UserDetailsService details;
    @Autowired InsightService insight;
    @Autowired JdbcTemplate jdbc;

    @Test
    void anna_opens_the_cbt_group_s_insight_page_and_downloads_its_pdf_at_1280_and_390_px() throws Exception {
        Actors.useSecurityOf(context);
        AppUser annaUser = SystemActor.call(() -> users.findAll()).stream().filter(u -> u.username().equals("anna.leader")).findFirst().orElseThrow();
        String password = SystemActor.call(() -> users.resetPassword(annaUser.id()));
        AppUserPrincipal anna = (AppUserPrincipal) details.loadUserByUsername("anna.leader");
        long groupId = jdbc.queryForObject("SELECT id FROM therapy_group WHERE name = ?", Long.class, CBT);
        GroupInsight gi = as(anna, () -> insight.forGroup(new GroupId(groupId)));
        assertThat(gi.instruments()).isNotEmpty();
        SoftAssertions soft = new SoftAssertions();
        for (int width : new int[] {1280, 390}) {
            Path downloads = Files.createTempDirectory("ga-downloads");
            try (BrowserSupport b = new BrowserSupport("http://localhost:" + port, Files.createTempDirectory("ga-report"), SCREENSHOTS, width, 900)) {
                // the machines running this are shared and often overloaded: a page may take longer than BrowserSupport's 30 s
                b.wait.withTimeout(Duration.ofSeconds(120));
                ((ChromeDriver) b.driver).executeCdpCommand("Browser.setDownloadBehavior",
                        Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
                b.login("anna.leader", password);
                b.open("/groups/" + groupId + "/insight");
                b.waitFor("#insight-title");
                b.waitFor("#insight-alerts-panel");
                JavascriptExecutor js = (JavascriptExecutor) b.driver;
                for (InstrumentInsight ii : gi.instruments()) {
                    LineChart.Series mean = ii.chart().series().stream().filter(s -> s.style() == LineChart.Style.MEAN).findFirst().orElseThrow();
                    long withData = mean.points().stream().filter(p -> p.value() != null).count();
                    b.waitFor("#chart-" + ii.instrumentCode() + " svg");
                    Object drawn = js.executeScript("return document.querySelectorAll(arguments[0]).length",
                            "#chart-" + ii.instrumentCode() + " g.series[data-name=\"" + mean.name() + "\"] circle");
                    soft.assertThat(((Number) drawn).longValue()).as("%s at %d px: one mean point per session with data", ii.instrumentCode(), width)
                            .isEqualTo(withData).isPositive();
                    b.waitFor("#members-" + ii.instrumentCode());
                    List<String> cells = b.gridTexts("members-" + ii.instrumentCode());
                    for (MemberRow m : ii.members()) {
                        soft.assertThat(cells).as("members table of %s at %d px", ii.instrumentCode(), width).contains(m.member());
                    }
                }
                js.executeScript("window.scrollTo(0, 0)");
                b.screenshot(width + "-insight");
                noSidewaysScroll(b, soft, width);

                b.click("#insight-pdf");
                Path pdf = b.until(d -> {
                    try (Stream<Path> files = Files.list(downloads)) {
                        return files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElse(null);
                    } catch (java.io.IOException e) {
                        return null;
                    }
                });
                // Chromium renames the .crdownload to .pdf once the file is complete
                String text = PdfText.of(pdf);
                soft.assertThat(text).as("PDF at %d px", width).contains("Group report: " + CBT).contains(AllianceSummary.HEADING)
                        .contains("Data completeness").contains("Open alerts");
                for (MemberRow m : gi.instruments().getFirst().members()) {
                    soft.assertThat(text.replaceAll("\\s+", " ")).as("PDF at %d px holds member %s", width, m.member()).contains(m.member());
                }
            }
        }
        soft.assertAll();
    }

    /**
     * Issue 10's member page in Chromium: anna opens the CBT group's insight page, clicks a member's
     * row (the Attended cell, not the code's link), and the member page shows that member's
     * trajectories (the total chart with one own-rating point per session they rated) and the
     * within-person r (here: that the demo plan measures no outcome at sessions), at 1280 and 390 px.
     */
    @Test
    void anna_clicks_a_member_row_and_the_member_page_shows_trajectories_and_the_within_person_r() throws Exception {
        Actors.useSecurityOf(context);
        AppUser annaUser = SystemActor.call(() -> users.findAll()).stream().filter(u -> u.username().equals("anna.leader")).findFirst().orElseThrow();
        String password = SystemActor.call(() -> users.resetPassword(annaUser.id()));
        AppUserPrincipal anna = (AppUserPrincipal) details.loadUserByUsername("anna.leader");
        long groupId = jdbc.queryForObject("SELECT id FROM therapy_group WHERE name = ?", Long.class, CBT);
        GroupInsight gi = as(anna, () -> insight.forGroup(new GroupId(groupId)));
        InstrumentInsight first = gi.instruments().getFirst();
        MemberRow member = first.members().stream().filter(m -> m.ratings() > 0).findFirst().orElseThrow();
        var page = as(anna, () -> context.getBean(org.groupalliance.insight.MemberInsightService.class).forMember(new GroupId(groupId), member.memberId()));
        long ownPoints = page.instruments().stream().filter(i -> i.code().equals(first.instrumentCode())).findFirst().orElseThrow().points().stream()
                .filter(p -> p.chart().equals("total") && p.series().equals("Own rating") && !Double.isNaN(p.value())).count();
        assertThat(ownPoints).isPositive();
        SoftAssertions soft = new SoftAssertions();
        for (int width : new int[] {1280, 390}) {
            try (BrowserSupport b = new BrowserSupport("http://localhost:" + port, Files.createTempDirectory("ga-member"), SCREENSHOTS, width, 900)) {
                b.wait.withTimeout(Duration.ofSeconds(120));
                b.login("anna.leader", password);
                b.open("/groups/" + groupId + "/insight");
                String link = "member-link-" + first.instrumentCode() + "-" + member.memberId().value();
                b.waitFor("#" + link);
                JavascriptExecutor js = (JavascriptExecutor) b.driver;
                // the row's Attended cell: the grid's cells are slots in its shadow root; find the link's row, click its second cell's content
                Object clicked = b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("""
                        const a = document.getElementById(arguments[0]);
                        if (!a) return false;
                        const content = a.closest('vaadin-grid-cell-content');
                        const grid = a.closest('vaadin-grid');
                        const slot = grid.shadowRoot.querySelector('slot[name="' + content.getAttribute('slot') + '"]');
                        if (!slot) return false;
                        const row = slot.closest('tr');
                        const cell = row.children[1].querySelector('slot').assignedElements()[0];
                        if (!cell) return false;
                        cell.scrollIntoView({block: 'center'});
                        cell.click();
                        return true;""", link));
                soft.assertThat(clicked).isEqualTo(true);
                b.waitFor("#member-insight-title");
                String title = (String) js.executeScript("return document.getElementById('member-insight-title').textContent");
                soft.assertThat(title).as("member page title at %d px", width).startsWith(member.member()).contains(CBT);
                soft.assertThat(b.driver.getCurrentUrl()).as("address at %d px", width)
                        .endsWith("/groups/" + groupId + "/insight/members/" + member.memberId().value());
                b.waitFor("#member-chart-" + first.instrumentCode() + " svg");
                Object drawn = js.executeScript("return document.querySelectorAll(arguments[0]).length",
                        "#member-chart-" + first.instrumentCode() + " g.series[data-name=\"Own rating\"] circle");
                soft.assertThat(((Number) drawn).longValue()).as("own-rating points at %d px", width).isEqualTo(ownPoints);
                String within = (String) js.executeScript("""
                        const e = document.getElementById('member-within') || document.querySelector('[id^=member-within-]');
                        if (!e) return null;
                        e.scrollIntoView({block: 'center'});
                        return e.textContent;""");
                soft.assertThat(within).as("within-person r on the member page at %d px", width).isNotNull()
                        .containsAnyOf("within-person", "fewer than 6 pairs");
                js.executeScript("window.scrollTo(0, 0)");
                b.screenshot(width + "-member");
                noSidewaysScroll(b, soft, width, "member");
            }
        }
        soft.assertAll();
    }

    /** As LayoutBrowserTest: the page is no wider than the window, and nothing outside grids reaches past its edge. */
    private static void noSidewaysScroll(BrowserSupport b, SoftAssertions soft, int width) {
        noSidewaysScroll(b, soft, width, "insight");
        assertThat(b.driver.findElements(By.id("insight-pdf"))).isNotEmpty();
    }

    private static void noSidewaysScroll(BrowserSupport b, SoftAssertions soft, int width, String name) {
        JavascriptExecutor js = (JavascriptExecutor) b.driver;
        Object pageWidth = js.executeScript("return document.scrollingElement.scrollWidth");
        Object viewport = js.executeScript("return window.innerWidth");
        soft.assertThat(((Number) pageWidth).longValue()).as("%s at %d px: page width vs viewport", name, width)
                .isLessThanOrEqualTo(((Number) viewport).longValue());
        @SuppressWarnings("unchecked")
        List<String> wide = (List<String>) js.executeScript("""
                const w = window.innerWidth, out = [];
                for (const e of document.querySelectorAll('vaadin-app-layout *')) {
                  if (e.closest('vaadin-grid, vaadin-tabs, [slot=drawer], vaadin-dialog-overlay')) continue;
                  const r = e.getBoundingClientRect();
                  if (r.width > 0 && r.height > 0 && (r.right > w + 1 || r.left < -1)) out.push(e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
                }
                return out.slice(0, 6);""");
        soft.assertThat(wide).as("%s at %d px: elements past the screen's edge", name, width).isEmpty();
    }
}
