package org.groupalliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
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
 * Issue 13, load, the real-browser part: five leaders in five Chromium sessions record their own
 * group's session (attendance and six members' session alliance forms) and press *Save attendance
 * and all sheets* at the same moment. Every page says its save went through and the database
 * holds every form. The seconds from the click to "Saved" are printed (not asserted: the numbers
 * are in docs/benchmarks.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class ConcurrentSavesBrowserTest {

    static final int BROWSERS = 5;
    static final int MEMBERS = 6;
    static final String ALLIANCE = "SESSION-ALLIANCE-4";

    @LocalServerPort int port;
    @Autowired ApplicationContext applicationContext;
    @Autowired SessionService sessions;
    @Autowired MeasurementPlanService plans;
    @Autowired RatingService ratings;

    private record Leader(Account account, TestGroups.TestGroup group, GroupSession session) {
    }

    @Test
    void five_leaders_saving_at_the_same_moment_all_get_their_session_stored() throws Exception {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        List<Leader> leaders = new ArrayList<>();
        for (int i = 0; i < BROWSERS; i++) {
            Account a = actors.newUser(Role.FACILITATOR, site);
            TestGroups.TestGroup g = TestGroups.closedGroup(applicationContext, a, site, "Parallel ", MEMBERS);
            as(a, () -> plans.save(g.group().id(), new PlanEntryData(ALLIANCE, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
            GroupSession s = as(a, () -> sessions.create(g.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
            leaders.add(new Leader(a, g, s));
        }

        CyclicBarrier together = new CyclicBarrier(BROWSERS);
        ExecutorService pool = Executors.newFixedThreadPool(BROWSERS);
        List<Future<Double>> seconds = new ArrayList<>();
        try {
            for (Leader leader : leaders) {
                seconds.add(pool.submit(() -> {
                    Path shots = Path.of("target/screenshots/concurrent-saves");
                    try (BrowserSupport b = new BrowserSupport("http://localhost:" + port, Files.createTempDirectory("ga-par"), shots, 1280, 900)) {
                        b.login(leader.account().username(), leader.account().password());
                        b.open("/ratings/" + leader.session().id().value());
                        b.waitFor("#att-all-present");
                        b.click("#att-all-present");
                        String lastField = "r-" + ALLIANCE + "-MEMBER-" + leader.group().member(MEMBERS).code() + "-4";
                        b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                                "const e = document.getElementById(arguments[0]); return !!e && !e.disabled;", lastField));
                        var first = b.driver.findElement(By.id("r-" + ALLIANCE + "-MEMBER-" + leader.group().member(1).code() + "-1"))
                                .findElement(By.cssSelector("input"));
                        ((JavascriptExecutor) b.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", first);
                        first.click();
                        new Actions(b.driver).sendKeys(("8" + Keys.TAB).repeat(MEMBERS * 4)).perform();
                        b.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                                "const f = document.getElementById(arguments[0]); const e = f && f.querySelector('input'); return !!e && e.value === '8';",
                                lastField));
                        var saveAll = b.driver.findElement(By.id("save-all"));
                        ((JavascriptExecutor) b.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", saveAll);
                        together.await(5, TimeUnit.MINUTES);
                        long t0 = System.nanoTime();
                        saveAll.click();
                        // up to two minutes: five saves at once on a loaded CI machine may wait for each other's row locks
                        new org.openqa.selenium.support.ui.WebDriverWait(b.driver, java.time.Duration.ofSeconds(120)).until(d -> (Boolean) ((JavascriptExecutor) d)
                                .executeScript("return document.body.textContent.includes('Saved attendance and 1 sheet')"));
                        double took = (System.nanoTime() - t0) / 1e9;
                        b.screenshot("saved-" + leader.account().username());
                        return took;
                    }
                }));
            }
            List<Double> took = new ArrayList<>();
            for (Future<Double> f : seconds) {
                took.add(f.get(15, TimeUnit.MINUTES));
            }
            System.out.println("Five browsers saving at once: seconds from the click on Save to 'Saved': " + took);
            Files.writeString(Path.of("target/concurrent-saves.txt"), "seconds from the click on Save to 'Saved' in five browsers at once: " + took + "\n");
        } finally {
            pool.shutdownNow();
        }

        assertThat(leaders).allSatisfy(l -> {
            var stored = as(l.account(), () -> ratings.forSession(l.session().id()));
            assertThat(stored).as(l.group().group().name()).hasSize(MEMBERS)
                    .allSatisfy(r -> assertThat(r.responses()).containsExactly(8.0, 8.0, 8.0, 8.0));
        });
    }
}
