# Reference values for GroupAlliance's closed-form statistics (AnalysisAgreesWithRTest).
# Run from this folder:  Rscript closed_form.R
# R 4.x with multilevel, psych (Debian r-cran-*). Each data set is written to CSV first and read
# back, and every reference is computed from what was read back, so Java and R see the same
# doubles. Expected values are written with 17 significant digits as "key,value" lines.
suppressPackageStartupMessages({ library(multilevel); library(psych); library(lme4) })
set.seed(20261127)

out <- character(0)
put <- function(key, value) {
  v <- if (is.na(value)) "NA" else sprintf("%.17g", value)
  out <<- c(out, paste0(key, ",", v))
}

# --- 1. synthetic group-therapy data: members nested in groups, unbalanced, ~10% missing -------
groups <- 14
rows <- list()
for (g in 1:groups) {
  n_members <- sample(4:9, 1)
  g_eff <- rnorm(1, 0, 0.6)
  for (m in 1:n_members) {
    m_eff <- rnorm(1, 0, 0.8)
    n_sessions <- if (g == 1 && m == 1) 2 else sample(12:20, 1)
    # rolling membership: in every third group the last two members join late
    first <- if (g %% 3 == 0 && m > n_members - 2) sample(3:6, 1) else 1
    if (first > 1) n_sessions <- min(n_sessions, 20 - first + 1)
    for (s in first:(first + n_sessions - 1)) {
      if (runif(1) < 0.1) next
      alliance <- 4 + g_eff + m_eff + 0.05 * s + rnorm(1, 0, 0.7)
      outcome <- 20 - 1.5 * alliance + rnorm(1, 0, 3)
      items <- pmin(7, pmax(1, round(alliance + rnorm(5, 0, 0.9))))
      rows[[length(rows) + 1]] <- data.frame(group_id = paste0("G", sprintf("%02d", g)),
        member_id = paste0("G", sprintf("%02d", g), "M", m), session = s, alliance = round(alliance, 3),
        outcome = round(outcome, 2), i1 = items[1], i2 = items[2], i3 = 8 - items[3], i4 = items[4], i5 = items[5])
    }
  }
}
d <- do.call(rbind, rows)
d$alliance[sample(nrow(d), 8)] <- NA
d$i2[sample(nrow(d), 5)] <- NA
d$phase <- ifelse(d$session <= 6, "early", ifelse(d$session <= 13, "middle", "late"))
write.csv(d, "group_sessions.csv", row.names = FALSE, na = "")
d <- read.csv("group_sessions.csv", stringsAsFactors = FALSE)

# ICC(1), ICC(2) of alliance within groups
dd <- d[!is.na(d$alliance), ]
a <- aov(alliance ~ as.factor(group_id), data = dd)
s <- summary(a)[[1]]
put("icc.ICC1", ICC1(a)); put("icc.ICC2", ICC2(a))
put("icc.MSB", s[1, 3]); put("icc.MSW", s[2, 3]); put("icc.F", s[1, 4])
put("icc.p", pf(s[1, 4], s[1, 1], s[2, 1], lower.tail = FALSE))
put("icc.df_between", s[1, 1]); put("icc.df_within", s[2, 1]); put("icc.n_obs", nrow(dd))

# rwg of item i1 (7 options: ranvar = (49 - 1)/12 = 4), rwg(j) of items i1..i5
r1 <- rwg(d$i1, d$group_id, ranvar = 4)
for (i in seq_len(nrow(r1))) put(paste0("rwg.", r1$grpid[i]), r1$rwg[i])
put("rwg.mean", mean(r1$rwg, na.rm = TRUE)); put("rwg.median", median(r1$rwg, na.rm = TRUE))
rj <- rwg.j(d[, c("i1", "i2", "i3", "i4", "i5")], d$group_id, ranvar = 4)
for (i in seq_len(nrow(rj))) put(paste0("rwgj.", rj$grpid[i]), rj$rwg.j[i])
put("rwgj.mean", mean(rj$rwg.j, na.rm = TRUE)); put("rwgj.median", median(rj$rwg.j, na.rm = TRUE))

# Pearson and Spearman correlation of alliance and outcome
ct <- cor.test(d$alliance, d$outcome)
put("pearson.r", ct$estimate); put("pearson.t", ct$statistic); put("pearson.df", ct$parameter)
put("pearson.p", ct$p.value); put("pearson.ci_low", ct$conf.int[1]); put("pearson.ci_high", ct$conf.int[2])
put("pearson.n", sum(complete.cases(d$alliance, d$outcome)))
cs <- suppressWarnings(cor.test(d$alliance, d$outcome, method = "spearman", exact = FALSE))
rs <- unname(cs$estimate); nn <- sum(complete.cases(d$alliance, d$outcome))
put("spearman.r", rs); put("spearman.p", cs$p.value)
put("spearman.t", rs * sqrt((nn - 2) / (1 - rs^2)))

# OLS with a factor and an interaction (phase levels sorted: early, late, middle)
fit <- lm(outcome ~ alliance * phase + session, data = d)
cf <- summary(fit)$coefficients
for (i in seq_len(nrow(cf))) {
  put(paste0("ols.", rownames(cf)[i], ".estimate"), cf[i, 1]); put(paste0("ols.", rownames(cf)[i], ".se"), cf[i, 2])
  put(paste0("ols.", rownames(cf)[i], ".t"), cf[i, 3]); put(paste0("ols.", rownames(cf)[i], ".p"), cf[i, 4])
}
sm <- summary(fit)
put("ols.r_squared", sm$r.squared); put("ols.adj_r_squared", sm$adj.r.squared); put("ols.sigma", sm$sigma)
put("ols.F", sm$fstatistic[1]); put("ols.df_model", sm$fstatistic[2]); put("ols.df_residual", sm$fstatistic[3])
put("ols.n_obs", nobs(fit))

# Cronbach's alpha of i1..i5 with i3 reverse-keyed, complete rows (psych::alpha)
items <- na.omit(d[, c("i1", "i2", "i3", "i4", "i5")])
al <- psych::alpha(items, keys = c("i3"), warnings = FALSE)
put("alpha.raw", al$total$raw_alpha); put("alpha.std", al$total$std.alpha); put("alpha.average_r", al$total$average_r)
put("alpha.n_obs", nrow(items))
for (it in rownames(al$item.stats)) {
  key <- sub("-$", "", it)
  put(paste0("alpha.", key, ".r_drop"), al$item.stats[it, "r.drop"])
  put(paste0("alpha.", key, ".alpha_if_dropped"), al$alpha.drop[it, "raw_alpha"])
}

# per-member trajectory of alliance over sessions
for (id in sort(unique(d$member_id))[1:6]) {
  sub <- d[d$member_id == id & !is.na(d$alliance), ]
  f <- lm(alliance ~ session, data = sub)
  c2 <- summary(f)$coefficients
  put(paste0("traj.", id, ".intercept"), c2[1, 1]); put(paste0("traj.", id, ".slope"), c2[2, 1])
  put(paste0("traj.", id, ".slope_se"), if (nrow(sub) > 2) c2[2, 2] else NA)
  put(paste0("traj.", id, ".r"), cor(sub$session, sub$alliance)); put(paste0("traj.", id, ".n"), nrow(sub))
}

# group-mean centring of alliance (missing values stay missing), first rows
gm <- ave(d$alliance, d$group_id, FUN = function(v) mean(v, na.rm = TRUE))
for (i in 1:12) put(paste0("centred.", i), d$alliance[i] - gm[i])

# --- 2. public data: multilevel::bh1996 (99 army companies) and psych::bfi -------------------
data(bh1996)
write.csv(bh1996[, c("GRP", "WBEING", "HRS", "G.HRS", "LEAD")], "bh1996.csv", row.names = FALSE)
bh <- read.csv("bh1996.csv")
a2 <- aov(WBEING ~ as.factor(GRP), data = bh)
put("bh.ICC1", ICC1(a2)); put("bh.ICC2", ICC2(a2))
fit2 <- lm(WBEING ~ HRS + G.HRS + LEAD, data = bh)
cf2 <- summary(fit2)$coefficients
for (i in seq_len(nrow(cf2))) put(paste0("bh.ols.", rownames(cf2)[i], ".estimate"), cf2[i, 1])
for (i in seq_len(nrow(cf2))) put(paste0("bh.ols.", rownames(cf2)[i], ".se"), cf2[i, 2])
put("bh.ols.r_squared", summary(fit2)$r.squared)

data(bfi)
write.csv(bfi[, c("A1", "A2", "A3", "A4", "A5")], "bfi_agreeableness.csv", row.names = FALSE, na = "")
bf <- read.csv("bfi_agreeableness.csv")
al2 <- psych::alpha(na.omit(bf), keys = c("A1"), warnings = FALSE)
put("bfi.raw_alpha", al2$total$raw_alpha); put("bfi.std_alpha", al2$total$std.alpha); put("bfi.n_obs", nrow(na.omit(bf)))

# --- 3. reliable change (Jacobson-Truax) on a pre/post outcome ---------------------------------
pp <- aggregate(outcome ~ member_id, data = d[d$session <= 2, ], FUN = mean)
names(pp)[2] <- "pre"
po <- aggregate(outcome ~ member_id, data = d[d$session >= 11, ], FUN = mean)
names(po)[2] <- "post"
rc <- merge(pp, po, all = TRUE)
rc$pre <- round(rc$pre, 2); rc$post <- round(rc$post, 2)
write.csv(rc, "pre_post.csv", row.names = FALSE, na = "")
rc <- read.csv("pre_post.csv")
sd0 <- 6; rel <- 0.85; cutoff <- 14
sdiff <- sqrt(2 * (sd0 * sqrt(1 - rel))^2)
thr <- 1.96 * sdiff
ch <- rc$post - rc$pre
cat <- ifelse(is.na(ch), NA, ifelse(-ch > thr, ifelse(rc$pre > cutoff & rc$post <= cutoff, "recovered", "improved"),
                ifelse(ch > thr, "deteriorated", "unchanged")))
put("rci.s_diff", sdiff); put("rci.threshold", thr)
rg <- rep(NA_real_, nrow(rc)); ok <- complete.cases(rc$pre, rc$post)
rg[ok] <- resid(lm(post ~ pre, data = rc[ok, ]))
for (i in seq_len(nrow(rc))) put(paste0("resgain.", rc$member_id[i]), rg[i])
for (k in c("recovered", "improved", "unchanged", "deteriorated")) put(paste0("rci.", k), sum(cat == k, na.rm = TRUE))

writeLines(out, "closed_form_expected.csv")
cat("wrote", length(out), "reference values\n")
