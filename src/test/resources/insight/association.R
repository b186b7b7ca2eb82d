# Fixtures for the alliance-outcome association (AssociationStatisticsTest, AssociationServiceMariaDbTest).
# A deterministic data set: 4 closed groups (12 planned sessions, phases 1-4, 5-8, 9-12) of 6 members,
# 8 sessions held. Every session each member present rates MEMBER-GROUP-ALLIANCE (4 items 1-7, score =
# item mean) and SESSION-OUTCOME-4 (4 lines 0-10, score = sum); PHQ-9 (9 items 0-3, sum; higher is
# worse; reliable change 6) at baseline and post. Member 6 of group 2 is absent at session 3 (no forms);
# member 5 of group 3 has no post PHQ-9.
# Run from this folder: Rscript association.R   (writes association/*.csv; R 4.2, lme4, lmerTest, pbkrtest, multilevel)
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(pbkrtest); library(multilevel) })
set.seed(20261129)
G <- 4; M <- 6; S <- 8
clip <- function(x, lo, hi) pmin(hi, pmax(lo, x))
rows <- list(); pp <- list()
for (g in 1:G) {
  ug <- c(-0.7, 0.1, 0.6, -0.2)[g]
  vg <- c(0.5, -0.6, 0.4, -0.3)[g]   # group effects on the outcomes that alliance does not explain
  for (m in 1:M) {
    level <- 4.3 + ug + rnorm(1, 0, 0.6)
    olevel <- 18 + 3 * (level - 4.3) + 6 * vg + rnorm(1, 0, 2)
    prev <- NA
    for (s in 1:S) {
      if (g == 2 && m == 6 && s == 3) { prev <- NA; next }
      a <- level + 0.05 * s + rnorm(1, 0, 0.5)
      items <- clip(round(a + rnorm(4, 0, 0.6)), 1, 7)
      o <- olevel + 0.4 * s + (if (is.na(prev)) 0 else 2.5 * (prev - level)) + rnorm(1, 0, 1.5)
      oitems <- clip(round(o / 4 + rnorm(4, 0, 0.4), 1), 0, 10)
      rows[[length(rows) + 1]] <- data.frame(group = g, member = m, session = s, a1 = items[1], a2 = items[2], a3 = items[3], a4 = items[4],
                                             o1 = oitems[1], o2 = oitems[2], o3 = oitems[3], o4 = oitems[4])
      prev <- mean(items)
    }
    pre <- clip(round(1.9 + rnorm(9, 0, 0.6)), 0, 3)
    post <- clip(round(1.9 - 0.9 * (level - 4.3) - 0.6 + vg + rnorm(9, 0, 0.6) + 0.3 * (mean(pre) - 1.9)), 0, 3)
    if (g == 3 && m == 5) post <- rep(NA, 9)
    pp[[length(pp) + 1]] <- cbind(data.frame(group = g, member = m), t(setNames(pre, paste0("pre", 1:9))), t(setNames(post, paste0("post", 1:9))))
  }
}
sessions <- do.call(rbind, rows); prepost <- do.call(rbind, pp)
dir.create("association", showWarnings = FALSE)
write.csv(sessions, "association/sessions.csv", row.names = FALSE, na = "NA")
write.csv(prepost, "association/prepost.csv", row.names = FALSE, na = "NA")

sessions$alliance <- rowMeans(sessions[, c("a1", "a2", "a3", "a4")])
sessions$outcome <- rowSums(sessions[, c("o1", "o2", "o3", "o4")])
sessions$phase <- cut(sessions$session, c(0, 4, 8, 12), labels = c("EARLY", "MIDDLE", "LATE"))
prepost$pre <- rowSums(prepost[, paste0("pre", 1:9)]); prepost$post <- rowSums(prepost[, paste0("post", 1:9)])
criterion <- 6
num <- function(x) format(x, digits = 17)
periods <- list(WHOLE = c("EARLY", "MIDDLE", "LATE"), EARLY = "EARLY", MIDDLE = "MIDDLE")

# member level: mean alliance (and mean items) over the period, with pre and post
memberLevel <- function(period) {
  d <- sessions[sessions$phase %in% periods[[period]], ]
  a <- aggregate(cbind(alliance, a1, a2, a3, a4) ~ group + member, data = d, FUN = mean)
  merge(a, prepost[, c("group", "member", "pre", "post")], by = c("group", "member"))
}

perGroup <- list(); gains <- list(); pooled <- list(); agg <- list()
for (period in names(periods)) {
  ml <- memberLevel(period)
  for (g in 1:G) {
    d <- ml[ml$group == g & !is.na(ml$post), ]
    d$rg <- residuals(lm(post ~ pre, data = d))
    d$rci <- 1.96 * (d$post - d$pre) / criterion
    gains[[length(gains) + 1]] <- data.frame(period = period, group = g, member = d$member, alliance = num(d$alliance), rg = num(d$rg), rci = num(d$rci))
    for (target in c("rg", "rci")) {
      ct <- cor.test(d$alliance, d[[target]])
      fit <- summary(lm(d[[target]] ~ d$alliance))
      perGroup[[length(perGroup) + 1]] <- data.frame(period = period, group = g, target = target, n = nrow(d), r = num(unname(ct$estimate)),
        lo = num(ct$conf.int[1]), hi = num(ct$conf.int[2]), p = num(ct$p.value), slope = num(fit$coefficients[2, 1]),
        slope_se = num(fit$coefficients[2, 2]), slope_lo = num(confint(lm(d[[target]] ~ d$alliance))[2, 1]),
        slope_hi = num(confint(lm(d[[target]] ~ d$alliance))[2, 2]), slope_p = num(fit$coefficients[2, 4]), r2 = num(fit$r.squared))
    }
  }
  # pooled: outcome_post ~ alliance_within + alliance_between + outcome_pre + (1 | group)
  d <- ml[!is.na(ml$post), ]
  d$alliance_between <- ave(d$alliance, d$group)
  d$alliance_within <- d$alliance - d$alliance_between
  d$outcome_pre <- d$pre; d$outcome_post <- d$post; d$group <- factor(d$group)
  fit <- lmer(outcome_post ~ alliance_within + alliance_between + outcome_pre + (1 | group), data = d, REML = TRUE)
  for (ddf in c("Satterthwaite", "Kenward-Roger")) {
    co <- summary(fit, ddf = ddf)$coefficients
    pooled[[length(pooled) + 1]] <- data.frame(period = period, ddf = ddf, term = rownames(co), estimate = num(co[, 1]), se = num(co[, 2]),
      df = num(co[, 3]), p = num(co[, 5]), singular = isSingular(fit), nobs = nrow(d))
  }
  # aggregation: ICC(1), ICC(2) of the members' mean alliance over the period across groups; rwg(j) per group =
  # mean over the period's sessions of rwg.j of the members' item responses at that session (one rating occasion
  # per rwg.j group: grpid = session), 7 options: ranvar (7^2 - 1) / 12 = 4. Not on the members' mean items: the
  # uniform null is the variance of one response, and means over sessions vary less (inflated agreement).
  iccfit <- aov(alliance ~ as.factor(group), data = ml)
  sp <- sessions[sessions$phase %in% periods[[period]], ]
  for (g in 1:G) {
    sg <- sp[sp$group == g, ]
    rj <- rwg.j(sg[, c("a1", "a2", "a3", "a4")], sg$session, ranvar = (7^2 - 1) / 12)
    agg[[length(agg) + 1]] <- data.frame(period = period, group = g, rwgj = num(mean(rj$rwg.j, na.rm = TRUE)),
      rwgj_sessions = sum(!is.na(rj$rwg.j)), rwgj_of_member_means = num(rwg.j(ml[ml$group == g, c("a1", "a2", "a3", "a4")], rep(1, sum(ml$group == g)),
      ranvar = (7^2 - 1) / 12)$rwg.j), icc1 = num(ICC1(iccfit)), icc2 = num(ICC2(iccfit)))
  }
}
write.csv(do.call(rbind, perGroup), "association/expected-per-group.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, gains), "association/expected-gains.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, pooled), "association/expected-pooled.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, agg), "association/expected-aggregation.csv", row.names = FALSE, quote = FALSE)

# session level: next session's outcome on this session's alliance (whole course)
nx <- sessions[, c("group", "member", "session", "outcome")]; nx$session <- nx$session - 1; names(nx)[4] <- "next_outcome"
pairs <- merge(sessions[, c("group", "member", "session", "alliance")], nx, by = c("group", "member", "session"))
pairs <- pairs[order(pairs$group, pairs$member, pairs$session), ]
# per member: the within-person r with the member's linear session trend removed from both series,
# i.e. the partial correlation of alliance and next_outcome controlling for session (Curran and Bauer
# 2011): r = cor(resid(lm(alliance ~ session)), resid(lm(next_outcome ~ session))); t = r sqrt(df / (1 - r^2))
# on df = n - 3; 95 % interval tanh(atanh(r) -/+ qnorm(.975) / sqrt(n - 4)) (Fisher z, one variable partialled out).
# The p is taken from lm(next_outcome ~ alliance + session) (the same t test) and checked against the formula.
partialWithin <- function(d) {
  n <- nrow(d)
  r <- cor(resid(lm(alliance ~ session, data = d)), resid(lm(next_outcome ~ session, data = d)))
  df <- n - 3; t <- r * sqrt(df / (1 - r^2))
  co <- summary(lm(next_outcome ~ alliance + session, data = d))$coefficients
  stopifnot(abs(co["alliance", 3] - t) < 1e-8 * max(1, abs(t)))
  z <- atanh(r); h <- qnorm(0.975) / sqrt(n - 4)
  list(n = n, r = r, lo = tanh(z - h), hi = tanh(z + h), p = co["alliance", 4], df = df)
}
within <- list()
for (key in unique(paste(pairs$group, pairs$member))) {
  d <- pairs[paste(pairs$group, pairs$member) == key, ]
  if (nrow(d) >= 6) {
    w <- partialWithin(d)
    within[[length(within) + 1]] <- data.frame(group = d$group[1], member = d$member[1], n = nrow(d), r = num(w$r),
      lo = num(w$lo), hi = num(w$hi), p = num(w$p), df = w$df)
  } else {
    within[[length(within) + 1]] <- data.frame(group = d$group[1], member = d$member[1], n = nrow(d), r = "NA", lo = "NA", hi = "NA", p = "NA", df = "NA")
  }
}
write.csv(do.call(rbind, within), "association/expected-within.csv", row.names = FALSE, quote = FALSE)
pairs$alliance_between <- ave(pairs$alliance, pairs$group, pairs$member)
pairs$alliance_within <- pairs$alliance - pairs$alliance_between
pairs$group <- factor(pairs$group); pairs$member <- factor(pairs$member)
# the session number (of the alliance rating) as a fixed covariate: a common time trend is not read as a within-person effect.
# Fitted with a tight optimizer: lme4's default nloptwrap stops on this model with a REML criterion 5e-8 above the
# optimum (intercept off by 7e-6 relative); bobyqa with rhoend 1e-12 reaches it (the reference is the optimum itself).
tight <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5))
sfit <- lmer(next_outcome ~ alliance_within + alliance_between + session + (1 | group/member), data = pairs, REML = TRUE, control = tight)
sess <- list()
for (ddf in c("Satterthwaite", "Kenward-Roger")) {
  co <- summary(sfit, ddf = ddf)$coefficients
  sess[[length(sess) + 1]] <- data.frame(ddf = ddf, term = rownames(co), estimate = num(co[, 1]), se = num(co[, 2]), df = num(co[, 3]),
    p = num(co[, 5]), singular = isSingular(sfit), nobs = nrow(pairs))
}
write.csv(do.call(rbind, sess), "association/expected-session-model.csv", row.names = FALSE, quote = FALSE)

# trending but unrelated (the statistics review's simulation, /tmp/statreview/ex2.R): 6 groups of 6 members, 12 sessions;
# alliance and outcome both rise with the session and are otherwise independent. Without the session term the
# within effect was 0.82 (t = 7.45); with it it is near 0. Writes the data and the expected session model.
set.seed(1)
trows <- list()
for (gi in 1:6) for (mi in 1:6) {
  a0 <- rnorm(1, 30, 3); o0 <- rnorm(1, 20, 4)
  for (t in 1:12) trows[[length(trows) + 1]] <- data.frame(group = gi, member = mi, session = t,
     alliance = a0 + 0.4 * t + rnorm(1, 0, 1.5), outcome = o0 + 0.8 * t + rnorm(1, 0, 3))
}
tr <- do.call(rbind, trows)
write.csv(data.frame(group = tr$group, member = tr$member, session = tr$session, alliance = num(tr$alliance), outcome = num(tr$outcome)),
          "association/trend-sessions.csv", row.names = FALSE, quote = FALSE)
tnx <- tr[, c("group", "member", "session", "outcome")]; tnx$session <- tnx$session - 1; names(tnx)[4] <- "next_outcome"
tp <- merge(tr[, c("group", "member", "session", "alliance")], tnx, by = c("group", "member", "session"))
tp <- tp[order(tp$group, tp$member, tp$session), ]
tp$alliance_between <- ave(tp$alliance, tp$group, tp$member); tp$alliance_within <- tp$alliance - tp$alliance_between
tp$group <- factor(tp$group); tp$member <- factor(paste(tp$group, tp$member))
tfit <- lmer(next_outcome ~ alliance_within + alliance_between + session + (1 | group/member), data = tp, REML = TRUE, control = tight)
tsess <- list()
for (ddf in c("Satterthwaite", "Kenward-Roger")) {
  co <- summary(tfit, ddf = ddf)$coefficients
  tsess[[length(tsess) + 1]] <- data.frame(ddf = ddf, term = rownames(co), estimate = num(co[, 1]), se = num(co[, 2]), df = num(co[, 3]),
    p = num(co[, 5]), singular = isSingular(tfit), nobs = nrow(tp))
}
write.csv(do.call(rbind, tsess), "association/expected-trend-model.csv", row.names = FALSE, quote = FALSE)
tw <- sapply(split(tp, tp$member), function(d) partialWithin(d)$r)
traw <- sapply(split(tp, tp$member), function(d) cor(d$alliance, d$next_outcome))
cat("trend data: per-member r median raw", median(traw), " session trend removed", median(tw), "\n")
write.csv(data.frame(member = names(tw), r = num(unname(tw))), "association/expected-trend-within.csv", row.names = FALSE, quote = FALSE)
print(do.call(rbind, tsess))
print(do.call(rbind, pooled)); print(do.call(rbind, sess)); print(do.call(rbind, agg)); print(VarCorr(fit)); print(VarCorr(sfit))
