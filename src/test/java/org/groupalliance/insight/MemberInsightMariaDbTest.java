package org.groupalliance.insight;

import org.groupalliance.support.MariaDbTest;

@MariaDbTest
class MemberInsightMariaDbTest extends MemberInsightContract {
}
