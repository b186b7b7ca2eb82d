package org.groupalliance.insight.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.insight.AllianceSummary;
import org.groupalliance.insight.Association;
import org.groupalliance.insight.GroupInsight;
import org.groupalliance.insight.GroupReport;
import org.groupalliance.insight.InstrumentInsight;
import org.groupalliance.insight.MemberRow;
import org.groupalliance.insight.OpenAlerts;
import org.groupalliance.insight.PdfText;
import org.groupalliance.insight.SessionPoint;
import org.groupalliance.insight.chart.LineChart;
import org.groupalliance.rupture.Alert;
import org.groupalliance.rupture.AlertId;
import org.groupalliance.rupture.AlertRule;
import org.junit.jupiter.api.Test;

/** The report's layout on its own (no database): every section's text is extractable with pdftotext, long tables flow over pages. */
class GroupReportPdfTest {

    static InstrumentInsight instrument(int sessions, int members) {
        List<LineChart.Point> mean = new ArrayList<>();
        List<SessionPoint> points = new ArrayList<>();
        for (int s = 1; s <= sessions; s++) {
            Double v = s == 4 ? null : 30.0 + s % 5;
            mean.add(new LineChart.Point(s, v, v == null ? 0 : members));
            points.add(new SessionPoint("Members' mean", s, s <= sessions / 3 ? "Early" : "Middle", v == null ? 0 : members, v == null ? Double.NaN : v,
                    v == null ? Double.NaN : 1.25, v == null ? Double.NaN : v - 2, v == null ? Double.NaN : v + 2));
        }
        LineChart chart = new LineChart("Session alliance: session by session", "Session alliance (total, 0–40)", 0, 40, false, 36.0, 1, sessions,
                List.of(new LineChart.Phase("Early", 1, sessions / 3), new LineChart.Phase("Middle", sessions / 3 + 1, sessions)),
                List.of(new LineChart.Series("Members' mean", LineChart.Style.MEAN, mean)));
        List<MemberRow> rows = new ArrayList<>();
        for (int m = 1; m <= members; m++) {
            rows.add(new MemberRow(String.format("RC-%02d (Łukasz Zoë 李 %d)", m, m), sessions - 1, sessions - 1, 1, 30, sessions, 33.5, 3.5, 0.125,
                    31, 32.75, Double.NaN));
        }
        return new InstrumentInsight("SESSION-ALLIANCE-4", "Session alliance (4 lines)", "Session alliance", false, chart, points, rows);
    }

    static GroupReport report(int sessions, int members, OpenAlerts alerts, AllianceSummary summary) {
        GroupInsight gi = new GroupInsight(new GroupId(7), "Tuesday CBT for anxiety", 12, sessions, List.of(instrument(sessions, members)));
        return new GroupReport(gi, "31 of 40 planned forms received", alerts, summary, true, "anna.leader", LocalDateTime.of(2026, 11, 29, 21, 5));
    }

    static Alert alert() {
        return new Alert(new AlertId(3), new GroupId(7), "Tuesday CBT for anxiety", new SessionId(11), 6, "SESSION-ALLIANCE-4", AlertRule.CONCERN_TOTAL,
                "RC-04", new MemberId(4), "RC-04: total 31.2, under 36; was 37.5 at session 5", true, LocalDateTime.of(2026, 11, 28, 9, 0),
                Alert.Status.ACTIVE, null, null, 0);
    }

    /**
     * The report's fonts come without their GSUB table (PDFBox rebuilt a regular expression of it for
     * every piece of text: most of the report's time), and the glyphs drawn for names in Latin,
     * Greek and Cyrillic script, codes, numbers and punctuation are exactly those drawn with the
     * table: the content streams are byte for byte the same.
     */
    @Test
    void the_fonts_skip_glyph_substitution_and_draw_the_same_glyphs() throws Exception {
        String text = "RC-07 (Łukasz Zoë, Ελένη, Юлия) fi fl ffi office 0.41 (95% CI -0.20 to 0.80) – “Members’ mean” · page 1 of 2";
        for (String font : List.of("/fonts/LiberationSans-Regular.ttf", "/fonts/LiberationSans-Bold.ttf")) {
            byte[] original;
            try (var in = GroupReportPdf.class.getResourceAsStream(font)) {
                original = in.readAllBytes();
            }
            try (PDDocument doc = new PDDocument()) {
                var stripped = org.apache.pdfbox.pdmodel.font.PDType0Font.load(doc, new java.io.ByteArrayInputStream(GroupReportPdf.withoutGsub(font)));
                var full = org.apache.pdfbox.pdmodel.font.PDType0Font.load(doc, new java.io.ByteArrayInputStream(original));
                assertThat(stripped.getGsubData()).as(font).isSameAs(org.apache.fontbox.ttf.model.GsubData.NO_DATA_FOUND);
                assertThat(full.getGsubData()).as(font).isNotSameAs(org.apache.fontbox.ttf.model.GsubData.NO_DATA_FOUND);
                assertThat(contentOf(doc, stripped, text)).as(font).isEqualTo(contentOf(doc, full, text));
            }
        }
    }

    private static byte[] contentOf(PDDocument doc, org.apache.pdfbox.pdmodel.font.PDFont font, String text) throws Exception {
        var page = new org.apache.pdfbox.pdmodel.PDPage();
        doc.addPage(page);
        try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
            cs.beginText();
            cs.setFont(font, 10);
            cs.showText(text);
            cs.endText();
        }
        try (var in = page.getContents()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("/F\\d+", "/F").getBytes(
                    java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void every_section_is_text_a_reader_can_extract() throws Exception {
        byte[] pdf = GroupReportPdf.render(report(6, 3, new OpenAlerts(true, List.of(alert())),
                AllianceSummary.of(List.of("In this group, members who rated the alliance higher improved more: r = 0.41 (95% CI -0.20 to 0.80, n = 8)."))));
        String text = PdfText.of(pdf);
        assertThat(text).contains("Group report: Tuesday CBT for anxiety").contains("Made 2026-11-29 21:05 UTC by anna.leader")
                .contains("Data completeness").contains("31 of 40 planned forms received")
                .contains("Open alerts").contains("Total under the cut-off").contains("RC-04: total 31.2, under 36; was 37.5 at session 5")
                .contains("Alliance–outcome summary").contains("r = 0.41 (95% CI -0.20 to 0.80, n = 8)")
                .contains("Session alliance (4 lines)").contains("cut-off 36").contains("Session · higher is better")
                .contains("Members: Session alliance (4 lines)").contains("RC-01 (Łukasz Zoë ? 1)").contains("RC-03")
                .contains("33.50 (s6)").contains("+3.50").contains("+0.13");
        // chart numbers as on the page: two decimals, a session without data has n 0 and no mean
        assertThat(text).contains("31.00").contains("1.25");
    }

    @Test
    void no_alerts_for_someone_who_does_not_lead_the_group_and_the_summary_says_when_it_is_missing() throws Exception {
        String text = PdfText.of(GroupReportPdf.render(report(6, 3, new OpenAlerts(false, List.of()), AllianceSummary.notAvailable())));
        assertThat(text).contains("Alerts are shown to the group's own leaders only.").contains("Alliance–outcome summary")
                .contains("not available");
        String more = PdfText.of(GroupReportPdf.render(report(6, 3, new OpenAlerts(true, List.of(alert()), 120), AllianceSummary.notAvailable())));
        assertThat(more.replaceAll("\\s+", " ")).contains("The newest 1 of 120 open alerts are listed; 119 more are on the group's alerts page.");
        String none = PdfText.of(GroupReportPdf.render(report(6, 3, new OpenAlerts(true, List.of()), AllianceSummary.notAvailable())));
        assertThat(none).contains("No alerts need attention.");
    }

    @Test
    void a_long_group_flows_over_pages_with_every_member_and_session() throws Exception {
        byte[] pdf = GroupReportPdf.render(report(40, 12, new OpenAlerts(true, List.of()), AllianceSummary.notAvailable()));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(2);
        }
        String text = PdfText.of(pdf);
        for (int m = 1; m <= 12; m++) {
            assertThat(text).contains(String.format("RC-%02d", m));
        }
        assertThat(text).contains("page 1 of").contains("40");
    }

    /**
     * Decision 0028: where the plan measures an outcome at sessions, the members table carries the
     * within-person r of the member's rating with their next session's outcome, with its CI and n,
     * as on screen; below 6 pairs it says so; a report without it has no such column.
     */
    @Test
    void the_members_table_shows_each_member_s_within_person_r_with_its_ci_and_pairs() throws Exception {
        InstrumentInsight plain = instrument(8, 3);
        List<MemberRow> rows = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            MemberRow p = plain.members().get(m - 1);
            rows.add(new MemberRow(p.member(), p.sessionsAttended(), p.ratings(), p.firstSession(), p.first(), p.latestSession(), p.latest(), p.change(),
                    p.slope(), p.earlyMean(), p.middleMean(), p.lateMean(), new MemberId(100 + m), null, Double.NaN, null, List.of()));
        }
        InstrumentInsight ii = new InstrumentInsight(plain.instrumentCode(), plain.instrumentName(), plain.construct(), plain.higherIsWorse(), plain.chart(),
                plain.points(), rows);
        java.util.Map<MemberId, Association.WithinPerson> within = java.util.Map.of(
                new MemberId(101), new Association.WithinPerson(7, new Association.Correlation(7, 0.53, -0.37, 0.92, 0.22), null),
                new MemberId(102), new Association.WithinPerson(5, null, "fewer than 6 pairs"));
        GroupInsight gi = new GroupInsight(new GroupId(7), "Tuesday CBT for anxiety", 12, 8, List.of(ii));
        GroupReport report = new GroupReport(gi, "31 of 40 planned forms received", new OpenAlerts(true, List.of()), AllianceSummary.notAvailable(), true,
                "anna.leader", LocalDateTime.of(2026, 11, 29, 21, 5), java.util.Map.of("SESSION-ALLIANCE-4", within));
        byte[] pdf = GroupReportPdf.render(report);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/group-report-within-person.pdf"), pdf);
        String text = PdfText.of(pdf).replaceAll("\\s+", " "); // cells wrap within their column
        assertThat(text).contains("r (n)", "session trend removed").contains("r = +0.53, n = 7 pairs (95 % CI −0.37 to +0.92)")
                .contains("fewer than 6 pairs (n = 5)")
                .contains("fewer than 6 pairs (n = 0)"); // RC-03: no pair at all
        String without = PdfText.of(GroupReportPdf.render(new GroupReport(gi, "31 of 40 planned forms received", new OpenAlerts(true, List.of()),
                AllianceSummary.notAvailable(), true, "anna.leader", LocalDateTime.of(2026, 11, 29, 21, 5))));
        assertThat(without).contains("Members: Session alliance (4 lines)").doesNotContain("r (n)").doesNotContain("pairs");
    }
}
