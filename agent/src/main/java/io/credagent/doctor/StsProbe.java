package io.credagent.doctor;

import io.credagent.credentials.Credentials;
import io.credagent.chain.Environment;
import io.credagent.http.ProxyRoute;
import io.credagent.log.Mask;
import io.credagent.log.TimeLeft;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code aws sts get-caller-identity} with the resolved credentials, through credagent's own HTTP
 * client (so its proxy route): proves the credentials work, that STS is reachable, and compares
 * this machine's clock with STS's {@code Date} (SigV4 refuses requests more than 5 minutes off).
 */
final class StsProbe {

    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private StsProbe() {
    }

    static void probe(Credentials credentials, String region, Environment env, List<Finding> findings) {
        String endpoint = endpoint(env, region);
        String via = route(endpoint, env);
        AwsCredentials sdk = credentials.sessionToken() != null
                ? AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())
                : AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey());
        try (StsClient sts = StsClient.builder().region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(sdk))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))
                .build()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            findings.add(Finding.ok("STS (" + endpoint + ", " + via + ") accepts the credentials: " + identity.arn()));
            clock(identity.sdkHttpResponse(), endpoint, findings);
        } catch (AwsServiceException e) {
            findings.add(Finding.error("STS (" + endpoint + ", " + via + ") refuses the credentials: "
                    + Mask.text(e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage() : e.getMessage())));
            if (e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null) {
                clock(e.awsErrorDetails().sdkHttpResponse(), endpoint, findings);
            }
        } catch (RuntimeException e) {
            findings.add(Finding.warning("cannot reach STS at " + endpoint + " (" + via + "): " + Mask.text(String.valueOf(
                    e.getMessage())) + "; check network access, the proxy settings and AWS_ENDPOINT_URL_STS"));
        }
    }

    private static void clock(SdkHttpResponse response, String endpoint, List<Finding> findings) {
        Optional<String> date = response.firstMatchingHeader("Date");
        if (date.isPresent()) {
            Finding finding = clock(date.get(), Instant.now(), endpoint);
            if (finding != null) {
                findings.add(finding);
            }
        }
    }

    /** This machine's clock against STS's {@code Date} header; null when the header is unreadable. */
    static Finding clock(String dateHeader, Instant now, String endpoint) {
        Instant theirs;
        try {
            theirs = ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
        Duration skew = Duration.between(theirs, now);
        if (skew.abs().compareTo(MAX_SKEW) > 0) {
            return Finding.warning("this machine's clock is " + TimeLeft.format(skew.abs())
                    + (skew.isNegative() ? " behind" : " ahead of") + " STS's (" + endpoint + "); AWS refuses signatures"
                    + " more than 5 min off: synchronise the clock (NTP)");
        }
        return Finding.ok("clock within " + TimeLeft.format(skew.abs()) + " of STS's");
    }

    /** Where the call goes, as the SDK resolves it: the STS endpoint setting, the global one, else the region's. */
    static String endpoint(Environment env, String region) {
        String sts = env.setting("aws.endpointUrlSts", "AWS_ENDPOINT_URL_STS");
        if (sts != null) {
            return sts;
        }
        String all = env.setting("aws.endpointUrl", "AWS_ENDPOINT_URL");
        return all != null ? all : "https://sts." + region + ".amazonaws.com";
    }

    private static String route(String endpoint, Environment env) {
        try {
            ProxyRoute route = ProxyRoute.to(URI.create(endpoint), env);
            return route == null ? "direct or through the JVM's proxy settings" : "through the proxy of " + route.describe();
        } catch (IllegalArgumentException e) {
            return "proxy setting unusable: " + e.getMessage();
        }
    }
}
