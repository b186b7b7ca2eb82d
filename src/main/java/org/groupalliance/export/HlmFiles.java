package org.groupalliance.export;

import java.io.OutputStream;
import java.util.Locale;

import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.MemberRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.export.internal.ExportRepository;

/**
 * HLM: two fixed-format ASCII files for a two-level MDM (HLM2) of the most-rated member
 * instrument's total, sessions (level 1) in members (level 2), and {@code hlm_readme.txt} with
 * the FORTRAN-style formats HLM asks for and the steps. Both files are sorted by the level-2 id,
 * the member number of {@code id_numbers.csv} written as 8 digits ({@code A8}), as HLM requires.
 * HLM's ASCII input has no missing-value code, so level 1 holds only the member's own ratings with
 * a total, and level 2 only the members who have such a rating. Checked against golden files only
 * (no HLM licence on the build machines).
 */
final class HlmFiles {

    static final String LEVEL1 = "hlm_level1.dat";
    static final String LEVEL2 = "hlm_level2.dat";
    static final String README = "hlm_readme.txt";
    static final String LEVEL1_FORMAT = "(A8,4F12.4)";
    static final String LEVEL2_FORMAT = "(A8,5F12.4)";

    private HlmFiles() {
    }

    static String id(int number) {
        return String.format(Locale.ROOT, "%08d", number);
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%12.4f", value);
    }

    /** Level 1: ID, session, days, phase (1 early, 2 middle, 3 late), total; sorted by ID, then session. */
    static void writeLevel1(ExportRun run, OutputStream out) {
        String code = run.mostRatedMemberInstrument();
        StringBuilder sb = new StringBuilder();
        if (code != null) {
            run.eachRating(ExportRepository.Order.BY_MEMBER, r -> {
                if (!r.raterKind().equals("MEMBER") || !r.targetKind().equals("MEMBER") || !r.instrumentCode().equals(code) || r.total() == null) {
                    return;
                }
                SessionRow s = run.sessions.get(r.sessionId());
                Integer days = run.days(s);
                sb.append(id(run.memberNumbers.get(r.targetMemberId()))).append(f(s.number())).append(f(days == null ? 0 : days))
                        .append(f(phase(s.phase()))).append(f(r.total())).append('\n');
                if (sb.length() > 1 << 16) {
                    SyntaxFiles.write(sb.toString(), out);
                    sb.setLength(0);
                }
            });
        }
        SyntaxFiles.write(sb.toString(), out);
    }

    private static int phase(String phase) {
        return switch (phase) {
            case "early" -> 1;
            case "middle" -> 2;
            default -> 3;
        };
    }

    /** Level 2: ID, group number, format (1 closed, 2 open), joined session, sessions attended, person mean of the total. */
    static void writeLevel2(ExportRun run, OutputStream out) {
        String code = run.mostRatedMemberInstrument();
        StringBuilder sb = new StringBuilder();
        if (code != null) {
            for (MemberRow m : run.members.values()) {
                double pm = run.personMean(m.id(), code);
                if (Double.isNaN(pm)) {
                    continue;
                }
                GroupRow g = run.groups.get(m.groupId());
                int attended = 0;
                for (SessionRow s : run.sessions.values()) {
                    String st = s.groupId() == g.id() ? run.attendanceOf(s.id(), m.id()) : null;
                    if (st != null && !st.equals("ABSENT")) {
                        attended++;
                    }
                }
                sb.append(id(run.memberNumbers.get(m.id()))).append(f(run.groupNumbers.get(g.id()))).append(f(g.format().equals("OPEN") ? 2 : 1))
                        .append(f(m.joinedSession())).append(f(attended)).append(f(pm)).append('\n');
            }
        }
        SyntaxFiles.write(sb.toString(), out);
    }

    static void writeReadme(ExportRun run, OutputStream out) {
        String code = run.mostRatedMemberInstrument();
        String text = """
                HLM files of the GroupAlliance research export
                ==============================================

                Two-level data (HLM2) for the total score of %s rated by the members themselves:
                sessions (level 1) within members (level 2). Both files are fixed-format ASCII, sorted
                by the level-2 id (ID: the member's number in id_numbers.csv, 8 digits).

                %s  level 1, one line per rating with a total
                    format %s
                    ID       member number
                    SESSION  session number
                    DAYS     days since the group's first session
                    PHASE    1 early, 2 middle, 3 late
                    TOTAL    total score

                %s  level 2, one line per member with at least one such rating
                    format %s
                    ID       member number
                    GROUP    group number (id_numbers.csv)
                    FORMAT   1 closed, 2 open group
                    JOINED   session the member joined at
                    ATTENDED exported sessions attended
                    PMEAN    the member's mean total

                HLM's ASCII input has no missing-value code: ratings without a total are left out.
                Groups are a third level: for HLM3, make a level-3 file from GROUP, or enter GROUP as
                a level-2 predictor.

                Make the MDM: File > Make new MDM file > Stat package input; HLM2; input file type
                ASCII input. Level-1 file: %s, number of variables 4, format %s, variable names
                SESSION DAYS PHASE TOTAL. Level-2 file: %s, number of variables 5, format %s,
                variable names GROUP FORMAT JOINED ATTENDED PMEAN. Then: TOTAL as outcome, SESSION at
                level 1, intercept random.

                Checked by the build against golden files only: there is no HLM licence on the build machines.
                """.formatted(code == null ? "no member-rated instrument (the files are empty)" : code, LEVEL1, LEVEL1_FORMAT, LEVEL2, LEVEL2_FORMAT,
                LEVEL1, LEVEL1_FORMAT, LEVEL2, LEVEL2_FORMAT);
        SyntaxFiles.write(text, out);
    }
}
