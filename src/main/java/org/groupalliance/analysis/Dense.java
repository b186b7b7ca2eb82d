package org.groupalliance.analysis;

/** Small dense matrix kernels (row-major double[][]) for the mixed model's per-block algebra. */
final class Dense {

    private Dense() {
    }

    /** Lower Cholesky factor of a symmetric positive definite matrix; null if not positive definite. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) {
                s -= l[j][k] * l[j][k];
            }
            if (!(s > 0)) {
                return null;
            }
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < n; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) {
                    t -= l[i][k] * l[j][k];
                }
                l[i][j] = t / l[j][j];
            }
        }
        return l;
    }

    static double logDetFromCholesky(double[][] l) {
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += Math.log(l[i][i]);
        }
        return 2 * s;
    }

    static double[] forwardSolve(double[][] l, double[] b) {
        int n = l.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    static double[] backSolveTransposed(double[][] l, double[] b) {
        int n = l.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** Inverse of a symmetric positive definite matrix from its Cholesky factor. */
    static double[][] inverseFromCholesky(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] e = new double[n];
            e[c] = 1;
            double[] col = backSolveTransposed(l, forwardSolve(l, e));
            for (int r = 0; r < n; r++) {
                inv[r][c] = col[r];
            }
        }
        return inv;
    }

    /** The dot product a'b. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
