package org.groupalliance.security;

import java.security.SecureRandom;

/** Generated one-time passwords and the rule for chosen ones. */
public final class Passwords {

    /** No 0/O, 1/l/I: generated passwords are read off a screen and typed. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes of a password; longer ones are refused rather than silently cut. */
    public static final int MAX_BYTES = 72;

    private Passwords() {
    }

    /** 16 characters from a 57-symbol alphabet: about 93 bits of entropy. */
    public static String generate() {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** @return the broken rule, or null when the password is acceptable */
    public static String problem(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "Must be at least " + MIN_LENGTH + " characters long";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "Must be at most " + MAX_BYTES + " bytes long (about 72 plain letters; accented letters count 2, emoji 4)";
        }
        if (password.equalsIgnoreCase(username)) {
            return "Must not be the same as the username";
        }
        if (password.chars().distinct().count() < 5) {
            return "Must use at least 5 different characters";
        }
        return null;
    }
}
