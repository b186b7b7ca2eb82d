# Fixtures for InsightServiceContract: one closed group (12 planned sessions, phases 1-4, 5-8, 9-12),
# three members, SESSION-ALLIANCE-4 (four 0-10 lines, total = sum) at sessions 1-6.
# Session 4 was held but no form came back (a gap); member 2 was absent at session 3.
# Run from this folder: Rscript make-fixtures.R  (writes forms.csv, expected-sessions.csv, expected-members.csv)
forms <- read.csv(text = "
member,session,i1,i2,i3,i4
1,1,7,7,7,7
1,2,8,7,7,7
1,3,8,8,8,7
1,5,9,8,8,8
1,6,9,9,9,8
2,1,5,5,5,5
2,2,6,5,5,5
2,5,4,4,4,4
2,6,5,5,6,6
3,1,9,9,9,9
3,2,9,9,9,8.5
3,3,9.5,9,9,9
3,5,10,9,9,9
3,6,10,10,9,9
")
forms$total <- forms$i1 + forms$i2 + forms$i3 + forms$i4
forms$phase <- cut(forms$session, c(0, 4, 8, 12), labels = c("Early", "Middle", "Late"))
write.csv(forms[, c("member", "session", "i1", "i2", "i3", "i4")], "forms.csv", row.names = FALSE)

sessions <- do.call(rbind, lapply(1:6, function(s) {
  x <- forms$total[forms$session == s]
  data.frame(session = s, n = length(x), mean = if (length(x)) mean(x) else NA, sd = if (length(x) > 1) sd(x) else NA)
}))
write.csv(sessions, "expected-sessions.csv", row.names = FALSE, na = "NA")

members <- do.call(rbind, lapply(1:3, function(m) {
  d <- forms[forms$member == m, ]
  d <- d[order(d$session), ]
  data.frame(member = m, ratings = nrow(d), first = d$total[1], latest = d$total[nrow(d)],
             change = d$total[nrow(d)] - d$total[1], slope = unname(coef(lm(total ~ session, data = d))[2]),
             early = mean(d$total[d$phase == "Early"]), middle = mean(d$total[d$phase == "Middle"]))
}))
write.csv(format(members, digits = 15), "expected-members.csv", row.names = FALSE, quote = FALSE)
print(sessions); print(members)
