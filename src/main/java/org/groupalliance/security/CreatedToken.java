package org.groupalliance.security;

/** A token just created: {@code token} is the only time the plain value exists outside its owner's hands. */
public record CreatedToken(ApiToken info, String token) {
    @Override
    public String toString() {
        return "CreatedToken[" + info.prefix() + "...]";
    }
}
