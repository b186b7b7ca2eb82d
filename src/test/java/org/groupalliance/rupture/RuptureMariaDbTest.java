package org.groupalliance.rupture;

import org.groupalliance.support.MariaDbTest;

@MariaDbTest
class RuptureMariaDbTest extends RuptureContract {
}
