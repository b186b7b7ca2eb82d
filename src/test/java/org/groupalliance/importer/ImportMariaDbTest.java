package org.groupalliance.importer;

import org.groupalliance.support.MariaDbTest;

@MariaDbTest
class ImportMariaDbTest extends ImportContract {
}
