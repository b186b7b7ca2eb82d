package org.groupalliance.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Each test application context starts from an empty, freshly migrated schema. */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestClock.Config.class)
public class CleanDatabase {

    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}
