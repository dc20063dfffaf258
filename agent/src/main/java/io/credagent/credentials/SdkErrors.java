package io.credagent.credentials;


import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Reads SDK exceptions: their message as one line, and the few facts (a service's answer, a
 * missing file, a network failure) that decide a {@link CredentialException.Category}. Which
 * category applies is the caller's decision, since the same SDK exception type means different
 * things in different steps.
 */
public final class SdkErrors {

    private SdkErrors() {
    }

    /**
     * The SDK's message, one line. For a service's answer: {@code Sts AccessDenied (HTTP 403): the
     * service's message}. Otherwise the outermost message, plus the root cause's when it adds
     * something (the outer one is often just "Failed to load credentials from IMDS.").
     */
    public static String message(Throwable error) {
        AwsServiceException service = find(error, AwsServiceException.class);
        if (service != null) {
            return serviceMessage(service);
        }
        String outer = text(error);
        Throwable root = error;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        String inner = root == error ? null : text(root);
        if (outer == null) {
            return inner != null ? inner + " (" + root.getClass().getSimpleName() + ")" : error.getClass().getName();
        }
        if (inner == null || outer.contains(inner)) {
            return outer;
        }
        return outer + " (cause: " + root.getClass().getSimpleName() + ": " + inner + ")";
    }

    /** True when the message of the error or of any cause contains {@code fragment}. */
    public static boolean anyMessageContains(Throwable error, String fragment) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t.getMessage() != null && t.getMessage().contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Throwable t) {
        String message = t.getMessage();
        return message == null || message.trim().isEmpty() ? null : oneLine(message);
    }

    private static String serviceMessage(AwsServiceException service) {
        AwsErrorDetails details = service.awsErrorDetails();
        StringBuilder text = new StringBuilder();
        if (details != null && details.serviceName() != null) {
            text.append(details.serviceName()).append(' ');
        }
        if (details != null && details.errorCode() != null) {
            text.append(details.errorCode()).append(' ');
        }
        text.append("(HTTP ").append(service.statusCode()).append(')');
        String detail = details != null && details.errorMessage() != null ? details.errorMessage() : service.getMessage();
        if (detail != null) {
            text.append(": ").append(detail);
        }
        return oneLine(text.toString());
    }

    /** A service (STS, SSO, OIDC, a metadata endpoint) answered with an error. */
    public static boolean isServiceError(Throwable error) {
        return find(error, SdkServiceException.class) != null;
    }

    /** The service said "too many requests" (Throttling, TooManyRequestsException, HTTP 429, ...). */
    public static boolean isThrottling(Throwable error) {
        SdkServiceException service = find(error, SdkServiceException.class);
        return service != null && (service.isThrottlingException() || service.statusCode() == 429);
    }

    /**
     * A failure that trying again soon can cure: throttling, a server error (HTTP 5xx), a refused,
     * reset or timed-out connection. Refusals (access denied, a bad token), unreadable files, TLS
     * and certificate errors, unknown hosts and mistakes in the configuration are not.
     */
    public static boolean isTransient(Throwable error) {
        if (error == null) {
            return false;
        }
        SdkServiceException service = find(error, SdkServiceException.class);
        if (service != null) {
            return isThrottling(error) || service.statusCode() >= 500;
        }
        if (find(error, javax.net.ssl.SSLException.class) != null || find(error, java.nio.file.FileSystemException.class) != null) {
            return false;
        }
        return find(error, java.net.SocketTimeoutException.class) != null
                || find(error, java.net.SocketException.class) != null // ConnectException, connection reset
                || find(error, software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.class) != null
                || find(error, software.amazon.awssdk.core.exception.ApiCallTimeoutException.class) != null;
    }

    /** The file named by a "no such file" somewhere in the causes, or null. */
    public static String missingFile(Throwable error) {
        NoSuchFileException noSuchFile = find(error, NoSuchFileException.class);
        if (noSuchFile != null) {
            return noSuchFile.getFile();
        }
        FileNotFoundException notFound = find(error, FileNotFoundException.class);
        return notFound != null ? notFound.getMessage() : null;
    }

    /** An I/O failure (connection refused, timeout, unknown host) somewhere in the causes. */
    public static boolean isNetworkError(Throwable error) {
        return find(error, IOException.class) != null && missingFile(error) == null;
    }

    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Whitespace flattened, and no trailing period: our messages go on with "; how to fix". */
    public static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.endsWith(".") && !line.endsWith("..") ? line.substring(0, line.length() - 1) : line;
    }
}
