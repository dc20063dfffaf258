package io.credagent.sdk;

import io.credagent.credentials.Credentials;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * SDK for Java v1 objects: {@code BasicSessionCredentials} / {@code BasicAWSCredentials} (v1 has no
 * expiration on credentials) and {@code SdkClientException}, falling back to the older
 * {@code AmazonClientException} for SDK versions before 1.11.
 */
final class SdkV1Objects extends SdkObjects {

    private final Constructor<?> sessionCredentials;
    private final Constructor<?> basicCredentials;
    private final Constructor<?> clientException;
    private final Method accessKeyId;

    /** @param prefix the SDK package prefix, e.g. {@code com.amazonaws.} */
    SdkV1Objects(ClassLoader loader, String prefix) throws ReflectiveOperationException {
        sessionCredentials = Reflection.load(loader, prefix + "auth.BasicSessionCredentials")
                .getConstructor(String.class, String.class, String.class);
        basicCredentials = Reflection.load(loader, prefix + "auth.BasicAWSCredentials")
                .getConstructor(String.class, String.class);
        accessKeyId = Reflection.load(loader, prefix + "auth.AWSCredentials").getMethod("getAWSAccessKeyId");
        clientException = Reflection.loadFirst(loader, prefix + "SdkClientException", prefix + "AmazonClientException")
                .getConstructor(String.class);
    }

    @Override
    protected Object build(Credentials c) {
        try {
            return c.sessionToken() != null
                    ? sessionCredentials.newInstance(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())
                    : basicCredentials.newInstance(c.accessKeyId(), c.secretAccessKey());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build SDK v1 credentials", e);
        }
    }

    @Override
    public String accessKeyId(Object sdkCredentials) {
        try {
            return (String) accessKeyId.invoke(sdkCredentials);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read SDK v1 credentials", e);
        }
    }

    @Override
    public RuntimeException clientException(String message) {
        try {
            return (RuntimeException) clientException.newInstance(message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build SDK v1 exception", e);
        }
    }
}
