# Reference scale scores for ScaleScoringAgreesWithRTest: reverse keys, missing items with a
# limit, prorated sums, visual-analogue decimals. R 4.2.2, psych 2.2.9.
# Run from the project root: Rscript src/test/resources/analysis/scoring.R
library(psych)
dir <- "src/test/resources/analysis"

# bfi agreeableness A1..A5 (1-6), A1 reverse-keyed; psych's item means over answered items
bfi <- read.csv(file.path(dir, "bfi_agreeableness.csv"))
sc <- scoreItems(list(agree = c("-A1", "A2", "A3", "A4", "A5")), bfi, totals = FALSE, impute = "none", min = 1, max = 6)
agree_mean <- as.numeric(sc$scores[, "agree"])
missing_bfi <- rowSums(is.na(bfi))
agree_mean[missing_bfi == ncol(bfi)] <- NA
# the instrument rule under test: at most one of five items missing, else no score
agree_mean_rule <- ifelse(missing_bfi <= 1, agree_mean, NA)
agree_sum_prorated <- agree_mean_rule * 5

# visual-analogue forms: 4 lines 0-10 at 0.1 resolution, some unanswered
set.seed(20261127)
n <- 400
vas <- matrix(round(runif(n * 4, 0, 10), 1), ncol = 4)
vas[sample(length(vas), 120)] <- NA
colnames(vas) <- paste0("v", 1:4)
write.csv(vas, file.path(dir, "vas_forms.csv"), row.names = FALSE, na = "")
missing_vas <- rowSums(is.na(vas))
vas_sum_complete <- ifelse(missing_vas == 0, rowSums(vas), NA)
vas_sum_prorated <- ifelse(missing_vas <= 1, rowMeans(vas, na.rm = TRUE) * 4, NA)

out <- rbind(
  data.frame(set = "bfi", row = seq_along(agree_mean), kind = "mean_any", value = agree_mean),
  data.frame(set = "bfi", row = seq_along(agree_mean), kind = "mean_max1", value = agree_mean_rule),
  data.frame(set = "bfi", row = seq_along(agree_mean), kind = "sum_prorated_max1", value = agree_sum_prorated),
  data.frame(set = "vas", row = seq_len(n), kind = "sum_complete", value = vas_sum_complete),
  data.frame(set = "vas", row = seq_len(n), kind = "sum_prorated_max1", value = vas_sum_prorated))
write.csv(transform(out, value = sprintf("%.17g", value)), file.path(dir, "scoring_expected.csv"), row.names = FALSE, quote = FALSE)
