package org.groupalliance.analysis;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.groupalliance.analysis.model.ModelMatrix;

/**
 * Ordinary least squares, as R's {@code summary(lm(formula))}.
 *
 * <p>{@code b = (X'X)⁻¹X'y} by Householder QR; residual variance {@code s² = RSS / (n - p)};
 * {@code SE(b) = sqrt(diag(s² (X'X)⁻¹))}; {@code t = b / SE} on {@code n - p} df, two-sided p;
 * {@code R² = 1 - RSS/TSS} (TSS about the mean with an intercept, about 0 without, as R);
 * adjusted {@code R² = 1 - (1 - R²)(n - i)/(n - p)} with {@code i} = 1 if there is an intercept;
 * {@code F = ((TSS - RSS)/(p - i)) / s²}. Rows with a missing value in a used column are dropped.
 */
public final class LinearRegression {

    /** A coefficient with its standard error, df, t and p. */
    public record Coefficient(String term, double estimate, double se, double df, double t, double p) {
    }

    /** The fit. */
    public record Result(List<Coefficient> coefficients, double rSquared, double adjRSquared, double sigma, double f,
                         int dfModel, int dfResidual, int nObs, int nDropped, double[] residuals, double[] fitted) {
        public Result {
            coefficients = List.copyOf(coefficients);
        }
    }

    private LinearRegression() {
    }

    public static Result fit(Formula formula, DataTable data) {
        if (!formula.random().isEmpty()) {
            throw new IllegalArgumentException("OLS formulas have no random-effect terms; use the mixed model");
        }
        int[] keep = ModelMatrix.completeRows(data, formula.variables());
        double[] yAll = data.numeric(formula.response());
        ModelMatrix.Design design = ModelMatrix.build(formula, data, keep);
        double[] y = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            y[i] = yAll[keep[i]];
        }
        return fit(design.names(), design.columns(), y, formula.intercept(), data.rows() - keep.length);
    }

    /** OLS on an explicit design (columns) and response. */
    public static Result fit(List<String> names, double[][] columns, double[] y, boolean intercept, int nDropped) {
        int n = y.length;
        int p = columns.length;
        if (n <= p) {
            throw new IllegalArgumentException("too few complete rows (" + n + ") for " + p + " coefficients");
        }
        double[][] x = new double[n][p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                x[i][j] = columns[j][i];
            }
        }
        RealMatrix xm = new Array2DRowRealMatrix(x, false);
        QRDecomposition qr = new QRDecomposition(xm, 1e-10);
        if (!qr.getSolver().isNonSingular()) {
            throw new IllegalArgumentException("the design matrix is rank deficient (a predictor is a linear combination of others)");
        }
        RealVector b = qr.getSolver().solve(new ArrayRealVector(y, false));
        RealMatrix rInv = new org.apache.commons.math3.linear.LUDecomposition(qr.getR().getSubMatrix(0, p - 1, 0, p - 1)).getSolver().getInverse();
        RealMatrix xtxInv = rInv.multiply(rInv.transpose());
        double[] fitted = xm.operate(b).toArray();
        double rss = 0;
        double[] resid = new double[n];
        for (int i = 0; i < n; i++) {
            resid[i] = y[i] - fitted[i];
            rss += resid[i] * resid[i];
        }
        int dfRes = n - p;
        double s2 = rss / dfRes;
        double tss = 0;
        double ym = intercept ? Stats.mean(y) : 0;
        for (double v : y) {
            tss += (v - ym) * (v - ym);
        }
        int i0 = intercept ? 1 : 0;
        double r2 = 1 - rss / tss;
        double adj = 1 - (1 - r2) * (n - i0) / (double) dfRes;
        int dfModel = p - i0;
        double f = dfModel > 0 ? ((tss - rss) / dfModel) / s2 : Double.NaN;
        List<Coefficient> coefs = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double se = Math.sqrt(s2 * xtxInv.getEntry(j, j));
            double t = b.getEntry(j) / se;
            coefs.add(new Coefficient(names.get(j), b.getEntry(j), se, dfRes, t, Tails.tTwoSided(t, dfRes)));
        }
        return new Result(coefs, r2, adj, Math.sqrt(s2), f, dfModel, dfRes, n, nDropped, resid, fitted);
    }

    /** The p value of the overall F test of a fit. */
    public static double fPValue(Result r) {
        return Tails.fUpper(r.f(), r.dfModel(), r.dfResidual());
    }

    /**
     * Residualised gain: the residuals of {@code post} regressed on {@code pre} (with intercept),
     * i.e. the part of the outcome not predicted by its baseline. Pairs with a missing value get NaN.
     */
    public static double[] residualisedGain(double[] pre, double[] post) {
        int n = 0;
        for (int i = 0; i < pre.length; i++) {
            if (!Double.isNaN(pre[i]) && !Double.isNaN(post[i])) {
                n++;
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        double[] one = new double[n];
        java.util.Arrays.fill(one, 1);
        for (int i = 0, k = 0; i < pre.length; i++) {
            if (!Double.isNaN(pre[i]) && !Double.isNaN(post[i])) {
                x[k] = pre[i];
                y[k++] = post[i];
            }
        }
        Result r = fit(List.of("(Intercept)", "pre"), new double[][] {one, x}, y, true, pre.length - n);
        double[] out = new double[pre.length];
        for (int i = 0, k = 0; i < pre.length; i++) {
            out[i] = Double.isNaN(pre[i]) || Double.isNaN(post[i]) ? Double.NaN : r.residuals()[k++];
        }
        return out;
    }
}
