package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.insight.AssociationStatistics.AllianceObs;
import org.groupalliance.insight.AssociationStatistics.OutcomeObs;
import org.groupalliance.insight.AssociationStatistics.PrePost;
import org.groupalliance.roster.Phase;

/**
 * The data set of src/test/resources/insight/association.R (4 groups of 6 members, 8 sessions) and
 * its expected numbers, read from the CSV files the script wrote.
 */
final class AssociationFixture {

    static final int GROUPS = 4;
    static final int MEMBERS = 6;
    static final int SESSIONS = 8;

    private AssociationFixture() {
    }

    /** Rows of association/NAME with the header as keys. */
    static List<Map<String, String>> rows(String name) {
        List<String[]> raw = InsightFixture.csv("association/" + name);
        String[] header = header(name);
        List<Map<String, String>> out = new ArrayList<>();
        for (String[] r : raw) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], i < r.length ? r[i] : "");
            }
            out.add(m);
        }
        return out;
    }

    private static String[] header(String name) {
        try (var in = AssociationFixture.class.getResourceAsStream("/insight/association/" + name)) {
            String first = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R")[0];
            return first.replace("\"", "").split(",");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static double num(Map<String, String> row, String key) {
        String v = row.get(key);
        return v == null || v.equals("NA") ? Double.NaN : Double.parseDouble(v);
    }

    static String member(int group, int member) {
        return group + "/" + member;
    }

    static Phase phase(int session) {
        return session <= 4 ? Phase.EARLY : session <= 8 ? Phase.MIDDLE : Phase.LATE;
    }

    /** Alliance observations as R scores them (mean of the four items). */
    static List<AllianceObs> alliance() {
        List<AllianceObs> out = new ArrayList<>();
        for (Map<String, String> r : rows("sessions.csv")) {
            int g = (int) num(r, "group");
            int s = (int) num(r, "session");
            double[] items = {num(r, "a1"), num(r, "a2"), num(r, "a3"), num(r, "a4")};
            out.add(new AllianceObs(String.valueOf(g), member(g, (int) num(r, "member")), s, phase(s), (items[0] + items[1] + items[2] + items[3]) / 4,
                    items));
        }
        return out;
    }

    /** Session outcomes as R scores them (sum of the four lines). */
    static List<OutcomeObs> sessionOutcomes() {
        List<OutcomeObs> out = new ArrayList<>();
        for (Map<String, String> r : rows("sessions.csv")) {
            int g = (int) num(r, "group");
            out.add(new OutcomeObs(String.valueOf(g), member(g, (int) num(r, "member")), (int) num(r, "session"),
                    num(r, "o1") + num(r, "o2") + num(r, "o3") + num(r, "o4")));
        }
        return out;
    }

    /** PHQ-9 items at baseline (pre1..pre9) and post (post1..post9); NaN = no form. */
    static double[] items(Map<String, String> r, String prefix) {
        double[] v = new double[9];
        for (int i = 0; i < 9; i++) {
            v[i] = num(r, prefix + (i + 1));
        }
        return v;
    }

    /** The trending-but-unrelated data (association/trend-sessions.csv): member "g m" of R is "t/g/m". */
    static String trendMember(String rMember) {
        return "t/" + rMember.replace(' ', '/');
    }

    /** Alliance of the trend data: one score per member and session, no items. */
    static List<AllianceObs> trendAlliance() {
        List<AllianceObs> out = new ArrayList<>();
        for (Map<String, String> r : rows("trend-sessions.csv")) {
            int g = (int) num(r, "group");
            int s = (int) num(r, "session");
            out.add(new AllianceObs("t" + g, "t/" + g + "/" + (int) num(r, "member"), s, phase(s), num(r, "alliance"), new double[0]));
        }
        return out;
    }

    /** Outcome at every session of the trend data. */
    static List<OutcomeObs> trendOutcomes() {
        List<OutcomeObs> out = new ArrayList<>();
        for (Map<String, String> r : rows("trend-sessions.csv")) {
            int g = (int) num(r, "group");
            out.add(new OutcomeObs("t" + g, "t/" + g + "/" + (int) num(r, "member"), (int) num(r, "session"), num(r, "outcome")));
        }
        return out;
    }

    static Map<String, PrePost> prePost() {
        Map<String, PrePost> out = new LinkedHashMap<>();
        for (Map<String, String> r : rows("prepost.csv")) {
            String m = member((int) num(r, "group"), (int) num(r, "member"));
            out.put(m, new PrePost(m, java.util.Arrays.stream(items(r, "pre")).sum(), java.util.Arrays.stream(items(r, "post")).sum()));
        }
        return out;
    }
}
