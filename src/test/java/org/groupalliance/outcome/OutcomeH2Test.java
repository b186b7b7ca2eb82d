package org.groupalliance.outcome;

import org.groupalliance.support.H2Test;

@H2Test
class OutcomeH2Test extends OutcomeContract {
}
