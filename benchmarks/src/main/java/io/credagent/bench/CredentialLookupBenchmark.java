package io.credagent.bench;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.STSAssumeRoleSessionCredentialsProvider;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The hot path: an SDK's default credential lookup answered by credagent from a warm cache, next to
 * what an application would use instead, warm too: SDK v2's {@code StsAssumeRoleCredentialsProvider}
 * and SDK v1's {@code STSAssumeRoleSessionCredentialsProvider} (against a loopback STS that only
 * the setup calls), and SDK v2's {@code StaticCredentialsProvider} (a field read) as the floor. Runs in JVMs started with
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
    private CountingSts sts;
    private StsClient stsClient;
    private StsAssumeRoleCredentialsProvider v2AssumeRole;
    private STSAssumeRoleSessionCredentialsProvider v1AssumeRole;

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
        try {
            sts = CountingSts.start(0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        stsClient = StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(v2Static).build();
        v2AssumeRole = StsAssumeRoleCredentialsProvider.builder().stsClient(stsClient)
                .refreshRequest(r -> r.roleArn("arn:aws:iam::111122223333:role/bench").roleSessionName("v2")).build();
        v1AssumeRole = new STSAssumeRoleSessionCredentialsProvider.Builder("arn:aws:iam::111122223333:role/bench", "v1")
                .withStsClient(AWSSecurityTokenServiceClientBuilder.standard()
                        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(sts.endpoint().toString(), "us-east-1"))
                        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(RunBenchmarks.KEY_ID, "s")))
                        .build())
                .build();
        if (!v2AssumeRole.resolveCredentials().accessKeyId().startsWith(CountingSts.KEY_PREFIX)
                || !v1AssumeRole.getCredentials().getAWSAccessKeyId().startsWith(CountingSts.KEY_PREFIX)) {
            throw new IllegalStateException("the SDKs' own assume-role providers did not use the loopback STS");
        }
    }

    @TearDown
    public void tearDown() {
        v1AssumeRole.close();
        v2AssumeRole.close();
        stsClient.close();
        sts.stop();
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
    public AwsCredentials v2TwoIdentitiesAlternating(Alternation turn) {
        turn.second = !turn.second;
        return (turn.second ? v2Second : v2First).resolveCredentials();
    }

    /** Each thread's own turn: a shared flag would measure the contention on it, not the lookup. */
    @State(Scope.Thread)
    public static class Alternation {
        boolean second;
    }

    /** What an application without credagent would use for a role: SDK v2's own provider, warm. */
    @Benchmark
    public AwsCredentials v2SdkAssumeRoleProvider() {
        return v2AssumeRole.resolveCredentials();
    }

    @Benchmark
    public AWSCredentials v1SdkAssumeRoleSessionProvider() {
        return v1AssumeRole.getCredentials();
    }

    @Benchmark
    public AwsCredentials v2StaticProvider() {
        return v2Static.resolveCredentials();
    }
}
