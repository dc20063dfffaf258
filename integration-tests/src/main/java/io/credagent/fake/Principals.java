package io.credagent.fake;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every key the fake ever issued, so a signed request can be checked against the secret that was
 * really handed out, and every secret value ever handed out (keys, session tokens, bearer tokens),
 * so tests can assert none of them leaks into a program's output.
 */
final class Principals {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Map<String, Principal> byAccessKeyId = new ConcurrentHashMap<>();
    private final Set<String> secrets = Collections.synchronizedSet(new LinkedHashSet<>());

    /** Long-term IAM user keys: AKIA..., no session token, no expiry. */
    Principal issueUser(String userArn) {
        Principal p = new Principal(randomKeyId("AKIA"), randomSecret(), null, null,
                userArn, Arns.userAccount(userArn), "AIDA" + random(UPPER_ALNUM, 17));
        add(p);
        return p;
    }

    /** Session keys (ASIA...) for an assumed-role style principal, expiring after {@code lifetime}. */
    Principal issueSession(String arn, String account, String userId, Duration lifetime) {
        // Whole seconds: the wire formats carry seconds (ISO) or millis, and tests compare them.
        Instant expiration = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        Principal p = new Principal(randomKeyId("ASIA"), randomSecret(), randomSessionToken(), expiration,
                arn, account, userId);
        add(p);
        return p;
    }

    /** Session keys for {@code roleArn} assumed as {@code sessionName}, as STS, ECS and IMDS issue them. */
    Principal issueRoleSession(String roleArn, String sessionName, Duration lifetime) {
        String account = Arns.roleAccount(roleArn);
        return issueSession(Arns.assumedRole(account, Arns.roleName(roleArn), sessionName), account,
                randomRoleId() + ":" + sessionName, lifetime);
    }

    Optional<Principal> find(String accessKeyId) {
        return Optional.ofNullable(accessKeyId == null ? null : byAccessKeyId.get(accessKeyId));
    }

    /** Makes a key expired from now on (as if its lifetime had passed). */
    void expire(String accessKeyId) {
        byAccessKeyId.computeIfPresent(accessKeyId, (id, p) -> new Principal(p.accessKeyId(),
                p.secretAccessKey(), p.sessionToken(), Instant.now().minusSeconds(1), p.arn(), p.account(),
                p.userId()));
    }

    /** Records a bearer token, refresh token or other secret that is not part of a key pair. */
    void rememberSecret(String secret) {
        secrets.add(secret);
    }

    Set<String> issuedSecrets() {
        synchronized (secrets) {
            return Set.copyOf(secrets);
        }
    }

    private void add(Principal p) {
        byAccessKeyId.put(p.accessKeyId(), p);
        secrets.add(p.secretAccessKey());
        if (p.sessionToken() != null) {
            secrets.add(p.sessionToken());
        }
    }

    static String randomKeyId(String prefix) {
        return prefix + random(UPPER_ALNUM, 16);
    }

    /** The unique id of a role (AROA...), the first half of an assumed-role UserId. */
    static String randomRoleId() {
        return "AROA" + random(UPPER_ALNUM, 17);
    }

    static String randomSecret() {
        return random(SECRET_CHARS, 40);
    }

    /** Long, and contains '/', '+' and '=' like real tokens, so encoding bugs show. */
    static String randomSessionToken() {
        byte[] bytes = new byte[300];
        RANDOM.nextBytes(bytes);
        return "IQoJb3JpZ2luX2Vj" + Base64.getEncoder().encodeToString(bytes);
    }

    static String randomToken(String prefix, int length) {
        return prefix + random(SECRET_CHARS.substring(0, 62), length);
    }

    static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
