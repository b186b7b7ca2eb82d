package org.groupalliance.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * Scores a multi-item scale from one respondent's item responses.
 *
 * <p>Each response must lie in {@code [min, max]} (a value outside is rejected with the item and
 * the allowed range named, never clipped). Reverse-keyed items are recoded as
 * {@code min + max - x}. With {@code m} of {@code k} items missing the scale is scored only when
 * {@code m <= maxMissingItems} and {@code m / k <= maxMissingFraction}; then
 * <ul>
 *   <li>{@link Method#MEAN}: the mean of the answered items (identical to prorating the mean);</li>
 *   <li>{@link Method#SUM}: the prorated sum {@code k * mean(answered)}, so that a form with a
 *       missing item stays on the full scale's metric (e.g. CORE-10, GCQ-S practice).</li>
 * </ul>
 * Otherwise the score is missing ({@code NaN}). Visual-analogue items are scored the same way, with
 * their decimals kept.
 */
public final class ScaleScoring {

    /** How item values combine into a score. */
    public enum Method { SUM, MEAN }

    /** The scoring key of one scale or subscale; item indices are 0-based positions in the response array. */
    public record Scale(String name, double min, double max, List<Integer> items, List<Integer> reversed, Method method,
                        int maxMissingItems, double maxMissingFraction) {
        public Scale {
            items = List.copyOf(items);
            reversed = List.copyOf(reversed);
            if (!(min < max)) {
                throw new IllegalArgumentException("Scale " + name + ": min must be below max");
            }
            if (items.isEmpty()) {
                throw new IllegalArgumentException("Scale " + name + ": needs at least one item");
            }
            if (!items.containsAll(reversed)) {
                throw new IllegalArgumentException("Scale " + name + ": reverse-keyed items must be among its items");
            }
            if (maxMissingItems < 0 || maxMissingFraction < 0 || maxMissingFraction > 1) {
                throw new IllegalArgumentException("Scale " + name + ": missing-item limits must be non-negative (fraction at most 1)");
            }
        }

        /** A scale over all {@code k} items, none reversed, no missing item allowed. */
        public static Scale complete(String name, int k, double min, double max, Method method) {
            List<Integer> all = java.util.stream.IntStream.range(0, k).boxed().toList();
            return new Scale(name, min, max, all, List.of(), method, 0, 0);
        }
    }

    /** A score with the count of items it rests on; {@code score} is NaN when too many were missing. */
    public record Result(double score, int answered, int missing) {
        public boolean isMissing() {
            return Double.isNaN(score);
        }
    }

    private ScaleScoring() {
    }

    /**
     * @param responses item responses by position; {@code NaN} (or null in {@link #score(Scale, Double[])}) is missing
     * @throws IllegalArgumentException naming the item and the range when a response is out of range
     */
    public static Result score(Scale scale, double[] responses) {
        double sum = 0;
        int answered = 0;
        for (int item : scale.items()) {
            if (item < 0 || item >= responses.length) {
                throw new IllegalArgumentException("Scale " + scale.name() + ": item " + (item + 1) + " is not among the " + responses.length + " responses");
            }
            double x = responses[item];
            if (Double.isNaN(x)) {
                continue;
            }
            if (x < scale.min() || x > scale.max() || Double.isInfinite(x)) {
                throw new IllegalArgumentException("Item " + (item + 1) + ": " + x + " is outside the allowed range "
                        + fmt(scale.min()) + " to " + fmt(scale.max()));
            }
            sum += scale.reversed().contains(item) ? scale.min() + scale.max() - x : x;
            answered++;
        }
        int k = scale.items().size();
        int missing = k - answered;
        if (answered == 0 || missing > scale.maxMissingItems() || (double) missing / k > scale.maxMissingFraction() + 1e-12) {
            return new Result(Double.NaN, answered, missing);
        }
        double mean = sum / answered;
        return new Result(scale.method() == Method.MEAN ? mean : (missing == 0 ? sum : mean * k), answered, missing);
    }

    public static Result score(Scale scale, Double[] responses) {
        return score(scale, Arrays.stream(responses).mapToDouble(d -> d == null ? Double.NaN : d).toArray());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
