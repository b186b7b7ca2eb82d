package org.groupalliance.demo;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Seeds the demo on the first start of an empty embedded database (property groupalliance.demo-data.enabled). */
@Component
@Order(20)
@ConditionalOnProperty(name = "groupalliance.demo-data.enabled", havingValue = "true")
class DemoDataRunner implements ApplicationRunner {

    private final DemoData demo;

    DemoDataRunner(DemoData demo) {
        this.demo = demo;
    }

    @Override
    public void run(ApplicationArguments args) {
        demo.seedIfEmpty().ifPresent(DemoData::print);
    }
}
