package org.groupalliance.roster;

import org.groupalliance.support.MariaDbTest;

/** The roster contract on real MariaDB. */
@MariaDbTest
class RosterServiceMariaDbTest extends RosterServiceContract {
}
