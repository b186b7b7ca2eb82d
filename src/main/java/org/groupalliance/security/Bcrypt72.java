package org.groupalliance.security;

import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt reads only the first 72 bytes of a password: a longer one would match any password that
 * shares those bytes. Setting such a password is refused with a message ({@link Passwords#problem});
 * this wrapper makes sure a longer password never matches at sign-in either.
 */
final class Bcrypt72 implements PasswordEncoder {

    private final PasswordEncoder delegate;

    Bcrypt72(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    static boolean tooLong(CharSequence raw) {
        return raw != null && raw.toString().getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        if (tooLong(rawPassword)) {
            throw new IllegalArgumentException("Passwords are at most " + Passwords.MAX_BYTES + " bytes long");
        }
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return !tooLong(rawPassword) && delegate.matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }
}
