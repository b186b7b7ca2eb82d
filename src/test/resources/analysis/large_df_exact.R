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

# ---- nested: alliance ~ session + (1 | group_id/member_id), balanced (G groups x m members x n sessions)
# Three independent strata (n, m, G as above; members M = G m; Sxx = sum over s of (s - mean s)^2):
#   within members: beta_session = pooled within-member slope, RSS_w on M(n - 1) - 1 df;
#   members within groups: SS_m = n sum (member mean - group mean)^2 on G(m - 1) df, E = lambda_m = sigma^2 + n tau_m^2;
#   groups: SS_g = m n sum (group mean - grand mean)^2, lambda_g = lambda_m + m n tau_g^2.
# REML: sigma^2 = RSS_w / (M(n-1) - 1), lambda_m = SS_m / (G(m-1)), lambda_g = SS_g / (G - 1);
# ML:   sigma^2 = RSS_w / (M(n-1)),     lambda_m = SS_m / (G(m-1)), lambda_g = SS_g / G.
# Var(beta_session) = sigma^2 / (M Sxx): df = M(n-1) - 1 (REML) or M(n-1) (ML).
# Var(beta_0) = lambda_g / N + mean(s)^2 sigma^2 / (M Sxx): Satterthwaite df =
#   v^2 / ((lambda_g / N)^2 / d_g + (mean(s)^2 sigma^2 / (M Sxx))^2 / d_w), d_g = G - 1 or G, d_w as for session.
n <- S; m <- M; Mm <- G * M; Ntot <- nrow(d); sbar <- mean(1:S); Sxx <- sum((1:S - sbar)^2)
mem_mean <- colMeans(Y)                                       # members in order (g - 1) * 8 + m
grp_mean <- colMeans(matrix(mem_mean, nrow = m)); grand <- mean(d$alliance)
sc <- matrix(1:S - sbar, nrow = S, ncol = Mm)
b1 <- sum(sc * (Y - rep(mem_mean, each = S))) / (Mm * Sxx)
rss_w <- sum((Y - rep(mem_mean, each = S) - b1 * sc)^2)
ss_m <- n * sum((mem_mean - rep(grp_mean, each = m))^2)
ss_g <- m * n * sum((grp_mean - grand)^2)
for (reml in c(TRUE, FALSE)) {
  name <- if (reml) "nested_reml" else "nested_ml"
  d_w <- Mm * (n - 1) - (if (reml) 1 else 0); d_g <- if (reml) G - 1 else G
  s2 <- rss_w / d_w; lam_m <- ss_m / (G * (m - 1)); lam_g <- ss_g / d_g
  tau_m <- (lam_m - s2) / n; tau_g <- (lam_g - lam_m) / (m * n)
  stopifnot(tau_m > 0, tau_g > 0)
  a <- lam_g / Ntot; b <- sbar^2 * s2 / (Mm * Sxx)
  vals <- list(c("(Intercept)", grand - b1 * sbar, sqrt(a + b), (a + b)^2 / (a^2 / d_g + b^2 / d_w)),
               c("session", b1, sqrt(s2 / (Mm * Sxx)), d_w))
  for (v in vals) {
    put(paste0(name, ".exact.fe.", v[1], ".estimate"), v[2]); put(paste0(name, ".exact.fe.", v[1], ".se"), v[3])
    put(paste0(name, ".exact.fe.", v[1], ".df"), v[4])
  }
  put(paste0(name, ".exact.vc.member_id:group_id.(Intercept).NA.vcov"), tau_m)
  put(paste0(name, ".exact.vc.group_id.(Intercept).NA.vcov"), tau_g)
  put(paste0(name, ".exact.vc.Residual.NA.NA.vcov"), s2)
  theta <- c(sqrt(tau_m / s2), sqrt(tau_g / s2))
  for (i in 1:2) put(paste0(name, ".exact.theta.", i), theta[i])
  f <- suppressWarnings(lmerTest::lmer(alliance ~ session + (1 | group_id/member_id), data = d, REML = reml,
                                       control = lmerControl(optimizer = NULL), start = list(theta = theta)))
  s <- summary(f, ddf = "Satterthwaite")$coefficients
  terms <- c("(Intercept)", "session")
  for (k in 1:2) for (q in c("Estimate", "Std. Error", "df")) {
    key <- c(Estimate = "estimate", "Std. Error" = "se", df = "df")[[q]]
    put(paste0(name, ".at_exact.fe.", terms[k], ".", key), s[k, q])
  }
  put(paste0(name, ".at_exact.logLik"), as.numeric(logLik(f)))
  cat(sprintf("%s: exact df %.10f %.1f; lmerTest at the exact theta: df %.10f %.6f, logLik %.10f; se rel diff %.2g %.2g\n",
              name, as.numeric(vals[[1]][4]), d_w, s[1, "df"], s[2, "df"], as.numeric(logLik(f)),
              abs(s[1, 2] / as.numeric(vals[[1]][3]) - 1), abs(s[2, 2] / as.numeric(vals[[2]][3]) - 1)))
}

writeLines(out, "large_df_exact_expected.csv")
cat("wrote", length(out), "reference values\n")
