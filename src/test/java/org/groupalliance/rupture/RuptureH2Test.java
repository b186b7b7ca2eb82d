package org.groupalliance.rupture;

import org.groupalliance.support.H2Test;

@H2Test
class RuptureH2Test extends RuptureContract {
}
