package org.groupalliance.importer;

import org.groupalliance.support.H2Test;

@H2Test
class ImportH2Test extends ImportContract {
}
