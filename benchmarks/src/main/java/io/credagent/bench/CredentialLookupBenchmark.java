package io.credagent.bench;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The hot path: an SDK's default credential lookup answered by credagent from a warm cache, next to
 * SDK v2's {@code StaticCredentialsProvider} (a field read) as the floor. Runs in JVMs started with
 * {@code -javaagent:credagent.jar=profile=bench} (see {@link RunBenchmarks}); the setup refuses to
 * measure if credagent is not the one answering.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CredentialLookupBenchmark {

    private DefaultCredentialsProvider v2Default;
    private DefaultAWSCredentialsProviderChain v1Default;
    private StaticCredentialsProvider v2Static;
    private ProfileCredentialsProvider v2First;
    private ProfileCredentialsProvider v2Second;
    private boolean second;

    @Setup
    public void setUp() {
        v2Default = DefaultCredentialsProvider.builder().build();
        v1Default = new DefaultAWSCredentialsProviderChain();
        v2Static = StaticCredentialsProvider.create(AwsBasicCredentials.create(RunBenchmarks.KEY_ID, "staticSecret"));
        // Without credagent neither default chain finds the [bench] profile (it is not AWS_PROFILE).
        String v2Key = v2Default.resolveCredentials().accessKeyId();
        String v1Key = v1Default.getCredentials().getAWSAccessKeyId();
        if (!RunBenchmarks.KEY_ID.equals(v2Key) || !RunBenchmarks.KEY_ID.equals(v1Key)) {
            throw new IllegalStateException("credagent is not answering: " + v2Key + ", " + v1Key);
        }
        v2First = ProfileCredentialsProvider.create("bench");
        v2Second = ProfileCredentialsProvider.create("bench2");
        if (!RunBenchmarks.SECOND_KEY_ID.equals(v2Second.resolveCredentials().accessKeyId())) {
            throw new IllegalStateException("credagent is not answering the second identity");
        }
    }

    @Benchmark
    public AwsCredentials v2InterceptedResolveCredentials() {
        return v2Default.resolveCredentials();
    }

    @Benchmark
    public AWSCredentials v1InterceptedGetCredentials() {
        return v1Default.getCredentials();
    }

    /** An application alternating two identities (two named profiles): each lookup must hit its own cached objects. */
    @Benchmark
    public AwsCredentials v2TwoIdentitiesAlternating() {
        second = !second;
        return (second ? v2Second : v2First).resolveCredentials();
    }

    @Benchmark
    public AwsCredentials v2StaticProvider() {
        return v2Static.resolveCredentials();
    }
}
