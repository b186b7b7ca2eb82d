package org.groupalliance.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The system clock, which a test can move forward ("25 hours later") to see links expire. Services
 * that take a {@link Clock} bean use it; tests call {@link #reset()} when done.
 */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        Clock shifted = Clock.offset(Clock.system(zone), offset);
        return shifted;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Registers one TestClock per test application context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        /** Primary: it replaces the application's system clock ({@code base.TimeConfig}) wherever a Clock is injected. */
        @Bean
        @org.springframework.context.annotation.Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
