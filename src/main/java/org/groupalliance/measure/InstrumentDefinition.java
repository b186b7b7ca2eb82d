package org.groupalliance.measure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.analysis.ScaleScoring;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.Validator;

/**
 * The structure of a rating instrument: what it measures, whom it rates, who may complete it, its
 * items (neutral labels; licensed wording only where a site supplies it), keys and scoring rules.
 * Immutable; a change to an instrument is a new {@code version}, so recorded scores keep the
 * definition they were computed with. Validated on construction: a definition that could score
 * nonsense cannot exist.
 *
 * @param unverified    names of the fields whose values could not be verified from public sources
 *                      (they are editable and must be checked against the manual)
 * @param subgroupItems numbers of the items about the rater's (or target's) subgroup: they do not
 *                      apply to a member in no subgroup, whose answers to them are stored as
 *                      not applicable (not missing) and left out of every score
 */
public record InstrumentDefinition(String code, String name, int version, Construct construct, Target target, Set<Rater> raters,
                                   List<Item> items, Set<Integer> reversedItems, List<Subscale> subscales, Scoring scoring,
                                   Concern concern, Double cutoff, Double reliableChange, Direction direction, String source,
                                   String licence, Set<String> unverified, Set<Integer> subgroupItems) {

    /** What the instrument measures. */
    public enum Construct { ALLIANCE, COHESION, SESSION_FEEDBACK, OUTCOME }

    /** Whose relationship (or state) is rated. */
    public enum Target { MEMBER_TO_LEADER, SUBGROUP_TO_LEADER, WHOLE_GROUP_TO_LEADER, MEMBER_TO_GROUP, MEMBER_TO_MEMBER, MEMBER_STATE, MULTI_LEVEL }

    /** Who completes it. */
    public enum Rater { MEMBER, LEADER, OBSERVER }

    /** Whether a higher score means a better or a worse state. */
    public enum Direction { HIGHER_IS_BETTER, HIGHER_IS_WORSE }

    /** How an item is answered: integer points with anchors, or a 0-10 visual-analogue line at 0.1 resolution. */
    public enum ResponseType { INTEGER_SCALE, VISUAL_ANALOGUE }

    /** One item: its 1-based number, a neutral label, optional licensed wording, response format and range. */
    public record Item(int number, String label, String wording, ResponseType type, double min, double max, String minAnchor, String maxAnchor) {
    }

    /** A named subset of items scored on its own. */
    public record Subscale(String name, List<Integer> items) {
        public Subscale {
            items = List.copyOf(items);
        }
    }

    /**
     * Sum or mean; at most {@code maxMissingItems} and {@code maxMissingFraction} of the items may be
     * missing for a score to exist (a prorated sum or the mean of those answered); otherwise no score.
     */
    public record Scoring(ScaleScoring.Method method, int maxMissingItems, double maxMissingFraction) {
    }

    /**
     * Signals that a rating needs the leader's attention (a possible rupture): a total below
     * {@code totalBelow}, any item below {@code itemBelow}, or a drop of at least {@code dropOf}
     * from the member's previous total. Each may be null (not used).
     */
    public record Concern(Double totalBelow, Double itemBelow, Double dropOf) {
        public static final Concern NONE = new Concern(null, null, null);
    }

    /** Scores of one completed form; NaN where a score could not be computed. */
    public record Scores(double total, Map<String, Double> subscales, int missingItems) {
    }

    public InstrumentDefinition {
        raters = Set.copyOf(raters);
        items = List.copyOf(items);
        reversedItems = Set.copyOf(reversedItems);
        subscales = List.copyOf(subscales);
        unverified = Set.copyOf(unverified);
        subgroupItems = subgroupItems == null ? Set.of() : Set.copyOf(subgroupItems);
        concern = concern == null ? Concern.NONE : concern;
        validate(code, name, version, construct, target, raters, items, reversedItems, subscales, scoring, source, licence);
        for (int n : subgroupItems) {
            if (n < 1 || n > items.size()) {
                throw ValidationException.of("subgroupItems", "Subgroup item " + n + " does not exist");
            }
        }
    }

    /** A definition without subgroup items. */
    public InstrumentDefinition(String code, String name, int version, Construct construct, Target target, Set<Rater> raters,
                                List<Item> items, Set<Integer> reversedItems, List<Subscale> subscales, Scoring scoring,
                                Concern concern, Double cutoff, Double reliableChange, Direction direction, String source,
                                String licence, Set<String> unverified) {
        this(code, name, version, construct, target, raters, items, reversedItems, subscales, scoring, concern, cutoff, reliableChange,
                direction, source, licence, unverified, Set.of());
    }

    /** The word for this instrument's score on screen: "mean" for a mean-scored instrument, "total" for a sum. */
    public String scoreWord() {
        return scoring.method() == ScaleScoring.Method.MEAN ? "mean" : "total";
    }

    private static void validate(String code, String name, int version, Construct construct, Target target, Set<Rater> raters,
                                 List<Item> items, Set<Integer> reversed, List<Subscale> subscales, Scoring scoring, String source,
                                 String licence) {
        Validator v = new Validator()
                .check(code != null && code.matches("[A-Z0-9][A-Z0-9_-]{1,39}"), "code", "Code: 2-40 upper-case letters, digits, '_' or '-'")
                .check(name != null && !name.isBlank(), "name", "Name is required")
                .check(version >= 1, "version", "Version starts at 1")
                .check(construct != null, "construct", "Choose the construct")
                .check(target != null, "target", "Choose what is rated")
                .check(!raters.isEmpty(), "raters", "At least one rater (member, leader, observer)")
                .check(!items.isEmpty(), "items", "An instrument needs at least one item")
                .check(scoring != null, "scoring", "Scoring is required")
                .check(source != null && !source.isBlank(), "source", "State the source of the definition")
                .check(licence != null && !licence.isBlank(), "licence", "State the licence status (or 'unknown')");
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            v.check(it.number() == i + 1, "items", "Items must be numbered 1.." + items.size() + " in order (item " + (i + 1) + " has number " + it.number() + ")");
            v.check(it.label() != null && !it.label().isBlank(), "items", "Item " + (i + 1) + " needs a label");
            v.check(it.type() != null && it.min() < it.max(), "items", "Item " + (i + 1) + ": the range must have min below max");
            v.check(it.type() != ResponseType.VISUAL_ANALOGUE || (it.min() == 0 && it.max() == 10), "items",
                    "Item " + (i + 1) + ": a visual-analogue item ranges 0 to 10");
            numbers.add(it.number());
        }
        for (int r : reversed) {
            v.check(numbers.contains(r), "reversedItems", "Reverse-keyed item " + r + " does not exist");
        }
        Set<String> names = new HashSet<>();
        for (Subscale s : subscales) {
            v.check(s.name() != null && !s.name().isBlank() && names.add(s.name()), "subscales", "Subscale names must be present and unique");
            v.check(!s.items().isEmpty(), "subscales", "Subscale " + s.name() + " has no items");
            for (int n : s.items()) {
                v.check(numbers.contains(n), "subscales", "Subscale " + s.name() + " names item " + n + ", which does not exist");
            }
        }
        if (scoring != null) {
            v.check(scoring.maxMissingItems() >= 0 && scoring.maxMissingFraction() >= 0 && scoring.maxMissingFraction() <= 1, "scoring",
                    "Missing-item limits must be non-negative (fraction at most 1)");
        }
        if (!items.isEmpty()) {
            double min = items.get(0).min();
            double max = items.get(0).max();
            v.check(reversed.isEmpty() || items.stream().allMatch(i -> i.min() == min && i.max() == max), "reversedItems",
                    "Reverse keying needs all items on the same range");
        }
        v.throwIfInvalid();
    }

    /** A stable identity across versions: code and version, e.g. {@code GCQ-S v1}. */
    public String key() {
        return code + " v" + version;
    }

    /**
     * Scores one completed form with {@link ScaleScoring}: the total over all items and each
     * subscale, with reverse keys and the missing-item rule applied.
     *
     * @param responses by item number - 1; NaN is missing
     * @throws ValidationException naming the item and its range when a response is out of range
     */
    public Scores score(double[] responses) {
        return score(responses, Set.of());
    }

    /**
     * Scores a form of which the items in {@code notApplicable} do not apply (e.g. subgroup items for
     * a member in no subgroup): they must be empty, they are left out of every scale (a subscale made
     * only of them has no score), and they do not count as missing. They are not prorated: a SUM-scored
     * scale is then a sum over fewer items, on a shorter range than a complete form's (why instruments with
     * such items are MEAN-scored; docs/instrument-format.md).
     *
     * @throws ValidationException when a not-applicable item has an answer
     */
    public Scores score(double[] responses, Set<Integer> notApplicable) {
        if (responses.length != items.size()) {
            throw ValidationException.of("responses", "Expected " + items.size() + " responses, got " + responses.length);
        }
        for (Item it : items) {
            double x = responses[it.number() - 1];
            if (!Double.isNaN(x) && (x < it.min() || x > it.max())) {
                throw ValidationException.of("item" + it.number(), "Item " + it.number() + " (" + it.label() + "): " + format(x)
                        + " is outside the allowed range " + format(it.min()) + " to " + format(it.max()));
            }
            if (!Double.isNaN(x) && it.type() == ResponseType.VISUAL_ANALOGUE && Math.abs(x * 10 - Math.rint(x * 10)) > 1e-9) {
                throw ValidationException.of("item" + it.number(), "Item " + it.number() + " (" + it.label() + "): use one decimal at most");
            }
            if (!Double.isNaN(x) && it.type() == ResponseType.INTEGER_SCALE && x != Math.rint(x)) {
                throw ValidationException.of("item" + it.number(), "Item " + it.number() + " (" + it.label() + "): whole points only");
            }
        }
        for (int n : notApplicable) {
            if (!Double.isNaN(responses[n - 1])) {
                throw ValidationException.of("item" + n, "Item " + n + " (" + items.get(n - 1).label() + ") does not apply here: leave it empty");
            }
        }
        double total = scoreOf("total", items.stream().map(Item::number).toList(), responses, notApplicable);
        Map<String, Double> sub = new LinkedHashMap<>();
        for (Subscale s : subscales) {
            sub.put(s.name(), scoreOf(s.name(), s.items(), responses, notApplicable));
        }
        int missing = 0;
        for (int i = 0; i < responses.length; i++) {
            if (Double.isNaN(responses[i]) && !notApplicable.contains(i + 1)) {
                missing++;
            }
        }
        return new Scores(total, sub, missing);
    }

    /**
     * Whether a rating signals concern under {@link #concern()}: total below the threshold, any item
     * below the item threshold, or a drop from {@code previousTotal} (NaN when there is none).
     */
    public List<String> concerns(double[] responses, double previousTotal) {
        List<String> reasons = new ArrayList<>();
        Scores s = score(responses);
        if (concern.totalBelow() != null && !Double.isNaN(s.total()) && s.total() < concern.totalBelow()) {
            reasons.add("total " + format(s.total()) + " is below " + format(concern.totalBelow()));
        }
        if (concern.itemBelow() != null) {
            for (Item it : items) {
                double x = responses[it.number() - 1];
                if (!Double.isNaN(x) && x < concern.itemBelow()) {
                    reasons.add("item " + it.number() + " (" + it.label() + ") " + format(x) + " is below " + format(concern.itemBelow()));
                }
            }
        }
        if (concern.dropOf() != null && !Double.isNaN(previousTotal) && !Double.isNaN(s.total())
                && previousTotal - s.total() >= concern.dropOf() - 1e-9) {
            reasons.add("total dropped by " + format(previousTotal - s.total()) + " since the previous rating");
        }
        return reasons;
    }

    /**
     * A plain sum of complete responses (whole points, or visual-analogue marks to one decimal) is an
     * exact decimal; doubles add binary noise (7.3 + 8.2 + 8.6 + 8.8 = 32.900000000000006), which
     * rounding to 10 decimal places removes. Means and prorated sums are kept in full precision.
     */
    private double clean(ScaleScoring.Result r) {
        double v = r.score();
        boolean plainSum = scoring.method() == ScaleScoring.Method.SUM && r.missing() == 0;
        return Double.isNaN(v) || !plainSum ? v : Math.round(v * 1e10) / 1e10;
    }

    private double scoreOf(String scaleName, List<Integer> itemNumbers, double[] responses, Set<Integer> notApplicable) {
        List<Integer> applicable = itemNumbers.stream().filter(n -> !notApplicable.contains(n)).toList();
        return applicable.isEmpty() ? Double.NaN : clean(ScaleScoring.score(scale(scaleName, applicable), responses));
    }

    private ScaleScoring.Scale scale(String scaleName, List<Integer> itemNumbers) {
        List<Integer> idx = itemNumbers.stream().map(n -> n - 1).toList();
        List<Integer> rev = itemNumbers.stream().filter(reversedItems::contains).map(n -> n - 1).toList();
        double min = items.get(itemNumbers.get(0) - 1).min();
        double max = items.get(itemNumbers.get(0) - 1).max();
        return new ScaleScoring.Scale(scaleName, min, max, idx, rev, scoring.method(), scoring.maxMissingItems(), scoring.maxMissingFraction());
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(Math.round(v * 1000) / 1000.0);
    }
}
