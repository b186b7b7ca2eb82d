package org.groupalliance.security.internal;

import static org.groupalliance.jooq.Tables.API_TOKEN;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.groupalliance.base.UserId;
import org.groupalliance.jooq.tables.records.ApiTokenRecord;
import org.groupalliance.security.ApiToken;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Personal access tokens in {@code api_token}; only hashes are stored. */
@Repository
public class ApiTokenRepository {

    private final DSLContext dsl;

    ApiTokenRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long insert(UserId owner, String label, String hash, String prefix, String scope, LocalDateTime createdAt, String createdBy,
                       LocalDateTime expiresAt) {
        return dsl.insertInto(API_TOKEN)
                .set(API_TOKEN.USER_ID, owner.value()).set(API_TOKEN.LABEL, label).set(API_TOKEN.TOKEN_HASH, hash)
                .set(API_TOKEN.TOKEN_PREFIX, prefix).set(API_TOKEN.SCOPE, scope).set(API_TOKEN.CREATED_AT, createdAt)
                .set(API_TOKEN.CREATED_BY, createdBy).set(API_TOKEN.EXPIRES_AT, expiresAt).set(API_TOKEN.VERSION, 0)
                .returning(API_TOKEN.ID).fetchOne(API_TOKEN.ID);
    }

    public Optional<ApiToken> findByHash(String hash) {
        return dsl.selectFrom(API_TOKEN).where(API_TOKEN.TOKEN_HASH.eq(hash)).fetchOptional().map(ApiTokenRepository::toToken);
    }

    public Optional<ApiToken> findById(long id) {
        return dsl.selectFrom(API_TOKEN).where(API_TOKEN.ID.eq(id)).fetchOptional().map(ApiTokenRepository::toToken);
    }

    public List<ApiToken> findByOwner(UserId owner) {
        return dsl.selectFrom(API_TOKEN).where(API_TOKEN.USER_ID.eq(owner.value())).orderBy(API_TOKEN.CREATED_AT.desc(), API_TOKEN.ID.desc())
                .fetch(ApiTokenRepository::toToken);
    }

    /** @return false when it was already revoked */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean revoke(long id, LocalDateTime at) {
        return dsl.update(API_TOKEN).set(API_TOKEN.REVOKED_AT, at).set(API_TOKEN.VERSION, API_TOKEN.VERSION.plus(1))
                .where(API_TOKEN.ID.eq(id).and(API_TOKEN.REVOKED_AT.isNull())).execute() == 1;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void markUsed(long id, LocalDateTime at) {
        dsl.update(API_TOKEN).set(API_TOKEN.LAST_USED_AT, at).where(API_TOKEN.ID.eq(id)).execute();
    }

    private static ApiToken toToken(ApiTokenRecord r) {
        return new ApiToken(r.getId(), new UserId(r.getUserId()), r.getLabel(), r.getTokenPrefix(), r.getScope(), r.getCreatedAt(),
                r.getExpiresAt(), r.getRevokedAt(), r.getLastUsedAt());
    }
}
