package org.groupalliance.measure;

import static org.groupalliance.measure.InstrumentDefinition.Construct.ALLIANCE;
import static org.groupalliance.measure.InstrumentDefinition.Construct.COHESION;
import static org.groupalliance.measure.InstrumentDefinition.Construct.OUTCOME;
import static org.groupalliance.measure.InstrumentDefinition.Construct.SESSION_FEEDBACK;
import static org.groupalliance.measure.InstrumentDefinition.Direction.HIGHER_IS_BETTER;
import static org.groupalliance.measure.InstrumentDefinition.Direction.HIGHER_IS_WORSE;
import static org.groupalliance.measure.InstrumentDefinition.Rater.LEADER;
import static org.groupalliance.measure.InstrumentDefinition.Rater.MEMBER;
import static org.groupalliance.measure.InstrumentDefinition.Rater.OBSERVER;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.groupalliance.analysis.ScaleScoring.Method;
import org.groupalliance.measure.InstrumentDefinition.Concern;
import org.groupalliance.measure.InstrumentDefinition.Item;
import org.groupalliance.measure.InstrumentDefinition.ResponseType;
import org.groupalliance.measure.InstrumentDefinition.Scoring;
import org.groupalliance.measure.InstrumentDefinition.Subscale;
import org.groupalliance.measure.InstrumentDefinition.Target;

/**
 * The definitions GroupAlliance ships: structure, keys and neutral item labels only, never the
 * copyrighted wording (a site may add its licensed wording). Facts and their sources are those of
 * {@code shared/docs/measures.md}; every field marked unverified there is listed in
 * {@link InstrumentDefinition#unverified()} and must be checked against the manual before use.
 * Codes are generic where the original name is a trademark of a licensed product.
 */
public final class BuiltInInstruments {

    private BuiltInInstruments() {
    }

    public static List<InstrumentDefinition> all() {
        return List.of(sessionAlliance(), groupSessionAlliance(), goalTaskBond(), threeLevelGroupAlliance(), memberToGroupAlliance(),
                groupClimate(), core10(), phq9(), gad7(), sessionOutcome(), oq45());
    }

    /** 4 visual-analogue lines, total 0-40; concern: total < 36, any line < 9, or a drop of 1 (SRS structure, Duncan et al. 2003). */
    public static InstrumentDefinition sessionAlliance() {
        return new InstrumentDefinition("SESSION-ALLIANCE-4", "Session alliance scale (4 visual-analogue lines)", 1, SESSION_FEEDBACK,
                Target.MEMBER_TO_LEADER, Set.of(MEMBER), vas("Relationship", "Goals and topics", "Approach or method", "Overall"), Set.of(),
                List.of(), new Scoring(Method.SUM, 0, 0), new Concern(36.0, 9.0, 1.0), null, null, HIGHER_IS_BETTER,
                "Structure of the Session Rating Scale (Duncan et al. 2003); concern rule as reported in shared/docs/measures.md [SRS2][OF1]",
                "Original wording: ICCE copyright; free to individuals on paper, organisations need a licence. Only structure and neutral labels shipped.",
                Set.of("concern.dropOf"));
    }

    /** The group variant: relationship with the leader and the group; SRS concern rule applied by convention. */
    public static InstrumentDefinition groupSessionAlliance() {
        return new InstrumentDefinition("GROUP-SESSION-ALLIANCE-4", "Group session alliance scale (4 visual-analogue lines)", 1, SESSION_FEEDBACK,
                Target.MEMBER_TO_GROUP, Set.of(MEMBER), vas("Relationship with leader and group", "Goals and topics", "Approach or method", "Overall"),
                Set.of(), List.of(), new Scoring(Method.SUM, 0, 0), new Concern(36.0, 9.0, 1.0), null, null, HIGHER_IS_BETTER,
                "Structure of the Group Session Rating Scale (Quirk, Miller, Duncan, Owen 2013) [GSRS1][GSRS2]",
                "Original wording: ICCE copyright (licence needed for organisations). Only structure and neutral labels shipped.",
                Set.of("concern.totalBelow", "concern.itemBelow", "concern.dropOf"));
    }

    /** 12 items, 1-5, task/bond/goal (WAI-SR structure, Hatcher and Gillaspy 2006). */
    public static InstrumentDefinition goalTaskBond() {
        return new InstrumentDefinition("GTB-12", "Goal, task and bond alliance scale (12 items)", 1, ALLIANCE, Target.MEMBER_TO_LEADER,
                Set.of(MEMBER, LEADER), points(12, 1, 5, "Seldom", "Always", n -> switch (n) {
                    case 1, 2, 10, 12 -> "task";
                    case 3, 5, 7, 9 -> "bond";
                    default -> "goal";
                }), Set.of(), List.of(new Subscale("Task", List.of(1, 2, 10, 12)), new Subscale("Bond", List.of(3, 5, 7, 9)),
                        new Subscale("Goal", List.of(4, 6, 8, 11))), new Scoring(Method.SUM, 1, 0.1), Concern.NONE, null, null, HIGHER_IS_BETTER,
                "Structure of the WAI-SR (Hatcher & Gillaspy 2006) [WAI1][WAI2]",
                "Original wording: copyright reportedly with the Society for Psychotherapy Research (unverified). Structure only.",
                Set.of("licence", "reliableChange", "scoring.maxMissingItems"));
    }

    /** Goals, tasks, bond x self / subgroup / whole group with the leader (after Pinsof and Catherall's systems view). */
    public static InstrumentDefinition threeLevelGroupAlliance() {
        List<Item> items = new ArrayList<>();
        String[] levels = {"self with leader", "my subgroup with leader", "whole group with leader"};
        String[] parts = {"goals", "tasks", "bond"};
        int n = 1;
        for (String level : levels) {
            for (String part : parts) {
                items.add(new Item(n++, "Agreement on " + part + ": " + level, null, ResponseType.INTEGER_SCALE, 1, 7, "Completely disagree", "Completely agree"));
            }
        }
        return new InstrumentDefinition("GROUP-ALLIANCE-3L", "Three-level group alliance form", 1, ALLIANCE, Target.MULTI_LEVEL,
                Set.of(MEMBER, LEADER, OBSERVER), items, Set.of(),
                List.of(new Subscale("Individual (self with leader)", List.of(1, 2, 3)), new Subscale("Subgroup", List.of(4, 5, 6)),
                        new Subscale("Whole group", List.of(7, 8, 9)), new Subscale("Goals", List.of(1, 4, 7)), new Subscale("Tasks", List.of(2, 5, 8)),
                        new Subscale("Bond", List.of(3, 6, 9))),
                new Scoring(Method.MEAN, 1, 0.34), Concern.NONE, null, null, HIGHER_IS_BETTER,
                "GroupAlliance's own form after Pinsof & Catherall's content x interpersonal-system dimensions [PC1][PC2]; no published group version exists",
                "GroupAlliance definition, free to use; no third-party wording.",
                Set.of("items", "scoring", "responseScale"), Set.of(4, 5, 6));
    }

    /** Member with the group as a whole: goals, tasks, bond, belonging. */
    public static InstrumentDefinition memberToGroupAlliance() {
        return new InstrumentDefinition("MEMBER-GROUP-ALLIANCE", "Member-to-group alliance form", 1, ALLIANCE, Target.MEMBER_TO_GROUP,
                Set.of(MEMBER, LEADER, OBSERVER), List.of(
                        new Item(1, "Agreement with the group on goals", null, ResponseType.INTEGER_SCALE, 1, 7, "Completely disagree", "Completely agree"),
                        new Item(2, "Agreement with the group on how to work", null, ResponseType.INTEGER_SCALE, 1, 7, "Completely disagree", "Completely agree"),
                        new Item(3, "Bond with the group", null, ResponseType.INTEGER_SCALE, 1, 7, "Completely disagree", "Completely agree"),
                        new Item(4, "Feeling part of the group", null, ResponseType.INTEGER_SCALE, 1, 7, "Completely disagree", "Completely agree")),
                Set.of(), List.of(), new Scoring(Method.MEAN, 1, 0.25), Concern.NONE, null, null, HIGHER_IS_BETTER,
                "GroupAlliance's own form for the member-to-group dimension (domain brief; Lo Coco et al. 2022 [MA2])",
                "GroupAlliance definition, free to use; no third-party wording.", Set.of("items", "scoring"));
    }

    /** 12 items 0-6; engaged, avoiding, conflict scored separately as means (GCQ-S structure, MacKenzie). */
    public static InstrumentDefinition groupClimate() {
        return new InstrumentDefinition("GROUP-CLIMATE-12", "Group climate scale (12 items: engaged, avoiding, conflict)", 1, COHESION,
                Target.MEMBER_TO_GROUP, Set.of(MEMBER, LEADER, OBSERVER), points(12, 0, 6, "Not at all", "Extremely", n -> "group climate"),
                Set.of(), List.of(new Subscale("Engaged", List.of(1, 2, 4, 8, 11)), new Subscale("Avoiding", List.of(3, 5, 9)),
                        new Subscale("Conflict", List.of(6, 7, 10, 12))),
                new Scoring(Method.MEAN, 4, 4 / 12.0), Concern.NONE, null, null, HIGHER_IS_BETTER,
                "Structure of the GCQ-S (MacKenzie) [GCQ1][GCQ2]; subscale map from item content and standard usage",
                "Form distributed freely (licence unverified). Structure and neutral labels only.",
                Set.of("subscales", "licence", "direction"));
    }

    /** 10 items 0-4, items 2 and 3 reversed, prorated sum, cut-off 11, reliable change 6 (Barkham et al. 2013). */
    public static InstrumentDefinition core10() {
        return new InstrumentDefinition("CORE-10", "CORE-10 (structure)", 1, OUTCOME, Target.MEMBER_STATE, Set.of(MEMBER),
                points(10, 0, 4, "Not at all", "Most or all the time", n -> n == 6 ? "risk" : (n == 2 || n == 3) ? "functioning (positive)" : "distress"),
                Set.of(2, 3), List.of(), new Scoring(Method.SUM, 1, 0.1), Concern.NONE, 11.0, 6.0, HIGHER_IS_WORSE,
                "Barkham et al. 2013 [CO1][CO2][CO3]; reverse items 2 and 3 per CamCOPS [CC6] (one secondary source says 3 and 4)",
                "CORE System Trust; free under a Creative Commons licence since 2015. Wording not shipped.",
                Set.of("reversedItems", "scoring.maxMissingItems"));
    }

    public static InstrumentDefinition phq9() {
        return new InstrumentDefinition("PHQ-9", "PHQ-9 (structure)", 1, OUTCOME, Target.MEMBER_STATE, Set.of(MEMBER),
                points(9, 0, 3, "Not at all", "Nearly every day", n -> "depressive symptom"), Set.of(), List.of(),
                new Scoring(Method.SUM, 0, 0), Concern.NONE, 10.0, 6.0, HIGHER_IS_WORSE,
                "Caseness 10 and reliable change 6 as used by IAPT [PH1][PH2][PH3]", "Commonly stated as free to use (unverified).",
                Set.of("licence"));
    }

    public static InstrumentDefinition gad7() {
        return new InstrumentDefinition("GAD-7", "GAD-7 (structure)", 1, OUTCOME, Target.MEMBER_STATE, Set.of(MEMBER),
                points(7, 0, 3, "Not at all", "Nearly every day", n -> "anxiety symptom"), Set.of(), List.of(),
                new Scoring(Method.SUM, 0, 0), Concern.NONE, 8.0, 4.0, HIGHER_IS_WORSE,
                "Caseness 8 (IAPT; 10 elsewhere) and reliable change 4 [PH1][PH2][PH3]", "Commonly stated as free to use (unverified).",
                Set.of("licence", "cutoff"));
    }

    /** 4 visual-analogue lines, total 0-40, adult cut-off 25, reliable change 5 (ORS structure, Miller and Duncan). */
    public static InstrumentDefinition sessionOutcome() {
        return new InstrumentDefinition("SESSION-OUTCOME-4", "Session outcome scale (4 visual-analogue lines)", 1, OUTCOME, Target.MEMBER_STATE,
                Set.of(MEMBER), vas("Individually", "Interpersonally", "Socially", "Overall"), Set.of(), List.of(),
                new Scoring(Method.SUM, 0, 0), Concern.NONE, 25.0, 5.0, HIGHER_IS_BETTER,
                "Structure of the Outcome Rating Scale (Miller & Duncan) [ORS1][ORS2][OF5]",
                "Original wording: licence needed for agencies and software. Structure and neutral labels only.", Set.of("reliableChange"));
    }

    /** 45 items 0-4; reverse items per the scoring sheet; total only (the item-to-subscale map is not public). */
    public static InstrumentDefinition oq45() {
        return new InstrumentDefinition("OQ-45-STRUCTURE", "45-item outcome questionnaire (OQ-45.2 structure)", 1, OUTCOME, Target.MEMBER_STATE,
                Set.of(MEMBER), points(45, 0, 4, "Never", "Almost always", n -> "outcome"), Set.of(1, 12, 13, 20, 21, 24, 31, 37, 43), List.of(),
                new Scoring(Method.SUM, 1, 0.05), Concern.NONE, 63.0, 14.0, HIGHER_IS_WORSE,
                "OQ-45.2 manual and scoring sheet [OQ8][OQ9]; subscales (symptom distress 25, interpersonal 11, social role 9 items) need the licensed item map",
                "Copyright; commercial licence (OQ Measures). Only usable with a licence; structure only.",
                Set.of("cutoff", "subscales", "scoring.maxMissingItems"));
    }

    private static List<Item> vas(String... labels) {
        return IntStream.range(0, labels.length)
                .mapToObj(i -> new Item(i + 1, labels[i], null, ResponseType.VISUAL_ANALOGUE, 0, 10, "Low", "High")).toList();
    }

    private static List<Item> points(int k, double min, double max, String minAnchor, String maxAnchor, java.util.function.IntFunction<String> topic) {
        return IntStream.rangeClosed(1, k)
                .mapToObj(n -> new Item(n, "Item " + n + ": " + topic.apply(n), null, ResponseType.INTEGER_SCALE, min, max, minAnchor, maxAnchor)).toList();
    }
}
