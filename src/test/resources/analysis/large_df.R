# Reference values for 256,000 rows (2,000 groups x 8 members x 16 sessions; issue #8: Satterthwaite
# df drift on large data). The data are NOT committed: they come from the exact integer recipe
# below, which Java reproduces bit for bit (README-rfix.md, "large_df"). Committed instead:
# large_df_head.csv (first 20 rows) and large_df_check.csv (column sums, exact integer checksums).
# Run from this folder:  Rscript large_df.R  > large_df.log 2>&1   (takes minutes; writes
# large_df_head.csv, large_df_check.csv, large_df_expected.csv)
# R 4.2.2, lme4 1.1.31, lmerTest 3.1.3 (Debian r-cran-*).
source("rfix_common.R")

# ---- the generator ------------------------------------------------------------------------------
# MINSTD (Park & Miller 1988, multiplier 48271): s <- 48271 * s mod (2^31 - 1), from s0 = 20261129.
# 48271 * (2^31 - 2) < 2^47, so every step is exact in doubles. Each draw is the new state, an
# integer in [1, 2^31 - 2].
lcg_stream <- function(n, seed) {
  r <- numeric(n); s <- seed
  for (i in seq_len(n)) { s <- (48271 * s) %% 2147483647; r[i] <- s }
  r
}
# Check against the published MINSTD value: from seed 1, the 10,000th draw is 399268537.
stopifnot(lcg_stream(10000, 1)[10000] == 399268537)

G <- 2000; M <- 8; S <- 16
per_group <- 1 + M * (2 + S)            # normals per group, in the order they are used
n_norm <- G * per_group
r <- lcg_stream(12 * n_norm, 20261129)
# One standard normal-ish z from 12 consecutive draws (Irwin-Hall): k = sum - 6 * 2^31 is an
# integer with |k| < 2^35, z = k / 2^31 (exact; mean -6/2^31, variance ~1).
k <- colSums(matrix(r, nrow = 12)) - 6 * 2^31   # sums of 12 integers < 2^35: exact
z <- k / 2^31
stopifnot(all(k == round(k)))

# Order of use, group by group: z_group; then per member m = 1..8: z_intercept, z_slope, then the
# 16 residual z for sessions 1..16. Member ids are unique: member_id = (g - 1) * 8 + m.
g_of <- rep(1:G, each = M * S); m_of <- rep(rep(1:M, each = S), G); s_of <- rep(1:S, G * M)
base <- (g_of - 1) * per_group                              # 0-based offset of the group's block
zg <- z[base + 1]
zi <- z[base + 1 + (m_of - 1) * (2 + S) + 1]
zs <- z[base + 1 + (m_of - 1) * (2 + S) + 2]
ze <- z[base + 1 + (m_of - 1) * (2 + S) + 2 + s_of]
# alliance = 4 + 0.5 zg + 0.75 zi + (0.0625 + 0.03125 zs) session + 0.75 ze.
# Every term is a multiple of 2^-36 below 2^5 in size, so every value (and every partial sum, in
# any order) is exact in a double: Java gets identical doubles.
alliance <- 4 + 0.5 * zg + 0.75 * zi + (0.0625 + 0.03125 * zs) * s_of + 0.75 * ze
d <- data.frame(group_id = g_of, member_id = (g_of - 1) * M + m_of, session = s_of, alliance = alliance)
N <- alliance * 2^36                                        # exact integers, |N| < 2^41
stopifnot(all(N == round(N)), all(abs(N) < 2^41))

head20 <- d[1:20, ]
writeLines(c("group_id,member_id,session,alliance,alliance_times_2_36",
             sprintf("%d,%d,%d,%.17g,%.0f", head20$group_id, head20$member_id, head20$session, head20$alliance, N[1:20])),
             "large_df_head.csv")

# Checksums. Exact: N = hi * 2^20 + lo with hi = floor(N / 2^20), 0 <= lo < 2^20; the sums of hi
# and of lo are integers below 2^53, so exact; Java: sum of N as a long = sum_hi * 2^20 + sum_lo.
hi <- floor(N / 2^20); lo <- N - hi * 2^20
chk <- character(0)
cput <- function(key, v) chk <<- c(chk, paste0(key, ",", sprintf("%.17g", as.numeric(v))))
cput("n_rows", nrow(d)); cput("n_groups", G); cput("n_members", G * M); cput("n_sessions", S)
cput("lcg.draws", length(r)); cput("lcg.last_state", r[length(r)])
cput("sum.group_id", sum(d$group_id)); cput("sum.member_id", sum(d$member_id)); cput("sum.session", sum(d$session))
cput("sum.alliance_times_2_36.hi", sum(hi)); cput("sum.alliance_times_2_36.lo", sum(lo))
cput("sum.alliance", sum(d$alliance))
cput("sum.alliance_squared", sum(d$alliance^2))
cput("min.alliance", min(d$alliance)); cput("max.alliance", max(d$alliance))
cput("last.alliance", d$alliance[nrow(d)]); cput("last.alliance_times_2_36", N[nrow(d)])
writeLines(chk, "large_df_check.csv")
cat("data: ", nrow(d), "rows; sum(alliance) =", sprintf("%.17g", sum(d$alliance)), "\n")

# ---- fits: three optimiser settings, REML and ML ------------------------------------------------
# nloptwrap_issue: the settings quoted in issue #8 (xtol_abs 1e-12, ftol_abs 1e-14, maxeval 1e5).
#   nloptr then still applies its default xtol_rel = 1e-4, which stops it early on these data.
# nloptwrap: the same plus xtol_rel = 1e-12 (as in rfix_common.R). bobyqa: rhoend 1e-12.
# The fit with the highest logLik is recorded; every pair of settings is compared.
large_controls <- list(
  nloptwrap_issue = lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, maxeval = 1e5)),
  nloptwrap = lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, xtol_rel = 1e-12, maxeval = 1e5)),
  bobyqa = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
tight_controls <- large_controls   # record() / fit_each() use these

put_opt <- function(name, o, fit) {
  s <- summary(fit, ddf = "Satterthwaite")$coefficients
  for (i in seq_len(nrow(s))) {
    p <- paste0(name, ".opt.", o, ".fe.", rownames(s)[i])
    put(paste0(p, ".estimate"), s[i, "Estimate"]); put(paste0(p, ".se"), s[i, "Std. Error"]); put(paste0(p, ".df"), s[i, "df"])
  }
  vc <- as.data.frame(VarCorr(fit))
  for (i in seq_len(nrow(vc))) put(paste0(name, ".opt.", o, ".vc.", vc$grp[i], ".", vc$var1[i], ".", vc$var2[i], ".vcov"), vc$vcov[i])
  put(paste0(name, ".opt.", o, ".feval"), fit@optinfo$feval)
}

# Gradient of lme4's deviance function (the (RE)ML criterion as a function of theta) by numDeriv.
grad_at <- function(devfun, th) numDeriv::grad(devfun, th, method = "Richardson")

# Newton's method on the deviance from theta (numDeriv gradient and Hessian), a step accepted only
# if it lowers the deviance and stays within lme4's bounds; stops when the predicted decrease
# g' H^-1 g / 2 is below 1e-10 or a step does not help.
newton_polish <- function(devfun, th, lower, maxit = 8) {
  d0 <- devfun(th)
  for (it in seq_len(maxit)) {
    g <- grad_at(devfun, th); H <- numDeriv::hessian(devfun, th)
    step <- solve(H, g)
    if (sum(g * step) / 2 < 1e-10) break
    th1 <- th - step
    if (any(th1 < lower)) break
    d1 <- devfun(th1)
    cat(sprintf("    Newton %d: deviance %.12f -> %.12f (predicted decrease %.3g, step %.3g)\n", it, d0, d1, sum(g * step) / 2, max(abs(step))))
    if (!(d1 < d0)) break
    th <- th1; d0 <- d1
  }
  th
}

models <- list(
  list("slopes", alliance ~ session + (1 + session | member_id)),
  list("nested", alliance ~ session + (1 | group_id/member_id)))
for (m in models) for (reml in c(TRUE, FALSE)) {
  name <- paste0(m[[1]], if (reml) "_reml" else "_ml")
  t0 <- proc.time()[["elapsed"]]
  fits <- fit_each(m[[2]], d, reml, names(large_controls))
  # Polish: bobyqa once more, started at the best optimum so far.
  th0 <- getME(best_of(fits), "theta")
  w <- character(0)
  f <- withCallingHandlers(lmerTest::lmer(m[[2]], data = d, REML = reml, control = large_controls$bobyqa, start = list(theta = th0)),
                           warning = function(cond) { w <<- c(w, conditionMessage(cond)); invokeRestart("muffleWarning") })
  attr(f, "rfix_warnings") <- w
  fits$bobyqa_restart <- f
  # Newton from the best optimum; the model at that theta (lmerControl(optimizer = NULL) evaluates
  # at the start value) gives lmerTest's se and df there.
  devfun <- lme4::lmer(m[[2]], data = d, REML = reml, devFunOnly = TRUE)
  thn <- newton_polish(devfun, getME(best_of(fits), "theta"), getME(fits$bobyqa, "lower"))
  w <- character(0)
  f <- withCallingHandlers(lmerTest::lmer(m[[2]], data = d, REML = reml, control = lmerControl(optimizer = NULL), start = list(theta = thn)),
                           warning = function(cond) { w <<- c(w, conditionMessage(cond)); invokeRestart("muffleWarning") })
  attr(f, "rfix_warnings") <- w
  fits$newton <- f
  best <- record(name, fits)
  for (o in names(fits)) put_opt(name, o, fits[[o]])
  tight <- c("nloptwrap", "bobyqa", "bobyqa_restart")
  worst <- NULL
  for (pair in list(c("nloptwrap_issue", "bobyqa"), c("nloptwrap_issue", "nloptwrap"), c("bobyqa", "bobyqa_restart"),
                    c("nloptwrap", "bobyqa_restart"), c("newton", "nloptwrap"), c("newton", "bobyqa"),
                    c("newton", "bobyqa_restart"))) {
    dd <- disagreement(fits[[pair[1]]], fits[[pair[2]]])
    for (q in names(dd)) put(paste0(name, ".opt.", pair[1], "_vs_", pair[2], ".", q), dd[[q]])
    if (all(pair %in% tight)) worst <- if (is.null(worst)) dd else pmax(worst, dd)
    cat(sprintf("  %s %s vs %s: est %.2g se %.2g df %.2g vcov %.2g logLik %.2g\n", name, pair[1], pair[2],
                dd[["estimate"]], dd[["se"]], dd[["df"]], dd[["vcov"]], dd[["logLik_abs"]]))
  }
  worst <- pmax(worst, disagreement(fits$nloptwrap, fits$bobyqa))
  for (q in names(worst)) put(paste0(name, ".opt.tight_max.", q), worst[[q]])
  # How close to a stationary point is each optimum? max |d deviance / d theta|, and for the recorded
  # fit the Newton step H^-1 g and the decrease of the deviance it predicts, g' H^-1 g / 2.
  for (o in names(fits)) put(paste0(name, ".opt.", o, ".grad_maxabs"), max(abs(grad_at(devfun, getME(fits[[o]], "theta")))))
  thb <- getME(best, "theta"); g <- grad_at(devfun, thb); H <- numDeriv::hessian(devfun, thb)
  step <- solve(H, g)
  put(paste0(name, ".grad_maxabs"), max(abs(g))); put(paste0(name, ".newton_step_maxabs"), max(abs(step)))
  put(paste0(name, ".newton_decrease"), sum(g * step) / 2)
  cat(sprintf("  %s: recorded fit max|grad| %.3g, Newton step %.3g, predicted decrease %.3g; %.0f s\n", name, max(abs(g)),
              max(abs(step)), sum(g * step) / 2, proc.time()[["elapsed"]] - t0))
}

writeLines(out, "large_df_expected.csv")
cat("wrote", length(out), "reference values\n")
