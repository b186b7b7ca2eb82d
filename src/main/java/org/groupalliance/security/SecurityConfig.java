package org.groupalliance.security;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import org.groupalliance.security.ui.LoginView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Login through Vaadin's login view, view access by annotations, and method security on every
 * service: hiding a menu entry is never the only guard.
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AccountRecheck recheck,
                                            ObjectProvider<SecurityContextHolderStrategy> strategy) throws Exception {
        // every request re-checks that the signed-in account is still enabled, in its role and not reset
        http.addFilterAfter(new AccountRecheckFilter(recheck, strategy.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)),
                SecurityContextHolderFilter.class);
        // login CSRF: Vaadin exempts the login POST from Spring's check
        http.addFilterBefore(new LoginCsrfFilter(), UsernamePasswordAuthenticationFilter.class);
        // before Vaadin's configurer, so these take precedence over its anyRequest rule
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/styles/**", "/images/**").permitAll());
        http.with(vaadin(), configurer -> configurer.loginView(LoginView.class));
        return http.build();
    }

    /** bcrypt through the delegating encoder, so stored hashes name their algorithm and can be upgraded. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new Bcrypt72(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }
}
