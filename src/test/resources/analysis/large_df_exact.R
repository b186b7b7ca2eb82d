# Closed-form reference for large_df.R's  alliance ~ session + (1 + session | member_id): the data
# are balanced and complete (every member has sessions 1..16), so the REML and ML estimates have a
# closed form, free of optimiser error (README-rfix.md, "large_df_exact").
# Run from this folder (a few minutes):  Rscript large_df_exact.R   (writes large_df_exact_expected.csv)
# R 4.2.2, lme4 1.1.31, lmerTest 3.1.3 (Debian r-cran-*).
source("rfix_common.R")

# ---- the generator of large_df.R (copied; checked against large_df_check.csv) --------------------
lcg_stream <- function(n, seed) {
  r <- numeric(n); s <- seed
  for (i in seq_len(n)) { s <- (48271 * s) %% 2147483647; r[i] <- s }
  r
}
G <- 2000; M <- 8; S <- 16
per_group <- 1 + M * (2 + S)
r <- lcg_stream(12 * G * per_group, 20261129)
z <- (colSums(matrix(r, nrow = 12)) - 6 * 2^31) / 2^31
g_of <- rep(1:G, each = M * S); m_of <- rep(rep(1:M, each = S), G); s_of <- rep(1:S, G * M)
base <- (g_of - 1) * per_group
alliance <- 4 + 0.5 * z[base + 1] + 0.75 * z[base + 1 + (m_of - 1) * (2 + S) + 1] +
  (0.0625 + 0.03125 * z[base + 1 + (m_of - 1) * (2 + S) + 2]) * s_of + 0.75 * z[base + 1 + (m_of - 1) * (2 + S) + 2 + s_of]
d <- data.frame(group_id = g_of, member_id = (g_of - 1) * M + m_of, session = s_of, alliance = alliance)
chk <- read.csv("large_df_check.csv", header = FALSE, col.names = c("key", "value"))
N <- alliance * 2^36; hi <- floor(N / 2^20)
stopifnot(sum(hi) == chk$value[chk$key == "sum.alliance_times_2_36.hi"],
          sum(N - hi * 2^20) == chk$value[chk$key == "sum.alliance_times_2_36.lo"],
          r[length(r)] == chk$value[chk$key == "lcg.last_state"])

# ---- closed form ------------------------------------------------------------------------------
# Every member has the same X = [1, session 1..16]. b_i = (X'X)^-1 X'y_i (per-member OLS), J members,
# n = 16, p = 2. RSS = sum of within-member OLS residual squares; sigma^2 = RSS / (J (n - p)) (REML
# and ML). V = Cov(b_i) estimate: S_b / (J - 1) (REML) or S_b / J (ML), S_b the scatter of the b_i.
# Sigma_b = V - sigma^2 (X'X)^-1 (positive definite here), beta = mean of b_i, Cov(beta) = V / J,
# Satterthwaite df = J - 1 (REML) or J (ML) for both coefficients (Var(V_kk) = 2 V_kk^2 / (J - 1) or / J).
X <- cbind(1, 1:S); A <- crossprod(X); J <- G * M
Y <- matrix(d$alliance, nrow = S)                          # one column per member, sessions in rows
B <- solve(A, crossprod(X, Y))                             # 2 x J per-member coefficients
rss <- sum((Y - X %*% B)^2)
sigma2 <- rss / (J * (S - 2))
bbar <- rowMeans(B); Sb <- tcrossprod(B - bbar)
for (reml in c(TRUE, FALSE)) {
  name <- if (reml) "slopes_reml" else "slopes_ml"
  V <- Sb / (if (reml) J - 1 else J)
  Sigma_b <- V - sigma2 * solve(A)
  stopifnot(all(eigen(Sigma_b, symmetric = TRUE)$values > 0))
  terms <- c("(Intercept)", "session")
  for (k in 1:2) {
    put(paste0(name, ".exact.fe.", terms[k], ".estimate"), bbar[k])
    put(paste0(name, ".exact.fe.", terms[k], ".se"), sqrt(V[k, k] / J))
    put(paste0(name, ".exact.fe.", terms[k], ".df"), if (reml) J - 1 else J)
  }
  put(paste0(name, ".exact.vc.member_id.(Intercept).NA.vcov"), Sigma_b[1, 1])
  put(paste0(name, ".exact.vc.member_id.session.NA.vcov"), Sigma_b[2, 2])
  put(paste0(name, ".exact.vc.member_id.(Intercept).session.vcov"), Sigma_b[1, 2])
  put(paste0(name, ".exact.vc.member_id.(Intercept).session.sdcor"), Sigma_b[1, 2] / sqrt(Sigma_b[1, 1] * Sigma_b[2, 2]))
  put(paste0(name, ".exact.vc.Residual.NA.NA.vcov"), sigma2)
  L <- t(chol(Sigma_b / sigma2)); theta <- c(L[1, 1], L[2, 1], L[2, 2])
  for (i in 1:3) put(paste0(name, ".exact.theta.", i), theta[i])
  # lme4 + lmerTest evaluated at the exact theta (no optimisation): logLik there, and lmerTest's
  # numDeriv-based se and df at the exact optimum.
  f <- suppressWarnings(lmerTest::lmer(alliance ~ session + (1 + session | member_id), data = d, REML = reml,
                                       control = lmerControl(optimizer = NULL), start = list(theta = theta)))
  s <- summary(f, ddf = "Satterthwaite")$coefficients
  for (k in 1:2) for (q in c("Estimate", "Std. Error", "df")) {
    key <- c(Estimate = "estimate", "Std. Error" = "se", df = "df")[[q]]
    put(paste0(name, ".at_exact.fe.", terms[k], ".", key), s[k, q])
  }
  put(paste0(name, ".at_exact.logLik"), as.numeric(logLik(f)))
  cat(sprintf("%s: exact df %d; lmerTest at the exact theta: df %.6f %.6f, logLik %.10f; exact se(session) %.15g vs lmerTest %.15g\n",
              name, if (reml) J - 1 else J, s[1, "df"], s[2, "df"], as.numeric(logLik(f)), sqrt(V[2, 2] / J), s[2, "Std. Error"]))
}

writeLines(out, "large_df_exact_expected.csv")
cat("wrote", length(out), "reference values\n")
