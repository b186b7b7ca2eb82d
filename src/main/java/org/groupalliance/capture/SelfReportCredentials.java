package org.groupalliance.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.groupalliance.base.MemberId;
import org.springframework.stereotype.Component;

/**
 * The credentials of member self-report: a window's short access key, a member's 6-digit PIN and
 * personal link token. Only SHA-256 hashes of PINs (salted with the window's key and the member)
 * and of link tokens are stored; comparisons take constant time.
 */
@Component
class SelfReportCredentials {

    private static final String KEY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    private final SecureRandom random = new SecureRandom();

    /** A new PIN and link token in clear (to hand out once) with the hashes to store. */
    record NewPass(String pin, String linkToken, String pinHash, String linkHash) {
    }

    NewPass newPass(String accessKey, MemberId member) {
        String pin = String.format("%06d", random.nextInt(1_000_000));
        byte[] token = new byte[16];
        random.nextBytes(token);
        String link = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        return new NewPass(pin, link, pinHash(accessKey, member, pin), linkHash(link));
    }

    /** Ten characters from a 31-symbol alphabet without look-alikes: about 50 bits. */
    String newAccessKey() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return sb.toString();
    }

    boolean pinMatches(String accessKey, MemberId member, String givenPin, String storedHash) {
        String given = givenPin == null ? "" : givenPin.replaceAll("\\s", "");
        return MessageDigest.isEqual(pinHash(accessKey, member, given).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    String linkHash(String linkToken) {
        return sha256(linkToken);
    }

    private static String pinHash(String key, MemberId member, String pin) {
        return sha256(key + ":" + member.value() + ":" + pin);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
