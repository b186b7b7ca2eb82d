# Fixtures for MemberInsightContract: one closed group (12 planned sessions, phases 1-4, 5-8, 9-12) led by
# two leaders (anna, ben), three members, GTB-12 (12 items 1-5, total = sum, 12-60) by members and leaders
# at sessions 1-4. Member 3 absent at session 2; member 2 sent no form at session 3; leaders rated some
# members only; at session 2 both leaders rated member 1 (their mean is the leaders' rating).
# Congruence per member: d = own total - mean of the leaders' totals, over sessions with both;
# mean, SD (n - 1) and slope of d on session (lm). Run from this folder: Rscript make-member-fixtures.R
# (writes member-forms.csv and expected-congruence.csv).
rep12 <- function(...) { v <- c(...); stopifnot(length(v) == 12); v }
forms <- rbind(
  data.frame(member = 1, session = 1, rater = "own",  t(rep12(rep(4, 12)))),
  data.frame(member = 2, session = 1, rater = "own",  t(rep12(rep(3, 12)))),
  data.frame(member = 3, session = 1, rater = "own",  t(rep12(rep(5, 12)))),
  data.frame(member = 1, session = 2, rater = "own",  t(rep12(c(rep(4, 10), 5, 5)))),
  data.frame(member = 2, session = 2, rater = "own",  t(rep12(c(rep(3, 11), 4)))),
  data.frame(member = 1, session = 3, rater = "own",  t(rep12(c(rep(4, 9), 3, 3, 3)))),
  data.frame(member = 3, session = 3, rater = "own",  t(rep12(c(rep(5, 7), rep(4, 5))))),
  data.frame(member = 1, session = 4, rater = "own",  t(rep12(c(rep(4, 8), rep(5, 4))))),
  data.frame(member = 2, session = 4, rater = "own",  t(rep12(c(rep(3, 8), rep(4, 4))))),
  data.frame(member = 3, session = 4, rater = "own",  t(rep12(c(rep(5, 9), rep(4, 3))))),
  data.frame(member = 1, session = 1, rater = "anna", t(rep12(c(rep(4, 8), rep(3, 4))))),
  data.frame(member = 2, session = 1, rater = "anna", t(rep12(c(rep(3, 6), rep(4, 6))))),
  data.frame(member = 1, session = 2, rater = "anna", t(rep12(c(rep(4, 10), 3, 3)))),
  data.frame(member = 1, session = 2, rater = "ben",  t(rep12(c(rep(4, 10), 5, 5)))),
  data.frame(member = 3, session = 3, rater = "anna", t(rep12(rep(4, 12)))),
  data.frame(member = 1, session = 4, rater = "anna", t(rep12(rep(4, 12)))),
  data.frame(member = 2, session = 4, rater = "anna", t(rep12(c(rep(3, 4), rep(4, 8))))),
  data.frame(member = 3, session = 4, rater = "anna", t(rep12(c(rep(4, 10), 5, 5))))
)
names(forms)[4:15] <- paste0("i", 1:12)
write.csv(forms, "member-forms.csv", row.names = FALSE)

forms$total <- rowSums(forms[, paste0("i", 1:12)])
own <- forms[forms$rater == "own", c("member", "session", "total")]
leader <- aggregate(total ~ member + session, data = forms[forms$rater != "own", ], FUN = mean)
pairs <- merge(own, leader, by = c("member", "session"), suffixes = c("_own", "_leader"))
pairs$d <- pairs$total_own - pairs$total_leader
expected <- do.call(rbind, lapply(split(pairs, pairs$member), function(p) {
  data.frame(member = p$member[1], pairs = nrow(p), mean = mean(p$d), sd = sd(p$d),
             slope = unname(coef(lm(d ~ session, data = p))[2]))
}))
write.csv(format(expected, digits = 15), "expected-congruence.csv", row.names = FALSE, quote = FALSE)
print(pairs); print(expected)
