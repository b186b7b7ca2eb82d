package org.groupalliance.security;

import org.groupalliance.support.H2Test;

/** The audit chain on H2 in MySQL mode (the embedded default). */
@H2Test
class AuditChainH2Test extends AuditChainContract {
}
