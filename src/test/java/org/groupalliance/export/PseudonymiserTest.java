package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.groupalliance.export.Pseudonymiser.Kind;
import org.junit.jupiter.api.Test;

/** Research ids: stable under one secret, unrelated under another, distinct per kind, never the internal id. */
class PseudonymiserTest {

    static byte[] secret(int seed) {
        byte[] s = new byte[32];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (seed * 31 + i);
        }
        return s;
    }

    @Test
    void the_same_secret_gives_the_same_ids_in_every_export() {
        Pseudonymiser a = new Pseudonymiser(secret(1));
        Pseudonymiser b = new Pseudonymiser(secret(1));
        for (long id = 1; id <= 200; id++) {
            assertThat(b.id(Kind.MEMBER, id)).isEqualTo(a.id(Kind.MEMBER, id));
        }
    }

    @Test
    void another_secret_gives_different_ids() {
        Pseudonymiser a = new Pseudonymiser(secret(1));
        Pseudonymiser other = new Pseudonymiser(secret(2));
        for (long id = 1; id <= 200; id++) {
            assertThat(other.id(Kind.MEMBER, id)).isNotEqualTo(a.id(Kind.MEMBER, id));
        }
    }

    @Test
    void ids_are_a_letter_and_16_hex_digits_and_differ_between_kinds() {
        Pseudonymiser p = new Pseudonymiser(secret(3));
        Set<String> seen = new HashSet<>();
        for (Kind kind : Kind.values()) {
            for (long id = 1; id <= 500; id++) {
                String rid = p.id(kind, id);
                assertThat(rid).matches("[SGMBUR][0-9a-f]{16}").doesNotContain(Long.toString(id) + "\u0000");
                assertThat(seen.add(rid.substring(1))).as("no two ids share a hash").isTrue();
            }
        }
        // a known value, from: echo -n "member:1" | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
        assertThat(new Pseudonymiser(secret(0)).id(Kind.MEMBER, 1)).isEqualTo("M8917a0b51970c3b0");
    }
}
