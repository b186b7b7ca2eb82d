package org.groupalliance.analysis.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model formula in R's notation: {@code y ~ a + b + a:b}, {@code y ~ a * b} (= a + b + a:b),
 * {@code 0 +} or {@code - 1} to drop the intercept, and for mixed models random-effect terms
 * {@code (1 | g)}, {@code (1 + t | g)}, {@code (t | g)} (the intercept is implied, as in lme4),
 * {@code (1 | g1/g2)} (= {@code (1 | g1) + (1 | g2:g1)}, named as lme4 names them). Variable names
 * may contain letters, digits, {@code .} and {@code _} (e.g. {@code G.HRS}).
 *
 * <p>Fixed terms are ordered as R orders them: by degree (main effects before two-way
 * interactions), then in order of appearance.
 */
public record Formula(String response, boolean intercept, List<Term> fixed, List<RandomTerm> random) {

    /** A product of variables ({@code a:b}); a main effect has one variable. */
    public record Term(List<String> variables) {
        public Term {
            variables = List.copyOf(variables);
        }

        public String label() {
            return String.join(":", variables);
        }
    }

    /** {@code (terms | group)}: correlated random effects of the terms within levels of {@code group}. */
    public record RandomTerm(boolean intercept, List<Term> terms, List<String> groupFactors) {
        public RandomTerm {
            terms = List.copyOf(terms);
            groupFactors = List.copyOf(groupFactors);
        }

        /** The grouping factor's name as lme4 prints it, e.g. {@code member_id:group_id}. */
        public String groupName() {
            return String.join(":", groupFactors);
        }
    }

    public Formula {
        fixed = List.copyOf(fixed);
        random = List.copyOf(random);
    }

    /** Every variable the formula uses (response, fixed, random slopes and grouping factors). */
    public Set<String> variables() {
        Set<String> v = new LinkedHashSet<>();
        v.add(response);
        fixed.forEach(t -> v.addAll(t.variables()));
        random.forEach(r -> {
            r.terms().forEach(t -> v.addAll(t.variables()));
            v.addAll(r.groupFactors());
        });
        return v;
    }

    public Set<String> groupingFactors() {
        Set<String> v = new LinkedHashSet<>();
        random.forEach(r -> v.addAll(r.groupFactors()));
        return v;
    }

    /** @throws IllegalArgumentException with the reason when the text is not a formula we can fit */
    public static Formula parse(String text) {
        int tilde = text.indexOf('~');
        if (tilde < 0) {
            throw new IllegalArgumentException("formula '" + text + "' has no '~'");
        }
        String response = text.substring(0, tilde).trim();
        checkName(response, text);
        String rhs = text.substring(tilde + 1);
        List<String> parts = splitTopLevel(rhs, text);
        boolean intercept = true;
        List<Term> fixed = new ArrayList<>();
        List<RandomTerm> random = new ArrayList<>();
        for (String raw : parts) {
            String p = raw.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("formula '" + text + "': empty term");
            }
            if (p.startsWith("-")) {
                p = "-" + p.substring(1).trim();
            }
            if (p.equals("1")) {
                continue;
            }
            if (p.equals("0") || p.equals("-1")) {
                intercept = false;
                continue;
            }
            if (p.startsWith("(")) {
                if (!p.endsWith(")")) {
                    throw new IllegalArgumentException("formula '" + text + "': unbalanced parentheses in '" + p + "'");
                }
                random.addAll(parseRandom(p.substring(1, p.length() - 1), text));
                continue;
            }
            fixed.addAll(expand(p, text));
        }
        return new Formula(response, intercept, order(fixed), random);
    }

    private static List<RandomTerm> parseRandom(String inner, String text) {
        int bar = inner.indexOf('|');
        if (bar < 0 || inner.indexOf('|', bar + 1) >= 0) {
            throw new IllegalArgumentException("formula '" + text + "': random term '(" + inner + ")' needs exactly one '|'");
        }
        String lhs = inner.substring(0, bar);
        String groups = inner.substring(bar + 1).trim();
        boolean intercept = true;
        List<Term> terms = new ArrayList<>();
        for (String raw : lhs.split("\\+")) {
            String p = raw.trim();
            if (p.equals("1")) {
                continue;
            }
            if (p.equals("0") || p.equals("-1")) {
                intercept = false;
                continue;
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("formula '" + text + "': empty term in '(" + inner + ")'");
            }
            terms.addAll(expand(p, text));
        }
        List<String> nest = new ArrayList<>();
        for (String g : groups.split("/")) {
            String name = g.trim();
            if (name.contains(":")) {
                throw new IllegalArgumentException("formula '" + text + "': write nested grouping as g1/g2, not with ':'");
            }
            checkName(name, text);
            nest.add(name);
        }
        // (x | a/b) = (x | a) + (x | b:a), named as lme4 does
        List<RandomTerm> out = new ArrayList<>();
        for (int level = 0; level < nest.size(); level++) {
            List<String> factors = new ArrayList<>();
            for (int j = level; j >= 0; j--) {
                factors.add(nest.get(j));
            }
            out.add(new RandomTerm(intercept, order(terms), factors));
        }
        // lme4 lists the innermost (most levels) first
        java.util.Collections.reverse(out);
        return out;
    }

    private static List<Term> expand(String p, String text) {
        if (p.contains("*")) {
            String[] factors = p.split("\\*");
            List<List<String>> subsets = new ArrayList<>();
            int m = factors.length;
            for (int mask = 1; mask < (1 << m); mask++) {
                List<String> vars = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    if ((mask & (1 << i)) != 0) {
                        String name = factors[i].trim();
                        checkName(name, text);
                        vars.add(name);
                    }
                }
                subsets.add(vars);
            }
            return subsets.stream().map(Term::new).toList();
        }
        List<String> vars = new ArrayList<>();
        for (String v : p.split(":")) {
            String name = v.trim();
            checkName(name, text);
            vars.add(name);
        }
        return List.of(new Term(vars));
    }

    private static List<Term> order(List<Term> terms) {
        List<Term> unique = new ArrayList<>();
        Set<Set<String>> seen = new java.util.HashSet<>();
        for (Term t : terms) {
            if (seen.add(new java.util.HashSet<>(t.variables()))) {
                unique.add(t);
            }
        }
        unique.sort(java.util.Comparator.comparingInt(t -> t.variables().size()));
        return unique;
    }

    private static List<String> splitTopLevel(String rhs, String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < rhs.length(); i++) {
            char ch = rhs.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("formula '" + text + "': unbalanced parentheses");
                }
            }
            if (depth == 0 && (ch == '+' || ch == '-')) {
                if (ch == '-') {
                    // only "- 1" is supported: removing the intercept
                    String rest = rhs.substring(i + 1).trim();
                    if (!rest.startsWith("1")) {
                        throw new IllegalArgumentException("formula '" + text + "': '-' is only supported as '- 1'");
                    }
                    parts.add(cur.toString());
                    cur = new StringBuilder("-");
                    continue;
                }
                parts.add(cur.toString());
                cur = new StringBuilder();
                continue;
            }
            cur.append(ch);
        }
        if (depth != 0) {
            throw new IllegalArgumentException("formula '" + text + "': unbalanced parentheses");
        }
        parts.add(cur.toString());
        parts.removeIf(s -> s.isBlank() && parts.size() > 1 && s.isEmpty());
        return parts.stream().filter(s -> !s.isBlank() || parts.size() == 1).toList();
    }

    private static void checkName(String name, String text) {
        if (!name.matches("[A-Za-z.][A-Za-z0-9._]*") || name.matches("\\.[0-9].*")) {
            throw new IllegalArgumentException("formula '" + text + "': '" + name + "' is not a column name (letters, digits, '.' and '_')");
        }
    }
}
