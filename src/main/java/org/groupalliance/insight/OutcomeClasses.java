package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.outcome.OutcomeChange;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.PlannedOutcome;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.roster.Member;
import org.springframework.stereotype.Component;

/**
 * Each member's outcome change class for every outcome the plan measures at baseline and post,
 * taken as it is from {@link OutcomeService#change} (no second implementation of reliable change).
 */
@Component
class OutcomeClasses {

    private final OutcomeService outcomes;

    OutcomeClasses(OutcomeService outcomes) {
        this.outcomes = outcomes;
    }

    Map<MemberId, List<OutcomeClass>> forGroup(GroupId group, List<Member> roster) {
        Map<MemberId, List<OutcomeClass>> out = new HashMap<>();
        for (PlannedOutcome p : outcomes.planned(group)) {
            if (!p.timepoints().contains(Timepoint.baseline()) || !p.timepoints().contains(Timepoint.post())) {
                continue;
            }
            OutcomeChange change = outcomes.change(group, p.instrument().code());
            Map<String, ReliableChange.Member> byCode = new HashMap<>();
            if (change.result() != null) {
                change.result().perMember().forEach(m -> byCode.put(m.id(), m));
            }
            for (Member m : roster) {
                ReliableChange.Member r = byCode.get(m.code());
                OutcomeClass c;
                if (change.result() == null) {
                    c = new OutcomeClass(change.instrumentCode(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, "no reliable-change criterion");
                } else if (r == null || r.category() == null) {
                    double pre = r == null ? Double.NaN : r.pre();
                    double post = r == null ? Double.NaN : r.post();
                    c = new OutcomeClass(change.instrumentCode(), pre, post, Double.NaN, Double.NaN, null,
                            Double.isNaN(pre) ? "no baseline score" : "no post score yet");
                } else {
                    c = new OutcomeClass(change.instrumentCode(), r.pre(), r.post(), r.change(), r.rci(), r.category(), "");
                }
                out.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }
}
