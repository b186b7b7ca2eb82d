package org.groupalliance.demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo on the first start of an empty database. {@code groupalliance.demo-data.enabled}:
 * {@code auto} (default) only on the embedded H2 database, never on an external one (a production
 * MariaDB must not get demo accounts by accident); {@code true} on any database; {@code false} never.
 */
@Component
@Order(20)
class DemoDataRunner implements ApplicationRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DemoDataRunner.class);

    private final DemoData demo;
    private final boolean enabled;

    DemoDataRunner(DemoData demo, @Value("${groupalliance.demo-data.enabled:auto}") String enabled,
                   @Value("${spring.datasource.url:}") String url) {
        this.demo = demo;
        this.enabled = switch (enabled.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> url.startsWith("jdbc:h2:");
        };
    }

    @Override
    public void run(ApplicationArguments args) {
        if (enabled) {
            long started = System.nanoTime();
            demo.seedIfEmpty().ifPresent(accounts -> {
                DemoData.print(accounts);
                // first-start cost of the demo clinic (docs/benchmarks.md)
                LOG.info("Demo data created in {} ms", (System.nanoTime() - started) / 1_000_000);
            });
        }
    }
}
