# Reference values for GroupAlliance's linear mixed models (MixedModelAgreesWithRTest).
# Run from this folder after closed_form.R (it reuses group_sessions.csv):  Rscript mixed_models.R
# Each model is fitted with several optimizers at tight tolerances and the best optimum is kept,
# because lme4's default can stop short on flat likelihoods. Satterthwaite df from lmerTest.
suppressPackageStartupMessages({ library(lme4); library(lmerTest) })

write.csv(sleepstudy, "sleepstudy.csv", row.names = FALSE)
sleep <- read.csv("sleepstudy.csv")
d <- read.csv("group_sessions.csv", stringsAsFactors = FALSE)

tight <- list(
  lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e6)),
  lmerControl(optimizer = "Nelder_Mead", optCtrl = list(FtolAbs = 1e-14, FtolRel = 1e-14, XtolRel = 1e-12, maxfun = 1e6)),
  lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, xtol_rel = 1e-12, maxeval = 1e6)))

best_fit <- function(formula, data, REML) {
  fits <- lapply(tight, function(ctl) suppressWarnings(lmerTest::lmer(formula, data = data, REML = REML, control = ctl)))
  fits[[which.max(sapply(fits, function(f) as.numeric(logLik(f))))]]
}

out <- character(0)
put <- function(key, value) out <<- c(out, paste0(key, ",", if (is.na(value)) "NA" else sprintf("%.17g", value)))

record <- function(name, fit) {
  s <- summary(fit, ddf = "Satterthwaite")$coefficients
  for (i in seq_len(nrow(s))) {
    t <- rownames(s)[i]
    put(paste0(name, ".fe.", t, ".estimate"), s[i, "Estimate"]); put(paste0(name, ".fe.", t, ".se"), s[i, "Std. Error"])
    put(paste0(name, ".fe.", t, ".df"), s[i, "df"]); put(paste0(name, ".fe.", t, ".t"), s[i, "t value"])
    put(paste0(name, ".fe.", t, ".p"), s[i, "Pr(>|t|)"])
  }
  vc <- as.data.frame(VarCorr(fit))
  for (i in seq_len(nrow(vc))) {
    key <- paste0(name, ".vc.", vc$grp[i], ".", vc$var1[i], ".", vc$var2[i])
    put(paste0(key, ".vcov"), vc$vcov[i]); put(paste0(key, ".sdcor"), vc$sdcor[i])
  }
  put(paste0(name, ".logLik"), as.numeric(logLik(fit))); put(paste0(name, ".AIC"), AIC(fit)); put(paste0(name, ".BIC"), BIC(fit))
  put(paste0(name, ".n_obs"), nobs(fit))
  for (g in names(ngrps(fit))) put(paste0(name, ".n_groups.", g), ngrps(fit)[[g]])
}

record("sleep_reml", best_fit(Reaction ~ Days + (Days | Subject), sleep, TRUE))
record("sleep_ml", best_fit(Reaction ~ Days + (Days | Subject), sleep, FALSE))
record("nested_reml", best_fit(alliance ~ session + (1 | group_id/member_id), d, TRUE))
record("nested_ml", best_fit(alliance ~ session + (1 | group_id/member_id), d, FALSE))
record("slopes_reml", best_fit(alliance ~ session + (1 | group_id) + (1 + session | member_id), d, TRUE))
record("factor_reml", best_fit(outcome ~ alliance * phase + (1 | member_id), d, TRUE))

writeLines(out, "mixed_models_expected.csv")
cat("wrote", length(out), "reference values\n")
