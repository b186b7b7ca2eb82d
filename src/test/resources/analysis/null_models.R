# Reference values for null (intercept-only) mixed models  y ~ 1 + (1 | g)  on public data, REML and
# ML (issue #8: the engine stalled at its start value on bh1996 and still said converged).
# Run from this folder:  Rscript null_models.R   (writes the data CSVs and null_models_expected.csv)
# R 4.2.2, lme4 1.1.31, lmerTest 3.1.3, multilevel 2.7, nlme 3.1.162 (Debian r-cran-*).
# Each data set is written to CSV (only the columns used) and read back; every reference is computed
# from what was read back, so Java and R see the same doubles. Groups range from 6 (Rail) to 495
# (univbct). Rows with a missing outcome are dropped by lmer (na.omit), as by the engine.
source("rfix_common.R")
suppressPackageStartupMessages({ library(multilevel); library(nlme) })
data(bh1996); data(lq2002); data(univbct)

# bh1996.csv is written by closed_form.R; check that it holds exactly multilevel's bh1996 columns.
bh <- read.csv("bh1996.csv")
for (v in c("GRP", "WBEING", "HRS", "LEAD")) stopifnot(max(abs(bh[[v]] - bh1996[[v]])) == 0)
stopifnot(nrow(bh) == 7382)

write.csv(lq2002[, c("COMPID", "LEAD", "TSIG", "HOSTILE")], "lq2002.csv", row.names = FALSE)
write.csv(univbct[, c("SUBNUM", "TIME", "JSAT", "COMMIT", "READY")], "univbct.csv", row.names = FALSE)
write.csv(data.frame(Subject = as.character(Orthodont$Subject), age = Orthodont$age, distance = Orthodont$distance,
                     Sex = as.character(Orthodont$Sex)), "orthodont.csv", row.names = FALSE)
write.csv(data.frame(Mare = as.character(Ovary$Mare), Time = Ovary$Time, follicles = Ovary$follicles), "ovary.csv", row.names = FALSE)
write.csv(data.frame(Rail = as.character(Rail$Rail), travel = Rail$travel), "rail.csv", row.names = FALSE)

# A boundary case: 12 groups of 6 whose means are equal up to rounding to 3 decimals, so the
# between-group variance estimate is 0 (singular fit) under REML and ML.
set.seed(20261129)
zb <- data.frame(group = rep(sprintf("Z%02d", 1:12), each = 6), y = rnorm(72, 0, 1))
zb$y <- round(5 + zb$y - ave(zb$y, zb$group), 3)
write.csv(zb, "null_zero_between.csv", row.names = FALSE)

lq <- read.csv("lq2002.csv"); ub <- read.csv("univbct.csv"); orth <- read.csv("orthodont.csv", stringsAsFactors = FALSE)
ova <- read.csv("ovary.csv", stringsAsFactors = FALSE); rail <- read.csv("rail.csv", stringsAsFactors = FALSE)
zb <- read.csv("null_zero_between.csv", stringsAsFactors = FALSE)

models <- list(
  list("bh1996_wbeing", WBEING ~ 1 + (1 | GRP), bh),
  list("bh1996_hrs", HRS ~ 1 + (1 | GRP), bh),
  list("bh1996_lead", LEAD ~ 1 + (1 | GRP), bh),
  list("lq2002_lead", LEAD ~ 1 + (1 | COMPID), lq),
  list("lq2002_tsig", TSIG ~ 1 + (1 | COMPID), lq),
  list("lq2002_hostile", HOSTILE ~ 1 + (1 | COMPID), lq),
  list("univbct_jsat", JSAT ~ 1 + (1 | SUBNUM), ub),
  list("univbct_commit", COMMIT ~ 1 + (1 | SUBNUM), ub),
  list("univbct_ready", READY ~ 1 + (1 | SUBNUM), ub),
  list("orthodont_distance", distance ~ 1 + (1 | Subject), orth),
  list("ovary_follicles", follicles ~ 1 + (1 | Mare), ova),
  list("rail_travel", travel ~ 1 + (1 | Rail), rail),
  list("zero_between_y", y ~ 1 + (1 | group), zb))

for (m in models) {
  for (reml in c(TRUE, FALSE)) {
    name <- paste0(m[[1]], if (reml) "_reml" else "_ml")
    fit <- record(name, fit_each(m[[2]], m[[3]], reml))
    vc <- as.data.frame(VarCorr(fit))$vcov
    put(paste0(name, ".icc"), vc[1] / sum(vc))
  }
}

# Balanced one-way designs (J groups of n) have closed forms, a reference free of optimiser and
# numDeriv error: MSB, MSW the ANOVA mean squares, lambda = sigma^2 + n tau^2.
#   REML: sigma^2 = MSW, tau^2 = (MSB - MSW)/n, se = sqrt(MSB/(J n)), Satterthwaite df = J - 1
#   ML:   sigma^2 = MSW, tau^2 = (SSB/J - MSW)/n, se = sqrt(SSB/J/(J n)), Satterthwaite df = J
# (valid when tau^2 > 0). Keys <name>.exact.*; checked here against lmer to 1e-6.
exact_balanced <- function(name, data, yname, gname) {
  y <- data[[yname]]; g <- data[[gname]]
  n <- unique(as.vector(table(g))); stopifnot(length(n) == 1)
  J <- length(unique(g)); gm <- ave(y, g)
  ssb <- sum((gm - mean(y))^2); ssw <- sum((y - gm)^2)
  msb <- ssb / (J - 1); msw <- ssw / (J * (n - 1))
  for (reml in c(TRUE, FALSE)) {
    lam <- if (reml) msb else ssb / J
    key <- paste0(name, if (reml) "_reml" else "_ml")
    vals <- c(estimate = mean(y), se = sqrt(lam / (J * n)), df = if (reml) J - 1 else J,
              vc_group = (lam - msw) / n, vc_residual = msw)
    stopifnot(vals[["vc_group"]] > 0)
    for (k in names(vals)) put(paste0(key, ".exact.", k), vals[[k]])
    gkey <- paste0(".vc.", gname, ".(Intercept).NA.vcov")
    got <- sapply(c(".fe.(Intercept).estimate", ".fe.(Intercept).se", ".fe.(Intercept).df", gkey, ".vc.Residual.NA.NA.vcov"),
                  function(s) as.numeric(sub(".*,", "", out[startsWith(out, paste0(key, s, ","))])))
    cat(sprintf("%-22s exact vs lmer (max rel): %.2g\n", key, max(abs(got - vals) / abs(vals))))
    stopifnot(length(got) == 5, max(abs(got - vals) / abs(vals)) < 1e-6)
  }
}
exact_balanced("orthodont_distance", orth, "distance", "Subject")
exact_balanced("rail_travel", rail, "travel", "Rail")

writeLines(out, "null_models_expected.csv")
cat("wrote", length(out), "reference values\n")
