package org.groupalliance.security;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On the very first start (no account at all) creates the user {@code admin} with a generated
 * password and prints it once to the console. There is never a fixed default password.
 */
@Component
@Order(10)
class FirstRunAdmin implements ApplicationRunner {

    private final UserService users;

    FirstRunAdmin(UserService users) {
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        users.createFirstAdminIfNone().ifPresent(admin -> FirstRunBanner.print("First start: an administrator account was created.",
                admin.username() + " / " + admin.initialPassword()));
    }
}
