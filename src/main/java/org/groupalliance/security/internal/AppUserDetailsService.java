package org.groupalliance.security.internal;

import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.ClientAddress;
import org.groupalliance.security.LoginThrottle;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Loads accounts for Spring Security; a throttled username, or any account asked for from a throttled address, comes back locked. */
@Service
class AppUserDetailsService implements UserDetailsService {

    private final UserRepository users;
    private final LoginThrottle throttle;

    AppUserDetailsService(UserRepository users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    @Override
    @Transactional(readOnly = true)
    public AppUserPrincipal loadUserByUsername(String username) {
        AppUserPrincipal p = users.findPrincipal(username.trim().toLowerCase())
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
        boolean locked = throttle.isLocked(p.username()) || throttle.isAddressLocked(ClientAddress.current());
        return new AppUserPrincipal(p.userId(), p.username(), p.passwordHash(), p.role(), p.siteId(), p.enabled(), locked, p.securityStamp());
    }
}
