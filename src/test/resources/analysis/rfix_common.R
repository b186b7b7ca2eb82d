# Shared helpers for null_models.R, general_path.R and large_df.R (sourced, not run on its own).
# Written with R 4.2.2 Patched (2022-11-10 r83330), lme4 1.1.31, lmerTest 3.1.3, Matrix 1.5.3,
# numDeriv 2016.8.1.1, nloptr 2.0.3, minqa 1.2.5 (Debian r-cran-* packages); see README-rfix.md.
# Output format: "key,value" lines, value printed with sprintf("%.17g"), NA as "NA", no header,
# exactly what src/test/java/org/groupalliance/analysis/RReference.java reads.

# Byte-exact regeneration: lme4's deviance for models with two random-effect terms differs in the
# last bit between processes (e.g. 3226.5556916710402 vs 3226.555691671043), because vectorised
# loops in the sparse Cholesky round differently depending on memory addresses, which address-space
# randomisation changes on every run; the optimisers then end ~1e-8 apart. So the script re-runs
# itself once with randomisation off (setarch -R), where the addresses, and the output, repeat.
if (Sys.getenv("RFIX_NO_ASLR") == "" && nzchar(Sys.which("setarch"))) {
  script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  Sys.setenv(RFIX_NO_ASLR = "1")
  status <- system2("setarch", c(R.version$arch, "-R", file.path(R.home("bin"), "Rscript"), script))
  quit(save = "no", status = status)
}
suppressPackageStartupMessages({ library(lme4); library(lmerTest) })

written_with <- c(R = "4.2.2", lme4 = "1.1.31", lmerTest = "3.1.3", Matrix = "1.5.3", numDeriv = "2016.8.1.1",
                  nloptr = "2.0.3", minqa = "1.2.5")
check_versions <- function() {
  now <- c(R = paste(R.version$major, R.version$minor, sep = "."),
           sapply(names(written_with)[-1], function(p) as.character(packageVersion(p))))
  diff <- names(written_with)[now[names(written_with)] != written_with]
  if (length(diff) > 0)
    message("NOTE: versions differ from those the committed outputs were made with: ",
            paste0(diff, " ", now[diff], " (was ", written_with[diff], ")", collapse = ", "))
}
check_versions()

# Tight settings for each optimiser. All three are run; the fit with the highest log-likelihood is
# recorded (as mixed_models.R does), and bobyqa and nloptwrap are compared with each other.
tight_controls <- list(
  bobyqa = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e6)),
  nloptwrap = lmerControl(optimizer = "nloptwrap",
                          optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, xtol_rel = 1e-12, maxeval = 1e6)),
  Nelder_Mead = lmerControl(optimizer = "Nelder_Mead",
                            optCtrl = list(FtolAbs = 1e-14, FtolRel = 1e-14, XtolRel = 1e-12, maxfun = 1e6)))

out <- character(0)
put <- function(key, value) {
  value <- as.numeric(value)
  out <<- c(out, paste0(key, ",", if (is.na(value)) "NA" else sprintf("%.17g", value)))
}

# Fits with each optimiser in `which`; warnings are kept per fit and printed.
fit_each <- function(formula, data, REML, which = names(tight_controls)) {
  fits <- list()
  for (o in which) {
    w <- character(0)
    f <- withCallingHandlers(lmerTest::lmer(formula, data = data, REML = REML, control = tight_controls[[o]]),
                             warning = function(cond) { w <<- c(w, conditionMessage(cond)); invokeRestart("muffleWarning") })
    attr(f, "rfix_warnings") <- w
    fits[[o]] <- f
  }
  fits
}

best_of <- function(fits) fits[[which.max(sapply(fits, function(f) as.numeric(logLik(f))))]]

rel <- function(a, b) {
  a <- as.numeric(a); b <- as.numeric(b)
  d <- abs(a - b) / pmax(abs(a), abs(b))
  d[a == b] <- 0
  d
}

# Max relative difference between two fits, per kind of quantity; logLik as an absolute difference.
# Variance components below 1e-10 (boundary) are compared absolutely.
disagreement <- function(f1, f2) {
  s1 <- summary(f1, ddf = "Satterthwaite")$coefficients; s2 <- summary(f2, ddf = "Satterthwaite")$coefficients
  v1 <- as.data.frame(VarCorr(f1))$vcov; v2 <- as.data.frame(VarCorr(f2))$vcov
  vd <- ifelse(pmax(abs(v1), abs(v2)) < 1e-10, abs(v1 - v2), rel(v1, v2))
  c(estimate = max(rel(s1[, "Estimate"], s2[, "Estimate"])), se = max(rel(s1[, "Std. Error"], s2[, "Std. Error"])),
    df = max(rel(s1[, "df"], s2[, "df"])), p = max(rel(s1[, "Pr(>|t|)"], s2[, "Pr(>|t|)"])), vcov = max(vd),
    logLik_abs = abs(as.numeric(logLik(f1)) - as.numeric(logLik(f2))))
}

# Writes the same keys as mixed_models.R plus isSingular (0/1), theta, the (RE)ML criterion, sigma,
# and for every optimiser its logLik and whether lme4 warned.
record <- function(name, fits) {
  fit <- best_of(fits)
  s <- summary(fit, ddf = "Satterthwaite")$coefficients
  put(paste0(name, ".n_fe"), nrow(s))
  for (i in seq_len(nrow(s))) {
    t <- rownames(s)[i]
    put(paste0(name, ".fe.", t, ".estimate"), s[i, "Estimate"]); put(paste0(name, ".fe.", t, ".se"), s[i, "Std. Error"])
    put(paste0(name, ".fe.", t, ".df"), s[i, "df"]); put(paste0(name, ".fe.", t, ".t"), s[i, "t value"])
    put(paste0(name, ".fe.", t, ".p"), s[i, "Pr(>|t|)"])
    # natural log of the two-sided p, exact even where p underflows (null-model intercepts: p < 1e-300)
    put(paste0(name, ".fe.", t, ".logp"), log(2) + pt(abs(s[i, "t value"]), s[i, "df"], lower.tail = FALSE, log.p = TRUE))
  }
  vc <- as.data.frame(VarCorr(fit))
  put(paste0(name, ".n_vc"), nrow(vc))
  for (i in seq_len(nrow(vc))) {
    key <- paste0(name, ".vc.", vc$grp[i], ".", vc$var1[i], ".", vc$var2[i])
    put(paste0(key, ".vcov"), vc$vcov[i]); put(paste0(key, ".sdcor"), vc$sdcor[i])
  }
  put(paste0(name, ".logLik"), as.numeric(logLik(fit))); put(paste0(name, ".AIC"), AIC(fit)); put(paste0(name, ".BIC"), BIC(fit))
  if (isREML(fit)) put(paste0(name, ".REMLcrit"), REMLcrit(fit)) else put(paste0(name, ".deviance"), deviance(fit))
  put(paste0(name, ".sigma"), sigma(fit))
  th <- getME(fit, "theta")
  for (i in seq_along(th)) put(paste0(name, ".theta.", i), th[[i]])
  put(paste0(name, ".isSingular"), as.integer(isSingular(fit, tol = 1e-4)))
  put(paste0(name, ".n_obs"), nobs(fit))
  for (g in names(ngrps(fit))) put(paste0(name, ".n_groups.", g), ngrps(fit)[[g]])
  for (o in names(fits)) {
    put(paste0(name, ".opt.", o, ".logLik"), as.numeric(logLik(fits[[o]])))
    put(paste0(name, ".opt.", o, ".warned"), as.integer(length(attr(fits[[o]], "rfix_warnings")) > 0))
  }
  if (all(c("bobyqa", "nloptwrap") %in% names(fits))) {
    d <- disagreement(fits$bobyqa, fits$nloptwrap)
    for (k in names(d)) put(paste0(name, ".opt.bobyqa_vs_nloptwrap.", k), d[[k]])
    cat(sprintf("%-28s best=%-11s logLik=%.10f singular=%s | bobyqa vs nloptwrap: est %.2g se %.2g df %.2g p %.2g vcov %.2g logLik %.2g\n",
                name, names(fits)[which.max(sapply(fits, function(f) as.numeric(logLik(f))))], as.numeric(logLik(fit)),
                isSingular(fit, tol = 1e-4), d[["estimate"]], d[["se"]], d[["df"]], d[["p"]], d[["vcov"]], d[["logLik_abs"]]))
  }
  for (o in names(fits)) for (w in attr(fits[[o]], "rfix_warnings")) cat(sprintf("  %s [%s] warning: %s\n", name, o, w))
  invisible(fit)
}
