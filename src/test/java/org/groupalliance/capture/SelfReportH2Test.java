package org.groupalliance.capture;

import org.groupalliance.support.H2Test;

@H2Test
class SelfReportH2Test extends SelfReportContract {
}
