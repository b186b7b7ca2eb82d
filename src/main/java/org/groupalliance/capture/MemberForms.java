package org.groupalliance.capture;

import java.util.ArrayList;
import java.util.List;

import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.GroupSession;
import org.springframework.stereotype.Component;

/** One rule for both sides of self-report: the forms the plan asks of members at a session. */
@Component
class MemberForms {

    private final MeasurementPlanService plans;
    private final InstrumentService instruments;

    MemberForms(MeasurementPlanService plans, InstrumentService instruments) {
        this.plans = plans;
        this.instruments = instruments;
    }

    List<InstrumentDefinition> dueAt(GroupSession session) {
        List<InstrumentDefinition> defs = new ArrayList<>();
        for (PlanEntry e : plans.dueAt(session.groupId(), session.number())) {
            if (e.data().raters().contains(Rater.MEMBER)) {
                instruments.current(e.data().instrumentCode()).ifPresent(i -> defs.add(i.definition()));
            }
        }
        return defs;
    }
}
