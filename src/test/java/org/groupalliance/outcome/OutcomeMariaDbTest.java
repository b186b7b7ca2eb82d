package org.groupalliance.outcome;

import org.groupalliance.support.MariaDbTest;

@MariaDbTest
class OutcomeMariaDbTest extends OutcomeContract {
}
