package io.credagent.sdk;

import io.credagent.credentials.Credentials;

import java.lang.reflect.Method;
import java.time.Instant;

/**
 * SDK for Java v2 objects: {@code AwsSessionCredentials} / {@code AwsBasicCredentials} built with
 * their builders where the SDK version has them (expiration, account id, provider name), otherwise
 * with {@code create(...)}; and {@code core.exception.SdkClientException}.
 */
final class SdkV2Objects extends SdkObjects {

    static final String PROVIDER_NAME = "credagent";

    private final CredentialsFactory session;
    private final CredentialsFactory basic;
    private final Method clientException;
    private final Method accessKeyId;

    /** @param prefix the SDK package prefix, e.g. {@code software.amazon.awssdk.} */
    SdkV2Objects(ClassLoader loader, String prefix) throws ReflectiveOperationException {
        session = new CredentialsFactory(Reflection.load(loader, prefix + "auth.credentials.AwsSessionCredentials"), true);
        basic = new CredentialsFactory(Reflection.load(loader, prefix + "auth.credentials.AwsBasicCredentials"), false);
        accessKeyId = Reflection.load(loader, prefix + "auth.credentials.AwsCredentials").getMethod("accessKeyId");
        clientException = Reflection.load(loader, prefix + "core.exception.SdkClientException")
                .getMethod("create", String.class);
    }

    @Override
    protected Object build(Credentials c) {
        try {
            return c.sessionToken() != null ? session.build(c) : basic.build(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build SDK v2 credentials", e);
        }
    }

    @Override
    public String accessKeyId(Object sdkCredentials) {
        try {
            return (String) accessKeyId.invoke(sdkCredentials);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read SDK v2 credentials", e);
        }
    }

    @Override
    public RuntimeException clientException(String message) {
        try {
            return (RuntimeException) clientException.invoke(null, message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build SDK v2 exception", e);
        }
    }

    /** One credentials class: its builder when present (2.2x+), else its static {@code create}. */
    private static final class CredentialsFactory {
        private final boolean withToken;
        private final Method create;
        private final Method builder;
        private final Method accessKeyId;
        private final Method secretAccessKey;
        private final Method sessionToken;
        private final Method expirationTime;
        private final Method accountId;
        private final Method providerName;
        private final Method build;

        CredentialsFactory(Class<?> type, boolean withToken) throws NoSuchMethodException {
            this.withToken = withToken;
            create = withToken
                    ? type.getMethod("create", String.class, String.class, String.class)
                    : type.getMethod("create", String.class, String.class);
            builder = Reflection.methodOrNull(type, "builder");
            Class<?> b = builder == null ? null : builder.getReturnType();
            accessKeyId = Reflection.methodOrNull(b, "accessKeyId", String.class);
            secretAccessKey = Reflection.methodOrNull(b, "secretAccessKey", String.class);
            sessionToken = withToken ? Reflection.methodOrNull(b, "sessionToken", String.class) : null;
            expirationTime = Reflection.methodOrNull(b, "expirationTime", Instant.class);
            accountId = Reflection.methodOrNull(b, "accountId", String.class);
            providerName = Reflection.methodOrNull(b, "providerName", String.class);
            build = Reflection.methodOrNull(b, "build");
        }

        Object build(Credentials c) throws ReflectiveOperationException {
            if (build == null || accessKeyId == null || secretAccessKey == null || (withToken && sessionToken == null)) {
                return withToken
                        ? create.invoke(null, c.accessKeyId(), c.secretAccessKey(), c.sessionToken())
                        : create.invoke(null, c.accessKeyId(), c.secretAccessKey());
            }
            Object b = builder.invoke(null);
            accessKeyId.invoke(b, c.accessKeyId());
            secretAccessKey.invoke(b, c.secretAccessKey());
            if (withToken) {
                sessionToken.invoke(b, c.sessionToken());
            }
            if (expirationTime != null && c.expiration() != null) {
                expirationTime.invoke(b, c.expiration());
            }
            if (accountId != null && c.accountId() != null) {
                accountId.invoke(b, c.accountId());
            }
            if (providerName != null) {
                providerName.invoke(b, PROVIDER_NAME);
            }
            return build.invoke(b);
        }
    }
}
