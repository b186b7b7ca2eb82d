package org.groupalliance.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.jooq.Tables.SELF_REPORT_PASS;
import static org.groupalliance.support.Actors.as;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.support.MariaDbTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@MariaDbTest
class SelfReportMariaDbTest extends SelfReportContract {

    @Autowired DSLContext dsl;

    /** Issue 13 item 2: 30 wrong PINs at once for one member are checked at most five times. */
    @Test
    void thirty_parallel_wrong_pins_are_checked_at_most_five_times() throws Exception {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        String right = opened.passes().stream().filter(p -> p.member().equals(m1.id())).findFirst().orElseThrow().pin();
        String wrong = right.equals("000000") ? "111111" : "000000";
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        memberSide.enterWithPin(opened.accessKey(), m1.code(), wrong);
                        return "entered";
                    } catch (SelfReport.Refused refused) {
                        return refused.getMessage();
                    }
                }));
            }
            start.countDown();
            List<String> messages = new ArrayList<>();
            for (Future<String> f : results) {
                messages.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(messages).hasSize(30).noneMatch(m -> m.equals("entered"));
            assertThat(messages).filteredOn(m -> m.contains("not right")).hasSize(4);
        } finally {
            pool.shutdownNow();
        }
        Integer counted = dsl.select(SELF_REPORT_PASS.FAILED_ATTEMPTS).from(SELF_REPORT_PASS)
                .where(SELF_REPORT_PASS.MEMBER_ID.eq(m1.id().value())).fetchOne(SELF_REPORT_PASS.FAILED_ATTEMPTS);
        assertThat(counted).isEqualTo(5);
        assertThat(as(admin, () -> audit.search(new AuditQuery(null, AuditAction.LOGIN_FAILED, "SelfReportPass", null, null, 100))))
                .filteredOn(e -> e.summary().contains(m1.code())).hasSize(5);
    }
}
