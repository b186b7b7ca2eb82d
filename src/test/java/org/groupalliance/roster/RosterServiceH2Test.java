package org.groupalliance.roster;

import org.groupalliance.support.H2Test;

/** The roster contract on H2 in MySQL mode (the embedded default). */
@H2Test
class RosterServiceH2Test extends RosterServiceContract {
}
