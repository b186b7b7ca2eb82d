* GroupAlliance research export: long.csv with types, labels, value labels and the three-level model.
* Stata 16 or later. Run in the folder of the unzipped export: do long.do
version 16
import delimited using "long.csv", clear varnames(1) encoding("utf-8") delimiters(",") bindquote(strict) case(preserve) ///
    stringcols(1 2 3 4 5 6 9 10 11 12 14 15) ///
    numericcols(7 8 13 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87)
label variable member_id "Member (research id)"
label variable group_id "Group (research id)"
label variable site_id "Site (research id)"
label variable leader_id "Group's first leader (research id)"
label variable modality "Group modality"
label variable format "Group format"
label variable session "Session number"
label variable days "Days since the group's first session"
label variable phase "Phase stored for the session"
label variable attendance "Member's attendance at the session"
label variable subgroup_id "Member's subgroup at the session (research id)"
label variable instrument "Instrument code"
label variable instrument_version "Instrument version"
label variable rater "Who rated"
label variable rater_id "Rating leader or observer (research id); empty for the member"
label variable item_1 "Item 1 of the row's instrument"
label variable item_2 "Item 2 of the row's instrument"
label variable item_3 "Item 3 of the row's instrument"
label variable item_4 "Item 4 of the row's instrument"
label variable item_5 "Item 5 of the row's instrument"
label variable item_6 "Item 6 of the row's instrument"
label variable item_7 "Item 7 of the row's instrument"
label variable item_8 "Item 8 of the row's instrument"
label variable item_9 "Item 9 of the row's instrument"
label variable item_10 "Item 10 of the row's instrument"
label variable item_11 "Item 11 of the row's instrument"
label variable item_12 "Item 12 of the row's instrument"
label variable total "Total score"
label variable sub_individual_self_with "Subscale score individual_self_with"
label variable sub_subgroup "Subscale score subgroup"
label variable sub_whole_group "Subscale score whole_group"
label variable sub_goals "Subscale score goals"
label variable sub_tasks "Subscale score tasks"
label variable sub_bond "Subscale score bond"
label variable sub_engaged "Subscale score engaged"
label variable sub_avoiding "Subscale score avoiding"
label variable sub_conflict "Subscale score conflict"
label variable total_pm "Person mean of total (member, instrument, rater)"
label variable total_gm "Group mean of total (group, instrument, rater)"
label variable total_within "total minus person mean"
label variable total_between "Person mean minus grand mean of total (instrument, rater)"
label variable total_gmc "total minus group mean"
label variable sub_individual_self_with_pm "Person mean of sub_individual_self_with (member, instrument, rater)"
label variable sub_individual_self_with_gm "Group mean of sub_individual_self_with (group, instrument, rater)"
label variable sub_individual_self_with_within "sub_individual_self_with minus person mean"
label variable sub_individual_self_with_between "Person mean minus grand mean of sub_individual_self_with (instrument, rater)"
label variable sub_individual_self_with_gmc "sub_individual_self_with minus group mean"
label variable sub_subgroup_pm "Person mean of sub_subgroup (member, instrument, rater)"
label variable sub_subgroup_gm "Group mean of sub_subgroup (group, instrument, rater)"
label variable sub_subgroup_within "sub_subgroup minus person mean"
label variable sub_subgroup_between "Person mean minus grand mean of sub_subgroup (instrument, rater)"
label variable sub_subgroup_gmc "sub_subgroup minus group mean"
label variable sub_whole_group_pm "Person mean of sub_whole_group (member, instrument, rater)"
label variable sub_whole_group_gm "Group mean of sub_whole_group (group, instrument, rater)"
label variable sub_whole_group_within "sub_whole_group minus person mean"
label variable sub_whole_group_between "Person mean minus grand mean of sub_whole_group (instrument, rater)"
label variable sub_whole_group_gmc "sub_whole_group minus group mean"
label variable sub_goals_pm "Person mean of sub_goals (member, instrument, rater)"
label variable sub_goals_gm "Group mean of sub_goals (group, instrument, rater)"
label variable sub_goals_within "sub_goals minus person mean"
label variable sub_goals_between "Person mean minus grand mean of sub_goals (instrument, rater)"
label variable sub_goals_gmc "sub_goals minus group mean"
label variable sub_tasks_pm "Person mean of sub_tasks (member, instrument, rater)"
label variable sub_tasks_gm "Group mean of sub_tasks (group, instrument, rater)"
label variable sub_tasks_within "sub_tasks minus person mean"
label variable sub_tasks_between "Person mean minus grand mean of sub_tasks (instrument, rater)"
label variable sub_tasks_gmc "sub_tasks minus group mean"
label variable sub_bond_pm "Person mean of sub_bond (member, instrument, rater)"
label variable sub_bond_gm "Group mean of sub_bond (group, instrument, rater)"
label variable sub_bond_within "sub_bond minus person mean"
label variable sub_bond_between "Person mean minus grand mean of sub_bond (instrument, rater)"
label variable sub_bond_gmc "sub_bond minus group mean"
label variable sub_engaged_pm "Person mean of sub_engaged (member, instrument, rater)"
label variable sub_engaged_gm "Group mean of sub_engaged (group, instrument, rater)"
label variable sub_engaged_within "sub_engaged minus person mean"
label variable sub_engaged_between "Person mean minus grand mean of sub_engaged (instrument, rater)"
label variable sub_engaged_gmc "sub_engaged minus group mean"
label variable sub_avoiding_pm "Person mean of sub_avoiding (member, instrument, rater)"
label variable sub_avoiding_gm "Group mean of sub_avoiding (group, instrument, rater)"
label variable sub_avoiding_within "sub_avoiding minus person mean"
label variable sub_avoiding_between "Person mean minus grand mean of sub_avoiding (instrument, rater)"
label variable sub_avoiding_gmc "sub_avoiding minus group mean"
label variable sub_conflict_pm "Person mean of sub_conflict (member, instrument, rater)"
label variable sub_conflict_gm "Group mean of sub_conflict (group, instrument, rater)"
label variable sub_conflict_within "sub_conflict minus person mean"
label variable sub_conflict_between "Person mean minus grand mean of sub_conflict (instrument, rater)"
label variable sub_conflict_gmc "sub_conflict minus group mean"
label define format_lbl 1 "closed" 2 "open"
encode format, generate(format_c) label(format_lbl) noextend
label variable format_c "Group format (coded)"
label define phase_lbl 1 "early" 2 "middle" 3 "late"
encode phase, generate(phase_c) label(phase_lbl) noextend
label variable phase_c "Phase stored for the session (coded)"
label define attendance_lbl 1 "present" 2 "absent" 3 "late" 4 "left_early"
encode attendance, generate(attendance_c) label(attendance_lbl) noextend
label variable attendance_c "Member's attendance at the session (coded)"
label define rater_lbl 1 "member" 2 "leader" 3 "observer"
encode rater, generate(rater_c) label(rater_lbl) noextend
label variable rater_c "Who rated (coded)"
* -8 in an item column: the item does not apply (extended missing .a)
mvdecode item_1 item_2 item_3 item_4 item_5 item_6 item_7 item_8 item_9 item_10 item_11 item_12, mv(-8 = .a)
label define item_lbl .a "not applicable"
label values item_1 item_2 item_3 item_4 item_5 item_6 item_7 item_8 item_9 item_10 item_11 item_12 item_lbl
count
* Three levels: sessions (1) within members (2) within groups (3); random intercepts for group and member.
encode group_id, generate(group_n)
encode member_id, generate(member_n)
quietly tabulate group_n if rater == "member" & instrument == "GROUP-SESSION-ALLIANCE-4" & !missing(total)
if r(r) > 1 {
    mixed total session if rater == "member" & instrument == "GROUP-SESSION-ALLIANCE-4" || group_n: || member_n:, reml
}
else {
    display "one group only: two-level model"
    mixed total session if rater == "member" & instrument == "GROUP-SESSION-ALLIANCE-4" || member_n:, reml
}
