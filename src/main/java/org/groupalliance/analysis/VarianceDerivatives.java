package org.groupalliance.analysis;

import java.util.stream.IntStream;

import org.groupalliance.analysis.MixedModel.Estimation;

/**
 * Exact (analytic) first and second derivatives of the (REML or ML) deviance of a {@link MixedModel}
 * with respect to the variance parameters φ = (θ, σ), and the Jacobian of Var(β̂) in φ: the
 * quantities lmerTest (Kuznetsova, Brockhoff and Christensen 2017, J Stat Softw 82(13), section 3.3)
 * approximates with {@code numDeriv} for Satterthwaite's (1946) df, computed here in closed form
 * from the nested block structure, without any n × n matrix.
 *
 * <p><b>Marginal form.</b> With {@code V = σ² V₀}, {@code V₀ = I + Z ΛΛ' Z'}, G = [X y] and
 * {@code S(θ) = G' V₀⁻¹ G} ((p+1) × (p+1); its X block is X'V₀⁻¹X = R_X'R_X, and
 * {@code r² = S_yy − S_yX S_XX⁻¹ S_Xy}), the deviances lmerTest differentiates are
 * <pre>
 *   REML: D(θ, σ) = log|V₀| + log|S_XX| + (n − p) log(2πσ²) + r²(θ) / σ²
 *   ML:   D(θ, σ) = log|V₀|             +  n      log(2πσ²) + r²(θ) / σ²
 * </pre>
 * with {@code log|V₀| = log|L|²} (Sylvester's determinant identity). Λ is linear in θ, so with
 * {@code Λ_i = ∂Λ/∂θ_i} (one unit entry (r, c) in every block of the term) the derivatives of the
 * relative covariance are {@code D_i = ∂(ΛΛ')/∂θ_i = Λ_iΛ' + ΛΛ_i'} and
 * {@code D_ij = Λ_iΛ_j' + Λ_jΛ_i'} (non-zero only for two entries of the same column of the same
 * term). With {@code T = Z'V₀⁻¹Z} and {@code F = Z'V₀⁻¹G}, the standard identities
 * {@code ∂ log|V₀| = tr(V₀⁻¹ ∂V₀)}, {@code ∂V₀⁻¹ = −V₀⁻¹ ∂V₀ V₀⁻¹} (e.g. Searle, Casella and
 * McCulloch 1992, appendix M; Harville 1997) give
 * <pre>
 *   ∂_i log|V₀|      = tr(D_i T)
 *   ∂_ij log|V₀|     = tr(D_ij T) − tr(D_i T D_j T)
 *   ∂_i S            = −F' D_i F
 *   ∂_ij S           = F' D_i T D_j F + F' D_j T D_i F − F' D_ij F
 * </pre>
 * and, in the (p+1)-dimensional space, with {@code v = (−β̂, 1)} (β̂ = S_XX⁻¹ S_Xy),
 * <pre>
 *   ∂_i r²           = v' ∂_i S v                                   (envelope theorem: r² = min_b [−b;1]'S[−b;1])
 *   ∂_ij r²          = v' ∂_ij S v − 2 (∂_i S v)_X' S_XX⁻¹ (∂_j S v)_X
 *   ∂_i log|S_XX|    = tr(S_XX⁻¹ ∂_i S_XX)
 *   ∂_ij log|S_XX|   = tr(S_XX⁻¹ ∂_ij S_XX) − tr(S_XX⁻¹ ∂_i S_XX S_XX⁻¹ ∂_j S_XX)
 *   ∂²D/∂θ_i∂θ_j     = ∂_ij log|V₀| [+ ∂_ij log|S_XX|] + ∂_ij r² / σ²
 *   ∂²D/∂θ_i∂σ       = −2 ∂_i r² / σ³
 *   ∂²D/∂σ²          = −2c / σ² + 6 r² / σ⁴           (c = n − p for REML, n for ML)
 *   Var(β̂) = σ² S_XX⁻¹:  ∂_θi Var(β̂) = −σ² S_XX⁻¹ ∂_i S_XX S_XX⁻¹,   ∂_σ Var(β̂) = 2σ S_XX⁻¹
 * </pre>
 * This is the observed Hessian of exactly the function lmerTest passes to {@code numDeriv::hessian}
 * ({@code devfun_vp}), and the last line is the Jacobian it takes of {@code vcov_varpar}; for the
 * REML case the θθ block equals the familiar {@code tr(P V_ij) − tr(P V_i P V_j) + 2 y'P V_i P V_j P y
 * − y'P V_ij P y} (Halekoh and Højsgaard 2014, J Stat Softw 59(9), for the same algebra in
 * Kenward–Roger).
 *
 * <p><b>Block structure.</b> T and F are never formed. For a group with members m (inner term,
 * design Z_m) and the group's own effects (outer term, design W), with {@code V₁ = I + Z₁Λ₁Λ₁'Z₁'}
 * block diagonal per member and Woodbury's identity
 * {@code V₀⁻¹ = V₁⁻¹ − V₁⁻¹ W R W' V₁⁻¹}, {@code R = Λ₂ (I + Λ₂'HΛ₂)⁻¹ Λ₂'}:
 * <pre>
 *   T1_m = Z_m'V₁⁻¹Z_m,  K_m = Z_m'V₁⁻¹W,  F1_m = Z_m'V₁⁻¹G,  H = Σ W_m'V₁⁻¹W_m,  E = Σ W_m'V₁⁻¹G_m
 *   T_mm' = δ_mm' T1_m − K_m R K_m'',   T_mc = K_m Γ,   T_cc = H − HRH,   Γ = I − RH
 *   F_m = F1_m − K_m R E,   F_c = E − HRE
 * </pre>
 * each per-member piece from the sufficient statistics (Z'Z, W'Z, Z'X, Z'y) by the member's own
 * Woodbury step {@code Z_m'V₁⁻¹Z_m = A − A Λ₁ M⁻¹ Λ₁'A}, {@code M = Λ₁'AΛ₁ + I}. The traces and the
 * products over all pairs of members then reduce to sums over members of q × q pieces, e.g.
 * {@code Σ_mm' tr(d_i K_m R K_m'' d_j K_m' R K_m') = tr(Ω_i R Ω_j R)} with
 * {@code Ω_i = Σ_m K_m' d_i K_m}: one pass over the members, O(members · k² q² (q + p)) time and
 * O(members of the largest group) extra memory. With one term there is no W (R = 0) and each
 * member is its own block.
 */
final class VarianceDerivatives {

    private VarianceDerivatives() {
    }

    /**
     * Derivatives in θ of {@code log|V₀| = log|L|²} (gradient and Hessian) and of S(θ) = G'V₀⁻¹G
     * ({@code s1[i]}, {@code s2[i][j]}, each (p+1) × (p+1), y last).
     */
    record ThetaDerivatives(double[] logDet1, double[][] logDet2, double[][][] s1, double[][][][] s2) {
    }

    /**
     * Derivatives of the deviance D(θ, σ) in φ = (θ, σ): gradient and Hessian (σ last), the
     * variances Var(β̂)_jj and their Jacobian ({@code varianceJacobian[j][i] = ∂Var(β̂)_jj/∂φ_i}).
     */
    record PhiDerivatives(double[] gradient, double[][] hessian, double[] variance, double[][] varianceJacobian) {
    }

    /** The derivatives of the deviance in φ at (θ, σ); see the class comment for the formulas. */
    static PhiDerivatives phi(NestedElimination el, double[] theta, double sigma, Estimation est) {
        int p = el.p;
        int k = theta.length;
        NestedElimination.Eval e = el.evaluate(theta);
        ThetaDerivatives td = theta(el, theta);
        double[][] sxxInv = Dense.inverseFromCholesky(e.rX());
        double[] beta = Dense.backSolveTransposed(e.rX(), Dense.forwardSolve(e.rX(), e.xtyReduced()));
        double r2 = e.r2();
        double[] v = new double[p + 1];
        for (int j = 0; j < p; j++) {
            v[j] = -beta[j];
        }
        v[p] = 1;
        boolean reml = est == Estimation.REML;
        double c = reml ? el.n - p : el.n;
        double s2 = sigma * sigma;
        // per direction: ∂_i S v, its X part solved by S_XX, ∂_i r², S_XX⁻¹ ∂_i S_XX
        double[][] sv = new double[k][];
        double[][] solvedX = new double[k][];
        double[] r2d = new double[k];
        double[][][] invDx = new double[k][][];
        for (int i = 0; i < k; i++) {
            sv[i] = mulVec(td.s1()[i], v);
            r2d[i] = dot(v, sv[i]);
            solvedX[i] = mulVec(sxxInv, java.util.Arrays.copyOf(sv[i], p));
            invDx[i] = mulTopLeft(sxxInv, td.s1()[i], p);
        }
        double[] gradient = new double[k + 1];
        double[][] hessian = new double[k + 1][k + 1];
        for (int i = 0; i < k; i++) {
            gradient[i] = td.logDet1()[i] + (reml ? trace(invDx[i]) : 0) + r2d[i] / s2;
            for (int j = 0; j <= i; j++) {
                double r2dd = dot(v, mulVec(td.s2()[i][j], v)) - 2 * dot(java.util.Arrays.copyOf(sv[i], p), solvedX[j]);
                double h = td.logDet2()[i][j] + r2dd / s2;
                if (reml) {
                    h += trace(mulTopLeft(sxxInv, td.s2()[i][j], p)) - traceOfProduct(invDx[i], invDx[j]);
                }
                hessian[i][j] = hessian[j][i] = h;
            }
            hessian[i][k] = hessian[k][i] = -2 * r2d[i] / (s2 * sigma);
        }
        gradient[k] = 2 * c / sigma - 2 * r2 / (s2 * sigma);
        hessian[k][k] = -2 * c / s2 + 6 * r2 / (s2 * s2);
        double[] variance = new double[p];
        double[][] jacobian = new double[p][k + 1];
        for (int j = 0; j < p; j++) {
            variance[j] = s2 * sxxInv[j][j];
            for (int i = 0; i < k; i++) {
                // [S_XX⁻¹ ∂S_XX S_XX⁻¹]_jj = Σ_ab inv_ja ∂S_ab inv_bj
                double q = 0;
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        q += sxxInv[j][a] * td.s1()[i][a][b] * sxxInv[b][j];
                    }
                }
                jacobian[j][i] = -s2 * q;
            }
            jacobian[j][k] = 2 * sigma * sxxInv[j][j];
        }
        return new PhiDerivatives(gradient, hessian, variance, jacobian);
    }

    /** The derivatives in θ of log|V₀| and of S = G'V₀⁻¹G, from one pass over the blocks. */
    static ThetaDerivatives theta(NestedElimination el, double[] theta) {
        Pass pass = new Pass(el, theta);
        int blocks = el.outer == null ? el.inner.nLevels() : el.outer.nLevels();
        int threads = el.threads;
        Pass.Acc total;
        if (threads == 1) {
            total = pass.new Acc();
            total.run(0, blocks);
        } else {
            Pass.Acc[] parts = new Pass.Acc[threads];
            IntStream.range(0, threads).parallel().forEach(t -> {
                Pass.Acc a = pass.new Acc();
                a.run((int) ((long) blocks * t / threads), (int) ((long) blocks * (t + 1) / threads));
                parts[t] = a;
            });
            total = parts[0];
            for (int t = 1; t < threads; t++) {
                total.add(parts[t]);
            }
        }
        return new ThetaDerivatives(total.g, total.h, total.s1, total.s2);
    }

    /** The fixed parts of one pass: Λ's, their derivatives, sizes. */
    private static final class Pass {
        final NestedElimination el;
        final int q1;
        final int q2;
        final int p;
        final int w; // p + 1: the columns of G = [X y]
        final int kin;
        final int k;
        final double[][] l1;
        final double[][] l2;
        final double[][][] d; // d_i (q × q of its term), all directions
        final double[][][][] dd; // d_ij, null where zero

        Pass(NestedElimination el, double[] theta) {
            this.el = el;
            this.q1 = el.q1;
            this.q2 = el.q2;
            this.p = el.p;
            this.w = p + 1;
            this.kin = NestedElimination.thetaSize(el.inner);
            this.k = theta.length;
            this.l1 = lambda(theta, 0, q1);
            this.l2 = lambda(theta, kin, q2);
            int[][] pos = new int[k][];
            int idx = 0;
            for (int t = 0; t < 2; t++) {
                int q = t == 0 ? q1 : q2;
                for (int c = 0; c < q; c++) {
                    for (int r = c; r < q; r++) {
                        pos[idx++] = new int[] {r, c};
                    }
                }
            }
            d = new double[k][][];
            dd = new double[k][k][][];
            for (int i = 0; i < k; i++) {
                boolean in = i < kin;
                int q = in ? q1 : q2;
                double[][] l = in ? l1 : l2;
                int r = pos[i][0];
                int c = pos[i][1];
                double[][] m = new double[q][q];
                for (int a = 0; a < q; a++) {
                    m[r][a] += l[a][c];
                    m[a][r] += l[a][c];
                }
                d[i] = m;
                for (int j = 0; j < k; j++) {
                    if ((j < kin) == in && pos[j][1] == c) {
                        double[][] m2 = new double[q][q];
                        m2[r][pos[j][0]] += 1;
                        m2[pos[j][0]][r] += 1;
                        dd[i][j] = m2;
                    }
                }
            }
        }

        /**
         * Accumulated derivatives of a range of blocks, with all scratch space of the pass: nothing is
         * allocated per member (an evaluation of the derivatives then costs a few evaluations of the
         * criterion instead of hundreds).
         */
        final class Acc {
            final double[] g = new double[k];
            final double[][] h = new double[k][k];
            final double[][][] s1 = new double[k][w][w];
            final double[][][][] s2 = new double[k][k][w][w];
            // per member
            private final double[][] a = new double[q1][q1];
            private final double[][] zw = new double[q1][q2];
            private final double[][] dg = new double[q1][w];
            private final double[][] la = new double[q1][q1];
            private final double[][] mm = new double[q1][q1];
            private final double[][] chol = new double[q1][q1];
            private final double[][] ya = new double[q1][q1];
            private final double[][] lzw = new double[q1][q2];
            private final double[][] yw = new double[q1][q2];
            private final double[][] lg = new double[q1][w];
            private final double[][] yg = new double[q1][w];
            private final double[][] f = new double[q1][w];
            private final double[][][] dF = new double[kin][q1][w];
            private final double[][][] tdF = new double[kin][q1][w];
            private final double[][][] dT = new double[kin][q1][q1];
            private final double[][][] dK = new double[kin][q1][q2];
            private final double[][][] tdK = new double[kin][q1][q2];
            private final double[][] ddF = new double[q1][w];
            private final double[][] ddK = new double[q1][q2];
            private final double[][] kre = new double[q1][w];
            // per group (sums over its members)
            private final double[][] hsub = new double[q2][q2];
            private final double[][] esub = new double[q2][w];
            private final double[][][] omega = new double[kin][q2][q2];
            private final double[][][] av = new double[kin][q2][w];
            private final double[][][][] psi = new double[kin][kin][q2][q2];
            private final double[][][][] omega2 = new double[kin][kin][q2][q2];
            private final double[][][][] sff = new double[kin][kin][w][w];
            private final double[][] trTT = new double[kin][kin];
            // the members' Woodbury pieces of the current group, grown as needed
            private double[][][] t1 = new double[0][][];
            private double[][][] kk = new double[0][][];
            private double[][][] f1 = new double[0][][];

            void add(Acc o) {
                for (int i = 0; i < k; i++) {
                    g[i] += o.g[i];
                    for (int j = 0; j < k; j++) {
                        h[i][j] += o.h[i][j];
                        addTo(s2[i][j], o.s2[i][j], 1);
                    }
                    addTo(s1[i], o.s1[i], 1);
                }
            }

            /** Blocks [from, to): groups, or members when there is one term (then they form one block without group effects). */
            void run(int from, int to) {
                if (q2 == 0) {
                    clearGroup();
                    ensure(1);
                    for (int mi = from; mi < to; mi++) {
                        woodbury(mi, 0);
                        memberTerms(0, null);
                    }
                    finishGroup(null, null, null, null);
                    return;
                }
                for (int b = from; b < to; b++) {
                    group(b);
                }
            }

            private void ensure(int nm) {
                if (t1.length < nm) {
                    int size = Math.max(nm, 2 * t1.length);
                    t1 = new double[size][q1][q1];
                    kk = new double[size][q1][q2];
                    f1 = new double[size][q1][w];
                }
            }

            private void clearGroup() {
                zero(hsub);
                zero(esub);
                for (int i = 0; i < kin; i++) {
                    zero(omega[i]);
                    zero(av[i]);
                    for (int j = 0; j < kin; j++) {
                        zero(psi[i][j]);
                        zero(omega2[i][j]);
                        zero(sff[i][j]);
                        trTT[i][j] = 0;
                    }
                }
            }

            /** T1, K and F1 of member mi into slot idx, and its share of H and E. */
            private void woodbury(int mi, int idx) {
                for (int r = 0; r < q1; r++) {
                    for (int c = 0; c < q1; c++) {
                        a[r][c] = el.aZZ[(mi * q1 + r) * q1 + c];
                    }
                    for (int c = 0; c < q2; c++) {
                        zw[r][c] = el.bWZ[(mi * q2 + c) * q1 + r];
                    }
                    for (int j = 0; j < p; j++) {
                        dg[r][j] = el.d1[(mi * q1 + r) * p + j];
                    }
                    dg[r][p] = el.e1[mi * q1 + r];
                }
                tmulInto(l1, a, la); // Λ₁'A
                mulInto(la, l1, mm);
                for (int r = 0; r < q1; r++) {
                    mm[r][r] += 1;
                }
                choleskyInto(mm, chol);
                forwardInto(chol, la, ya);
                if (q2 > 0) {
                    tmulInto(l1, zw, lzw);
                    forwardInto(chol, lzw, yw);
                }
                tmulInto(l1, dg, lg);
                forwardInto(chol, lg, yg);
                copy(a, t1[idx]);
                tmulAdd(ya, ya, t1[idx], -1);
                copy(dg, f1[idx]);
                tmulAdd(ya, yg, f1[idx], -1);
                if (q2 > 0) {
                    copy(zw, kk[idx]);
                    tmulAdd(ya, yw, kk[idx], -1);
                    tmulAdd(yw, yw, hsub, 1);
                    tmulAdd(yw, yg, esub, 1);
                }
            }

            /** The member in slot idx: its terms of the sums, with F = F1 − K R E (re = R E, null without group effects). */
            private void memberTerms(int idx, double[][] re) {
                double[][] t = t1[idx];
                double[][] km = kk[idx];
                copy(f1[idx], f);
                if (re != null) {
                    mulInto(km, re, kre);
                    addTo(f, kre, -1);
                }
                for (int i = 0; i < kin; i++) {
                    mulInto(d[i], f, dF[i]);
                    mulInto(t, dF[i], tdF[i]);
                    mulInto(d[i], t, dT[i]);
                    g[i] += trace(dT[i]);
                    tmulAdd(f, dF[i], s1[i], -1);
                    if (q2 > 0) {
                        mulInto(d[i], km, dK[i]);
                        mulInto(t, dK[i], tdK[i]);
                        tmulAdd(km, dK[i], omega[i], 1);
                        tmulAdd(km, dF[i], av[i], 1);
                    }
                }
                for (int i = 0; i < kin; i++) {
                    for (int j = 0; j < kin; j++) {
                        tmulAdd(dF[i], tdF[j], sff[i][j], 1);
                        trTT[i][j] += traceOfProduct(dT[i], dT[j]);
                        if (q2 > 0) {
                            tmulAdd(dK[i], tdK[j], psi[i][j], 1);
                        }
                        if (dd[i][j] != null) {
                            h[i][j] += traceOfProduct(dd[i][j], t);
                            mulInto(dd[i][j], f, ddF);
                            tmulAdd(f, ddF, s2[i][j], -1);
                            if (q2 > 0) {
                                mulInto(dd[i][j], km, ddK);
                                tmulAdd(km, ddK, omega2[i][j], 1);
                            }
                        }
                    }
                }
            }

            /** A group with its members: the members' Woodbury steps, the group's own effects, then the sums. */
            private void group(int b) {
                int[] members = el.membersOfOuter[b];
                int nm = members.length;
                ensure(nm);
                clearGroup();
                for (int idx = 0; idx < nm; idx++) {
                    woodbury(members[idx], idx);
                }
                double[][] hg = new double[q2][q2];
                double[][] eg = new double[q2][w];
                for (int r = 0; r < q2; r++) {
                    for (int c = 0; c < q2; c++) {
                        hg[r][c] = el.cWW[(b * q2 + r) * q2 + c] - hsub[r][c];
                    }
                    for (int j = 0; j < p; j++) {
                        eg[r][j] = el.d2[(b * q2 + r) * p + j] - esub[r][j];
                    }
                    eg[r][p] = el.e2[b * q2 + r] - esub[r][p];
                }
                double[][] nn = mul(tmul(l2, hg), l2);
                for (int r = 0; r < q2; r++) {
                    nn[r][r] += 1;
                }
                double[][] cn = Dense.cholesky(nn);
                if (cn == null) {
                    throw new ArithmeticException("a random-effects block is not positive definite");
                }
                double[][] qm = forward(cn, transpose(l2));
                double[][] rr = tmul(qm, qm);
                double[][] re = mul(rr, eg);
                for (int idx = 0; idx < nm; idx++) {
                    memberTerms(idx, re);
                }
                finishGroup(hg, eg, rr, re);
            }

            /**
             * Adds the group's sums to the totals, with the corrections through R and the group's own
             * directions (all null without group effects).
             */
            private void finishGroup(double[][] hg, double[][] eg, double[][] rr, double[][] re) {
                if (q2 == 0) {
                    for (int i = 0; i < kin; i++) {
                        for (int j = 0; j < kin; j++) {
                            h[i][j] -= trTT[i][j];
                            addTo(s2[i][j], sff[i][j], 1);
                            addTransposeTo(s2[i][j], sff[i][j]);
                        }
                    }
                    return;
                }
                double[][] rh = mul(rr, hg);
                double[][] gamma = sub(identity(q2), rh);
                double[][] tcc = sub(hg, mul(hg, rh));
                double[][] fc = sub(eg, mul(hg, re));
                double[][][] xc = new double[k][][];
                for (int i = kin; i < k; i++) {
                    xc[i] = mul(d[i], fc);
                    g[i] += traceOfProduct(d[i], tcc);
                    addTo(s1[i], tmul(fc, xc[i]), -1);
                }
                for (int i = 0; i < kin; i++) {
                    g[i] -= traceOfProduct(rr, omega[i]);
                }
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        boolean inI = i < kin;
                        boolean inJ = j < kin;
                        double trDTDT;
                        double[][] fdtdf; // F'D_i T D_j F
                        if (inI && inJ) {
                            trDTDT = trTT[i][j] - traceOfProduct(rr, psi[i][j]) - traceOfProduct(rr, psi[j][i])
                                    + traceOfProduct(mul(omega[i], rr), mul(omega[j], rr));
                            fdtdf = sub(sff[i][j], tmul(av[i], mul(rr, av[j])));
                            if (dd[i][j] != null) {
                                h[i][j] -= traceOfProduct(rr, omega2[i][j]);
                            }
                        } else if (inI) {
                            trDTDT = traceOfProduct(omega[i], mul(mul(gamma, d[j]), transpose(gamma)));
                            fdtdf = tmul(av[i], mul(gamma, xc[j]));
                        } else if (inJ) {
                            trDTDT = traceOfProduct(omega[j], mul(mul(gamma, d[i]), transpose(gamma)));
                            fdtdf = transpose(tmul(av[j], mul(gamma, xc[i])));
                        } else {
                            trDTDT = traceOfProduct(mul(d[i], tcc), mul(d[j], tcc));
                            fdtdf = tmul(xc[i], mul(tcc, xc[j]));
                            if (dd[i][j] != null) {
                                h[i][j] += traceOfProduct(dd[i][j], tcc);
                                addTo(s2[i][j], tmul(fc, mul(dd[i][j], fc)), -1);
                            }
                        }
                        h[i][j] -= trDTDT;
                        addTo(s2[i][j], fdtdf, 1);
                        addTransposeTo(s2[i][j], fdtdf);
                    }
                }
            }
        }
    }

    // ---- small dense helpers (row-major double[][]) ------------------------------------------------

    /** Λ of a term as q × q lower triangular (column-wise lower triangle of θ from offset, as lme4). */
    static double[][] lambda(double[] theta, int offset, int q) {
        double[][] l = new double[q][q];
        int idx = offset;
        for (int c = 0; c < q; c++) {
            for (int r = c; r < q; r++) {
                l[r][c] = theta[idx++];
            }
        }
        return l;
    }

    private static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        int m = b.length;
        int cols = m == 0 ? 0 : b[0].length;
        double[][] out = new double[n][cols];
        for (int i = 0; i < n; i++) {
            for (int x = 0; x < m; x++) {
                double aix = a[i][x];
                if (aix != 0) {
                    double[] bx = b[x];
                    double[] oi = out[i];
                    for (int j = 0; j < cols; j++) {
                        oi[j] += aix * bx[j];
                    }
                }
            }
        }
        return out;
    }

    /** a' b. */
    private static double[][] tmul(double[][] a, double[][] b) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        int cols = b.length == 0 ? 0 : b[0].length;
        double[][] out = new double[n][cols];
        for (int x = 0; x < m; x++) {
            double[] ax = a[x];
            double[] bx = b[x];
            for (int i = 0; i < n; i++) {
                double axi = ax[i];
                if (axi != 0) {
                    double[] oi = out[i];
                    for (int j = 0; j < cols; j++) {
                        oi[j] += axi * bx[j];
                    }
                }
            }
        }
        return out;
    }

    /** out = a b (out must not be a or b). */
    private static void mulInto(double[][] a, double[][] b, double[][] out) {
        int n = out.length;
        int cols = n == 0 ? 0 : out[0].length;
        int m = b.length;
        for (int i = 0; i < n; i++) {
            double[] oi = out[i];
            double[] ai = a[i];
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int x = 0; x < m; x++) {
                    s += ai[x] * b[x][j];
                }
                oi[j] = s;
            }
        }
    }

    /** out = a' b. */
    private static void tmulInto(double[][] a, double[][] b, double[][] out) {
        zero(out);
        tmulAdd(a, b, out, 1);
    }

    /** out += factor a' b. */
    private static void tmulAdd(double[][] a, double[][] b, double[][] out, double factor) {
        int m = a.length;
        int n = out.length;
        int cols = n == 0 ? 0 : out[0].length;
        for (int x = 0; x < m; x++) {
            double[] ax = a[x];
            double[] bx = b[x];
            for (int i = 0; i < n; i++) {
                double v = factor * ax[i];
                double[] oi = out[i];
                for (int j = 0; j < cols; j++) {
                    oi[j] += v * bx[j];
                }
            }
        }
    }

    private static void zero(double[][] a) {
        for (double[] row : a) {
            java.util.Arrays.fill(row, 0);
        }
    }

    private static void copy(double[][] from, double[][] to) {
        for (int i = 0; i < from.length; i++) {
            System.arraycopy(from[i], 0, to[i], 0, from[i].length);
        }
    }

    /** target += a'. */
    private static void addTransposeTo(double[][] target, double[][] a) {
        for (int i = 0; i < target.length; i++) {
            for (int j = 0; j < target[i].length; j++) {
                target[i][j] += a[j][i];
            }
        }
    }

    /** Lower Cholesky factor of a into l (q × q). */
    private static void choleskyInto(double[][] a, double[][] l) {
        int n = a.length;
        for (int j = 0; j < n; j++) {
            double s = a[j][j];
            for (int x = 0; x < j; x++) {
                s -= l[j][x] * l[j][x];
            }
            if (!(s > 0)) {
                throw new ArithmeticException("a random-effects block is not positive definite");
            }
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < n; i++) {
                double t = a[i][j];
                for (int x = 0; x < j; x++) {
                    t -= l[i][x] * l[j][x];
                }
                l[i][j] = t / l[j][j];
                l[j][i] = 0;
            }
        }
    }

    /** out = L⁻¹ B for lower-triangular L. */
    private static void forwardInto(double[][] l, double[][] b, double[][] out) {
        int q = l.length;
        int cols = q == 0 ? 0 : out[0].length;
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < q; i++) {
                double s = b[i][c];
                for (int j = 0; j < i; j++) {
                    s -= l[i][j] * out[j][c];
                }
                out[i][c] = s / l[i][i];
            }
        }
    }

    private static double[][] transpose(double[][] a) {
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

    private static double[][] sub(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] -= b[i][j];
            }
        }
        return out;
    }

    private static void addTo(double[][] target, double[][] a, double factor) {
        for (int i = 0; i < target.length; i++) {
            for (int j = 0; j < target[i].length; j++) {
                target[i][j] += factor * a[i][j];
            }
        }
    }

    private static double[][] identity(int q) {
        double[][] id = new double[q][q];
        for (int i = 0; i < q; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    /** L⁻¹ B for lower-triangular L. */
    private static double[][] forward(double[][] l, double[][] b) {
        int q = l.length;
        int cols = q == 0 ? 0 : b[0].length;
        double[][] x = new double[q][cols];
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < q; i++) {
                double s = b[i][c];
                for (int j = 0; j < i; j++) {
                    s -= l[i][j] * x[j][c];
                }
                x[i][c] = s / l[i][i];
            }
        }
        return x;
    }

    private static double trace(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i][i];
        }
        return s;
    }

    /** tr(a b) for square a, b of the same size. */
    private static double traceOfProduct(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                s += a[i][j] * b[j][i];
            }
        }
        return s;
    }

    private static double[] mulVec(double[][] a, double[] x) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** inv (p × p) times the top-left p × p block of m. */
    private static double[][] mulTopLeft(double[][] inv, double[][] m, int p) {
        double[][] out = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int x = 0; x < p; x++) {
                double v = inv[i][x];
                for (int j = 0; j < p; j++) {
                    out[i][j] += v * m[x][j];
                }
            }
        }
        return out;
    }
}
