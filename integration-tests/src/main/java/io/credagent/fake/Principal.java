package io.credagent.fake;

import java.time.Instant;

/**
 * A key pair the fake handed out, and who it belongs to.
 *
 * @param sessionToken null for long-term IAM user keys (AKIA...), set for session keys (ASIA...)
 * @param expiration   null for long-term keys
 * @param arn          what GetCallerIdentity answers for this key
 * @param userId       what GetCallerIdentity answers as UserId
 */
public record Principal(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                        String arn, String account, String userId) {

    public boolean isSession() {
        return sessionToken != null;
    }

    public boolean expiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }

    /** Never prints the secret or token: this ends up in assertion messages. */
    @Override
    public String toString() {
        return "Principal[" + accessKeyId + " " + arn + (expiration == null ? "" : " expires " + expiration) + "]";
    }
}
