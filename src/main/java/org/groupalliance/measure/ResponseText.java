package org.groupalliance.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact text form in which item responses and subscale scores are stored: responses as
 * "9.5,,8" (empty = missing, whole numbers without ".0"), subscales as "Name=3.2;Other=" (empty =
 * not scorable). Decoding returns exactly the doubles that were encoded.
 */
public final class ResponseText {

    private ResponseText() {
    }

    public static String responses(List<Double> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            double v = values.get(i);
            if (!Double.isNaN(v)) {
                sb.append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
            }
        }
        return sb.toString();
    }

    public static List<Double> parseResponses(String text) {
        List<Double> responses = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            responses.add(part.isEmpty() ? Double.NaN : Double.parseDouble(part));
        }
        return responses;
    }

    /** @return null for no subscales */
    public static String subscales(Map<String, Double> s) {
        if (s.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        s.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k.replace(";", ",").replace("=", "-")).append('=')
                .append(Double.isNaN(v) ? "" : Double.toString(v)));
        return sb.toString();
    }

    public static Map<String, Double> parseSubscales(String text) {
        Map<String, Double> subscales = new LinkedHashMap<>();
        if (text != null) {
            for (String part : text.split(";")) {
                int eq = part.lastIndexOf('=');
                String v = part.substring(eq + 1);
                subscales.put(part.substring(0, eq), v.isEmpty() ? Double.NaN : Double.parseDouble(v));
            }
        }
        return subscales;
    }

    /** Null for a score that could not be computed (stored as SQL NULL). */
    public static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
