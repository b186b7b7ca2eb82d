package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.groupalliance.analysis.model.ModelMatrix;

/**
 * Kenward–Roger small-sample inference for the fixed effects of a REML-fitted linear mixed model,
 * reproducing pbkrtest 0.5 ({@code vcovAdj}, {@code Lb_ddf}) as called by
 * {@code lmerTest::summary(fit, ddf = "Kenward-Roger")}.
 *
 * <p><b>Parametrisation</b> (as pbkrtest's {@code get_SigmaG}): the marginal covariance of y is
 * {@code Σ = Σ_k σ_k G_k + σ² I}, where the σ_k are the elements of the lower triangle (column
 * by column) of each random term's covariance matrix Ψ_t (variances and covariances, in the data's
 * units: R's {@code VarCorr}), followed by the residual variance σ² with {@code G = I}. For the
 * (a, b) element of term t, {@code G_k = Z_t (I_levels ⊗ E_ab) Z_t'} with {@code E_ab = e_a e_b' + e_b e_a'}
 * for a ≠ b and {@code e_a e_a'} for a = b.
 *
 * <p><b>Adjusted covariance</b> (Kenward & Roger 1997, Biometrics 53:983; Halekoh & Højsgaard 2014,
 * J Stat Softw 59(9)): with {@code Φ = (X'Σ⁻¹X)⁻¹},
 * {@code P_i = -X'Σ⁻¹G_iΣ⁻¹X}, {@code Q_ij = X'Σ⁻¹G_iΣ⁻¹G_jΣ⁻¹X},
 * {@code I_ij = tr(Σ⁻¹G_iΣ⁻¹G_j) - 2 tr(ΦQ_ij) + tr(ΦP_iΦP_j)} (twice the expected REML information)
 * and {@code W = 2 I⁻¹} (a generalised inverse when I is near singular, as pbkrtest),
 * <pre>
 *   Λ = Φ [ Σ_ij W_ij (Q_ij - P_i Φ P_j) ] Φ,     Φ_A = Φ + 2 Λ
 * </pre>
 * (Σ is linear in σ_k, so the second-derivative term R_ij vanishes). Standard errors and t use Φ_A.
 *
 * <p><b>Denominator df</b> for a hypothesis Lβ = 0 with q = rank(L) rows: with
 * {@code Θ = L'(LΦL')⁻¹L}, {@code A1 = Σ_ij W_ij tr(ΘΦP_iΦ) tr(ΘΦP_jΦ)},
 * {@code A2 = Σ_ij W_ij tr(ΘΦP_iΦΘΦP_jΦ)}, {@code B = (A1 + 6A2)/(2q)},
 * {@code g = ((q+1)A1 - (q+4)A2)/((q+2)A2)}, {@code c1 = g/(3q+2(1-g))}, {@code c2 = (q-g)/(3q+2(1-g))},
 * {@code c3 = (q+2-g)/(3q+2(1-g))}, {@code ρ = ((1 - A2/q)/(1 - c2 B))² (1 + c1 B) / (q (1 - c3 B))},
 * {@code df = 4 + (q+2)/(qρ - 1)}. For one coefficient (L = e_j) this reduces to {@code df = 2/A2}.
 *
 * <p><b>Computation.</b> pbkrtest forms the dense n × n matrices Σ⁻¹ and G_kΣ⁻¹ (O(n²) memory,
 * O(n³) time). Here Σ is block diagonal over independent blocks (the levels of the outermost
 * grouping factor, in general the connected components of the grouping levels), and within a block
 * with design {@code A = [X | Z]} (D = p + K columns), Woodbury's identity
 * {@code Σ⁻¹ = σ⁻²(I - A N A')}, {@code N = diag(0, F M⁻¹ F')/σ²}, {@code M = I + F'Z'ZF/σ²}, {@code Ψ = FF'},
 * gives {@code Σ⁻¹A = AW} with {@code W = σ⁻²(I - NA'A)}, hence {@code A'Σ⁻ᵏA = (A'A)Wᵏ} and
 * {@code tr(Σ⁻²) = σ⁻⁴(n_b - 2 tr(NA'A) + tr((NA'A)²))}: every quantity above follows from the
 * block's Gram matrix A'A, accumulated in one pass over the rows. Memory is O(D²) for the largest
 * block and time O(Σ_b D_b³), whatever the number of rows; a block with more than
 * {@value #MAX_BLOCK_COLUMNS} columns (random effects of the block plus fixed effects) is refused.
 */
public final class KenwardRoger {

    /**
     * The largest independent block handled: its random effects plus the fixed effects. About six
     * dense D × D matrices of doubles are live per block, i.e. ≈ 190 MB at this limit.
     */
    public static final int MAX_BLOCK_COLUMNS = 2_000;

    /**
     * A fixed effect with the Kenward–Roger adjusted standard error, t, df, two-sided p and the
     * confidence interval {@code estimate ± t_{(1+level)/2, df} · se} (NaN where undefined), computed
     * by {@link FixedEffectInference#inference} as for Satterthwaite.
     */
    public record Coefficient(String term, double estimate, double se, double df, double t, double p, double ciLower, double ciUpper) {
    }

    /**
     * The result: per-coefficient inference, the unadjusted covariance Φ of β̂, the adjusted Φ_A,
     * and what {@link #ddf(double[][])} needs for tests of several coefficients.
     */
    public static final class Result {
        private final List<Coefficient> coefficients;
        private final double[][] phi;
        private final double[][] phiAdjusted;
        private final double[][][] pMatrices;
        private final double[][] w;
        private final List<String> warnings;

        private Result(List<Coefficient> coefficients, double[][] phi, double[][] phiAdjusted, double[][][] pMatrices, double[][] w,
                       List<String> warnings) {
            this.coefficients = List.copyOf(coefficients);
            this.warnings = List.copyOf(warnings);
            this.phi = phi;
            this.phiAdjusted = phiAdjusted;
            this.pMatrices = pMatrices;
            this.w = w;
        }

        public List<Coefficient> coefficients() {
            return coefficients;
        }

        /** Why a quantity is NaN (a non-positive adjusted variance or df), one sentence each. */
        public List<String> warnings() {
            return warnings;
        }

        /** Φ = (X'Σ⁻¹X)⁻¹, R's {@code vcov(fit)}. */
        public double[][] vcovUnadjusted() {
            return copy(phi);
        }

        /** Φ_A, pbkrtest's {@code vcovAdj(fit)}. */
        public double[][] vcovAdjusted() {
            return copy(phiAdjusted);
        }

        /** Kenward–Roger denominator df for the hypothesis Lβ = 0 (L has full row rank), pbkrtest's {@code Lb_ddf}. */
        public double ddf(double[][] l) {
            return lbDdf(l, phi, pMatrices, w);
        }
    }

    private KenwardRoger() {
    }

    /**
     * Kenward–Roger inference for a REML fit of {@code formula} to {@code data} by
     * {@link MixedModel#fit}. The variance parameters are taken from the fit's variance components
     * and σ, the estimates from its fixed effects; the design is rebuilt from the same complete rows.
     * Confidence intervals at 95 %.
     *
     * @throws IllegalArgumentException for an ML fit (Kenward–Roger is defined for REML, as in
     *         lmerTest), or when an independent block exceeds {@link #MAX_BLOCK_COLUMNS}
     */
    public static Result adjust(Formula formula, DataTable data, MixedModel.Result fit) {
        return adjust(formula, data, fit, 0.95);
    }

    /** As {@link #adjust(Formula, DataTable, MixedModel.Result)} with confidence intervals at {@code level} (0 &lt; level &lt; 1). */
    public static Result adjust(Formula formula, DataTable data, MixedModel.Result fit, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the confidence level must lie strictly between 0 and 1, got " + level);
        }
        if (fit.estimation() != MixedModel.Estimation.REML) {
            throw new IllegalArgumentException("Kenward-Roger inference needs a REML fit (as in lmerTest and pbkrtest), not ML");
        }
        int[] keep = ModelMatrix.completeRows(data, formula.variables());
        if (keep.length != fit.nObs()) {
            throw new IllegalArgumentException("the fit has " + fit.nObs() + " rows but the data give " + keep.length + " complete rows");
        }
        Map<String, Double> estimates = new LinkedHashMap<>();
        fit.fixedEffects().forEach(fe -> estimates.put(fe.term(), fe.estimate()));
        return adjust(formula, data, fit.varianceComponents(), fit.sigma(), estimates, level);
    }

    /**
     * Kenward–Roger inference at given variance parameters (R's {@code VarCorr} rows and σ) and
     * fixed-effect estimates by term (the design's column names); coefficients come in the design's order.
     */
    static Result adjust(Formula formula, DataTable data, List<MixedModel.VarianceComponent> varianceComponents, double sigma,
                         Map<String, Double> estimates, double level) {
        int[] keep = ModelMatrix.completeRows(data, formula.variables());
        Formula fixedOnly = new Formula(formula.response(), formula.intercept(), formula.fixed(), List.of());
        ModelMatrix.Design design = ModelMatrix.build(fixedOnly, data, keep);
        List<String> names = design.names();
        if (!estimates.keySet().equals(new java.util.HashSet<>(names))) {
            throw new IllegalArgumentException("the fixed effects " + estimates.keySet() + " do not match the design " + names);
        }
        double[] beta = names.stream().mapToDouble(estimates::get).toArray();
        List<RandomTermDesign> terms = new ArrayList<>();
        for (Formula.RandomTerm rt : formula.random()) {
            terms.add(RandomTermDesign.of(rt, data, keep));
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("Kenward-Roger needs a mixed model with at least one random-effect term");
        }
        List<double[][]> psi = new ArrayList<>();
        for (RandomTermDesign t : terms) {
            psi.add(covariance(t, varianceComponents));
        }
        Inputs in = new Inputs(design.columns(), terms, psi, sigma * sigma);
        return compute(in, names, beta, level);
    }

    /** Ψ_t from the fit's variance components (as R's VarCorr), by the term's effect names. */
    private static double[][] covariance(RandomTermDesign t, List<MixedModel.VarianceComponent> vcs) {
        int q = t.q();
        double[][] psi = new double[q][q];
        boolean[][] seen = new boolean[q][q];
        for (MixedModel.VarianceComponent vc : vcs) {
            if (!vc.group().equals(t.group())) {
                continue;
            }
            int a = t.names().indexOf(vc.var1());
            int b = vc.var2() == null ? a : t.names().indexOf(vc.var2());
            if (a < 0 || b < 0) {
                throw new IllegalArgumentException("variance component " + vc.group() + " " + vc.var1() + " " + vc.var2() + " is not in the formula");
            }
            psi[a][b] = psi[b][a] = vc.vcov();
            seen[a][b] = seen[b][a] = true;
        }
        for (int a = 0; a < q; a++) {
            for (int b = 0; b <= a; b++) {
                if (!seen[a][b]) {
                    throw new IllegalArgumentException("the fit has no variance component for " + t.group() + " " + t.names().get(a)
                            + (a == b ? "" : " " + t.names().get(b)));
                }
            }
        }
        return psi;
    }

    /** The model in pbkrtest's terms: X (columns), the random terms with their Ψ_t, and σ². */
    record Inputs(double[][] x, List<RandomTermDesign> terms, List<double[][]> psi, double sigma2) {
    }

    /** One variance parameter σ_k: element (a, b), a ≥ b, of term t's Ψ; t = -1 for the residual. */
    private record Parameter(int term, int a, int b) {
    }

    // ---- the algorithm ---------------------------------------------------------------------------

    static Result compute(Inputs in, List<String> names, double[] beta, double level) {
        int p = in.x().length;
        int n = in.x()[0].length;
        List<RandomTermDesign> terms = in.terms();
        List<Parameter> params = new ArrayList<>();
        for (int t = 0; t < terms.size(); t++) {
            int q = terms.get(t).q();
            for (int b = 0; b < q; b++) {
                for (int a = b; a < q; a++) {
                    params.add(new Parameter(t, a, b));
                }
            }
        }
        params.add(new Parameter(-1, 0, 0));
        int g = params.size();
        int nr = g - 1; // random-effect parameters
        double sigma2 = in.sigma2();

        // per term: factor F_t with Ψ_t = F_t F_t' (eigen decomposition: Ψ may be singular on the boundary)
        List<double[][]> factors = new ArrayList<>();
        for (double[][] psi : in.psi()) {
            factors.add(factor(psi));
        }

        Blocks blocks = Blocks.of(terms, n);
        // accumulated over blocks
        double[][] xsx = new double[p][p];
        double[][][] pm = new double[g][p][p];
        double[][][] qm = new double[g * g][][];
        for (int i = 0; i < g; i++) {
            for (int j = i; j < g; j++) {
                qm[i * g + j] = new double[p][p];
            }
        }
        double[][] ktrace = new double[g][g];

        int[] colBase = new int[terms.size()];
        for (int bi = 0; bi < blocks.count(); bi++) {
            int[] rows = blocks.rows(bi);
            int nb = rows.length;
            // columns of the block: X, then per term its levels in the block, q_t columns each
            int k = 0;
            int[][] levelsInBlock = new int[terms.size()][];
            for (int t = 0; t < terms.size(); t++) {
                levelsInBlock[t] = blocks.levels(bi, t);
                colBase[t] = k;
                k += levelsInBlock[t].length * terms.get(t).q();
            }
            int d = p + k;
            if (d > MAX_BLOCK_COLUMNS) {
                throw new IllegalArgumentException("Kenward-Roger: an independent block of the data (" + blocks.describe(bi, terms) + ") has "
                        + k + " random effects + " + p + " fixed effects = " + d + " columns; the limit is " + MAX_BLOCK_COLUMNS
                        + " (dense " + d + " x " + d + " matrices in memory); use Satterthwaite df");
            }
            // local column of (term t, level) within the Z part
            Map<Long, Integer> local = new HashMap<>();
            for (int t = 0; t < terms.size(); t++) {
                for (int li = 0; li < levelsInBlock[t].length; li++) {
                    local.put(key(t, levelsInBlock[t][li]), colBase[t] + li * terms.get(t).q());
                }
            }
            // Gram matrix A'A of A = [X | Z] over the block's rows (Z sparse: Σ q_t non-zeros per row)
            double[][] gram = new double[d][d];
            int nz = p;
            for (RandomTermDesign t : terms) {
                nz += t.q();
            }
            int[] idx = new int[nz];
            double[] val = new double[nz];
            for (int r : rows) {
                int c = 0;
                for (int j = 0; j < p; j++) {
                    idx[c] = j;
                    val[c++] = in.x()[j][r];
                }
                for (int t = 0; t < terms.size(); t++) {
                    RandomTermDesign term = terms.get(t);
                    int base = p + local.get(key(t, term.level()[r]));
                    for (int a = 0; a < term.q(); a++) {
                        idx[c] = base + a;
                        val[c++] = term.z()[a][r];
                    }
                }
                for (int u = 0; u < nz; u++) {
                    double vu = val[u];
                    if (vu == 0) {
                        continue;
                    }
                    double[] row = gram[idx[u]];
                    for (int v = 0; v < nz; v++) {
                        row[idx[v]] += vu * val[v];
                    }
                }
            }
            // F/σ for the block (block diagonal, K x K) and M = I + F'Z'ZF/σ²
            double[][] fs = new double[k][k];
            double sigma = Math.sqrt(sigma2);
            for (int t = 0; t < terms.size(); t++) {
                int q = terms.get(t).q();
                double[][] f = factors.get(t);
                for (int li = 0; li < levelsInBlock[t].length; li++) {
                    int base = colBase[t] + li * q;
                    for (int a = 0; a < q; a++) {
                        for (int b = 0; b < q; b++) {
                            fs[base + a][base + b] = f[a][b] / sigma;
                        }
                    }
                }
            }
            double[][] gzz = new double[k][k];
            for (int a = 0; a < k; a++) {
                System.arraycopy(gram[p + a], p, gzz[a], 0, k);
            }
            double[][] m = multiply(transpose(fs), multiply(gzz, fs));
            for (int a = 0; a < k; a++) {
                m[a][a] += 1;
            }
            symmetrise(m);
            double[][] lm = Dense.cholesky(m);
            if (lm == null) {
                throw new ArithmeticException("Kenward-Roger: I + F'Z'ZF/σ² is not positive definite");
            }
            double[][] nzz = multiply(fs, multiply(Dense.inverseFromCholesky(lm), transpose(fs)));
            // NG (D x D): rows of the Z part only
            double[][] ng = new double[d][d];
            for (int a = 0; a < k; a++) {
                double[] out = ng[p + a];
                for (int c = 0; c < k; c++) {
                    double v = nzz[a][c];
                    if (v == 0) {
                        continue;
                    }
                    double[] gr = gram[p + c];
                    for (int j = 0; j < d; j++) {
                        out[j] += v * gr[j];
                    }
                }
            }
            double[][] w = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int c = 0; c < d; c++) {
                    w[a][c] = ((a == c ? 1 : 0) - ng[a][c]) / sigma2;
                }
            }
            double[][] gw = multiply(gram, w); // A'Σ⁻¹A
            double[][] gw2 = multiply(gw, w); // A'Σ⁻²A
            symmetrise(gw);
            symmetrise(gw2);
            // X'Σ⁻³X = (A'Σ⁻²A W)_XX
            double[][] x3 = new double[p][p];
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < p; c++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += gw2[a][j] * w[j][c];
                    }
                    x3[a][c] = s;
                }
            }
            symmetrise(x3);
            double trNg = 0;
            double trNg2 = 0;
            for (int a = p; a < d; a++) {
                trNg += ng[a][a];
                for (int c = p; c < d; c++) {
                    trNg2 += ng[a][c] * ng[c][a];
                }
            }
            double trS2 = (nb - 2 * trNg + trNg2) / (sigma2 * sigma2);

            // blocks of the products: B = Z'Σ⁻¹X, C = Z'Σ⁻¹Z, B2 = Z'Σ⁻²X, C2 = Z'Σ⁻²Z
            double[][] bm = sub(gw, p, 0, k, p);
            double[][] cm = sub(gw, p, p, k, k);
            double[][] b2 = sub(gw2, p, 0, k, p);
            double[][] c2 = sub(gw2, p, p, k, k);
            addTo(xsx, sub(gw, 0, 0, p, p), 1);

            // E_r of each random parameter in this block as (row, column) pairs of ones
            int[][][] pairs = new int[nr][][];
            for (int r = 0; r < nr; r++) {
                Parameter par = params.get(r);
                int q = terms.get(par.term()).q();
                int levels = levelsInBlock[par.term()].length;
                int per = par.a() == par.b() ? 1 : 2;
                int[][] e = new int[levels * per][];
                for (int li = 0; li < levels; li++) {
                    int base = colBase[par.term()] + li * q;
                    e[li * per] = new int[] {base + par.a(), base + par.b()};
                    if (per == 2) {
                        e[li * per + 1] = new int[] {base + par.b(), base + par.a()};
                    }
                }
                pairs[r] = e;
            }
            // P_r = -B'E_rB, P_res = -X'Σ⁻²X
            for (int r = 0; r < nr; r++) {
                for (int[] e : pairs[r]) {
                    outerAdd(pm[r], bm[e[0]], bm[e[1]], -1);
                }
            }
            addTo(pm[nr], sub(gw2, 0, 0, p, p), -1);
            // C E_s B (K x p) for each random s
            double[][][] ceb = new double[nr][][];
            for (int s = 0; s < nr; s++) {
                double[][] out = new double[k][p];
                for (int[] e : pairs[s]) {
                    double[] src = bm[e[1]];
                    for (int a = 0; a < k; a++) {
                        double c = cm[a][e[0]];
                        if (c == 0) {
                            continue;
                        }
                        double[] o = out[a];
                        for (int j = 0; j < p; j++) {
                            o[j] += c * src[j];
                        }
                    }
                }
                ceb[s] = out;
            }
            for (int r = 0; r < nr; r++) {
                for (int s = r; s < nr; s++) {
                    // Q_rs = (E_rB)' C E_sB
                    double[][] qrs = qm[r * g + s];
                    for (int[] e : pairs[r]) {
                        outerAdd(qrs, bm[e[1]], ceb[s][e[0]], 1);
                    }
                    // tr(E_r C E_s C) = Σ_{(i,j)∈E_r} Σ_{(u,v)∈E_s} C[j][u] C[v][i]
                    double tr = 0;
                    for (int[] e : pairs[r]) {
                        for (int[] f : pairs[s]) {
                            tr += cm[e[1]][f[0]] * cm[f[1]][e[0]];
                        }
                    }
                    ktrace[r][s] += tr;
                }
                // Q_r,res = (E_rB)' B2; tr(E_r Z'Σ⁻²Z)
                double tr = 0;
                for (int[] e : pairs[r]) {
                    outerAdd(qm[r * g + nr], bm[e[1]], b2[e[0]], 1);
                    tr += c2[e[1]][e[0]];
                }
                ktrace[r][nr] += tr;
            }
            addTo(qm[nr * g + nr], x3, 1);
            ktrace[nr][nr] += trS2;
        }
        for (int r = 0; r < g; r++) {
            for (int s = 0; s < r; s++) {
                ktrace[r][s] = ktrace[s][r];
            }
        }
        symmetrise(xsx);
        double[][] lx = Dense.cholesky(xsx);
        if (lx == null) {
            throw new ArithmeticException("Kenward-Roger: X'Σ⁻¹X is not positive definite (collinear fixed effects?)");
        }
        double[][] phi = Dense.inverseFromCholesky(lx);
        for (double[][] pr : pm) {
            symmetrise(pr);
        }

        // twice the expected REML information of the variance parameters, and W = 2 I⁻¹
        double[][] ie2 = new double[g][g];
        for (int i = 0; i < g; i++) {
            double[][] phiPi = multiply(phi, pm[i]);
            for (int j = i; j < g; j++) {
                double[][] pjPhi = multiply(pm[j], phi);
                double v = ktrace[i][j] - 2 * sumProduct(phi, qm[i * g + j]) + sumProduct(phiPi, pjPhi);
                ie2[i][j] = ie2[j][i] = v;
            }
        }
        double[][] w = twiceInverse(ie2);

        // U = Σ_ij W_ij (Q_ij - P_i Φ P_j), Λ = Φ U Φ, Φ_A = Φ + 2Λ
        double[][] u = new double[p][p];
        for (int i = 0; i < g - 1; i++) {
            for (int j = i + 1; j < g; j++) {
                double[][] term = minus(qm[i * g + j], multiply(pm[i], multiply(phi, pm[j])));
                addTo(u, term, w[i][j]);
            }
        }
        u = plus(u, transpose(u));
        for (int i = 0; i < g; i++) {
            double[][] term = minus(qm[i * g + i], multiply(pm[i], multiply(phi, pm[i])));
            addTo(u, term, w[i][i]);
        }
        double[][] lambda = multiply(phi, multiply(u, phi));
        double[][] phiA = plus(phi, scale(lambda, 2));

        List<Coefficient> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double[][] l = new double[1][p];
            l[0][j] = 1;
            // t, p and the interval in one place for both df methods (a NaN se or df is reported there)
            MixedModel.FixedEffect fe = FixedEffectInference.inference(names.get(j), beta[j], Math.sqrt(phiA[j][j]), lbDdf(l, phi, pm, w), true,
                    MixedModel.Ddf.KENWARD_ROGER, level, warnings);
            out.add(new Coefficient(fe.term(), fe.estimate(), fe.se(), fe.df(), fe.t(), fe.p(), fe.ciLower(), fe.ciUpper()));
        }
        return new Result(out, phi, phiA, pm, w, warnings);
    }

    /** pbkrtest's {@code Lb_ddf(L, V0 = Φ, Vadj)}. */
    private static double lbDdf(double[][] l, double[][] phi, double[][][] pm, double[][] w) {
        int q = l.length;
        double[][] lt = transpose(l);
        RealMatrix lpl = new Array2DRowRealMatrix(multiply(l, multiply(phi, lt)));
        double[][] theta = multiply(lt, multiply(new LUDecomposition(lpl).getSolver().getInverse().getData(), l));
        double[][] thetaPhi = multiply(theta, phi);
        int g = pm.length;
        double[][][] ui = new double[g][][];
        double[] traces = new double[g];
        for (int i = 0; i < g; i++) {
            ui[i] = multiply(thetaPhi, multiply(pm[i], phi));
            traces[i] = trace(ui[i]);
        }
        double a1 = 0;
        double a2 = 0;
        for (int i = 0; i < g; i++) {
            for (int j = i; j < g; j++) {
                double e = i == j ? 1 : 2;
                a1 += e * w[i][j] * traces[i] * traces[j];
                a2 += e * w[i][j] * sumProduct(ui[i], transpose(ui[j]));
            }
        }
        double b = (a1 + 6 * a2) / (2 * q);
        double gg = ((q + 1) * a1 - (q + 4) * a2) / ((q + 2) * a2);
        double den = 3 * q + 2 * (1 - gg);
        double c1 = gg / den;
        double c2 = (q - gg) / den;
        double c3 = (q + 2 - gg) / den;
        double v0 = 1 + c1 * b;
        double v1 = 1 - c2 * b;
        double v2 = 1 - c3 * b;
        if (Math.abs(v0) < 1e-10) {
            v0 = 0;
        }
        double ratio = Math.abs(1 - a2 / q) < 1e-14 && Math.abs(v1) < 1e-14 ? 1 : (1 - a2 / q) / v1;
        double rho = ratio * ratio * v0 / (q * v2);
        return 4 + (q + 2) / (q * rho - 1);
    }

    /** 2 I⁻¹, or 2 × the Moore–Penrose inverse when the smallest |eigenvalue| is at most 1e-10 (pbkrtest). */
    private static double[][] twiceInverse(double[][] ie2) {
        RealMatrix m = new Array2DRowRealMatrix(ie2);
        double[] ev = new EigenDecomposition(m).getRealEigenvalues();
        double condi = Double.POSITIVE_INFINITY;
        for (double v : ev) {
            condi = Math.min(condi, Math.abs(v));
        }
        double[][] inv;
        if (condi > 1e-10) {
            inv = new LUDecomposition(m).getSolver().getInverse().getData();
        } else {
            // MASS::ginv: singular values below sqrt(machine eps) × the largest are dropped
            SingularValueDecomposition svd = new SingularValueDecomposition(m);
            double[] sv = svd.getSingularValues();
            double tol = Math.sqrt(Math.ulp(1.0)) * sv[0];
            double[][] uu = svd.getU().getData();
            double[][] vv = svd.getV().getData();
            int g = ie2.length;
            inv = new double[g][g];
            for (int s = 0; s < sv.length; s++) {
                if (sv[s] <= tol) {
                    continue;
                }
                for (int i = 0; i < g; i++) {
                    for (int j = 0; j < g; j++) {
                        inv[i][j] += vv[i][s] * uu[j][s] / sv[s];
                    }
                }
            }
        }
        double[][] w = scale(inv, 2);
        symmetrise(w);
        return w;
    }

    /** F with Ψ = FF' from the eigen decomposition (negative rounding-level eigenvalues set to 0). */
    private static double[][] factor(double[][] psi) {
        int q = psi.length;
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(psi));
        double[][] f = new double[q][q];
        for (int c = 0; c < q; c++) {
            double lam = Math.max(e.getRealEigenvalue(c), 0);
            double s = Math.sqrt(lam);
            double[] v = e.getEigenvector(c).toArray();
            for (int a = 0; a < q; a++) {
                f[a][c] = v[a] * s;
            }
        }
        return f;
    }

    private static long key(int term, int level) {
        return ((long) term << 32) | level;
    }

    /**
     * Independent blocks: connected components of the grouping levels (two levels are connected when
     * a row has both). For nested terms these are the levels of the outermost factor.
     */
    private static final class Blocks {
        private final int[][] rows;
        private final int[][][] levels; // block -> term -> levels (ascending)

        private Blocks(int[][] rows, int[][][] levels) {
            this.rows = rows;
            this.levels = levels;
        }

        static Blocks of(List<RandomTermDesign> terms, int n) {
            int[] offset = new int[terms.size() + 1];
            for (int t = 0; t < terms.size(); t++) {
                offset[t + 1] = offset[t] + terms.get(t).nLevels();
            }
            int[] parent = new int[offset[terms.size()]];
            for (int i = 0; i < parent.length; i++) {
                parent[i] = i;
            }
            for (int r = 0; r < n; r++) {
                int first = find(parent, terms.get(0).level()[r]);
                for (int t = 1; t < terms.size(); t++) {
                    int other = find(parent, offset[t] + terms.get(t).level()[r]);
                    if (other != first) {
                        parent[other] = first;
                    }
                }
            }
            Map<Integer, Integer> blockOfRoot = new HashMap<>();
            int[] blockOfRow = new int[n];
            int[] counts = new int[n];
            for (int r = 0; r < n; r++) {
                int root = find(parent, terms.get(0).level()[r]);
                Integer b = blockOfRoot.get(root);
                if (b == null) {
                    b = blockOfRoot.size();
                    blockOfRoot.put(root, b);
                }
                blockOfRow[r] = b;
                counts[b]++;
            }
            int nb = blockOfRoot.size();
            int[][] rows = new int[nb][];
            for (int b = 0; b < nb; b++) {
                rows[b] = new int[counts[b]];
            }
            int[] fill = new int[nb];
            for (int r = 0; r < n; r++) {
                rows[blockOfRow[r]][fill[blockOfRow[r]]++] = r;
            }
            int[][][] levels = new int[nb][terms.size()][];
            for (int t = 0; t < terms.size(); t++) {
                int[] blockOfLevel = new int[terms.get(t).nLevels()];
                java.util.Arrays.fill(blockOfLevel, -1);
                int[] perBlock = new int[nb];
                for (int r = 0; r < n; r++) {
                    int l = terms.get(t).level()[r];
                    if (blockOfLevel[l] == -1) {
                        blockOfLevel[l] = blockOfRow[r];
                        perBlock[blockOfRow[r]]++;
                    }
                }
                for (int b = 0; b < nb; b++) {
                    levels[b][t] = new int[perBlock[b]];
                }
                int[] f = new int[nb];
                for (int l = 0; l < blockOfLevel.length; l++) {
                    int b = blockOfLevel[l];
                    levels[b][t][f[b]++] = l;
                }
            }
            return new Blocks(rows, levels);
        }

        private static int find(int[] parent, int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        int count() {
            return rows.length;
        }

        int[] rows(int b) {
            return rows[b];
        }

        int[] levels(int b, int t) {
            return levels[b][t];
        }

        String describe(int b, List<RandomTermDesign> terms) {
            StringBuilder s = new StringBuilder();
            s.append(rows[b].length).append(" rows");
            for (int t = 0; t < terms.size(); t++) {
                int l = levels[b][t].length;
                s.append(", ").append(l).append(l == 1 ? " level of " : " levels of ").append(terms.get(t).group());
            }
            return s.toString();
        }
    }

    // ---- small dense helpers (row-major double[][]) --------------------------------------------------

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b.length;
        int c = m == 0 ? 0 : b[0].length;
        double[][] out = new double[n][c];
        for (int i = 0; i < n; i++) {
            double[] oi = out[i];
            double[] ai = a[i];
            for (int k = 0; k < m; k++) {
                double v = ai[k];
                if (v == 0) {
                    continue;
                }
                double[] bk = b[k];
                for (int j = 0; j < c; j++) {
                    oi[j] += v * bk[j];
                }
            }
        }
        return out;
    }

    static double[][] transpose(double[][] a) {
        int n = a.length;
        int m = n == 0 ? 0 : a[0].length;
        double[][] t = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[][] sub(double[][] a, int r0, int c0, int rows, int cols) {
        double[][] s = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a[r0 + i], c0, s[i], 0, cols);
        }
        return s;
    }

    private static void addTo(double[][] acc, double[][] a, double factor) {
        for (int i = 0; i < acc.length; i++) {
            for (int j = 0; j < acc[i].length; j++) {
                acc[i][j] += factor * a[i][j];
            }
        }
    }

    /** acc += factor · u v'. */
    private static void outerAdd(double[][] acc, double[] u, double[] v, double factor) {
        for (int i = 0; i < u.length; i++) {
            double ui = factor * u[i];
            if (ui == 0) {
                continue;
            }
            double[] row = acc[i];
            for (int j = 0; j < v.length; j++) {
                row[j] += ui * v[j];
            }
        }
    }

    private static double[][] plus(double[][] a, double[][] b) {
        double[][] out = copy(a);
        addTo(out, b, 1);
        return out;
    }

    private static double[][] minus(double[][] a, double[][] b) {
        double[][] out = copy(a);
        addTo(out, b, -1);
        return out;
    }

    private static double[][] scale(double[][] a, double f) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= f;
            }
        }
        return out;
    }

    /** Σ_ij a_ij b_ij (R's {@code sum(a * b)}). */
    private static double sumProduct(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }

    private static double trace(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i][i];
        }
        return s;
    }

    private static void symmetrise(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < i; j++) {
                double v = (a[i][j] + a[j][i]) / 2;
                a[i][j] = a[j][i] = v;
            }
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
