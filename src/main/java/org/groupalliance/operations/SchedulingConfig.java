package org.groupalliance.operations;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on Spring's scheduler for the cluster-wide jobs ({@link Housekeeping}). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfig {
}
