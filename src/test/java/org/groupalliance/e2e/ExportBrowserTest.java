package org.groupalliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.security.UserService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 12's story in real headless Chromium against the demo clinic on MariaDB: rita.research
 * (the demo researcher) opens Export, sees the counts, downloads the zip, and the downloaded file
 * holds every file the issue names: long, wide, group-session, target, ruptures, the codebook as
 * CSV and Markdown, R, SPSS, Stata, Mplus input and data, HLM level-1 and level-2 files, README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {DemoDatabase.SEED,
        DemoDatabase.URL + "ga_demo_export_browser" + DemoDatabase.OPTIONS})
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class ExportBrowserTest {

    static final List<String> NAMED_IN_THE_ISSUE = List.of("long.csv", "wide.csv", "group_session.csv", "target.csv", "ruptures.csv",
            "codebook.csv", "codebook.md", "analysis.R", "long.sps", "mixed.sps", "long.do", "mplus.inp", "mplus.dat", "hlm_level1.dat",
            "hlm_level2.dat", "hlm_readme.txt", "README.md");

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired UserDetailsService users;
    @Autowired UserService userService;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void rita_research_exports_the_demo_clinic_and_the_zip_holds_every_named_file() throws Exception {
        Actors.useSecurityOf(context);
        Account admin = new Actors(context).newUser(Role.ADMIN, null);
        AppUserPrincipal rita = (AppUserPrincipal) users.loadUserByUsername("rita.research");
        // the demo's passwords are printed once at first start; the admin sets a new one for the test
        String password = as(admin, () -> userService.resetPassword(rita.userId().orElseThrow()));
        Path downloads = Files.createTempDirectory("ga-downloads");
        Path profile = Files.createTempDirectory("ga-chromium");
        try (BrowserSupport browser = new BrowserSupport("http://localhost:" + port, profile, Path.of("target/screenshots"), 1280, 900)) {
            ((ChromeDriver) browser.driver).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
            browser.login("rita.research", password);
            browser.open("/export");
            browser.waitFor("#export-counts");
            // rita sees the groups of her site (Riverside), not those of the demo's second site (Hillside)
            int groups = jdbc.queryForObject("SELECT COUNT(*) FROM therapy_group WHERE id IN " + org.groupalliance.support.DemoDatabase.RIVERSIDE_GROUPS, Integer.class);
            browser.until(d -> d.findElement(org.openqa.selenium.By.id("export-counts")).getText().contains("This export holds " + groups + " groups"));
            browser.screenshot("export-01-page");
            browser.click("#export-download");
            Path zip = downloads.resolve("groupalliance-export.zip");
            browser.until(d -> Files.exists(zip) && noPartialDownload(downloads) ? true : null);
            browser.screenshot("export-02-downloaded");

            List<String> names = new ArrayList<>();
            String longCsv = null;
            try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in, StandardCharsets.UTF_8)) {
                ZipEntry e;
                while ((e = z.getNextEntry()) != null) {
                    names.add(e.getName());
                    byte[] content = z.readAllBytes();
                    if (e.getName().equals("long.csv")) {
                        longCsv = new String(content, StandardCharsets.UTF_8);
                    }
                }
            }
            assertThat(names).containsAll(NAMED_IN_THE_ISSUE);
            assertThat(longCsv).startsWith("member_id,group_id,site_id").contains("SESSION-ALLIANCE-4");
        }
    }

    private static boolean noPartialDownload(Path dir) {
        try (var files = Files.list(dir)) {
            return files.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
