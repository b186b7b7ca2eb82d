package org.groupalliance.measure;

import org.groupalliance.security.SystemActor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Puts the built-in definitions into the library on every start where they are missing (audited as "system"). */
@Component
@Order(15)
class BuiltInInstrumentSeeder implements ApplicationRunner {

    private final InstrumentService instruments;

    BuiltInInstrumentSeeder(InstrumentService instruments) {
        this.instruments = instruments;
    }

    @Override
    public void run(ApplicationArguments args) {
        SystemActor.run(instruments::addMissingBuiltIns);
    }
}
