# Reference values for models that take the engine's general path (issue #8: three or more random
# effects per member, or a group-level random slope; no test covered it).
# Run from this folder:  Rscript general_path.R   (writes general_path.csv, general_path_expected.csv)
# R 4.2.2, lme4 1.1.31, lmerTest 3.1.3 (Debian r-cran-*).
# Synthetic group-therapy data (seed 20261129): 16 groups of 5-10 members, sessions 1-16, rolling
# entry in every fourth group, ~10% of sessions missed, a few missing outcomes. Written to CSV and
# read back; every reference is computed from what was read back.
source("rfix_common.R")
set.seed(20261129)

chol_of <- function(sd, cor) { S <- diag(sd) %*% cor %*% diag(sd); t(chol(S)) }
# member random effects for y_quad: intercept, session, s2
L_member <- chol_of(c(0.8, 0.08, 0.15), matrix(c(1, -0.3, 0.2, -0.3, 1, 0.1, 0.2, 0.1, 1), 3))
# group random effects for y_gx: intercept, x
L_group <- chol_of(c(0.5, 0.4), matrix(c(1, 0.3, 0.3, 1), 2))

rows <- list()
for (g in 1:16) {
  gid <- sprintf("G%02d", g)
  g_quad <- rnorm(1, 0, 0.4)
  g_gx <- as.vector(L_group %*% rnorm(2))
  for (m in 1:sample(5:10, 1)) {
    mid <- paste0(gid, "M", m)
    x <- round(rnorm(1), 2)                       # member-level covariate (e.g. baseline severity, z-scored)
    u <- as.vector(L_member %*% rnorm(3))
    m_gx <- rnorm(1, 0, 0.7)
    first <- if (g %% 4 == 0 && m > 3) sample(2:6, 1) else 1
    for (s in first:16) {
      if (runif(1) < 0.1) next
      s2 <- ((s - 8.5)^2 - 21.25) / 10               # centred quadratic: mean 0 over sessions 1..16
      y_quad <- 4 + g_quad + u[1] + (0.12 + u[2]) * s + (-0.05 + u[3]) * s2 + rnorm(1, 0, 0.5)
      y_gx <- 4 + g_gx[1] + m_gx + 0.1 * s + (0.5 + g_gx[2]) * x + rnorm(1, 0, 0.6)
      rows[[length(rows) + 1]] <- data.frame(group_id = gid, member_id = mid, session = s, s2 = s2, x = x,
                                             y_quad = round(y_quad, 3), y_gx = round(y_gx, 3))
    }
  }
}
d <- do.call(rbind, rows)
d$y_quad[sample(nrow(d), 6)] <- NA
d$y_gx[sample(nrow(d), 6)] <- NA
write.csv(d, "general_path.csv", row.names = FALSE, na = "")
d <- read.csv("general_path.csv", stringsAsFactors = FALSE)
cat(nrow(d), "rows,", length(unique(d$member_id)), "members,", length(unique(d$group_id)), "groups\n")

models <- list(
  list("quad", y_quad ~ session + s2 + (1 + session + s2 | member_id)),
  list("quad_group", y_quad ~ session + s2 + (1 | group_id) + (1 + session + s2 | member_id)),
  list("gslope", y_gx ~ session + x + (1 + x | group_id) + (1 | member_id)))
for (m in models) for (reml in c(TRUE, FALSE)) {
  name <- paste0(m[[1]], if (reml) "_reml" else "_ml")
  record(name, fit_each(m[[2]], d, reml))
}

writeLines(out, "general_path_expected.csv")
cat("wrote", length(out), "reference values\n")
