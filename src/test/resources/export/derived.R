# Reference values for every number the research export derives (ExportDerivedAgainstRTest).
# Input: derived_input.csv (one row per rating of a member: instrument TST v1, items 1-7, subscales
# alpha = items 1+2 and beta = items 3+4, sum scores as stored; an empty score = not scorable) and
# derived_outcomes.csv (OUT v1 totals at baseline/post; higher is worse, caseness cut-off 10,
# reliable-change criterion 6 points: the test's instrument definitions).
# Output: derived_expected.csv, one row per derived value: file, key, variable, value (empty = the
# export must write an empty cell). Run from this folder: Rscript derived.R  (R 4.2, multilevel 2.7)
suppressPackageStartupMessages(library(multilevel))
d <- read.csv("derived_input.csv", na.strings = "")
o <- read.csv("derived_outcomes.csv", na.strings = "")
out <- list()
put <- function(file, key, variable, value) {
  out[[length(out) + 1]] <<- data.frame(file = file, key = key, variable = variable,
    value = ifelse(is.na(value), "", if (is.numeric(value)) sprintf("%.17g", value) else as.character(value)))
}
# ---- long.csv: means over the rows of the same instrument and rater kind whose score is not empty,
# each row weighing 1 (observation-weighted); the grand mean over all rows, not over person means
mean_or_na <- function(x) if (all(is.na(x))) NA_real_ else mean(x, na.rm = TRUE)
key_long <- paste(d$member, d$session, d$rater, sep = "|")
for (s in c("total", "sub_alpha", "sub_beta")) {
  x <- d[[s]]
  pm <- ave(x, d$member, d$rater, FUN = mean_or_na)
  gm <- ave(x, d$group, d$rater, FUN = mean_or_na)
  grand <- ave(x, d$rater, FUN = mean_or_na)
  put("long.csv", key_long, paste0(s, "_pm"), pm)
  put("long.csv", key_long, paste0(s, "_gm"), gm)
  put("long.csv", key_long, paste0(s, "_within"), x - pm)
  put("long.csv", key_long, paste0(s, "_between"), pm - grand)
  put("long.csv", key_long, paste0(s, "_gmc"), x - gm)
  g <- aggregate(x ~ rater, data = data.frame(x = x, rater = d$rater), FUN = mean)
  put("long.csv", paste0("rater=", g$rater), paste0(s, "_grand_mean"), g$x)
}
put("long.csv", "rows", "rows", nrow(d))
# ---- group_session.csv: the members' own ratings, per group x session (one instrument)
m <- d[d$rater == "member", ]
gs <- unique(m[c("group", "session")])
gs <- gs[order(gs$group, gs$session), ]
for (i in seq_len(nrow(gs))) {
  b <- m[m$group == gs$group[i] & m$session == gs$session[i], ]
  t <- b$total[!is.na(b$total)]
  key <- paste(gs$group[i], gs$session[i], "TST", sep = "|")
  put("group_session.csv", key, "n", length(t))
  put("group_session.csv", key, "mean", if (length(t) > 0) mean(t) else NA)
  put("group_session.csv", key, "sd", if (length(t) > 1) sd(t) else NA)
  # rwg(j) of the complete item sets, uniform null of 7 options: (7^2 - 1) / 12 = 4
  r <- rwg.j(b[paste0("item_", 1:4)], rep("g", nrow(b)), ranvar = (7^2 - 1) / 12)
  put("group_session.csv", key, "rwg_j", if (nrow(r) == 0) NA else r$rwg.j[1])
  # ICC(1), ICC(2) of the totals across the groups at this session number (one-way ANOVA)
  a <- m[m$session == gs$session[i] & !is.na(m$total), ]
  a$group <- factor(a$group)
  if (nlevels(a$group) >= 2 && nrow(a) > nlevels(a$group)) {
    fit <- aov(total ~ group, data = a)
    put("group_session.csv", key, "icc1", ICC1(fit))
    put("group_session.csv", key, "icc2", ICC2(fit))
  } else {
    put("group_session.csv", key, "icc1", NA)
    put("group_session.csv", key, "icc2", NA)
  }
}
put("group_session.csv", "rows", "rows", nrow(gs))
# ---- wide.csv: phase means of the members' own totals; outcome change and reliable-change class
members <- sort(unique(d$member))
for (p in c("early", "middle", "late")) {
  for (id in members) {
    t <- m$total[m$member == id & m$phase == p & !is.na(m$total)]
    put("wide.csv", id, paste0("tst_", p), if (length(t) > 0) mean(t) else NA)
  }
}
criterion <- 6; cutoff <- 10  # OUT: higher is worse; a case at or above the cut-off
for (id in members) {
  pre <- o$total[o$member == id & o$timepoint == "baseline"]
  post <- o$total[o$member == id & o$timepoint == "post"]
  pre <- if (length(pre) == 1) pre else NA
  post <- if (length(post) == 1) post else NA
  change <- post - pre
  class <- if (is.na(change)) NA else if (-change >= criterion) {
    if (pre >= cutoff && post < cutoff) "recovered" else "improved"
  } else if (change >= criterion) "deteriorated" else "unchanged"
  put("wide.csv", id, "out_baseline", pre)
  put("wide.csv", id, "out_post", post)
  put("wide.csv", id, "out_change", change)
  put("wide.csv", id, "out_rc_class", class)
}
put("wide.csv", "rows", "rows", length(members))
res <- do.call(rbind, out)
write.csv(res, "derived_expected.csv", row.names = FALSE, quote = FALSE)
