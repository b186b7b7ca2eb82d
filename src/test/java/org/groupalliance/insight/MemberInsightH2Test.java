package org.groupalliance.insight;

import org.groupalliance.support.H2Test;

@H2Test
class MemberInsightH2Test extends MemberInsightContract {
}
