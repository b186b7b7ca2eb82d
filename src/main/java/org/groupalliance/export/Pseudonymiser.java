package org.groupalliance.export;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Research ids: a keyed hash of internal ids, {@code HMAC-SHA256(secret, kind + ":" + id)}, shown as
 * the kind's letter and the first 16 hex digits (64 bits) of the MAC, e.g. {@code M3fa0c2d19b7e4a55}.
 * The same secret gives the same ids in every export, so files from different months merge; another
 * installation's secret gives unrelated ids, and without the secret an id cannot be traced back to
 * the internal one (docs/decisions/0008-pseudonymisation.md). Ids start with a letter, so no
 * spreadsheet reads one as a number.
 *
 * <p>Collisions: with 64 bits, the chance that any two of n ids of one kind coincide is about
 * n²/2⁶⁵, under 3·10⁻⁸ for a million members. Instances are immutable and thread-safe (a new
 * {@link Mac} per call is cheap next to the rows it labels).
 */
public final class Pseudonymiser {

    /** What an internal id identifies; the letter starts its research id. */
    public enum Kind {
        SITE('S'), GROUP('G'), MEMBER('M'), SUBGROUP('B'), USER('U'), RUPTURE('R');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    private final SecretKeySpec key;

    public Pseudonymiser(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the research secret must have at least 256 bits");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String id(Kind kind, long internalId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((kind.name().toLowerCase() + ":" + internalId).getBytes(StandardCharsets.US_ASCII));
            return kind.letter + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Pseudonymiser[secret hidden]";
    }
}
