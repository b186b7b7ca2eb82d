package org.groupalliance.capture;

import org.groupalliance.support.MariaDbTest;

@MariaDbTest
class SelfReportMariaDbTest extends SelfReportContract {
}
