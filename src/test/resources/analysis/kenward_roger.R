# Reference values for GroupAlliance's Kenward-Roger inference (KenwardRogerAgreesWithRTest).
# Run from this folder (it reads sleepstudy.csv and group_sessions.csv, written by mixed_models.R
# and closed_form.R):  Rscript kenward_roger.R
# Writes group_arm.csv, therapy_small.csv (generated here) and kenward_roger_expected.csv.
# Each model is fitted with several optimizers at tight tolerances and the best REML optimum is kept
# (as in mixed_models.R); the Kenward-Roger table is lmerTest's summary(fit, ddf = "Kenward-Roger"),
# which calls pbkrtest::vcovAdj (adjusted covariance) and pbkrtest::Lb_ddf (df) per coefficient.
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(pbkrtest) })

sleep <- read.csv("sleepstudy.csv")
d <- read.csv("group_sessions.csv", stringsAsFactors = FALSE)

# group_sessions with a group-level predictor: arm "A" for groups G01-G07, "B" for the others
groups <- sort(unique(d$group_id))
arm <- d[, c("group_id", "member_id", "session", "alliance", "outcome")]
arm$arm <- ifelse(arm$group_id %in% groups[1:7], "A", "B")
write.csv(arm, "group_arm.csv", row.names = FALSE)
arm <- read.csv("group_arm.csv", stringsAsFactors = FALSE)

# a small therapy study: 6 groups (3 per arm), 5 to 8 members each, up to 12 sessions, ~20 % missed
set.seed(20261131)
rows <- list()
for (g in 1:6) {
  ge <- rnorm(1, 0, 1.2)
  cond <- if (g <= 3) "control" else "treatment"
  for (m in seq_len(sample(5:8, 1))) {
    me <- rnorm(1, 0, 2); ms <- rnorm(1, 0, 0.15)
    base <- round(rnorm(1, 20, 4), 1)
    for (s in 1:12) {
      if (runif(1) < 0.2) next
      y <- 22 + 0.3 * (base - 20) + ge + me + (-0.25 - 0.2 * (cond == "treatment") + ms) * s + rnorm(1, 0, 1.5)
      rows[[length(rows) + 1]] <- data.frame(group_id = sprintf("T%d", g), member_id = sprintf("T%dM%d", g, m),
                                             condition = cond, baseline = base, session = s, symptoms = round(y, 2))
    }
  }
}
write.csv(do.call(rbind, rows), "therapy_small.csv", row.names = FALSE)
therapy <- read.csv("therapy_small.csv", stringsAsFactors = FALSE)

tight <- list(
  lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e6)),
  lmerControl(optimizer = "Nelder_Mead", optCtrl = list(FtolAbs = 1e-14, FtolRel = 1e-14, XtolRel = 1e-12, maxfun = 1e6)),
  lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, xtol_rel = 1e-12, maxeval = 1e6)))

best_fit <- function(formula, data) {
  fits <- lapply(tight, function(ctl) suppressWarnings(lmerTest::lmer(formula, data = data, REML = TRUE, control = ctl)))
  fits[[which.max(sapply(fits, function(f) as.numeric(logLik(f))))]]
}

out <- character(0)
put <- function(key, value) out <<- c(out, paste0(key, ",", if (is.na(value)) "NA" else sprintf("%.17g", value)))

record <- function(name, fit) {
  s <- summary(fit, ddf = "Kenward-Roger")$coefficients
  unadjusted <- sqrt(diag(as.matrix(vcov(fit))))
  put(paste0(name, ".n_fixed"), nrow(s))
  for (i in seq_len(nrow(s))) {
    t <- rownames(s)[i]
    k <- paste0(name, ".fe.", t)
    put(paste0(k, ".estimate"), s[i, "Estimate"]); put(paste0(k, ".se"), s[i, "Std. Error"])
    put(paste0(k, ".df"), s[i, "df"]); put(paste0(k, ".t"), s[i, "t value"]); put(paste0(k, ".p"), s[i, "Pr(>|t|)"])
    put(paste0(k, ".se_unadjusted"), unadjusted[[t]])
    # 95 % interval with the Kenward-Roger df and adjusted se (what --ddf kenward-roger reports)
    half <- qt(0.975, s[i, "df"]) * s[i, "Std. Error"]
    put(paste0(k, ".ci_lower"), s[i, "Estimate"] - half); put(paste0(k, ".ci_upper"), s[i, "Estimate"] + half)
  }
  put(paste0(name, ".logLik"), as.numeric(logLik(fit)))
  # the variance parameters pbkrtest uses (VarCorr and sigma), keyed name.vc|group|var1|var2
  vc <- as.data.frame(VarCorr(fit))
  for (i in seq_len(nrow(vc))) if (vc$grp[i] != "Residual") put(paste0(name, ".vc|", vc$grp[i], "|", vc$var1[i], "|", vc$var2[i]), vc$vcov[i])
  put(paste0(name, ".sigma"), sigma(fit))
}

record("sleep_slopes", best_fit(Reaction ~ Days + (Days | Subject), sleep))
record("sleep_intercept", best_fit(Reaction ~ Days + (1 | Subject), sleep))
record("nested", best_fit(alliance ~ session + (1 | group_id/member_id), d))
record("arm_intercept", best_fit(outcome ~ arm + session + (1 | group_id), arm))
record("arm_nested", best_fit(outcome ~ arm * session + (1 | group_id/member_id), arm))
record("therapy_nested", best_fit(symptoms ~ condition * session + baseline + (1 | group_id/member_id), therapy))
record("therapy_slopes", best_fit(symptoms ~ condition * session + (1 | group_id) + (1 + session | member_id), therapy))
record("therapy_group", best_fit(symptoms ~ condition + session + (1 | group_id), therapy))
# boundary (singular) fits: the member variance at 0; a rank-1 member covariance (slope variance 0)
record("singular_nested", best_fit(outcome ~ alliance * phase + (1 | group_id/member_id), d))
record("singular_slopes", best_fit(outcome ~ arm * session + (1 | group_id) + (1 + session | member_id), arm))

writeLines(out, "kenward_roger_expected.csv")
cat("wrote", length(out), "reference values\n")
