package org.groupalliance.insight.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.groupalliance.base.MemberId;
import org.groupalliance.insight.AllianceSummary;
import org.groupalliance.insight.Association;
import org.groupalliance.insight.WithinPersonText;
import org.groupalliance.insight.GroupReport;
import org.groupalliance.insight.InstrumentInsight;
import org.groupalliance.insight.MemberRow;
import org.groupalliance.insight.SessionPoint;
import org.groupalliance.insight.chart.PdfChart;
import org.groupalliance.rupture.Alert;

/**
 * The group report as a PDF (Apache PDFBox): A4, text as text (extractable, e.g. {@code pdftotext}),
 * Liberation Sans embedded as a subset so any Latin, Greek or Cyrillic name prints. Sections:
 * header (group, who made it and when, whether names are shown), data completeness, open alerts
 * with rule and numbers, the alliance–outcome summary, then per instrument the chart (drawn by
 * {@link PdfChart} with the screen chart's geometry), the chart's numbers and the members table.
 * Numbers are formatted as on the page (two decimals).
 */
public final class GroupReportPdf {

    static final float MARGIN = 42;
    static final PDRectangle PAGE = PDRectangle.A4;
    static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private GroupReportPdf() {
    }

    public static byte[] render(GroupReport r) {
        try (PDDocument doc = new PDDocument()) {
            Writer w = new Writer(doc, font(doc, "/fonts/LiberationSans-Regular.ttf"), font(doc, "/fonts/LiberationSans-Bold.ttf"));
            doc.getDocumentInformation().setTitle("Group report: " + r.insight().groupName());
            doc.getDocumentInformation().setCreator("GroupAlliance");
            w.text("Group report: " + r.insight().groupName(), 16, true);
            w.text("Made " + WHEN.format(r.generatedAt()) + " UTC by " + r.generatedBy() + ". " + r.insight().sessionsHeld() + " of "
                    + r.insight().plannedSessions() + " planned sessions held.", 10, false);
            w.text(r.displayNames() ? "Members are shown by code and display name (you lead this group): confidential clinical document."
                    : "Members are shown by their codes only.", 10, false);

            w.heading("Data completeness");
            w.text(r.completeness() + ".", 10, false);

            w.heading("Open alerts");
            if (!r.alerts().shown()) {
                w.text("Alerts are shown to the group's own leaders only.", 10, false);
            } else if (r.alerts().alerts().isEmpty()) {
                w.text("No alerts need attention.", 10, false);
            } else {
                List<String[]> rows = new ArrayList<>();
                for (Alert a : r.alerts().alerts()) {
                    rows.add(new String[] {String.valueOf(a.sessionNumber()), a.instrumentCode(), a.rule().label(), a.text()});
                }
                w.table(new String[] {"Session", "Form", "Rule", "What"}, new float[] {48, 110, 120, WIDTH - 278}, rows);
                if (r.alerts().notListed() > 0) {
                    w.text("The newest " + r.alerts().alerts().size() + " of " + r.alerts().total() + " open alerts are listed; " + r.alerts().notListed()
                            + " more are on the group's alerts page.", 10, false);
                }
            }

            w.heading(AllianceSummary.HEADING);
            for (String line : r.summary().lines()) {
                w.text(line, 10, false);
            }

            if (r.insight().instruments().isEmpty()) {
                w.heading("Charts");
                w.text("The measurement plan has no session-by-session forms yet, so there is nothing to chart.", 10, false);
            }
            for (InstrumentInsight ii : r.insight().instruments()) {
                w.newPage();
                w.text(ii.instrumentName(), 13, true);
                w.text(ii.higherIsWorse() ? "Higher scores are worse on this form." : "Higher scores are better on this form.", 10, false);
                float h = PdfChart.heightAt(ii.chart(), WIDTH);
                w.ensure(h + 6);
                PdfChart.draw(w.cs, w.regular, ii.chart(), MARGIN, w.y, WIDTH);
                w.y -= h + 6;
                w.heading("Chart numbers: " + ii.instrumentName());
                List<String[]> pts = new ArrayList<>();
                for (SessionPoint p : ii.points()) {
                    pts.add(new String[] {String.valueOf(p.session()), p.phase(), p.series(), String.valueOf(p.n()), num(p.mean()), num(p.sd()),
                            p.n() == 0 ? "" : num(p.min()) + "–" + num(p.max())});
                }
                w.table(new String[] {"Session", "Phase", "Line", "n", "Mean", "SD", "Range"}, new float[] {44, 50, WIDTH - 314, 30, 50, 50, 90}, pts);
                w.heading("Members: " + ii.instrumentName());
                // the within-person r of this rating with the next session's outcome, as on screen (decision 0028), where the plan has one
                Map<MemberId, Association.WithinPerson> within = r.withinPerson().get(ii.instrumentCode());
                List<String[]> rows = new ArrayList<>();
                for (MemberRow m : ii.members()) {
                    String[] row = {m.member(), String.valueOf(m.sessionsAttended()),
                            m.latestSession() == null ? "no rating" : num(m.latest()) + " (s" + m.latestSession() + ")", signed(m.change()),
                            signed(m.slope()), num(m.earlyMean()), num(m.middleMean()), num(m.lateMean())};
                    rows.add(within == null ? row : append(row, WithinPersonText.twoLines(m.memberId() == null ? null : within.get(m.memberId()))));
                }
                String[] header = {"Member", "Attended", "Latest", "Change since first", "Slope / session", "Early mean", "Middle mean", "Late mean"};
                if (within == null) {
                    w.table(header, new float[] {WIDTH - 385, 45, 70, 55, 55, 50, 55, 55}, rows);
                } else {
                    w.table(append(header, "r (n): alliance → next outcome, session trend removed"), new float[] {WIDTH - 457, 42, 56, 46, 46, 42, 46, 44, 135}, rows);
                }
            }
            w.finish("Group report: " + r.insight().groupName());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] append(String[] row, String cell) {
        String[] out = java.util.Arrays.copyOf(row, row.length + 1);
        out[row.length] = cell;
        return out;
    }

    private static PDFont font(PDDocument doc, String resource) throws IOException {
        return PDType0Font.load(doc, new java.io.ByteArrayInputStream(FONTS.computeIfAbsent(resource, GroupReportPdf::withoutGsub)));
    }

    /** The fonts' bytes, read once per JVM (and stripped of GSUB, see {@link #withoutGsub}); each document parses its own copy. */
    private static final java.util.Map<String, byte[]> FONTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The font file with its glyph substitution table ({@code GSUB}) renamed so that PDFBox does not
     * apply it. PDFBox 3 applies a Latin font's GSUB features ccmp, liga and clig to every
     * {@code showText} and rebuilds a regular expression of all substitutable glyph sequences for each
     * call: about two thirds of the report's time went there (JFR, docs/benchmarks.md). Liberation
     * Sans's GSUB has no liga or clig and its ccmp only composes the IPA tone letters
     * U+02E5–U+02E9, which names, codes and numbers do not use, so the text drawn is unchanged.
     */
    static byte[] withoutGsub(String resource) {
        byte[] b;
        try (InputStream in = GroupReportPdf.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Font missing from the jar: " + resource);
            }
            b = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int tables = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        for (int i = 0; i < tables; i++) {
            int at = 12 + 16 * i;
            if (b[at] == 'G' && b[at + 1] == 'S' && b[at + 2] == 'U' && b[at + 3] == 'B') {
                b[at] = 'x'; // an unknown table, kept but not read
            }
        }
        return b;
    }

    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v);
    }

    /** A top-to-bottom text cursor over pages. */
    private static final class Writer {
        final PDDocument doc;
        final PDFont regular;
        final PDFont bold;
        PDPageContentStream cs;
        float y;

        Writer(PDDocument doc, PDFont regular, PDFont bold) throws IOException {
            this.doc = doc;
            this.regular = regular;
            this.bold = bold;
            newPage();
        }

        void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = PAGE.getHeight() - MARGIN;
        }

        void ensure(float height) throws IOException {
            if (y - height < MARGIN + 14) {
                newPage();
            }
        }

        void heading(String s) throws IOException {
            y -= 6;
            ensure(40);
            text(s, 12, true);
        }

        /** A paragraph wrapped to the page width. */
        void text(String s, float size, boolean strong) throws IOException {
            PDFont f = strong ? bold : regular;
            for (String line : wrap(f, size, PdfChart.safe(f, s), WIDTH)) {
                ensure(size * 1.4f);
                y -= size * 1.25f;
                show(f, size, MARGIN, y, line);
                y -= size * 0.25f;
            }
        }

        /** A table with a bold header row repeated on every page; cells wrap within their column. */
        void table(String[] header, float[] widths, List<String[]> rows) throws IOException {
            float size = 8;
            float lineHeight = size * 1.3f;
            row(header, widths, size, lineHeight, true);
            for (String[] r : rows) {
                List<List<String>> cells = cells(r, widths, size, false);
                int lines = cells.stream().mapToInt(List::size).max().orElse(1);
                if (y - lines * lineHeight - 4 < MARGIN + 14) {
                    newPage();
                    row(header, widths, size, lineHeight, true);
                }
                draw(cells, widths, size, lineHeight, false);
            }
            y -= 4;
        }

        private void row(String[] r, float[] widths, float size, float lineHeight, boolean strong) throws IOException {
            List<List<String>> cells = cells(r, widths, size, strong);
            int lines = cells.stream().mapToInt(List::size).max().orElse(1);
            ensure(lines * lineHeight + 2 * lineHeight);
            draw(cells, widths, size, lineHeight, strong);
            cs.setStrokingColor(0.4f, 0.4f, 0.4f);
            cs.setLineWidth(0.5f);
            cs.moveTo(MARGIN, y + 1);
            cs.lineTo(MARGIN + WIDTH, y + 1);
            cs.stroke();
        }

        private List<List<String>> cells(String[] r, float[] widths, float size, boolean strong) {
            PDFont f = strong ? bold : regular;
            List<List<String>> out = new ArrayList<>();
            for (int i = 0; i < r.length; i++) {
                // a cell's own line breaks are kept (safe() would make them spaces); each line is made safe for the font
                String text = java.util.Arrays.stream(r[i] == null ? new String[] {""} : r[i].split("\n", -1)).map(line -> PdfChart.safe(f, line))
                        .collect(java.util.stream.Collectors.joining("\n"));
                out.add(wrap(f, size, text, widths[i] - 4));
            }
            return out;
        }

        private void draw(List<List<String>> cells, float[] widths, float size, float lineHeight, boolean strong) throws IOException {
            int lines = cells.stream().mapToInt(List::size).max().orElse(1);
            float x = MARGIN;
            for (int i = 0; i < cells.size(); i++) {
                float ly = y;
                for (String line : cells.get(i)) {
                    ly -= lineHeight;
                    show(strong ? bold : regular, size, x, ly + 2, line);
                }
                x += widths[i];
            }
            y -= lines * lineHeight + 2;
        }

        private void show(PDFont f, float size, float x, float baseline, String s) throws IOException {
            cs.setNonStrokingColor(0f, 0f, 0f);
            cs.beginText();
            cs.setFont(f, size);
            cs.newLineAtOffset(x, baseline);
            cs.showText(s);
            cs.endText();
        }

        /** Page footers ("title · page n of N"), then closes the last page's stream. */
        void finish(String title) throws IOException {
            cs.close();
            int n = doc.getNumberOfPages();
            for (int i = 0; i < n; i++) {
                try (PDPageContentStream footer = new PDPageContentStream(doc, doc.getPage(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
                    footer.setNonStrokingColor(0.3f, 0.3f, 0.3f);
                    footer.beginText();
                    footer.setFont(regular, 8);
                    footer.newLineAtOffset(MARGIN, MARGIN - 18);
                    String text = PdfChart.safe(regular, title + " · page " + (i + 1) + " of " + n);
                    footer.showText(text.length() > 120 ? text.substring(0, 120) : text);
                    footer.endText();
                }
            }
        }
    }

    /** Greedy word wrap to a width; a word longer than the width is cut. Never returns an empty list. */
    static List<String> wrap(PDFont f, float size, String s, float width) {
        List<String> out = new ArrayList<>();
        for (String para : s.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (PdfChart.width(f, size, candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (PdfChart.width(f, size, rest) > width && rest.length() > 1) {
                    int k = rest.length() - 1;
                    while (k > 1 && PdfChart.width(f, size, rest.substring(0, k)) > width) {
                        k--;
                    }
                    out.add(rest.substring(0, k));
                    rest = rest.substring(k);
                }
                line.append(rest);
            }
            out.add(line.toString());
        }
        return out;
    }
}
